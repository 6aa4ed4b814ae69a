package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.cli.CliRuns.Output;
import dev.jace.data.TaskKind;
import dev.jace.group.D4;
import dev.jace.io.FloatArray;
import dev.jace.io.Json;
import dev.jace.io.MetricsLog;
import dev.jace.io.NamedTensor;
import dev.jace.io.Npy;
import dev.jace.io.Safetensors;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.testing.IdxFiles;
import dev.jace.train.JsonlMetrics;
import dev.jace.train.ModelSpec;
import dev.jace.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train, compare, eval and predict on a tiny teacher task (9×9, 16 train / 8 test samples). */
class TrainCommandsTest {

    private static final String[] TINY = {"--task", "teacher", "--size", "9", "--train", "16", "--test", "8",
            "--batch", "8", "--quiet"};

    private static Output run(String... args) {
        return CliRuns.inThisJvm(args);
    }

    /** The same {@code labels.length} images of h×w pixels as Fashion-MNIST's train and test IDX files in {@code dir}. */
    private static void writeFashionMnist(Path dir, int h, int w, byte[] pixels, byte[] labels) throws IOException {
        int n = labels.length;
        for (String split : List.of("train", "t10k")) {
            Files.write(dir.resolve(split + "-images-idx3-ubyte"), IdxFiles.ubyte(3, new int[] {n, h, w}, pixels));
            Files.write(dir.resolve(split + "-labels-idx1-ubyte"), IdxFiles.ubyte(1, new int[] {n}, labels));
        }
    }

    /** Eight 28×28 images of varied pixels, labelled 0 to 7, as {@link #writeFashionMnist} writes them. */
    private static void writeEightFashionImages(Path dir) throws IOException {
        int n = 8;
        byte[] pixels = new byte[n * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37);
        }
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        writeFashionMnist(dir, 28, 28, pixels, labels);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String[] tiny(String... args) {
        String[] all = new String[args.length + TINY.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(TINY, 0, all, args.length, TINY.length);
        return all;
    }

    @Test
    void trainWritesMetricsSummaryModelAndPlots(@TempDir Path dir) throws IOException {
        Output r = run(tiny("train", "--method", "ace-resilient", "--epochs", "2", "--out", dir.toString()));
        assertEquals(0, r.exitCode(), r.err());
        List<Map<String, Object>> lines = MetricsLog.read(dir.resolve("metrics.jsonl"));
        assertEquals(2 * 2 + 2, lines.size());
        Map<String, Object> summary = Json.parseObject(Files.readString(dir.resolve("summary.json")));
        for (String key : List.of("config", "test_metric", "deviation", "symmetry_levels", "wall_seconds",
                "projection_change", "ground_truth", "element_deviation")) {
            assertTrue(summary.containsKey(key), key + " missing: " + summary.keySet());
        }
        assertEquals(Map.of("rotation", 0, "reflection", 0).keySet(), ((Map<?, ?>) summary.get("deviation")).keySet());
        assertEquals(Map.of("train", 16L, "test", 8L), summary.get("samples"));
        for (String profile : List.of("element_deviation", "ground_truth")) {
            Map<?, ?> p = (Map<?, ?>) summary.get(profile);
            Map<?, ?> elements = (Map<?, ?>) p.get("elements");
            assertEquals(List.of("r1", "r2", "r3", "m", "r1m", "r2m", "r3m"), List.copyOf(elements.keySet()), profile);
            assertEquals(meanOf(elements, "r1", "r2", "r3"), (Double) p.get("rotation"), 1e-15, profile);
            assertEquals(meanOf(elements, "m", "r1m", "r2m", "r3m"), (Double) p.get("reflection"), 1e-15, profile);
        }
        assertTrue(String.valueOf(summary.get("backend_name")).startsWith("cpu"), "backend_name "
                + summary.get("backend_name"));
        Map<?, ?> ranking = (Map<?, ?>) summary.get("ranking_check");
        assertEquals(List.of("rotation", "reflection"), ranking.get("truth"), "teacher defaults: α_rot > α_ref");
        assertEquals(ranking.get("truth").equals(ranking.get("discovered")), ranking.get("correct"));
        assertEquals("symmetry levels: " + ((List<?>) ranking.get("discovered")).stream().map(String::valueOf)
                .collect(Collectors.joining(" > ")) + " (most broken first)", r.out().lines().toList().get(1));
        assertTrue(r.out().contains("ranking: ground truth rotation "), r.out());
        assertTrue(r.out().lines().findFirst().orElseThrow().matches("teacher ace-resilient seed 0: test mse "
                + "[0-9.e-]+, deviation rotation [0-9.e-]+, reflection [0-9.e-]+, [0-9.]+ s"), r.out());
        assertTrue(r.out().contains("wrote [config.json, metrics.jsonl, summary.json, model.safetensors, checkpoint/, "
                + "plots/] to " + dir), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("checkpoint/state.json")));
        var model = Safetensors.read(dir.resolve("model.safetensors"));
        assertTrue(model.tensors().keySet().containsAll(List.of("lift.weight", "lift.free.weight", "lift.gamma",
                "bn1.running_mean", "bn2.running_mean", "gconv2.weight")), model.tensors().keySet().toString());
        assertEquals(Shape.of(4, 1, 3, 3), model.tensors().get("lift.weight").shape());
        byte[] png = Files.readAllBytes(dir.resolve("plots/test_metric.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    }

    @Test
    void overlappedCapturedStepsWriteTheSameModelAndMetricsAndResume(@TempDir Path dir) throws IOException {
        Path ordinary = dir.resolve("ordinary");
        Path overlapped = dir.resolve("overlapped");
        // Each: one epoch, then resumed to two (the first run's schedules span its own single epoch).
        for (String[] flags : List.of(new String[] {"--out", ordinary.toString()},
                new String[] {"--capture-steps", "--overlap-steps", "--out", overlapped.toString()})) {
            String[] first = tiny("train", "--method", "ace", "--epochs", "1");
            assertEquals(0, run(concat(first, flags)).exitCode());
            Output r = run(concat(tiny("train", "--method", "ace", "--epochs", "2", "--resume"), flags));
            assertEquals(0, r.exitCode(), r.err());
        }
        assertArrayEquals(Files.readAllBytes(ordinary.resolve("model.safetensors")),
                Files.readAllBytes(overlapped.resolve("model.safetensors")));
        assertEquals(MetricsLog.read(ordinary.resolve("metrics.jsonl")),
                MetricsLog.read(overlapped.resolve("metrics.jsonl")));
    }

    @Test
    void resumeContinuesFromTheLastEpoch(@TempDir Path dir) throws IOException {
        assertEquals(0, run(tiny("train", "--method", "penalty", "--epochs", "1", "--out", dir.toString())).exitCode());
        Output r = run(tiny("train", "--method", "penalty", "--epochs", "2", "--resume", "--out", dir.toString()));
        assertEquals(0, r.exitCode(), r.err());
        List<Map<String, Object>> epochs = TrainingRun.epochRecords(dir.resolve("metrics.jsonl"));
        assertEquals(2, epochs.size());
        assertEquals(4L, ((Number) epochs.getLast().get("steps")).longValue());
    }

    @Test
    void aStateJsonThatIsNotUtf8IsNamedWithTheWaysOn(@TempDir Path dir) throws IOException {
        assertEquals(0, run(tiny("train", "--method", "ace", "--epochs", "1", "--out", dir.toString())).exitCode());
        Path state = dir.resolve(TrainingRun.CHECKPOINT).resolve("state.json");
        Files.write(state, new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'});
        byte[] log = Files.readAllBytes(dir.resolve(TrainingRun.METRICS));
        Output r = run(tiny("train", "--method", "ace", "--epochs", "2", "--resume", "--out", dir.toString()));
        assertEquals(1, r.exitCode());
        assertEquals("jace: " + state + ": not a jace checkpoint state (not UTF-8 text); --resume continues from this"
                + " checkpoint: restore it, or start over with --force", r.err().lines().toList().getLast());
        assertArrayEquals(log, Files.readAllBytes(dir.resolve(TrainingRun.METRICS)), "nothing changed");
    }

    @Test
    void aDamagedCheckpointOrLogIsNamedWithTheWaysOnAndLeftAsItWas(@TempDir Path dir) throws IOException {
        String[] train = tiny("train", "--method", "ace", "--epochs", "1", "--out", dir.toString());
        assertEquals(0, run(train).exitCode());
        String[] resume = tiny("train", "--method", "ace", "--epochs", "2", "--resume", "--out", dir.toString());
        Path metrics = dir.resolve(TrainingRun.METRICS);
        byte[] log = Files.readAllBytes(metrics);
        byte[] config = Files.readAllBytes(dir.resolve(TrainingRun.CONFIG));
        List<String> lines = new ArrayList<>(Files.readAllLines(metrics));
        lines.set(1, "{\"type\": \"step\", \"step\": ");
        Files.write(metrics, lines);
        Output torn = run(resume);
        assertEquals(1, torn.exitCode());
        assertEquals("jace: " + metrics + ": line 2: JSON parse error at line 1, column 26 (offset 25): unexpected end"
                + " of input, expected a value; --resume keeps this log's records up to the checkpoint: mend or remove"
                + " that record, or start over with --force", torn.err().lines().toList().getLast());
        assertArrayEquals(config, Files.readAllBytes(dir.resolve(TrainingRun.CONFIG)), "still the 1-epoch run's");
        Files.write(metrics, log);

        Path checkpoint = dir.resolve(TrainingRun.CHECKPOINT);
        Path weights;
        try (var files = Files.list(checkpoint)) {
            weights = files.filter(f -> f.getFileName().toString().startsWith("model-")).findFirst().orElseThrow();
        }
        byte[] whole = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(whole, 1000));
        Output truncated = run(resume);
        assertEquals(1, truncated.exitCode());
        String refusal = truncated.err().lines().toList().getLast();
        assertTrue(refusal.startsWith("jace: " + weights + ": "), truncated.err());
        assertTrue((refusal + System.lineSeparator()).endsWith("; --resume continues from this checkpoint: restore it, or start over with"
                + " --force" + System.lineSeparator()), truncated.err());
        assertArrayEquals(log, Files.readAllBytes(metrics), "nothing changed before the refusal");
        assertArrayEquals(config, Files.readAllBytes(dir.resolve(TrainingRun.CONFIG)));
        Files.delete(weights);
        Output missing = run(resume);
        assertEquals(1, missing.exitCode());
        assertEquals("jace: " + weights + ": missing; --resume continues from this checkpoint: restore it, or start"
                + " over with --force", missing.err().lines().toList().getLast());
        assertArrayEquals(log, Files.readAllBytes(metrics), "nothing changed before the refusal");
        Files.write(weights, whole);
        assertEquals(0, run(resume).exitCode(), "restored, it resumes");
    }

    /**
     * --constrain relaxation gives the methods' terms the layers' |γ| alone (what the ACE paper constrains): no output
     * deviation terms, so no levels per symmetry type and no ranking; config.json records it, and a resume with
     * another --constrain is refused.
     */
    @Test
    void constrainRelaxationLeavesOutTheOutputTerms(@TempDir Path dir) throws IOException {
        String[] compare = tiny("compare", "--methods", "ace,ace-resilient", "--seeds", "1", "--epochs", "1",
                "--constrain", "relaxation", "--out", dir.toString());
        Output r = run(compare);
        assertEquals(0, r.exitCode(), r.err());
        Path run = dir.resolve("runs/ace-s0");
        Map<String, Object> config = Json.parseObject(Files.readString(run.resolve(TrainingRun.CONFIG)));
        assertEquals(List.of("relaxation"), config.get("constrain"));
        Map<String, Object> state = Json.parseObject(Files.readString(Outputs.checkpointState(run)));
        assertEquals(Set.of("lift.relaxation", "gconv1.relaxation", "gconv2.relaxation"),
                ((Map<?, ?>) state.get("constraints")).keySet());
        Map<String, Object> summary = Json.parseObject(Files.readString(run.resolve(RunSummary.FILE)));
        assertEquals(List.of("relaxation_magnitude"), ((List<?>) summary.get("symmetry_levels")).stream()
                .map(l -> ((Map<?, ?>) l).get("kind")).distinct().toList());
        assertEquals(null, summary.get("ranking_check"), "nothing to check without levels per type");

        Output other = run(tiny("compare", "--methods", "ace,ace-resilient", "--seeds", "1", "--epochs", "1",
                "--resume", "--out", dir.toString()));
        assertEquals(1, other.exitCode(), other.err());
        assertTrue(other.err().contains("it was started with other settings (constrain"), other.err());
        assertBadUsage(run(tiny("train", "--method", "ace", "--constrain", "input", "--out", dir.resolve("t")
                .toString())), "jace train", "Invalid value for option '--constrain' (WHAT[,WHAT]): 'input' is not"
                + " 'output' or 'relaxation'");
    }

    /** A method that has no terms on the output or the relaxations ignores --constrain: said, and not recorded. */
    @Test
    void constrainIsNamedAsIgnoredByMethodsThatDoNotReadIt(@TempDir Path dir) throws IOException {
        Path strict = dir.resolve("strict");
        Output r = run(tiny("train", "--method", "strict", "--epochs", "1", "--constrain", "relaxation", "--out",
                strict.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("jace: --constrain is read by penalty, scheduled, softreg, ace, ace-resilient only; strict ignores"
                + " it", r.err().strip());
        assertFalse(Json.parseObject(Files.readString(strict.resolve(TrainingRun.CONFIG))).containsKey("constrain"));
        Path rpp = dir.resolve("rpp");
        assertEquals(0, run(tiny("train", "--method", "rpp", "--epochs", "1", "--constrain", "output", "--out",
                rpp.toString())).exitCode());
        Output resumed = run(tiny("train", "--method", "rpp", "--epochs", "2", "--resume", "--out", rpp.toString()));
        assertEquals(0, resumed.exitCode(), "rpp read no --constrain, so another does not change the run: "
                + resumed.err());
        Output compare = run(tiny("compare", "--methods", "strict,penalty", "--seeds", "1", "--epochs", "1",
                "--constrain", "output", "--out", dir.resolve("c").toString()));
        assertEquals(0, compare.exitCode(), compare.err());
        assertFalse(compare.err().contains("--constrain"), "penalty reads it: " + compare.err());
    }

    /** A state.json whose step or constraint state no epoch's end leaves is named, and the folder left as it was. */
    @Test
    void aCheckpointStateNoRunLeavesIsNamedAndLeftAsItWas(@TempDir Path dir) throws IOException {
        assertEquals(0, run(tiny("train", "--method", "ace-resilient", "--epochs", "1", "--out", dir.toString()))
                .exitCode());
        String[] resume = tiny("train", "--method", "ace-resilient", "--epochs", "2", "--resume", "--out",
                dir.toString());
        Path state = Outputs.checkpointState(dir);
        String saved = Files.readString(state);
        byte[] log = Files.readAllBytes(dir.resolve(TrainingRun.METRICS));
        byte[] config = Files.readAllBytes(dir.resolve(TrainingRun.CONFIG));
        long steps = ((Number) Json.parseObject(saved).get("step")).longValue();

        Files.writeString(state, saved.replace("\"step\": " + steps, "\"step\": 1000"));
        Output ahead = run(resume);
        assertEquals(1, ahead.exitCode(), ahead.err());
        assertEquals("jace: " + state + ": says step 1000 after epoch 1, but this run's epochs take " + steps
                + " steps each, so its checkpoint is at step " + steps + "; --resume continues from this checkpoint:"
                + " restore it, or start over with --force", ahead.err().lines().toList().getLast());
        Files.writeString(state, saved.replace("\"step\": " + steps, "\"step\": 1"));
        assertTrue(run(resume).err().contains(": says step 1 after epoch 1, but this run's epochs take " + steps
                + " steps each, so it is at step " + steps + " or later after them; --resume continues"));

        Map<String, Object> json = Json.parseObject(saved);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> terms = (Map<String, Map<String, Object>>) json.get("constraints");
        String term = terms.keySet().iterator().next();
        terms.get(term).put("multiplier", "NaN");
        Files.writeString(state, Json.writePretty(json));
        Output nan = run(resume);
        assertEquals(1, nan.exitCode(), nan.err());
        assertEquals("jace: " + state + ": saved constraint state of term '" + term + "' has multiplier NaN (its λ is"
                + " finite and >= 0), which no run leaves; --resume continues from this checkpoint: restore it, or start over"
                + " with --force", nan.err().lines().toList().getLast());
        assertArrayEquals(log, Files.readAllBytes(dir.resolve(TrainingRun.METRICS)), "nothing changed");
        assertArrayEquals(config, Files.readAllBytes(dir.resolve(TrainingRun.CONFIG)));
        Files.writeString(state, saved);
        assertEquals(0, run(resume).exitCode(), "restored, it resumes");
    }

    /**
     * An older jace's checkpoint records no batch size, so one resumed with another --batch (and no config.json to
     * check it against) is caught by its step count, and the message says what most likely happened.
     */
    @Test
    void anOlderCheckpointResumedWithAnotherBatchIsNamed(@TempDir Path dir) throws IOException {
        assertEquals(0, run(tiny("train", "--method", "ace", "--epochs", "1", "--out", dir.toString())).exitCode());
        Path state = Outputs.checkpointState(dir);
        Map<String, Object> json = Json.parseObject(Files.readString(state));
        json.remove("batchSize");
        json.remove("trainSamples");
        Files.writeString(state, Json.writePretty(json));
        Files.delete(dir.resolve(TrainingRun.CONFIG));
        String[] larger = {"train", "--method", "ace", "--epochs", "2", "--resume", "--out", dir.toString(), "--task",
                "teacher", "--size", "9", "--train", "16", "--test", "8", "--batch", "16", "--quiet"};
        Output fewer = run(larger);
        assertEquals(1, fewer.exitCode(), fewer.err());
        assertEquals("jace: " + state + " was written by an older jace, which did not record the batch size: it is at"
                + " step 2 after epoch 1, but this run's epochs take 1 steps each, so its checkpoint is at step 1;"
                + " resume with the run's own --batch, or start over with --force", fewer.err().lines().toList()
                .getLast());
        larger[larger.length - 2] = "4";
        Output more = run(larger);
        assertEquals(1, more.exitCode(), more.err());
        assertEquals("jace: " + state + ": says step 2 after epoch 1, but this run's epochs take 4 steps each, so it is"
                + " at step 4 or later after them (it does not record its batch size, as an older jace's did not:"
                + " most likely it was written with another); --resume continues from this checkpoint: restore it, or"
                + " start over with --force", more.err().lines().toList().getLast());
    }

    @Test
    void aBatchLargerThanTheTrainingSplitIsNamed(@TempDir Path dir) throws IOException {
        String[] task = {"--task", "teacher", "--size", "9", "--train", "16", "--test", "8", "--quiet", "--epochs",
                "2"};
        Output train = run(concat(new String[] {"train", "--method", "strict", "--batch", "40", "--out",
                dir.resolve("t").toString()}, task));
        assertEquals(0, train.exitCode(), train.err());
        assertEquals("jace: --batch 40 is more than the training split's 16 samples, so each epoch is one step of all"
                + " 16", train.err().strip());
        assertEquals(List.of(1L, 2L), TrainingRun.epochRecords(dir.resolve("t").resolve(TrainingRun.METRICS)).stream()
                .map(e -> ((Number) e.get("steps")).longValue()).toList());
        Output compare = run(concat(new String[] {"compare", "--methods", "strict", "--seeds", "1", "--batch", "16",
                "--out", dir.resolve("c").toString()}, task));
        assertEquals(0, compare.exitCode(), compare.err());
        assertEquals("", compare.err(), "a batch of the whole split is what was asked");
        Output larger = run(concat(new String[] {"compare", "--methods", "strict", "--seeds", "1", "--batch", "17",
                "--out", dir.resolve("c").toString(), "--force"}, task));
        assertTrue(larger.err().startsWith("jace: --batch 17 is more than the training split's 16 samples"),
                larger.err());
    }

    /** The one step of a run takes the learning rate's decay at its end, lr 0: the run is warned of, not refused. */
    @Test
    void aRunOfOneStepIsWarnedOfAsChangingNoWeight(@TempDir Path dir) throws IOException {
        String[] task = {"--task", "teacher", "--size", "9", "--train", "16", "--test", "8", "--quiet", "--batch",
                "16"};
        String warning = "jace: warning: this run is one step, which the learning rate's decay to 0 takes at lr 0, so"
                + " it changes no weight: give --epochs 2 or more, or a --batch below the training split's 16 samples";
        Output train = run(concat(new String[] {"train", "--method", "strict", "--epochs", "1", "--out",
                dir.resolve("t").toString()}, task));
        assertEquals(0, train.exitCode(), train.err());
        assertEquals(warning, train.err().strip());
        assertEquals(0.0, ((Number) MetricsLog.read(dir.resolve("t").resolve(TrainingRun.METRICS)).getFirst()
                .get("lr")).doubleValue(), "the warning's reason");
        Output compare = run(concat(new String[] {"compare", "--methods", "strict", "--seeds", "1", "--epochs", "1",
                "--out", dir.resolve("c").toString()}, task));
        assertEquals(0, compare.exitCode(), compare.err());
        assertEquals(warning, compare.err().strip());
        Output two = run(concat(new String[] {"train", "--method", "strict", "--epochs", "2", "--out",
                dir.resolve("t2").toString()}, task));
        assertEquals("", two.err(), "two steps train at the first");
        Output single = run("train", "--method", "strict", "--epochs", "1", "--out", dir.resolve("t1").toString(),
                "--task", "teacher", "--size", "9", "--train", "1", "--test", "1", "--quiet", "--batch", "1",
                "--probe-samples", "1");
        assertEquals("jace: warning: this run is one step, which the learning rate's decay to 0 takes at lr 0, so it"
                + " changes no weight: give --epochs 2 or more", single.err().strip(), "no batch is below 1 sample");
    }

    @Test
    void aResumedCompareRefusesToStartOverARunWhoseCheckpointStateIsLost(@TempDir Path dir) throws IOException {
        String[] compare = tiny("compare", "--methods", "strict", "--seeds", "2", "--epochs", "1", "--out",
                dir.toString());
        assertEquals(0, run(compare).exitCode());
        Path run = dir.resolve("runs/strict-s1");
        Files.delete(run.resolve("checkpoint/state.json"));
        byte[] model = Files.readAllBytes(run.resolve("model.safetensors"));
        Output r = run(concat(compare, new String[] {"--resume"}));
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("jace: " + run + " holds a run that got past its first epoch (model.safetensors, summary.json,"
                + " checkpoint/) but no checkpoint/state.json to resume from; restore that file to resume, or start"
                + " over with --force", r.err().strip());
        assertArrayEquals(model, Files.readAllBytes(run.resolve("model.safetensors")));
    }

    /** A resumed compare reads every run's checkpoint and log before any trains: a damaged one changes no run. */
    @Test
    void aResumedCompareChecksEveryRunsCheckpointAndLogBeforeAnyTrains(@TempDir Path dir) throws IOException {
        String[] compare = tiny("compare", "--methods", "ace", "--seeds", "2", "--epochs", "1", "--out",
                dir.toString());
        assertEquals(0, run(compare).exitCode());
        Path first = dir.resolve("runs/ace-s0");
        Path second = dir.resolve("runs/ace-s1");
        Map<String, byte[]> before = new TreeMap<>();
        for (Path file : List.of(first.resolve(TrainingRun.CONFIG), first.resolve(TrainingRun.METRICS),
                first.resolve(ModelFile.NAME), first.resolve(RunSummary.FILE), dir.resolve(CompareCommand.MARKDOWN))) {
            before.put(file.toString(), Files.readAllBytes(file));
        }
        String[] longer = tiny("compare", "--methods", "ace", "--seeds", "2", "--epochs", "2", "--resume", "--out",
                dir.toString());
        Path state = Outputs.checkpointState(second);
        String saved = Files.readString(state);
        Files.writeString(state, "{");
        Output damaged = run(longer);
        assertEquals(1, damaged.exitCode(), damaged.err());
        assertTrue(damaged.err().strip().endsWith("--resume continues from this checkpoint: restore it, or start over"
                + " with --force"), damaged.err());
        assertTrue(damaged.err().contains(state.toString()), damaged.err());
        Files.writeString(state, saved);

        Path log = second.resolve(TrainingRun.METRICS);
        byte[] records = Files.readAllBytes(log);
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.set(0, "{\"type\": \"step\", \"step\": \"one\"}");
        Files.write(log, lines);
        Output torn = run(longer);
        assertEquals(1, torn.exitCode(), torn.err());
        assertEquals("jace: " + log + ": a step record without a numeric 'step': {type=step, step=one}; --resume"
                + " keeps this log's records up to the checkpoint: mend or remove that record, or start over with"
                + " --force", torn.err().lines().toList().getLast());
        Files.write(log, records);
        for (Map.Entry<String, byte[]> file : before.entrySet()) {
            assertArrayEquals(file.getValue(), Files.readAllBytes(Path.of(file.getKey())), file.getKey());
        }
        assertEquals(0, run(longer).exitCode(), "restored, it resumes");
    }

    /**
     * A run stopped in its first checkpoint has no checkpoint folder, only the staging folder beside it: --resume
     * starts it over (it has nothing to continue from), removing the leftover as --force does.
     */
    @Test
    void aRunStoppedInItsFirstCheckpointIsStartedOverByResume(@TempDir Path dir) throws IOException {
        assertEquals(0, run(tiny("train", "--method", "ace", "--epochs", "1", "--out", dir.toString())).exitCode());
        Path checkpoint = dir.resolve(TrainingRun.CHECKPOINT);
        Path staging = Trainer.checkpointStaging(checkpoint);
        Files.delete(checkpoint.resolve("state.json"));
        Files.move(checkpoint, staging);
        Files.delete(dir.resolve(ModelFile.NAME));
        Files.delete(dir.resolve(RunSummary.FILE));
        Output resumed = run(tiny("train", "--method", "ace", "--epochs", "1", "--resume", "--out", dir.toString()));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertFalse(Files.exists(staging), "starting over removed the leftover");
        assertTrue(Files.isRegularFile(checkpoint.resolve("state.json")));
    }

    /** What train says of flags that reach beyond the run, compare says too; and on --resume, what it cannot check. */
    @Test
    void compareSaysWhatTrainSaysAboutTheFlags(@TempDir Path dir) throws IOException {
        String[] flags = {"--epochs", "1", "--probe-samples", "40", "--epsilon", "ace-resilient=step:0.1@0,0@5"};
        String probe = "jace: --probe-samples 40 is more than --batch 8, so the probe runs each batch's 8 samples (as"
                + " --probe-samples all)";
        String step = "jace: --epsilon ace-resilient=step:0.1@0,0@5 switches at step 5, but %s has 2 steps (0 to 1)";
        Output train = run(concat(tiny("train", "--method", "ace-resilient", "--out", dir.resolve("t").toString()),
                flags));
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.err().contains(probe) && train.err().contains(step.formatted("the run")), train.err());

        Path compare = dir.resolve("c");
        String[] args = concat(tiny("compare", "--methods", "ace-resilient", "--seeds", "1", "--out",
                compare.toString()), flags);
        Output first = run(args);
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.err().contains(probe) && first.err().contains(step.formatted("a run")), first.err());
        Path run = compare.resolve("runs/ace-resilient-s0");
        Files.delete(run.resolve(TrainingRun.CONFIG));
        Output resumed = run(concat(args, new String[] {"--resume"}));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("jace: " + run + " has no config.json, so --resume cannot check"),
                resumed.err());
    }

    @Test
    void resumeWithoutConfigJsonSaysWhatItCannotCheck(@TempDir Path dir) throws IOException {
        assertEquals(0, run(tiny("train", "--method", "ace", "--epochs", "1", "--out", dir.toString())).exitCode());
        Output whole = run(tiny("train", "--method", "ace", "--epochs", "2", "--resume", "--out", dir.toString()));
        assertFalse(whole.err().contains("no config.json"), whole.err());
        Files.delete(dir.resolve(TrainingRun.CONFIG));
        Output r = run(tiny("train", "--method", "ace", "--epochs", "3", "--resume", "--out", dir.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("jace: " + dir + " has no config.json, so --resume cannot check that these"
                + " settings are the ones the run started with (its checkpoint's method, seed, batch and samples are"
                + " checked; the task's data, learning rate, method settings and epochs are not); config.json is"
                + " written with these"), r.err());
        assertTrue(Files.exists(dir.resolve(TrainingRun.CONFIG)));
    }

    @Test
    void resumeSaysWhenTheLogLacksRecordsBeforeTheCheckpoint(@TempDir Path dir) throws IOException {
        assertEquals(0, run(tiny("train", "--method", "ace", "--epochs", "2", "--out", dir.toString())).exitCode());
        Path metrics = dir.resolve(TrainingRun.METRICS);
        List<String> lines = Files.readAllLines(metrics);
        // What a power loss may leave: the checkpoint after epoch 1 stored, the log's last lines not.
        Files.writeString(metrics, String.join("\n", lines.subList(0, 4)) + "\n" + lines.get(4).substring(0, 20));
        Output r = run(tiny("train", "--method", "ace", "--epochs", "3", "--resume", "--out", dir.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("jace: " + metrics + " lacks the records of step 3 and epoch 1, before the"
                + " checkpoint the run resumes from"), r.err());
        assertEquals(List.of(0L, 2L), TrainingRun.epochRecords(metrics).stream()
                .map(e -> ((Number) e.get("epoch")).longValue()).toList(), "epoch 1's record is lost, epoch 2's added");

        Output whole = run(tiny("train", "--method", "ace", "--epochs", "4", "--resume", "--out", dir.toString()));
        assertEquals(0, whole.exitCode(), whole.err());
        assertFalse(whole.err().contains("lacks"), whole.err());
    }

    @Test
    void resumeRefusesOtherSettingsButLetsEpochsGrow(@TempDir Path dir) throws IOException {
        assertEquals(0, run(tiny("train", "--method", "ace", "--epochs", "1", "--out", dir.toString())).exitCode());
        Output other = run(tiny("train", "--method", "ace", "--epochs", "2", "--lr", "0.02", "--resume", "--out",
                dir.toString()));
        assertEquals(1, other.exitCode());
        assertTrue(other.err().contains("cannot resume " + dir + ": it was started with other settings (lr 0.01 then,"
                + " 0.02 now); give the same options, or --force instead of --resume to start over"), other.err());
        assertEquals(1, TrainingRun.epochRecords(dir.resolve("metrics.jsonl")).size(), "nothing was trained");
        Output data = run(tiny("train", "--method", "ace", "--epochs", "2", "--noise", "0.5", "--resume", "--out",
                dir.toString()));
        assertTrue(data.err().contains("other settings (task_config.noise 0.0 then, 0.5 now)"), data.err());
        Output longer = run(tiny("train", "--method", "ace", "--epochs", "2", "--resume", "--out", dir.toString()));
        assertEquals(0, longer.exitCode(), longer.err());
        assertTrue(longer.err().startsWith("jace: resuming the run in " + dir + " for 2 epochs (started for 1): the"
                + " learning rate's decay and the method's schedules are stretched"), longer.err());
        assertEquals(2, TrainingRun.epochRecords(dir.resolve("metrics.jsonl")).size());
    }

    @Test
    void resumeRefusesFewerEpochsThanDoneAndKeepsTheRunsOwnWhenNoneIsGiven(@TempDir Path dir) throws IOException {
        assertEquals(0, run(tiny("train", "--method", "penalty", "--epochs", "2", "--out", dir.toString())).exitCode());
        byte[] summary = Files.readAllBytes(dir.resolve("summary.json"));
        Output fewer = run(tiny("train", "--method", "penalty", "--epochs", "1", "--resume", "--out", dir.toString()));
        assertEquals(1, fewer.exitCode());
        assertEquals("jace: cannot resume " + dir + " with --epochs 1: its checkpoint has 2 epochs done; give --epochs 2"
                + " or more" + System.lineSeparator(), fewer.err());
        assertArrayEquals(summary, Files.readAllBytes(dir.resolve("summary.json")));
        // Without --epochs a resumed run ends where it was to end, not at the task's default of 12.
        Output again = run(tiny("train", "--method", "penalty", "--resume", "--out", dir.toString()));
        assertEquals(0, again.exitCode(), again.err());
        for (String file : List.of("config.json", "summary.json")) {
            Map<String, Object> json = Json.parseObject(Files.readString(dir.resolve(file)));
            Map<?, ?> config = file.equals("config.json") ? json : (Map<?, ?>) json.get("config");
            assertEquals(2L, config.get("epochs"), file);
        }
        assertEquals(2, TrainingRun.epochRecords(dir.resolve("metrics.jsonl")).size());
    }

    @Test
    void aRunInOutIsRefusedWithoutResumeOrForceAndForceReplacesOnlyItsFiles(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        assertEquals(0, run(tiny("train", "--method", "ace", "--epochs", "2", "--out", out.toString())).exitCode());
        byte[] model = Files.readAllBytes(out.resolve("model.safetensors"));
        Output again = run(tiny("train", "--method", "ace", "--epochs", "1", "--seed", "1", "--out", out.toString()));
        assertEquals(1, again.exitCode());
        assertEquals("jace: " + out + " already holds a jace train run; --resume continues it, --force replaces it"
                + " (removing its files first), or choose another --out" + System.lineSeparator(), again.err());
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.safetensors")));
        assertEquals(6, MetricsLog.read(out.resolve("metrics.jsonl")).size());

        Files.writeString(out.resolve("notes.txt"), "mine");
        Output forced = run(tiny("train", "--method", "ace", "--epochs", "1", "--seed", "1", "--force", "--out",
                out.toString()));
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals(1L, Json.parseObject(Files.readString(out.resolve("config.json"))).get("seed"));
        assertEquals(List.of("step", "step", "epoch"), MetricsLog.read(out.resolve("metrics.jsonl")).stream()
                .map(r -> r.get("type")).toList(), "only the new run's records");
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void aCompareInOutIsRefusedWithoutResumeOrForceAndForceRemovesItsOldRuns(@TempDir Path dir) throws IOException {
        String[] strict = tiny("compare", "--methods", "strict", "--seeds", "1", "--epochs", "1", "--out",
                dir.toString());
        assertEquals(0, run(strict).exitCode());
        byte[] csv = Files.readAllBytes(dir.resolve("compare.csv"));
        Output again = run(strict);
        assertEquals(1, again.exitCode());
        assertEquals("jace: " + dir + " already holds a jace compare; --resume continues it, --force replaces it"
                + " (removing its files first), or choose another --out" + System.lineSeparator(), again.err());
        assertArrayEquals(csv, Files.readAllBytes(dir.resolve("compare.csv")));

        Output forced = run(tiny("compare", "--methods", "penalty", "--seeds", "1", "--epochs", "1", "--force",
                "--out", dir.toString()));
        assertEquals(0, forced.exitCode(), forced.err());
        try (var runs = Files.list(dir.resolve("runs"))) {
            assertEquals(List.of("penalty-s0"), runs.map(p -> p.getFileName().toString()).toList());
        }
        // One seed measures no spread: the table shows the mean alone and the CSV leaves the std empty.
        String row = forced.out().lines().filter(l -> l.startsWith("penalty")).findFirst().orElseThrow();
        assertFalse(row.contains("±"), row);
        String csvRow = Files.readAllLines(dir.resolve("compare.csv")).get(1);
        assertTrue(csvRow.matches("penalty,1,[0-9.E-]+,,.*"), csvRow);

        Output more = run(tiny("compare", "--methods", "penalty", "--seeds", "2", "--epochs", "1", "--resume",
                "--out", dir.toString()));
        assertEquals(0, more.exitCode(), more.err() + " (a resumed compare may add runs)");
        byte[] twoSeeds = Files.readAllBytes(dir.resolve("compare.csv"));
        Output fewer = run(tiny("compare", "--methods", "penalty", "--seeds", "1", "--epochs", "1", "--resume",
                "--out", dir.toString()));
        assertBadUsage(fewer, "jace compare", dir + " holds runs that --methods penalty and --seeds 1 leave out:"
                + " penalty-s1; resume with the compare's own --methods and --seeds (more is fine), or start over"
                + " with --force");
        assertArrayEquals(twoSeeds, Files.readAllBytes(dir.resolve("compare.csv")));
    }

    @Test
    void cudaOnlyFlagsOnTheCpuAreNamedAsIgnored(@TempDir Path dir) {
        Output r = run(tiny("train", "--method", "strict", "--epochs", "1", "--precision", "TF32", "--no-cudnn",
                "--deterministic", "--out", dir.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("jace: --precision, --no-cudnn, --deterministic apply to --backend cuda only; the "
                + "cpu backend computes in FP32 with its own kernels"), r.err());
        Output plain = run(tiny("train", "--method", "strict", "--epochs", "1", "--force", "--out", dir.toString()));
        assertFalse(plain.err().contains("--backend cuda only"), plain.err());
    }

    /** A diverged run is named and left out; the others still give their table (strict survives lr 1e6 here). */
    @Test
    void aDivergedRunIsLeftOutOfTheCompareAndNamed(@TempDir Path dir) throws IOException {
        Output r = run(tiny("compare", "--methods", "strict,ace", "--seeds", "2", "--epochs", "2", "--lr", "1e6",
                "--out", dir.resolve("some").toString()));
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("jace: 2 of 4 runs diverged and are left out of the table (its seeds column counts"
                + " the others): ace seed 0 (loss is "), r.err());
        assertTrue(r.err().contains("), ace seed 1 (loss is "), r.err());
        assertTrue(r.err().endsWith(System.lineSeparator() + "jace: to have them in it, compare again with lower"
                + " settings and --force (a --resume keeps the settings that diverged)" + System.lineSeparator()),
                r.err());
        assertEquals(List.of(List.of("strict", "2")), Files.readAllLines(dir.resolve("some/compare.csv")).stream()
                .skip(1).map(l -> List.of(l.split(",")).subList(0, 2)).toList());
        List<String> markdown = Files.readAllLines(dir.resolve("some/compare.md"));
        assertEquals(List.of("| strict | 2 |"), markdown.stream().filter(l -> l.startsWith("| strict") || l.startsWith(
                "| ace")).map(l -> l.substring(0, l.indexOf('|', l.indexOf('|', 1) + 1) + 1)).toList());
        int leftOut = markdown.indexOf("Diverged and left out of the table (its seeds column counts the others):");
        assertTrue(leftOut > markdown.indexOf("") + 1 && markdown.get(leftOut - 1).isEmpty(),
                "a paragraph after the table's legend: " + String.join("\n", markdown));
        assertEquals(2, markdown.stream().filter(l -> l.matches("- ace seed [01]: training diverged: loss is .* at step"
                + " \\d+ \\(in epoch [12]/2\\); .*")).count(), String.join("\n", markdown));
        Path divergedRun = dir.resolve("some/runs/ace-s1");
        assertEquals(JsonlMetrics.DIVERGED, MetricsLog.last(divergedRun.resolve("metrics.jsonl")).orElseThrow()
                .get("type"));
        assertTrue(run("eval", "--model", divergedRun.toString()).err().contains(": no model: the run in "
                + divergedRun + " diverged (loss is "), "eval names the divergence");

        // At lr 1e6 strict's Adam moments overflow to infinity, which its training goes on with (the steps they scale
        // are 0): its checkpoint holds them, and the compare resumes (strict evaluated again, ace diverging again).
        Path strictCheckpoint = dir.resolve("some/runs/strict-s0/checkpoint");
        try (var files = Files.list(strictCheckpoint)) {
            assertTrue(files.filter(f -> f.getFileName().toString().startsWith("optimizer-")).anyMatch(f ->
                    holdsInfinity(f)), "the checkpoint's optimiser state has overflowed");
        }
        Output resumed = run(tiny("compare", "--methods", "strict,ace", "--seeds", "2", "--epochs", "2", "--lr", "1e6",
                "--out", dir.resolve("some").toString(), "--resume"));
        assertEquals(1, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("jace: 2 of 4 runs diverged"), resumed.err());
        assertEquals(List.of(List.of("strict", "2")), Files.readAllLines(dir.resolve("some/compare.csv")).stream()
                .skip(1).map(l -> List.of(l.split(",")).subList(0, 2)).toList());

        Output all = run(tiny("compare", "--methods", "ace", "--seeds", "1", "--epochs", "2", "--lr", "1e6", "--out",
                dir.resolve("none").toString()));
        assertEquals(1, all.exitCode());
        assertTrue(all.err().startsWith("compare: [1/1] ace seed 0: training diverged")
                && all.err().contains("\njace: every run diverged: ace seed 0 (loss is "), all.err());
        assertFalse(Files.exists(dir.resolve("none/compare.csv")));
    }

    private static boolean holdsInfinity(Path safetensors) {
        try {
            return Safetensors.read(safetensors).tensors().values().stream().anyMatch(t -> {
                for (float v : t.values()) {
                    if (Float.isInfinite(v)) {
                        return true;
                    }
                }
                return false;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * config.json names the task's fields in snake case; a run whose config.json an older jace wrote in camel case
     * resumes and evaluates as it did, and a changed field is named in the new form.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aRunRecordedWithTheOlderCamelCaseTaskFieldsResumesAndEvaluates(@TempDir Path dir) throws IOException {
        Output first = run(tiny("train", "--method", "ace", "--epochs", "1", "--out", dir.toString()));
        assertEquals(0, first.exitCode(), first.err());
        Map<String, Object> config = Json.parseObject(Files.readString(dir.resolve("config.json")));
        Map<String, Object> task = (Map<String, Object>) config.get("task_config");
        assertEquals(List.of("size", "train_count", "test_count", "alpha_rot", "alpha_ref", "noise", "seed"),
                List.copyOf(task.keySet()));
        Map<String, String> camelCase = Map.of("train_count", "trainCount", "test_count", "testCount", "alpha_rot",
                "alphaRot", "alpha_ref", "alphaRef");
        Map<String, Object> older = new LinkedHashMap<>();
        task.forEach((field, value) -> older.put(camelCase.getOrDefault(field, field), value));
        config.put("task_config", older);
        Files.writeString(dir.resolve("config.json"), Json.writePretty(config));

        Output eval = run("eval", "--model", dir.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        assertEquals("", eval.err());
        Output resumed = run(tiny("train", "--method", "ace", "--epochs", "2", "--resume", "--out", dir.toString()));
        assertEquals(0, resumed.exitCode(), resumed.err());
        Output other = run(tiny("train", "--method", "ace", "--epochs", "3", "--resume", "--alpha-rot", "0.1", "--out",
                dir.toString()));
        assertEquals(1, other.exitCode(), other.err());
        assertTrue(other.err().contains("task_config.alpha_rot 0.5 then, 0.1 now"), other.err());
    }

    /** Off a terminal (here: the test's stderr is a writer) train logs one line per epoch, and --quiet none. */
    @Test
    void offATerminalTrainLogsEachEpochUnlessQuiet(@TempDir Path dir) {
        List<String> args = new ArrayList<>(List.of(tiny("train", "--method", "ace", "--epochs", "2", "--out",
                dir.resolve("log").toString())));
        args.remove("--quiet");
        Output logged = run(args.toArray(String[]::new));
        assertEquals(0, logged.exitCode(), logged.err());
        List<String> lines = logged.err().lines().toList();
        assertEquals(2, lines.size(), logged.err());
        for (int e = 0; e < 2; e++) {
            assertTrue(lines.get(e).matches("ace seed 0: epoch " + (e + 1) + "/2, train loss [0-9.e+-]+, test mse"
                    + " [0-9.e+-]+, deviation rotation [0-9.e+-]+, reflection [0-9.e+-]+, [0-9.]+ s, ETA [0-9]+:[0-9]{2}"),
                    lines.get(e));
        }
        Output quiet = run(tiny("train", "--method", "ace", "--epochs", "2", "--out", dir.resolve("quiet").toString()));
        assertEquals("", quiet.err());
    }

    /** A diverged train names its records and says that --force with lower settings starts it over. */
    @Test
    void aDivergedTrainSaysWhatIsKeptAndHowToStartOver(@TempDir Path dir) throws IOException {
        String[] diverging = tiny("train", "--method", "scheduled", "--epochs", "3", "--penalty-schedule",
                "step:1@0,1e300@4", "--out", dir.toString());
        Output r = run(diverging);
        assertEquals(1, r.exitCode(), r.err());
        String[] lines = r.err().split("\\R");
        assertEquals(2, lines.length, r.err());
        assertTrue(lines[0].startsWith("jace: training diverged: loss is NaN at step 5 (in epoch 3/3); last good checkpoint: "
                + dir.resolve("checkpoint")), r.err());
        assertEquals("jace: the records up to the divergence are kept in " + dir.resolve("metrics.jsonl") + "; a"
                + " --resume from the checkpoint keeps the settings that diverged, so give lower ones with --force to"
                + " start the run over", lines[1]);
        List<Map<String, Object>> records = MetricsLog.read(dir.resolve("metrics.jsonl"));
        assertEquals(5, records.stream().filter(l -> l.get("type").equals("step")).count());
        assertEquals(Map.of("type", "diverged", "step", 5L, "epoch", 2L, "loss", "NaN"), records.getLast());
        Output eval = run("eval", "--model", dir.toString());
        assertEquals(1, eval.exitCode(), eval.err());
        assertEquals("jace: " + dir.resolve("model.safetensors") + ": no model: the run in " + dir + " diverged (loss"
                + " is NaN at step 5, in epoch 3); train it again with lower settings and --force"
                + System.lineSeparator(), eval.err());

        Output again = run(concat(diverging, new String[] {"--resume"}));
        assertEquals(1, again.exitCode(), again.err());
        assertEquals("jace: the run in " + dir + " diverged when it last ran (loss is NaN at step 5, in epoch 3);"
                + " --resume goes on from its last checkpoint with the settings it diverged with, so it may diverge"
                + " again (lower settings need --force, which starts over)", again.err().lines().findFirst()
                .orElseThrow());
        assertTrue(again.err().contains("jace: training diverged: loss is NaN at step 5 (in epoch 3/3)"), again.err());

        String[] lower = diverging.clone();
        lower[Arrays.asList(lower).indexOf("step:1@0,1e300@4")] = "step:1@0,2@4";
        Output resumed = run(concat(lower, new String[] {"--resume"}));
        assertEquals(1, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("--force instead of --resume to start over"), resumed.err());
        Output over = run(concat(lower, new String[] {"--force"}));
        assertEquals(0, over.exitCode(), over.err());
    }

    /** A compare resumed with runs that diverged when they last ran says that they keep the settings they did with. */
    @Test
    void aResumedCompareNamesTheRunsThatDivergedBefore(@TempDir Path dir) {
        String[] diverging = tiny("compare", "--methods", "scheduled", "--seeds", "1", "--epochs", "3",
                "--penalty-schedule", "step:1@0,1e300@4", "--out", dir.toString());
        assertEquals(1, run(diverging).exitCode());

        Output resumed = run(concat(diverging, new String[] {"--resume"}));
        assertEquals(1, resumed.exitCode(), resumed.err());
        assertEquals("jace: 1 run diverged when it last ran (scheduled seed 0: loss is NaN at step 5, in epoch 3);"
                + " --resume goes on from its last checkpoint with the settings it diverged with, so it may diverge"
                + " again (lower settings need --force, which starts over)", resumed.err().lines().findFirst()
                .orElseThrow());
        assertTrue(resumed.err().contains("jace: every run diverged: scheduled seed 0 (loss is NaN at step 5, in epoch"
                + " 3); lower --lr"), resumed.err());
    }

    @Test
    void anAceAdaptiveTargetThatCannotReachZeroInTimeIsBadUsageAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("run");
        // 2 steps hold 1 dual step before the last; 0.1 -> 0 by factors of 0.9 needs 241
        Output refused = run(tiny("train", "--method", "ace", "--epsilon", "adaptive:0.1->0", "--epochs", "1", "--out",
                out.toString()));
        assertBadUsage(refused, "jace train", "--epsilon: equality constraint 'output.rotation': its target"
                + " adaptive:0.1->0:0.9:0 needs at least 241 dual steps to reach 0 (if every one moves it by the factor"
                + " 0.9), but only 1 comes before step 1, the last of the schedules' 2 steps (one after every step); an"
                + " equality must end at 0, so give a quicker decay such as 9.9E-12 (adaptive:0.1->0:9.9E-12:0), more"
                + " steps, or a timed target such as cosine:0.1->0");
        assertFalse(refused.err().contains("may stop short of 0"), "no warning beside the refusal: " + refused.err());
        assertFalse(Files.exists(out));
    }

    /**
     * An adaptive target that could reach 0 in time but trained the last step above 0 (held by its multiplier, or
     * moved only by that step's own dual step) is named, as only ace's final projection then makes that term 0.
     */
    @Test
    void anAceAdaptiveTargetAboveZeroAtTheLastStepIsNamed(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        // 1 dual step before the last step, which takes 0.1 to 0 unless λ > 0 holds it: gconv2's c stays above 0.1;
        // lift's and gconv1's targets move only at the last step's own dual step, too late to train at 0
        Output r = run(tiny("train", "--method", "ace", "--epsilon", "adaptive:0.1->0:1e-11:0", "--epochs", "1",
                "--out", out.toString()));
        assertEquals(0, r.exitCode(), r.err());
        Map<?, ?> terms = (Map<?, ?>) stepRecords(out).getLast().get("terms");
        List<String> above = terms.entrySet().stream()
                .filter(t -> ((Number) ((Map<?, ?>) t.getValue()).get("epsilon")).doubleValue() != 0)
                .map(t -> t.getKey().toString()).toList();
        assertEquals(List.of("lift.relaxation", "gconv1.relaxation", "gconv2.relaxation"), above,
                "the case this test needs: " + terms);
        assertTrue(r.err().contains("jace: ace seed 0: at its last step the adaptive targets of lift.relaxation"
                + " (0.100), gconv1.relaxation (0.100), gconv2.relaxation (0.100) were still above 0 (a multiplier"
                + " above θ holds a target while c stays above it), so ace's final projection, not training, took those"
                + " terms to 0; a threshold θ (adaptive:A->0:D:θ) or more steps let a target reach 0 in time\n"),
                r.err());

        Output reached = run(tiny("train", "--method", "ace", "--epsilon", "adaptive:0.1->0:1e-11:1", "--epochs", "1",
                "--out", dir.resolve("reached").toString()));
        assertEquals(0, reached.exitCode(), reached.err());
        assertFalse(reached.err().contains("at its last step"), reached.err());
    }

    @Test
    void anAceTargetNotYetZeroAtTheLastStepIsBadUsageAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("run");
        // 16 samples in batches of 8 for 1 epoch: 2 steps, so the target's 0 at step 99999 comes too late
        assertBadUsage(run(tiny("train", "--method", "ace", "--epsilon", "step:0.1@0,0@99999", "--epochs", "1",
                "--out", out.toString())), "jace train", "--epsilon: equality constraint 'output.rotation': its target"
                + " step:0.1@0,0@99999 is still 0.1 at step 1");
        assertFalse(Files.exists(out));

        // The check times the target by the run's own length: resumed without --epochs, 20 epochs (40 steps), not the
        // task's default 12 (24 steps, before the target's 0 at step 30).
        String[] started = tiny("train", "--method", "ace", "--epsilon", "step:0.1@0,0@30", "--out", out.toString());
        Output first = run(concat(started, new String[] {"--epochs", "20"}));
        assertEquals(0, first.exitCode(), first.err());
        Output resumed = run(concat(started, new String[] {"--resume"}));
        assertEquals(0, resumed.exitCode(), resumed.err());
    }

    @Test
    void anEmptyOutIsBadUsage() {
        assertBadUsage(run(tiny("train", "--method", "ace", "--out", "")), "jace train",
                "Invalid value for option '--out': must name a folder, got ''");
        assertBadUsage(run(tiny("compare", "--out", " ")), "jace compare",
                "Invalid value for option '--out': must name a folder, got ' '");
    }

    @Test
    void resumeOfAMissingFolderIsRefusedAndOfAnEmptyOneStartsANewRunSayingSo(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("typo");
        Output refused = run(tiny("train", "--method", "ace", "--epochs", "1", "--resume", "--out",
                missing.toString()));
        assertEquals(1, refused.exitCode());
        assertEquals("jace: nothing to resume: " + missing + " does not exist; check --out, or leave out --resume to"
                + " start a new run" + System.lineSeparator(), refused.err());
        assertFalse(Files.exists(missing));
        Output compare = run(tiny("compare", "--methods", "ace", "--seeds", "1", "--epochs", "1", "--resume", "--out",
                missing.toString()));
        assertEquals(1, compare.exitCode());
        assertTrue(compare.err().contains("nothing to resume: " + missing + " does not exist"), compare.err());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Output started = run(tiny("train", "--method", "ace", "--epochs", "1", "--resume", "--out", empty.toString()));
        assertEquals(0, started.exitCode(), started.err());
        assertEquals("jace: no checkpoint in " + empty + ": starting a new run" + System.lineSeparator(),
                started.err());
        assertEquals(1, TrainingRun.epochRecords(empty.resolve("metrics.jsonl")).size());
    }

    @Test
    void resumedRunCountsTheTimeBeforeItsCheckpoint(@TempDir Path dir) throws IOException {
        assertEquals(0, run(tiny("train", "--method", "penalty", "--epochs", "2", "--out", dir.toString())).exitCode());
        RunFolders.markElapsedSeconds(dir, 1000);
        assertEquals(0, run(tiny("train", "--method", "penalty", "--epochs", "2", "--resume", "--out",
                dir.toString())).exitCode());
        double wall = RunFolders.wallSeconds(dir);
        assertTrue(wall >= 1000 && wall < 1100, "wall_seconds " + wall);
    }

    @Test
    void compareResumeTrainsMissingRunsAndReevaluatesFinishedOnes(@TempDir Path dir) throws IOException {
        Path whole = dir.resolve("whole");
        Path cut = dir.resolve("cut");
        String[] compare = {"compare", "--methods", "ace,ace-resilient", "--seeds", "1", "--epochs", "2"};
        assertEquals(0, run(concat(tiny(compare), new String[] {"--out", whole.toString()})).exitCode());
        // An interrupted compare: ace trained to its last checkpoint but stopped before writing its model and
        // summary; ace-resilient never started.
        assertEquals(0, run(tiny("compare", "--methods", "ace", "--seeds", "1", "--epochs", "2", "--out",
                cut.toString())).exitCode());
        Files.delete(cut.resolve("runs/ace-s0/model.safetensors"));
        Files.delete(cut.resolve("runs/ace-s0/summary.json"));
        RunFolders.markElapsedSeconds(cut.resolve("runs/ace-s0"), 1000);

        Output resumed = run(concat(tiny(compare), new String[] {"--resume", "--out", cut.toString()}));
        assertEquals(0, resumed.exitCode(), resumed.err());
        double aceWall = RunFolders.wallSeconds(cut.resolve("runs/ace-s0"));
        assertTrue(aceWall >= 1000, "ace was trained again instead of resumed: wall_seconds " + aceWall);
        for (String runName : List.of("ace-s0", "ace-resilient-s0")) {
            Path runDir = Path.of("runs", runName);
            assertArrayEquals(Files.readAllBytes(whole.resolve(runDir).resolve("model.safetensors")),
                    Files.readAllBytes(cut.resolve(runDir).resolve("model.safetensors")), runName);
        }
        assertEquals(withoutWallTime(whole.resolve("compare.csv")), withoutWallTime(cut.resolve("compare.csv")));
    }

    @Test
    void aResumedCompareWhoseLogLacksAnEpochStillDrawsItsPlots(@TempDir Path dir) throws IOException {
        assertEquals(0, run(tiny("compare", "--methods", "unconstrained", "--seeds", "2", "--epochs", "2", "--out",
                dir.toString())).exitCode());
        Path metrics = dir.resolve("runs/unconstrained-s0/metrics.jsonl");
        // What a power loss may leave: seed 0's checkpoint after epoch 1 stored, epoch 1's records not
        Files.write(metrics, Files.readAllLines(metrics).subList(0, 3));
        byte[] before = Files.readAllBytes(dir.resolve("plots/test_metric.png"));

        Output r = run(tiny("compare", "--methods", "unconstrained", "--seeds", "2", "--epochs", "3", "--resume",
                "--out", dir.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("lacks the records of steps 2 to 3 and epoch 1"), r.err());
        assertTrue(r.out().endsWith("wrote compare.md, compare.csv, plots/ and runs/ to " + dir
                + System.lineSeparator()), r.out());
        assertFalse(Arrays.equals(before, Files.readAllBytes(dir.resolve("plots/test_metric.png"))),
                "the plot of 3 epochs replaced that of 2");
    }

    @Test
    void aCompareWhosePlotsFailKeepsItsNewTableAndNoOldPlots(@TempDir Path dir) throws IOException {
        String[] compare = {"compare", "--methods", "unconstrained", "--seeds", "1", "--out", dir.toString()};
        assertEquals(0, run(tiny(concat(compare, new String[] {"--epochs", "1"}))).exitCode());
        String table = Files.readString(dir.resolve("compare.csv"));
        // A folder in the place of the first plot makes drawing the plots fail (a stand-in for any failure there).
        Path plot = dir.resolve("plots/test_metric.png");
        Files.delete(plot);
        Files.createDirectories(plot.resolve("in-the-way"));

        Output r = run(tiny(concat(compare, new String[] {"--epochs", "2", "--resume"})));
        assertEquals(1, r.exitCode(), r.err());
        assertFalse(table.equals(Files.readString(dir.resolve("compare.csv"))), "the table of 2 epochs is written");
        assertTrue(r.out().startsWith("method"), "and printed: " + r.out());
        for (String old : List.of("deviation.png", "multipliers-unconstrained.png")) {
            assertFalse(Files.exists(dir.resolve("plots").resolve(old)), old + " of 1 epoch is left beside it");
        }
    }

    @Test
    void aTrainWhosePlotsFailLeavesNoOldPlotsBesideItsNewSummary(@TempDir Path dir) throws IOException {
        String[] train = {"train", "--method", "ace", "--out", dir.toString()};
        assertEquals(0, run(tiny(concat(train, new String[] {"--epochs", "1"}))).exitCode());
        Path plot = dir.resolve("plots/test_metric.png");
        Files.delete(plot);
        Files.createDirectories(plot.resolve("in-the-way"));

        Output r = run(tiny(concat(train, new String[] {"--epochs", "2", "--resume"})));
        assertEquals(1, r.exitCode(), r.err());
        Map<?, ?> config = (Map<?, ?>) Json.parseObject(Files.readString(dir.resolve(RunSummary.FILE))).get("config");
        assertEquals(2, ((Number) config.get("epochs")).intValue(), "the summary of 2 epochs is written");
        assertFalse(Files.exists(dir.resolve("plots/deviation.png")), "the plot of 1 epoch is left beside it");
    }

    @Test
    void runsAddedToAResumedCompareTakeItsEpochsAndRunsOfMixedLengthsAreRefused(@TempDir Path dir)
            throws IOException {
        assertEquals(0, run(tiny("compare", "--methods", "ace", "--seeds", "1", "--epochs", "1", "--out",
                dir.toString())).exitCode());
        Output more = run(tiny("compare", "--methods", "strict,ace", "--seeds", "2", "--resume", "--out",
                dir.toString()));
        assertEquals(0, more.exitCode(), more.err());
        List<String> runs = List.of("ace-s0", "ace-s1", "strict-s0", "strict-s1");
        assertEquals(List.of(1, 1, 1, 1), epochsOf(dir, runs), "the task's default is 12");

        // A compare whose runs were started for different lengths, as a jace before this check left them
        assertEquals(0, run(tiny("train", "--method", "ace", "--seed", "1", "--epochs", "2", "--force", "--out",
                dir.resolve("runs/ace-s1").toString())).exitCode());
        String table = Files.readString(dir.resolve("compare.csv"));
        assertBadUsage(run(tiny("compare", "--methods", "strict,ace", "--seeds", "2", "--resume", "--out",
                dir.toString())), "jace compare", dir + " holds runs started for different numbers of epochs (ace-s0 1,"
                + " ace-s1 2, strict-s0 1, strict-s1 1), which its table would compare as alike; resume with --epochs"
                + " to bring them all to one length (no fewer than any has done), or start over with --force");
        assertEquals(table, Files.readString(dir.resolve("compare.csv")));
        assertEquals(List.of(1, 2, 1, 1), epochsOf(dir, runs));

        Output even = run(tiny("compare", "--methods", "strict,ace", "--seeds", "2", "--epochs", "2", "--resume",
                "--out", dir.toString()));
        assertEquals(0, even.exitCode(), even.err());
        assertEquals(List.of(2, 2, 2, 2), epochsOf(dir, runs));
    }

    /** The epoch records of each of the compare's {@code runs}, counted. */
    private static List<Integer> epochsOf(Path compare, List<String> runs) throws IOException {
        List<Integer> epochs = new ArrayList<>();
        for (String r : runs) {
            epochs.add(TrainingRun.epochRecords(compare.resolve("runs").resolve(r).resolve("metrics.jsonl")).size());
        }
        return epochs;
    }

    private static List<String> withoutWallTime(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int wall = List.of(lines.getFirst().split(",", -1)).indexOf("wall_seconds");
        assertTrue(wall >= 0, lines.getFirst());
        return lines.stream().map(l -> {
            List<String> cells = new ArrayList<>(List.of(l.split(",", -1)));
            cells.remove(wall);
            return String.join(",", cells);
        }).toList();
    }

    @Test
    void compareRunsEveryMethodAndSeed(@TempDir Path dir) throws IOException {
        Output r = run(tiny("compare", "--methods", "strict,ace-resilient", "--seeds", "2", "--epochs", "1",
                "--out", dir.toString()));
        assertEquals(0, r.exitCode(), r.err());
        List<String> rows = r.out().lines().filter(l -> l.startsWith("strict") || l.startsWith("ace-resilient"))
                .toList();
        assertEquals(2, rows.size(), r.out());
        assertTrue(r.out().startsWith("method"), r.out());
        assertFalse(r.out().contains(Plots.SKIPPED), r.out());
        assertTrue(r.out().endsWith("wrote compare.md, compare.csv, plots/ and runs/ to " + dir
                + System.lineSeparator()), r.out());
        assertEquals(4, Files.readString(dir.resolve("compare.md")).lines().takeWhile(l -> !l.isEmpty()).count(),
                "a header, its rule and two rows above the legend");
        List<List<String>> csv = Files.readString(dir.resolve("compare.csv")).lines()
                .map(l -> List.of(l.split(",", -1))).toList();
        assertEquals(3, csv.size());
        int change = csv.getFirst().indexOf("projection_change_mean");
        assertEquals("strict", csv.get(1).getFirst());
        // strict is projected before its first step, so its final projection changes nothing at all
        assertEquals(0.0, Double.parseDouble(csv.get(1).get(change)));
        assertEquals("", csv.get(2).get(change), "ace-resilient does not project");
        int checked = csv.getFirst().indexOf("ranking_checked");
        assertEquals("", csv.get(1).get(checked), "strict discovers no levels");
        assertEquals("2", csv.get(2).get(checked), "both ace-resilient seeds are checked against the teacher");
        for (String plot : List.of("test_metric.png", "deviation.png", "multipliers-ace-resilient.png")) {
            assertTrue(Files.exists(dir.resolve("plots").resolve(plot)), plot);
        }
        assertFalse(Files.exists(dir.resolve("plots/multipliers-strict.png")), "strict has no multipliers");
        assertTrue(Files.exists(dir.resolve("runs/ace-resilient-s1/summary.json")));
        assertNull(Json.parseObject(Files.readString(dir.resolve("runs/strict-s0/summary.json"))).get("ranking"),
                "strict discovers no levels to rank");
        Path resilient = dir.resolve("runs/ace-resilient-s0/summary.json");
        assertTrue(String.valueOf(Json.parseObject(Files.readString(resilient)).get("ranking")).contains("rotation"));
    }

    /** Every figure of compare.csv is the mean (and sample std) over its runs' summary.json, recomputed here. */
    @Test
    void theCompareTableSummarisesItsRuns(@TempDir Path dir) throws IOException {
        Output r = run(tiny("compare", "--methods", "ace,ace-resilient", "--seeds", "3", "--epochs", "2", "--out",
                dir.toString()));
        assertEquals(0, r.exitCode(), r.err());
        List<List<String>> csv = Files.readString(dir.resolve("compare.csv")).lines()
                .map(l -> List.of(l.split(",", -1))).toList();
        List<String> header = csv.getFirst();
        assertEquals(List.of("ace", "ace-resilient"), csv.stream().skip(1).map(List::getFirst).toList());
        String markdown = Files.readString(dir.resolve("compare.md"));
        for (List<String> row : csv.subList(1, csv.size())) {
            String method = row.getFirst();
            List<Map<String, Object>> runs = new ArrayList<>();
            for (int seed = 0; seed < 3; seed++) {
                runs.add(Json.parseObject(Files.readString(dir.resolve("runs/" + method + "-s" + seed
                        + "/summary.json"))));
            }
            Map<String, double[]> expected = new LinkedHashMap<>();
            expected.put("mse", meanAndStd(runs, s -> s.get("test_metric")));
            for (String type : List.of("rotation", "reflection")) {
                expected.put("deviation_" + type, meanAndStd(runs, s -> ((Map<?, ?>) s.get("deviation")).get(type)));
                expected.put("multiplier_" + type, meanAndStd(runs, s -> level(s, type).get("multiplier")));
                expected.put("slack_" + type, meanAndStd(runs, s -> level(s, type).get("slack")));
            }
            expected.put("wall_seconds", meanAndStd(runs, s -> s.get("wall_seconds")));
            boolean projects = method.equals("ace");
            if (projects) {
                expected.put("projection_change", meanAndStd(runs, s -> s.get("projection_change")));
            }
            expected.forEach((column, meanStd) -> {
                String mean = row.get(header.indexOf(header.contains(column) ? column : column + "_mean"));
                assertEquals(meanStd[0], Double.parseDouble(mean), 1e-12 * Math.abs(meanStd[0]), method + " " + column);
                if (header.contains(column + "_std")) {
                    assertEquals(meanStd[1], Double.parseDouble(row.get(header.indexOf(column + "_std"))),
                            1e-12 * meanStd[1], method + " " + column + " std");
                }
            });
            if (!projects) {
                assertEquals("", row.get(header.indexOf("projection_change_mean")), "ace-resilient does not project");
            }
            long correct = runs.stream().filter(s -> Boolean.TRUE.equals(((Map<?, ?>) s.get("ranking_check"))
                    .get("correct"))).count();
            assertEquals(List.of(Long.toString(correct), "3"), row.subList(header.indexOf("ranking_correct"),
                    header.indexOf("ranking_checked") + 1));
            double[] mse = expected.get("mse");
            assertTrue(markdown.contains("| " + method + " | 3 | " + String.format(Locale.ROOT, "%.4g ± %.2g", mse[0],
                    mse[1]) + " | "), markdown);
            assertTrue(markdown.lines().anyMatch(l -> l.startsWith("| " + method + " | ") && l.contains(" | " + correct
                    + "/3 right | ")), markdown);
            if (projects) {
                double[] projection = expected.get("projection_change");
                assertTrue(markdown.contains(String.format(Locale.ROOT, " | %.4g ± %.2g | ", projection[0],
                        projection[1])), markdown);
            }
        }
    }

    /** The mean, in float64, of the named values. */
    private static double meanOf(Map<?, ?> values, String... names) {
        return Arrays.stream(names).mapToDouble(n -> ((Number) values.get(n)).doubleValue()).sum() / names.length;
    }

    /** The mean and sample std, in float64, of one summary field over the runs. */
    private static double[] meanAndStd(List<Map<String, Object>> runs, Function<Map<String, Object>, Object> field) {
        double[] v = runs.stream().mapToDouble(s -> ((Number) field.apply(s)).doubleValue()).toArray();
        double mean = Arrays.stream(v).sum() / v.length;
        double squares = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
        return new double[] {mean, Math.sqrt(squares / (v.length - 1))};
    }

    /** The summary's discovered level of {@code type}. */
    private static Map<?, ?> level(Map<String, Object> summary, String type) {
        return ((List<?>) summary.get("symmetry_levels")).stream().map(l -> (Map<?, ?>) l)
                .filter(l -> type.equals(l.get("type"))).findFirst().orElseThrow();
    }

    @Test
    void compareReportsEachFinishedRunUnlessQuiet(@TempDir Path dir) {
        List<String> args = new ArrayList<>(List.of(tiny("compare", "--methods", "strict,penalty", "--seeds",
                "2", "--epochs", "1", "--out", dir.toString())));
        args.remove("--quiet");
        Output r = run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("compare: [")).toList();
        assertEquals(4, lines.size(), r.err());
        assertTrue(lines.getFirst().startsWith("compare: [1/4] strict seed 0: test mse "), lines.getFirst());
        assertTrue(lines.getLast().startsWith("compare: [4/4] penalty seed 1: test mse "), lines.getLast());
    }

    @Test
    void evalAndPredictUseTheSavedModel(@TempDir Path dir) throws IOException {
        assertEquals(0, run(tiny("train", "--method", "ace", "--epochs", "1", "--out", dir.toString())).exitCode());
        Output eval = run("eval", "--model", dir.toString(), "--task", "teacher", "--size", "9", "--train", "16",
                "--test", "8");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().matches("teacher test: loss [0-9.e+-]+, mse [0-9.e+-]+, deviation rotation [0-9.e+-]+, "
                + "reflection [0-9.e+-]+\\R"), eval.out());
        // The saved weights, not a fresh model's: the scores the run ended with.
        Map<String, Object> summary = Json.parseObject(Files.readString(dir.resolve("summary.json")));
        assertTrue(eval.out().startsWith(String.format(Locale.ROOT, "teacher test: loss %.6g, mse %.6g,",
                summary.get("test_loss"), summary.get("test_metric"))), eval.out() + " vs " + summary);

        Files.move(dir.resolve("model.safetensors"), dir.resolve("kept.safetensors"));
        Output unfinished = run("eval", "--model", dir.toString(), "--task", "teacher", "--size", "9");
        assertEquals(1, unfinished.exitCode());
        assertEquals("jace: " + dir.resolve("model.safetensors") + ": no model yet: the run in " + dir + " stopped"
                + " before its end; train --resume (or compare --resume) with the same options finishes it"
                + System.lineSeparator(),
                unfinished.err());
        Files.move(dir.resolve("checkpoint"), dir.resolve("kept-checkpoint"));
        Output early = run("eval", "--model", dir.toString(), "--task", "teacher", "--size", "9");
        assertEquals("jace: " + dir.resolve("model.safetensors") + ": no model yet: the run in " + dir + " stopped"
                + " before its first epoch ended; train (or compare) again with --resume or --force"
                + System.lineSeparator(), early.err());
        Path other = Files.createDirectories(dir.resolve("other"));
        assertEquals("jace: " + other.resolve("model.safetensors") + ": no such file or directory"
                + System.lineSeparator(), run("eval", "--model", other.toString(), "--task", "teacher").err());
        Files.move(dir.resolve("kept-checkpoint"), dir.resolve("checkpoint"));
        Files.move(dir.resolve("kept.safetensors"), dir.resolve("model.safetensors"));
        Output checkpoint = run("eval", "--model", dir.resolve("checkpoint").toString(), "--task", "teacher");
        assertEquals(1, checkpoint.exitCode());
        assertEquals("jace: " + dir.resolve("checkpoint") + " is a training checkpoint, whose weights come without the"
                + " architecture; pass the run folder (" + dir.toAbsolutePath() + ")" + System.lineSeparator(),
                checkpoint.err());
        Path checkpointWeights;
        try (var files = Files.list(dir.resolve("checkpoint"))) {
            checkpointWeights = files.filter(f -> f.getFileName().toString().startsWith("model")).findFirst()
                    .orElseThrow();
        }
        String checkpointFile = " is a training checkpoint's file, whose weights come without the architecture;"
                + " pass the run folder (" + dir.toAbsolutePath() + ")" + System.lineSeparator();
        Output weights = run("eval", "--model", checkpointWeights.toString(), "--task", "teacher");
        assertEquals(1, weights.exitCode());
        assertEquals("jace: " + checkpointWeights + checkpointFile, weights.err());
        // Named as such before eval asks for the --task that a file without config.json beside it needs.
        assertEquals("jace: " + checkpointWeights + checkpointFile,
                run("eval", "--model", checkpointWeights.toString()).err());
        assertEquals(checkpoint.err(), run("eval", "--model", dir.resolve("checkpoint").toString()).err());
        Path npy = dir.resolve("x0.npy");
        Npy.write(npy, new FloatArray(Shape.of(1, 1, 9, 9), new float[81]));
        assertEquals("jace: " + checkpointWeights + checkpointFile, run("predict", "--model",
                checkpointWeights.toString(), "--input", npy.toString(), "--output", dir.resolve("y0.npy").toString())
                .err());

        Path in = dir.resolve("x.npy");
        Path out = dir.resolve("y.npy");
        float[] x = new float[3 * 81];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        Npy.write(in, new FloatArray(Shape.of(3, 1, 9, 9), x));
        Output predict = run("predict", "--model", dir.toString(), "--input", in.toString(), "--output",
                out.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        assertEquals("wrote [3, 1, 9, 9] to " + out + System.lineSeparator(), predict.out());
        assertEquals(Shape.of(3, 1, 9, 9), Npy.read(out).shape());
        Path inPairs = dir.resolve("y2.npy");
        assertEquals(0, run("predict", "--model", dir.toString(), "--input", in.toString(), "--output",
                inPairs.toString(), "--batch", "2").exitCode());
        assertArrayEquals(Npy.read(out).values(), Npy.read(inPairs).values(), "passes of 2 and 1 samples");
        Output noBatch = run("predict", "--model", dir.toString(), "--input", in.toString(), "--output",
                inPairs.toString(), "--batch", "0");
        assertEquals(2, noBatch.exitCode());
        assertTrue(noBatch.err().startsWith("Invalid value for option '--batch': must be at least 1, got 0"),
                noBatch.err());
        // Without --batch, predict passes as many samples at a time as the run trained with: config.json's batch.
        // A damaged one is named then, and not read at all when --batch is given.
        Path runConfig = dir.resolve(TrainingRun.CONFIG);
        String recorded = Files.readString(runConfig);
        assertTrue(recorded.contains("\"batch\": 8,"), recorded);
        Path inOnes = dir.resolve("y1.npy");
        Files.writeString(runConfig, recorded.replace("\"batch\": 8,", "\"batch\": 1,"));
        assertEquals(0, run("predict", "--model", dir.toString(), "--input", in.toString(), "--output",
                inOnes.toString()).exitCode());
        assertArrayEquals(Npy.read(out).values(), Npy.read(inOnes).values(), "passes of 1 sample");
        for (String damaged : List.of(recorded.replace("\"batch\": 8,", "\"batch\": -3,"), "{\"task\": ")) {
            Files.writeString(runConfig, damaged);
            Output corrupt = run("predict", "--model", dir.toString(), "--input", in.toString(), "--output",
                    inOnes.toString());
            assertEquals(1, corrupt.exitCode(), damaged);
            assertTrue(corrupt.err().startsWith("jace: " + runConfig + ": "), corrupt.err());
            assertTrue(corrupt.err().endsWith("; restore it, or give --batch" + System.lineSeparator()),
                    corrupt.err());
            assertEquals(0, run("predict", "--model", dir.toString(), "--input", in.toString(), "--output",
                    inOnes.toString(), "--batch", "2").exitCode(), damaged);
        }
        Files.writeString(runConfig, recorded);
        byte[] modelBytes = Files.readAllBytes(dir.resolve("model.safetensors"));
        byte[] config = Files.readAllBytes(dir.resolve("config.json"));
        for (Path kept : List.of(dir.resolve("model.safetensors"), in, dir.resolve("config.json"), dir)) {
            Output refused = run("predict", "--model", dir.toString(), "--input", in.toString(), "--output",
                    kept.toString());
            assertEquals(2, refused.exitCode(), kept + ": " + refused.err());
            assertTrue(refused.err().startsWith("--output " + kept + (kept.equals(dir) ? " is a folder; give the file"
                    : kept.equals(in) ? " is the input" : kept.toString().endsWith("json") ? " exists and is not an NPY"
                    : " is the model")), refused.err());
        }
        assertArrayEquals(modelBytes, Files.readAllBytes(dir.resolve("model.safetensors")));
        assertArrayEquals(config, Files.readAllBytes(dir.resolve("config.json")));
        assertEquals(Shape.of(3, 1, 9, 9), Npy.read(in).shape());
        Output again = run("predict", "--model", dir.resolve("model.safetensors").toString(), "--input",
                in.toString(), "--output", out.toString());
        assertEquals(0, again.exitCode(), again.err() + " (a former output is replaced)");
        Path empty = Files.createFile(dir.resolve("empty.npy"));
        Output intoEmpty = run("predict", "--model", dir.toString(), "--input", in.toString(), "--output",
                empty.toString());
        assertEquals(0, intoEmpty.exitCode(), intoEmpty.err() + " (an empty file, as mktemp makes, is taken)");
        assertEquals(Shape.of(3, 1, 9, 9), Npy.read(empty).shape());

        Npy.write(in, new FloatArray(Shape.of(2, 1, 8, 8), new float[2 * 64]));
        Output wrong = run("predict", "--model", dir.toString(), "--input", in.toString(), "--output",
                out.toString());
        assertEquals(1, wrong.exitCode());
        assertTrue(wrong.err().contains("the model takes [N, 1, 9, 9]"), wrong.err());

        float[] values = new float[3 * 81];
        values[81 + 2 * 9 + 4] = Float.NaN;
        values[2 * 81] = Float.NEGATIVE_INFINITY;
        Npy.write(in, new FloatArray(Shape.of(3, 1, 9, 9), values));
        Output nan = run("predict", "--model", dir.toString(), "--input", in.toString(), "--output",
                dir.resolve("nan.npy").toString());
        assertEquals(1, nan.exitCode());
        assertTrue(nan.err().contains("holds 2 non-finite value(s), the first NaN at [1, 0, 2, 4]"), nan.err());
        assertFalse(Files.exists(dir.resolve("nan.npy")));
        float[] firstBad = new float[81];
        firstBad[0] = Float.POSITIVE_INFINITY;
        Npy.write(in, new FloatArray(Shape.of(1, 1, 9, 9), firstBad));
        Output infinity = run("predict", "--model", dir.toString(), "--input", in.toString(), "--output",
                dir.resolve("nan.npy").toString());
        assertTrue(infinity.err().contains("holds 1 non-finite value(s), the first Infinity at [0, 0, 0, 0]"),
                infinity.err());

        // Inputs far off the training data's scale overflow float32: the outputs are written as computed, and said.
        // Samples 0 and 2 overflow, 1 (zeros) does not: the count is of the samples, not of a range from the first.
        float[] huge = new float[3 * 81];
        Arrays.fill(huge, 0, 81, Float.MAX_VALUE);
        Arrays.fill(huge, 2 * 81, huge.length, Float.MAX_VALUE);
        Path hugeIn = dir.resolve("huge.npy");
        Npy.write(hugeIn, new FloatArray(Shape.of(3, 1, 9, 9), huge));
        Path overflowed = dir.resolve("overflowed.npy");
        Output overflow = run("predict", "--model", dir.toString(), "--input", hugeIn.toString(), "--output",
                overflowed.toString());
        assertEquals(0, overflow.exitCode(), overflow.err());
        float[] y = Npy.read(overflowed).values();
        for (int i = 0; i < y.length; i++) {
            assertEquals(i / 81 == 1, Float.isFinite(y[i]), "output " + i + ": sample 1 is zeros, 0 and 2 overflow");
        }
        assertEquals("jace: 162 of 243 outputs (in 2 of 3 samples) are NaN or infinite, the first " + y[0] + " at [0,"
                + " 0, 0, 0]: the forward pass overflowed float32; the largest |input| is " + Float.MAX_VALUE + ", so"
                + " scale the inputs as the training data were" + System.lineSeparator(), overflow.err());
        Npy.write(hugeIn, new FloatArray(Shape.of(3, 1, 9, 9), new float[3 * 81]));
        assertEquals("", run("predict", "--model", dir.toString(), "--input", hugeIn.toString(), "--output",
                overflowed.toString()).err(), "finite outputs are not remarked on");
    }

    /**
     * A model whose weights overflow float32 on inputs of the training data's scale is named as the likely cause, its
     * largest |weight| given: the warnings blamed the data ("the largest |input| is 0.99, so scale the inputs").
     */
    @Test
    void anOverflowOnInputsInRangeNamesTheModelsLargestWeight(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, run(tiny("train", "--method", "ace", "--epochs", "1", "--out", run.toString())).exitCode());
        Path file = run.resolve(ModelFile.NAME);
        Safetensors.Contents contents = Safetensors.read(file);
        List<NamedTensor> tensors = new ArrayList<>(contents.tensors().values());
        NamedTensor lift = contents.tensors().get("lift.weight");
        float[] huge = lift.values().clone();
        huge[0] = 3e38f;
        tensors.set(tensors.indexOf(lift), new NamedTensor(lift.name(), lift.shape(), huge));
        Safetensors.write(file, tensors, contents.metadata());
        String cause = ", within the scale of the tasks' data, so the model may be the cause: its largest |weight| is"
                + " 3.0E38 (lift.weight)" + System.lineSeparator();

        Output eval = run("eval", "--model", run.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        Matcher loss = Pattern.compile("the test loss is (\\S+): float32 overflowed in the model's outputs or in the"
                + " loss's sums; the largest \\|input\\| is (\\S+) and \\|target\\| (\\S+), within").matcher(eval.err());
        assertTrue(loss.find(), eval.err());
        assertTrue(Float.parseFloat(loss.group(2)) < 10 && Float.parseFloat(loss.group(3)) < 10, eval.err());
        assertTrue(eval.err().endsWith(cause), eval.err());

        float[] x = new float[2 * 81];
        for (int i = 0; i < x.length; i++) {
            x[i] = 3 * (float) Math.sin(i);
        }
        float largest = 0;
        for (float v : x) {
            largest = Math.max(largest, Math.abs(v));
        }
        Path in = dir.resolve("x.npy");
        Npy.write(in, new FloatArray(Shape.of(2, 1, 9, 9), x));
        Output predict = run("predict", "--model", run.toString(), "--input", in.toString(), "--output",
                dir.resolve("y.npy").toString());
        assertEquals(0, predict.exitCode(), predict.err());
        assertTrue(predict.err().contains(": the forward pass overflowed float32; the largest |input| is " + largest
                + cause), predict.err());
    }

    @Test
    void evalTakesTheTaskFromTheRunAndWarnsWhenAFlagChangesTheData(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, run(tiny("train", "--method", "ace", "--epochs", "1", "--out", run.toString())).exitCode());
        Output given = run("eval", "--model", run.toString(), "--task", "teacher", "--size", "9", "--train", "16",
                "--test", "8");
        assertEquals(0, given.exitCode(), given.err());
        for (String model : List.of(run.toString(), run.resolve("model.safetensors").toString())) {
            Output recorded = run("eval", "--model", model);
            assertEquals(0, recorded.exitCode(), recorded.err());
            assertEquals(given.out(), recorded.out(), "the run's own 9×9 test split of 8");
            assertEquals("", recorded.err());
        }
        Output other = run("eval", "--model", run.toString(), "--test", "4", "--noise", "0.5");
        assertEquals(0, other.exitCode(), other.err());
        assertEquals("jace: warning: evaluating on other data than " + run + " was trained on: --test 4 (trained:"
                + " 8), --noise 0.5 (trained: 0.0)" + System.lineSeparator(), other.err());
        assertFalse(other.out().equals(given.out()), other.out());
        Output overflow = run("eval", "--model", run.toString(), "--noise", "4e18");
        assertEquals(0, overflow.exitCode(), overflow.err());
        assertTrue(overflow.out().contains("test: loss Infinity, mse Infinity"), overflow.out());
        assertTrue(overflow.err().endsWith("jace: warning: the test loss is Infinity: float32 overflowed in the"
                + " model's outputs or in the loss's sums, so the data are likely far off the scale the model was"
                + " trained on" + System.lineSeparator()), overflow.err());

        // Another --task takes that task's defaults, not the run's settings with the task renamed.
        Output plume = run("eval", "--model", run.toString(), "--task", "plume", "--size", "9", "--test", "8");
        assertEquals(0, plume.exitCode(), plume.err());
        assertTrue(plume.out().startsWith("plume test: loss "), plume.out());
        assertEquals("jace: warning: evaluating on other data than " + run + " was trained on: task plume (trained:"
                + " teacher)" + System.lineSeparator(), plume.err());

        Output train = run("eval", "--model", run.toString(), "--train", "10");
        assertEquals(0, train.exitCode(), train.err());
        assertEquals(given.out(), train.out(), "the test split does not depend on the training count");
        assertEquals("jace: warning: --train changes nothing here: eval measures the test split only (--test)"
                + System.lineSeparator(), train.err());

        assertBadUsage(run("eval", "--model", run.toString(), "--batch", "0"), "jace eval", "--batch");
        Output batched = run("eval", "--model", run.toString(), "--batch", "3");
        assertEquals(0, batched.exitCode(), batched.err());
        assertTrue(batched.out().startsWith("teacher test: loss "), batched.out());
        // Without --batch, eval passes as many samples at a time as the run trained with: config.json's batch.
        Path config = run.resolve(TrainingRun.CONFIG);
        String recorded = Files.readString(config);
        assertTrue(recorded.contains("\"batch\": 8,"), recorded);
        for (String bad : List.of("0", "2147483648", "\"8\"", "8.5")) {
            Files.writeString(config, recorded.replace("\"batch\": 8,", "\"batch\": " + bad + ","));
            Output corrupt = run("eval", "--model", run.toString());
            assertEquals(1, corrupt.exitCode(), bad);
            assertEquals("jace: " + config + ": 'batch' is " + bad + ", not a count of samples; restore it, or give"
                    + " --batch" + System.lineSeparator(), corrupt.err());
        }
        Files.writeString(config, recorded.replace("\"batch\": 8,", "\"batch\": 1,"));
        assertEquals(0, run("eval", "--model", run.toString()).exitCode(), "one sample per pass");
        assertEquals(given.out(), run("eval", "--model", run.toString(), "--batch", "8").out());
        Files.writeString(config, recorded.replace("\"batch\": 8,", ""));
        Output unrecorded = run("eval", "--model", run.toString());
        assertEquals(0, unrecorded.exitCode(), unrecorded.err());
        Files.writeString(config, recorded);

        Path bare = dir.resolve("bare.safetensors");
        Files.copy(run.resolve("model.safetensors"), bare);
        assertBadUsage(run("eval", "--model", bare.toString()), "jace eval", "--task is needed: " + bare + " has no"
                + " jace run's config.json beside it that says which task it was trained on");
    }

    @Test
    void evalNamesASubsetOnceWithACountOfZeroAsAll(@TempDir Path dir) throws IOException {
        writeEightFashionImages(dir);
        Path run = dir.resolve("run");
        Output trained = run("train", "--task", "fashion-mnist", "--method", "ace", "--data", dir.toString(),
                "--epochs", "1", "--quiet", "--out", run.toString());
        assertEquals(0, trained.exitCode(), trained.err());
        Output subset = run("eval", "--model", run.toString(), "--subset", "4");
        assertEquals(0, subset.exitCode(), subset.err());
        assertEquals("jace: warning: evaluating on other data than " + run + " was trained on: --subset 4 (trained:"
                + " all)" + System.lineSeparator(), subset.err());
    }

    /**
     * eval reads the test split alone: a folder of only the t10k- files was refused naming the train- images it never
     * uses. Its scores are those of the whole folder, the rotations of rot90 drawn as for the run.
     */
    @Test
    void evalReadsTheTestFilesOnly(@TempDir Path dir) throws IOException {
        writeEightFashionImages(dir);
        Path run = dir.resolve("run");
        Output trained = run("train", "--task", "fashion-mnist", "--method", "ace", "--variant", "rot90", "--data",
                dir.toString(), "--epochs", "1", "--quiet", "--out", run.toString());
        assertEquals(0, trained.exitCode(), trained.err());
        Path testOnly = Files.createDirectory(dir.resolve("test-only"));
        for (String file : List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.copy(dir.resolve(file), testOnly.resolve(file));
        }
        Output whole = run("eval", "--model", run.toString());
        assertEquals(0, whole.exitCode(), whole.err());
        Output alone = run("eval", "--model", run.toString(), "--data", testOnly.toString());
        assertEquals(0, alone.exitCode(), alone.err());
        assertEquals(whole.out(), alone.out());
    }

    /**
     * On 30×30 images the classifier's stride-2 pools leave out edges the group moves: train, compare and eval say so,
     * with the fix; on 28×28 ones nothing is said.
     */
    @Test
    void imagesWhoseSidesAreNotMultiplesOf4AreWarnedOf(@TempDir Path dir) throws IOException {
        int n = 8;
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        Path odd = Files.createDirectory(dir.resolve("odd"));
        Path even = Files.createDirectory(dir.resolve("even"));
        writeFashionMnist(odd, 30, 30, new byte[n * 30 * 30], labels);
        writeFashionMnist(even, 28, 28, new byte[n * 28 * 28], labels);
        String[] small = {"--epochs", "2", "--batch", "8", "--quiet"};
        String warning = "jace: warning: the default classifier's 2×2 stride-2 pools leave out the last rows and"
                + " columns of 30×30 images (sides that are not multiples of 4), which %s moves, so no weights make"
                + " the model exactly invariant and the output deviation that ace constrains cannot reach 0: pad or"
                + " crop the images to sides that are multiples of 4 (32×32 or 28×28)" + System.lineSeparator();
        Path run = dir.resolve("run");
        Output trained = run(concat(new String[] {"train", "--task", "fashion-mnist", "--method", "ace", "--data",
            odd.toString(), "--out", run.toString()}, small));
        assertEquals(0, trained.exitCode(), trained.err());
        assertEquals(warning.formatted("d4"), trained.err());
        Output evaluated = run("eval", "--model", run.toString());
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertEquals(warning.formatted("d4"), evaluated.err());
        Output compared = run(concat(new String[] {"compare", "--task", "fashion-mnist", "--methods", "strict",
            "--seeds", "1", "--group", "c4", "--data", odd.toString(), "--out", dir.resolve("c").toString()}, small));
        assertEquals(0, compared.exitCode(), compared.err());
        assertEquals(warning.formatted("c4"), compared.err());
        Output multipleOf4 = run(concat(new String[] {"train", "--task", "fashion-mnist", "--method", "ace", "--data",
            even.toString(), "--out", dir.resolve("even-run").toString()}, small));
        assertEquals(0, multipleOf4.exitCode(), multipleOf4.err());
        assertEquals("", multipleOf4.err());
    }

    @Test
    void aSubsetBeyondASplitIsNamed(@TempDir Path dir) throws IOException {
        int n = 8;
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        writeFashionMnist(dir, 28, 28, new byte[n * 28 * 28], labels);
        Output beyond = run("train", "--task", "fashion-mnist", "--method", "strict", "--data", dir.toString(),
                "--subset", "20", "--epochs", "2", "--batch", "8", "--quiet", "--out", dir.resolve("a").toString());
        assertEquals(0, beyond.exitCode(), beyond.err());
        assertEquals("jace: --subset 20 is more than the training split's 8 and the test split's 8 samples, so every"
                + " sample of each is used", beyond.err().strip());
        Output within = run("compare", "--task", "fashion-mnist", "--methods", "strict", "--seeds", "1", "--data",
                dir.toString(), "--subset", "8", "--epochs", "2", "--batch", "8", "--quiet", "--out",
                dir.resolve("b").toString());
        assertEquals(0, within.exitCode(), within.err());
        assertEquals("", within.err());

        // A test split smaller than the training split: only it is used whole, which train and eval say.
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.ubyte(3, new int[] {4, 28, 28},
                new byte[4 * 28 * 28]));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.ubyte(1, new int[] {4}, new byte[] {0, 1, 2, 3}));
        Path capped = dir.resolve("c");
        Output test = run("train", "--task", "fashion-mnist", "--method", "strict", "--data", dir.toString(),
                "--subset", "6", "--epochs", "2", "--batch", "2", "--probe-samples", "2", "--quiet", "--out",
                capped.toString());
        assertEquals(0, test.exitCode(), test.err());
        assertEquals("jace: --subset 6 is more than the test split's 4 samples, so that split is used whole",
                test.err().strip());
        Output eval = run("eval", "--model", capped.resolve("model.safetensors").toString(), "--data", dir.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.err().contains("jace: warning: the run's --subset 6 is more than the test split's 4 samples,"
                + " so all 4 are evaluated"), eval.err());
    }

    @Test
    void predictWritesAClassifiersScoresWhoseLargestIsTheClassEvalCounts(@TempDir Path dir) throws IOException {
        // Two classes the (D4-invariant) model learns at once: class 0 lit in the middle, class 1 around it.
        int n = 20;
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 2);
            for (int p = 0; p < 28 * 28; p++) {
                int dy = p / 28 - 14;
                int dx = p % 28 - 14;
                boolean lit = (dy * dy + dx * dx < 64) == (labels[i] == 0);
                pixels[i * 784 + p] = (byte) (lit ? 200 + (p * 7 + i) % 50 : (p * 3 + i) % 20);
            }
        }
        writeFashionMnist(dir, 28, 28, pixels, labels);
        Path run = dir.resolve("run");
        assertEquals(0, run("train", "--task", "fashion-mnist", "--method", "unconstrained", "--data", dir.toString(),
                "--epochs", "15", "--batch", "4", "--quiet", "--out", run.toString()).exitCode());
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (pixels[i] & 0xff) / 255f;
        }
        Path in = dir.resolve("x.npy");
        Path out = dir.resolve("y.npy");
        Npy.write(in, new FloatArray(Shape.of(n, 1, 28, 28), x));
        Output predict = run("predict", "--model", run.toString(), "--input", in.toString(), "--output",
                out.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        FloatArray scores = Npy.read(out);
        assertEquals(Shape.of(n, 10), scores.shape());
        int right = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < 10; c++) {
                best = scores.values()[i * 10 + c] > scores.values()[i * 10 + best] ? c : best;
            }
            right += best == labels[i] ? 1 : 0;
        }
        Output eval = run("eval", "--model", run.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        Matcher accuracy = Pattern.compile("accuracy ([0-9.]+)").matcher(eval.out());
        assertTrue(accuracy.find(), eval.out());
        assertEquals(n, right, "learnt: every training image is its class");
        assertEquals(right / (double) n, Double.parseDouble(accuracy.group(1)), 1e-6, eval.out());
    }

    @Test
    void evalOnDataOfAnotherShapeNamesBothShapes(@TempDir Path dir) {
        assertEquals(0, run(tiny("train", "--method", "strict", "--epochs", "1", "--out", dir.toString())).exitCode());
        Output r = run("eval", "--model", dir.toString(), "--size", "12");
        assertEquals(1, r.exitCode());
        assertEquals("jace: model " + dir + " takes [1, 9, 9] inputs for regression, but task teacher as given has"
                + " [1, 12, 12] for regression: give the task and flags it was trained with (--task, --size)",
                r.err().lines().toList().getLast());
    }

    @Test
    void evalOfAModelWithOtherClassesThanTheTaskNamesBothCounts(@TempDir Path dir) throws IOException {
        int n = 10;
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) i;
        }
        writeFashionMnist(dir, 28, 28, new byte[n * 28 * 28], labels);
        Path model = dir.resolve(ModelFile.NAME);
        ModelSpec fiveClasses = new ModelSpec(TaskKind.CLASSIFICATION, new D4(), Shape.of(1, 28, 28), false, 5);
        try (Backend backend = new CpuBackend(); Sequential built = fiveClasses.build(backend, 1)) {
            ModelFile.save(model, backend, built, fiveClasses);
        }
        Output r = run("eval", "--task", "fashion-mnist", "--data", dir.toString(), "--model", model.toString());
        assertEquals(1, r.exitCode());
        assertEquals("jace: model " + model + " scores 5 classes, but task fashion-mnist has 10: evaluate it on the"
                + " task it was trained on", r.err().lines().toList().getLast());
    }

    @Test
    void aCorruptConfigJsonIsNamedWithWhatToDo(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, run(tiny("train", "--method", "ace", "--epochs", "1", "--out", run.toString())).exitCode());
        Path config = run.resolve("config.json");
        Files.writeString(config, "{\"task\": ");
        Output resumed = run(tiny("train", "--method", "ace", "--epochs", "2", "--out", run.toString(), "--resume"));
        assertEquals(1, resumed.exitCode());
        assertTrue(resumed.err().startsWith("jace: " + config + ": not valid JSON: JSON parse error at line 1"),
                resumed.err());
        assertTrue(resumed.err().endsWith("; it holds the settings the run started with, which --resume checks:"
                + " restore it, or start the run over with --force" + System.lineSeparator()), resumed.err());
        Output eval = run("eval", "--model", run.toString());
        assertEquals(1, eval.exitCode());
        assertTrue(eval.err().startsWith("jace: " + config + ": not valid JSON") && eval.err().endsWith("it says which"
                + " data the model was trained on: restore it, or move it away and give the data's flags (--task and"
                + " the task's own)" + System.lineSeparator()), eval.err());
        Files.delete(config);
        Files.createDirectory(config);
        Output folder = run("eval", "--model", run.toString());
        assertEquals(1, folder.exitCode());
        assertEquals("jace: " + config + ": is a folder, not a JSON file" + System.lineSeparator(), folder.err());
    }

    /** Another tool's config.json beside a model (a HuggingFace folder's) is not the run's: eval and predict go on. */
    @Test
    void aConfigJsonOfAnotherToolBesideAModelIsIgnoredWithAWarning(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, run(tiny("train", "--method", "ace", "--epochs", "1", "--out", run.toString())).exitCode());
        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        Path model = foreign.resolve(ModelFile.NAME);
        Files.copy(run.resolve(ModelFile.NAME), model);
        Path config = foreign.resolve("config.json");
        Files.writeString(config, "{\"architectures\": [\"Foo\"]}");
        String warning = "jace: warning: " + config + " is not a jace run's config (it has no 'task', 'method' and"
                + " 'seed'), so it is ignored";
        Output eval = run("eval", "--model", model.toString(), "--task", "teacher", "--size", "9", "--test", "8",
                "--batch", "8");
        assertEquals(0, eval.exitCode(), eval.err());
        assertEquals(List.of(warning), eval.err().lines().toList());
        assertEquals(run("eval", "--model", run.toString()).out(), eval.out(), "the same model, the same data");
        Path in = dir.resolve("x.npy");
        Npy.write(in, new FloatArray(Shape.of(2, 1, 9, 9), new float[2 * 81]));
        Output predict = run("predict", "--model", model.toString(), "--input", in.toString(), "--output",
                dir.resolve("y.npy").toString());
        assertEquals(0, predict.exitCode(), predict.err());
        assertEquals(List.of(warning), predict.err().lines().toList());

        Files.writeString(config, "{\"task\": \"teacher\", \"method\": \"ace\", \"seed\": 0}");
        Output damaged = run("eval", "--model", model.toString());
        assertEquals(1, damaged.exitCode());
        assertEquals("jace: " + config + ": has no 'task' and 'task_config'; not a jace run's config",
                damaged.err().strip());
    }

    /** The epochs a run started for are a count: 2.5 had resumed as 2, and 1e12 as 2^31 - 1 epochs. */
    @Test
    void aConfigJsonWhoseEpochsAreNoCountIsNamed(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, run(tiny("train", "--method", "ace", "--epochs", "1", "--out", run.toString())).exitCode());
        Path config = run.resolve("config.json");
        String written = Files.readString(config);
        for (String epochs : List.of("2.5", "0", "-3", "\"two\"")) {
            Files.writeString(config, written.replace("\"epochs\": 1,", "\"epochs\": " + epochs + ","));
            Output resumed = run(tiny("train", "--method", "ace", "--out", run.toString(), "--resume"));
            assertEquals(1, resumed.exitCode(), resumed.err());
            assertEquals("jace: " + config + ": 'epochs' is " + epochs + ", not a count of epochs; it holds the settings"
                    + " the run started with, which --resume checks: restore it, or start the run over with --force"
                    + System.lineSeparator(), resumed.err());
        }
    }

    @Test
    void badFlagsExit2() {
        Output r = run("train", "--task", "teacher", "--method", "ace", "--epochs", "many", "--out", "x");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Usage: jace train"), r.err());
        assertEquals(2, run("compare", "--bogus").exitCode());
    }

    @Test
    void unknownNamesAndForeignTaskFlagsAreBadUsage(@TempDir Path dir) {
        String x = dir.resolve("x").toString();
        assertBadUsage(run("train", "--task", "teacher", "--method", "bogus", "--out", x), "jace train",
                "unknown method 'bogus'; valid methods: strict,");
        assertBadUsage(run("compare", "--task", "teacher", "--methods", "ace,bogus", "--out", x), "jace compare",
                "unknown method 'bogus'");
        assertBadUsage(run("train", "--task", "bogus", "--method", "ace", "--out", x), "jace train",
                "unknown task 'bogus'; valid tasks: teacher, fashion-mnist, plume");
        assertBadUsage(run("train", "--task", "teacher", "--method", "ace", "--group", "trivial", "--out", x),
                "jace train", "must be d4, c4 or c2, got 'trivial'");
        assertBadUsage(run("train", "--task", "teacher", "--method", "ace", "--group", "d8", "--out", x),
                "jace train", "must be d4, c4 or c2, got 'd8'");
        assertBadUsage(run("train", "--task", "fashion-mnist", "--variant", "sideways", "--method", "ace", "--out",
                x), "jace train", "sideways");
        assertBadUsage(run("train", "--task", "teacher", "--variant", "upright", "--method", "ace", "--out", x),
                "jace train", "--variant does not apply to --task teacher (teacher: --alpha-rot --alpha-ref --noise"
                        + " --size --train --test; plume: --size --train --test; fashion-mnist: --variant --data"
                        + " --subset)");
        assertBadUsage(run("compare", "--task", "plume", "--noise", "0.1", "--subset", "5", "--out", x),
                "jace compare", "--noise, --subset do not apply to --task plume (");
        assertBadUsage(run("train", "--task", "fashion-mnist", "--size", "9", "--method", "ace", "--out", x),
                "jace train", "--size does not apply to --task fashion-mnist (");
        assertFalse(Files.exists(dir.resolve("x")), "bad usage makes no folder");
    }

    @Test
    void numbersOutOfRangeAreBadUsageNamingTheFlagBeforeAnyFolderIsMade(@TempDir Path dir) {
        Path out = dir.resolve("out");
        List<List<String>> cases = List.of(
                List.of("train", "--epochs", "0", "Invalid value for option '--epochs': must be at least 1, got 0"),
                List.of("train", "--batch", "-2", "Invalid value for option '--batch': must be at least 1, got -2"),
                List.of("train", "--lr", "-0.01",
                        "Invalid value for option '--lr': must be a finite number above 0 within float32's range"
                                + " (1.4e-45 to 3.4e38; the updates compute in float32), got -0.01"),
                List.of("train", "--lr", "NaN", "Invalid value for option '--lr': must be a finite number above 0"),
                List.of("train", "--lr", "1e-50", "Invalid value for option '--lr': must be a finite number above 0"
                        + " within float32's range (1.4e-45 to 3.4e38; the updates compute in float32), got 1e-50"),
                List.of("train", "--lr", "1e39", "within float32's range (1.4e-45 to 3.4e38; the updates compute in"
                        + " float32), got 1e39"),
                List.of("train", "--train", "0", "Invalid value for option '--train': must be at least 1, got 0"),
                List.of("train", "--noise", "-1",
                        "Invalid value for option '--noise': must be a finite number of at least 0, got -1"),
                List.of("compare", "--seeds", "0", "Invalid value for option '--seeds': must be at least 1, got 0"),
                List.of("compare", "--epochs", "x", "Invalid value for option '--epochs': 'x' is not an integer"),
                List.of("train", "--batch", "99999999999", "Invalid value for option '--batch': '99999999999' is beyond"
                        + " the integers this takes, -2147483648 to 2147483647"),
                List.of("compare", "--probe-samples", "0",
                        "Invalid value for option '--probe-samples': must be at least 1 (or 'all'), got 0"));
        for (List<String> c : cases) {
            List<String> args = new ArrayList<>(List.of(c.get(0), "--task", "teacher", c.get(1), c.get(2), "--out",
                    out.toString()));
            if (c.get(0).equals("train")) {
                args.addAll(List.of("--method", "ace"));
            }
            assertBadUsage(run(args.toArray(String[]::new)), "jace " + c.get(0), c.get(3));
            assertFalse(Files.exists(out), String.join(" ", args));
        }
        assertBadUsage(run("train", "--task", "fashion-mnist", "--subset", "0", "--method", "ace", "--out",
                out.toString()), "jace train", "Invalid value for option '--subset': must be at least 1, got 0");
        // Values each flag takes, but the task does not: bad usage too, not a failed run (exit 1).
        assertBadUsage(run("train", "--task", "teacher", "--size", "4", "--method", "ace", "--out", out.toString()),
                "jace train", "teacher: size (--size) must be at least 5 (the filters are 5×5), got 4");
        assertBadUsage(run("train", "--task", "teacher", "--size", "2000", "--method", "ace", "--out", out.toString()),
                "jace train",
                "teacher: size (--size) must be at most 1023: the target map calibrates on 64 images at once");
        assertBadUsage(run("compare", "--task", "plume", "--size", "7", "--out", out.toString()), "jace compare",
                "plume: size (--size) must be at least 8");
        assertFalse(Files.exists(out));
    }

    private static void assertBadUsage(Output r, String usage, String message) {
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(r.err().contains("Usage: " + usage), r.err());
        assertEquals("", r.out());
    }

    @Test
    void missingFashionMnistNamesTheFolder(@TempDir Path dir) {
        Output r = run("train", "--task", "fashion-mnist", "--method", "strict", "--data", dir.toString(),
                "--subset", "10", "--quiet", "--out", dir.resolve("out").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("jace: ") && r.err().contains(dir.toString()), r.err());
    }

    /** Images the model cannot take (28×20: its D4 layers need square maps) fail before --out is made. */
    @Test
    void dataTheModelRefusesLeavesNoOutFolder(@TempDir Path dir) throws IOException {
        int n = 4;
        writeFashionMnist(dir, 28, 20, new byte[n * 28 * 20], new byte[n]);
        Path out = dir.resolve("out");
        Output r = run("train", "--task", "fashion-mnist", "--method", "ace", "--data", dir.toString(), "--epochs",
                "1", "--quiet", "--out", out.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("square"), r.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void perTermTargetsReachTheTermsAndAreRecordedAndChecked(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        String[] flags = {"--epsilon", "0.01", "--epsilon-for", "reflection=0.05", "--epsilon-for",
                "gconv1.relaxation=linear:0.2->0.1"};
        Output r = run(concat(tiny("train", "--method", "ace-resilient", "--epochs", "1", "--out", out.toString()),
                flags));
        assertEquals(0, r.exitCode(), r.err());
        List<Map<String, Object>> steps = stepRecords(out);
        assertEquals(Map.of("output.rotation", 0.01, "output.reflection", 0.05, "lift.relaxation", 0.01,
                "gconv1.relaxation", 0.2, "gconv2.relaxation", 0.01), targets(steps.getFirst()));
        assertEquals(0.1, targets(steps.getLast()).get("gconv1.relaxation"), 0.0);
        Object recorded = Json.parseObject(Files.readString(out.resolve("config.json"))).get("method_settings");
        assertEquals(Map.of("reflection", "const:0.05", "gconv1.relaxation", "linear:0.2->0.1"),
                ((Map<?, ?>) recorded).get("epsilon_for"));

        Output other = run(concat(tiny("train", "--method", "ace-resilient", "--epochs", "2", "--resume", "--out",
                out.toString()), new String[] {"--epsilon", "0.01", "--epsilon-for", "reflection=0.04"}));
        assertEquals(1, other.exitCode());
        assertTrue(other.err().contains("other settings (method_settings.epsilon_for.reflection const:0.05 then,"
                + " const:0.04 now; method_settings.epsilon_for.gconv1.relaxation linear:0.2->0.1 then, not given"
                + " now)"),
                other.err());

        Path misspelt = dir.resolve("misspelt");
        Output typo = run(tiny("train", "--method", "ace-resilient", "--epochs", "1", "--epsilon-for",
                "reflexion=0.05", "--out", misspelt.toString()));
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().contains("--epsilon-for reflexion: method ace-resilient: the target epsilon for"
                + " 'reflexion' matches no term; select terms by name"
                + " (output.rotation, output.reflection, lift.relaxation, lift.free_l2, gconv1.relaxation,"
                + " gconv1.free_l2, gconv2.relaxation, gconv2.free_l2), by symmetry type (rotation, reflection, d4) or"
                + " by kind (deviation, relaxation, free_l2)"), typo.err());
        assertFalse(Files.exists(misspelt), "nothing written");
        // Named as given, with its method; the weights are named by their own flag.
        Output scoped = run(tiny("train", "--method", "ace-resilient", "--epochs", "1", "--epsilon-for",
                "ace-resilient:reflexion=0.05", "--out", misspelt.toString()));
        assertEquals(2, scoped.exitCode());
        assertTrue(scoped.err().contains("--epsilon-for ace-resilient:reflexion: method ace-resilient: the target"
                + " epsilon for 'reflexion' matches no term"), scoped.err());
        Output weight = run(tiny("train", "--method", "penalty", "--epochs", "1", "--weight-for", "penalty:reflexion=2",
                "--out", misspelt.toString()));
        assertEquals(2, weight.exitCode());
        assertTrue(weight.err().contains("--weight-for penalty:reflexion: method penalty: the weight for 'reflexion'"
                + " matches no term"), weight.err());
        assertFalse(Files.exists(misspelt), "nothing written");
    }

    /**
     * One compare runs ace with its homotopy to 0 beside ace-resilient with a target above 0 (before, a target that did
     * not end at 0 was refused for both, as ace needs one): each run gets and records its method's own.
     */
    @Test
    void compareGivesEachMethodItsOwnTargets(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("compare");
        String[] flags = {"--epsilon", "ace=cosine:0.05->0", "--epsilon", "ace-resilient=0.05", "--epsilon-for",
                "ace-resilient:reflection=0.02"};
        Output r = run(concat(tiny("compare", "--methods", "ace,ace-resilient", "--seeds", "1", "--epochs", "1",
                "--out", out.toString()), flags));
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Double> ace = targets(stepRecords(out.resolve("runs/ace-s0")).getFirst());
        assertEquals(Set.of(0.05), Set.copyOf(ace.values()), ace.toString());
        assertEquals(Map.of("output.rotation", 0.05, "output.reflection", 0.02, "lift.relaxation", 0.05,
                "gconv1.relaxation", 0.05, "gconv2.relaxation", 0.05),
                targets(stepRecords(out.resolve("runs/ace-resilient-s0")).getFirst()));
        Map<?, ?> recorded = (Map<?, ?>) Json.parseObject(Files.readString(
                out.resolve("runs/ace-resilient-s0/config.json"))).get("method_settings");
        assertEquals("const:0.05", recorded.get("epsilon"));
        assertEquals(Map.of("reflection", "const:0.02"), recorded.get("epsilon_for"));

        Output shared = run(concat(tiny("compare", "--methods", "ace,ace-resilient", "--seeds", "1", "--epochs", "1",
                "--out", dir.resolve("shared").toString()), new String[] {"--epsilon", "0.05"}));
        assertEquals(2, shared.exitCode());
        assertTrue(shared.err().contains("ace-resilient may keep one above 0 (give ace its own: --epsilon"
                + " ace=cosine:0.05->0)"), shared.err());
        Output sharedTerm = run(concat(tiny("compare", "--methods", "ace,ace-resilient", "--seeds", "1", "--epochs",
                "1", "--out", dir.resolve("shared").toString()), new String[] {"--epsilon-for", "reflection=0.05"}));
        assertEquals(2, sharedTerm.exitCode());
        assertTrue(sharedTerm.err().contains("--epsilon-for reflection=const:0.05 ends at 0.05, but ace's equality"
                + " constraints need a target that ends at 0 (e.g. cosine:0.05->0); ace-resilient may keep one above 0"
                + " (give ace its own: --epsilon-for ace:reflection=cosine:0.05->0)"), sharedTerm.err());
    }

    /** The step records of the run in {@code run}, in order. */
    private static List<Map<String, Object>> stepRecords(Path run) throws IOException {
        return MetricsLog.read(run.resolve("metrics.jsonl")).stream().filter(line -> "step".equals(line.get("type")))
                .toList();
    }

    @Test
    void forceWithSettingsTheTrainerRefusesKeepsThePreviousOutput(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, run(tiny("train", "--method", "ace", "--epochs", "1", "--out", run.toString())).exitCode());
        String metrics = Files.readString(run.resolve("metrics.jsonl"));
        Output refused = run(tiny("train", "--method", "ace", "--epochs", "1", "--force", "--epsilon-for",
                "reflexion=0", "--out", run.toString()));
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("'reflexion' matches no term"), refused.err());
        assertEquals(metrics, Files.readString(run.resolve("metrics.jsonl")));

        Path compare = dir.resolve("compare");
        String[] methods = {"compare", "--methods", "strict,ace", "--seeds", "1", "--epochs", "1"};
        assertEquals(0, run(concat(tiny(methods), new String[] {"--out", compare.toString()})).exitCode());
        String table = Files.readString(compare.resolve("compare.md"));
        Output refusedCompare = run(concat(tiny(methods), new String[] {"--force", "--epsilon-for", "reflexion=0",
                "--out", compare.toString()}));
        assertEquals(2, refusedCompare.exitCode());
        assertEquals(table, Files.readString(compare.resolve("compare.md")));
        assertTrue(Files.exists(compare.resolve("runs/ace-s0/metrics.jsonl")));
    }

    @Test
    void evalAndPredictOfACompareFolderNameItsRuns(@TempDir Path dir) throws IOException {
        Path compare = dir.resolve("compare");
        assertEquals(0, run(tiny("compare", "--methods", "strict,ace", "--seeds", "3", "--epochs", "1", "--out",
                compare.toString())).exitCode());
        Path runs = compare.resolve("runs");
        String refused = "jace: " + compare + " holds a compare; give one of its runs: " + runs.resolve("ace-s0")
                + ", " + runs.resolve("ace-s1") + ", " + runs.resolve("ace-s2") + ", " + runs.resolve("strict-s0")
                + ", ... (6 runs)" + System.lineSeparator();
        Output eval = run("eval", "--model", compare.toString());
        assertEquals(1, eval.exitCode());
        assertEquals(refused, eval.err());
        Path in = dir.resolve("x.npy");
        Npy.write(in, new FloatArray(Shape.of(1, 1, 9, 9), new float[81]));
        Output predict = run("predict", "--model", compare.toString(), "--input", in.toString(), "--output",
                dir.resolve("y.npy").toString());
        assertEquals(1, predict.exitCode());
        assertEquals(refused, predict.err());
        Output named = run("eval", "--model", runs.resolve("ace-s0").toString());
        assertEquals(0, named.exitCode(), named.err());
        FileTrees.delete(runs.resolve("strict-s1"));
        FileTrees.delete(runs.resolve("strict-s2"));
        // A folder of the user's in runs/ (no run, not named METHOD-sSEED) is none of the compare's runs.
        Files.writeString(Files.createDirectory(runs.resolve("Notes")).resolve("todo.txt"), "rerun\n");
        Output four = run("eval", "--model", compare.toString());
        assertEquals("jace: " + compare + " holds a compare; give one of its runs: " + runs.resolve("ace-s0") + ", "
                + runs.resolve("ace-s1") + ", " + runs.resolve("ace-s2") + ", " + runs.resolve("strict-s0")
                + System.lineSeparator(), four.err());
    }

    private static Map<String, Double> targets(Map<String, Object> step) {
        Map<String, Double> targets = new LinkedHashMap<>();
        ((Map<?, ?>) step.get("terms")).forEach((name, term) ->
                targets.put((String) name, ((Number) ((Map<?, ?>) term).get("epsilon")).doubleValue()));
        return targets;
    }

    @Test
    void aSelectorThatPicksNoTermOfTheMethodIsNamedAsChangingNothing(@TempDir Path dir) {
        Output r = run(tiny("train", "--method", "rpp", "--epochs", "1", "--weight-for", "output.rotation=100",
                "--weight-for", "free_l2=0.01", "--out", dir.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("jace: --weight-for output.rotation picks no term of rpp, so it changes nothing"
                + " (terms: lift.free_l2, gconv1.free_l2, gconv2.free_l2)"), r.err());
        assertFalse(r.err().contains("--weight-for free_l2"), r.err());
        Output ace = run(tiny("train", "--method", "ace", "--epochs", "1", "--epsilon-for", "free_l2=0",
                "--epsilon-for", "output.rotation=0", "--out", dir.resolve("ace").toString()));
        assertEquals(0, ace.exitCode(), ace.err());
        assertEquals("jace: --epsilon-for free_l2 picks no term of ace, so it changes nothing (terms: output.rotation,"
                + " output.reflection, lift.relaxation, gconv1.relaxation, gconv2.relaxation)"
                + System.lineSeparator(), ace.err());
    }

    /**
     * Two steps (16 samples in batches of 8, one epoch): with --dual-every 2 the only dual step follows the last primal
     * step, so both train with the multipliers where they start, as with --dual-every 3, which takes none.
     */
    @Test
    void aDualPeriodThatNoPrimalStepFollowsIsNamed(@TempDir Path dir) throws IOException {
        Output train = run(tiny("train", "--method", "ace", "--epochs", "1", "--dual-every", "2", "--out",
                dir.resolve("train").toString()));
        assertEquals(0, train.exitCode(), train.err());
        assertEquals("jace: --dual-every 2 is at least the 2 steps of the run, so ace takes no dual step before its"
                + " last primal step: its primal steps all use the starting multipliers (slacks, softreg strengths),"
                + " whatever it reports at the end; give at most 1" + System.lineSeparator(), train.err());
        List<String> steps = Files.readAllLines(dir.resolve("train").resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"step\"")).toList();
        assertEquals(2, steps.size());
        assertTrue(steps.getFirst().contains("\"output.rotation\":{\"multiplier\":0.0,"), steps.getFirst());
        assertFalse(steps.getLast().contains("\"output.rotation\":{\"multiplier\":0.0,"), "its dual step, after"
                + " the last primal one: " + steps.getLast());

        Output compare = run(tiny("compare", "--methods", "strict,softreg,ace", "--seeds", "1", "--epochs", "1",
                "--dual-every", "3", "--out", dir.resolve("compare").toString()));
        assertEquals(0, compare.exitCode(), compare.err());
        assertEquals("jace: --dual-every 3 is at least the 2 steps of a run, so softreg, ace take no dual step before"
                + " their last primal step: their primal steps all use the starting multipliers (slacks, softreg"
                + " strengths), whatever they report at the end; give at most 1" + System.lineSeparator(),
                compare.err());
        Output enough = run(tiny("train", "--method", "ace", "--epochs", "1", "--dual-every", "1", "--out",
                dir.resolve("enough").toString()));
        assertEquals("", enough.err());
    }

    @Test
    void trainAndCompareNameTheFlagsTheirMethodsIgnoreAndSelectorsThatPickNoTerm(@TempDir Path dir) {
        Output train = run(tiny("train", "--method", "ace", "--epochs", "1", "--slack-cost", "2", "--out",
                dir.resolve("train").toString()));
        assertEquals(0, train.exitCode(), train.err());
        assertEquals("jace: --slack-cost is read by ace-resilient only; ace ignores it" + System.lineSeparator(),
                train.err());
        Output compare = run(tiny("compare", "--methods", "strict,ace", "--seeds", "1", "--epochs", "1",
                "--slack-cost", "2", "--epsilon-for", "output.rotation=0", "--epsilon-for", "free_l2=0", "--out",
                dir.resolve("compare").toString()));
        assertEquals(0, compare.exitCode(), compare.err());
        assertEquals(List.of("jace: --slack-cost is read by ace-resilient only; strict, ace ignore it",
                "jace: --epsilon-for free_l2 picks no term of ace, so it changes nothing (terms: output.rotation,"
                        + " output.reflection, lift.relaxation, gconv1.relaxation, gconv2.relaxation)"),
                compare.err().lines().toList());
    }

    @Test
    void compareResumeRefusesAChangedFlagBeforeAnyRunTrains(@TempDir Path dir) throws IOException {
        String[] compare = {"compare", "--methods", "penalty,ace-resilient", "--seeds", "1", "--out", dir.toString()};
        assertEquals(0, run(concat(tiny(compare), new String[] {"--epochs", "1", "--slack-cost", "2"})).exitCode());
        String penaltyMetrics = Files.readString(dir.resolve("runs/penalty-s0/metrics.jsonl"));
        Output changed = run(concat(tiny(compare), new String[] {"--epochs", "2", "--slack-cost", "3", "--resume"}));
        assertEquals(1, changed.exitCode());
        assertTrue(changed.err().contains("cannot resume " + dir.resolve("runs/ace-resilient-s0") + ": it was started"
                + " with other settings (method_settings.slack_cost 2.0 then, 3.0 now)"), changed.err());
        assertEquals(penaltyMetrics, Files.readString(dir.resolve("runs/penalty-s0/metrics.jsonl")));

        Output longer = run(concat(tiny(compare), new String[] {"--epochs", "2", "--slack-cost", "2", "--resume"}));
        assertEquals(0, longer.exitCode(), longer.err());
        assertTrue(longer.err().contains("jace: resuming 2 of the compare's runs for 2 epochs (started for 1): the"
                + " learning rate's decay and the method's schedules are stretched over the new length"),
                longer.err());
    }
}
