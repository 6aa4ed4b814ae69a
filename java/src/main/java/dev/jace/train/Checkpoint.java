package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.constraint.PrimalDualLoop;
import dev.jace.io.AtomicFiles;
import dev.jace.io.FileFormatException;
import dev.jace.io.Json;
import dev.jace.io.NamedTensor;
import dev.jace.io.Safetensors;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Tensor;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A trainer checkpoint directory, written at an epoch boundary:
 * <ul>
 *   <li>{@code model-a.safetensors} or {@code model-b.safetensors}: every parameter under its registry name and every
 *       buffer under its model name;</li>
 *   <li>{@code optimizer-a.safetensors} or {@code optimizer-b.safetensors}: the optimiser's state tensors
 *       ("name.velocity" or "name.m"/"name.v");</li>
 *   <li>{@code state.json}: the two tensor files above, method, seed, batch size, training samples, completed epochs,
 *       steps, optimiser update count, the seconds trained so far (over every process that resumed the run) and the
 *       constraint state ({@link PrimalDualLoop#saveState()}; NaN and infinities as strings). The batch order of an
 *       epoch depends only on (seed, epoch), so this is the whole random state.</li>
 * </ul>
 * A save writes the tensors to the pair of files the current state.json does not name, then state.json (each file
 * atomically), then deletes the other pair and what earlier saves stopped mid-write left: a save cut short anywhere,
 * by SIGTERM or a full disk, leaves the previous checkpoint whole, never new weights beside old counts (a save that
 * fails deletes the tensor files it wrote, so a full disk is not kept full by them). The first save,
 * where the folder does not exist yet, is written beside it and moved in whole, so a folder with tensor files but no
 * state.json has lost its state rather than never had one. A checkpoint
 * written before jace named its tensor files in state.json has them as {@code model.safetensors} and
 * {@code optimizer.safetensors}. Loading reads and checks everything before it changes anything.
 */
final class Checkpoint {

    static final String STATE = "state.json";

    /** A model file and the optimiser file saved with it. */
    record TensorFiles(String model, String optimizer) {
        static final TensorFiles A = new TensorFiles("model-a.safetensors", "optimizer-a.safetensors");
        static final TensorFiles B = new TensorFiles("model-b.safetensors", "optimizer-b.safetensors");
        /** The files of a checkpoint written before jace named them in state.json. */
        static final TensorFiles UNNAMED = new TensorFiles("model.safetensors", "optimizer.safetensors");
        static final List<TensorFiles> ALL = List.of(A, B, UNNAMED);
    }

    /**
     * The scalar part of a checkpoint; {@code batchSize} and {@code trainSamples} are 0 in a checkpoint written before
     * jace recorded them.
     */
    record State(String method, long seed, int batchSize, int trainSamples, int epoch, long step, int optimizerSteps,
                 double elapsedSeconds, Map<String, Map<String, Double>> constraints) {
    }

    /** Every file name a save may write: state.json and the tensor files of either pair (or an older jace's). */
    private static final List<String> SAVED_NAMES = Stream.concat(Stream.of(STATE),
            TensorFiles.ALL.stream().flatMap(f -> Stream.of(f.model(), f.optimizer()))).toList();

    private Checkpoint() {
    }

    /**
     * Writes {@code weights} (the model's tensors on the host, as {@link ModelWeights} names them, in a file naming the
     * model's {@code group} as ModelWeights' do) and the rest. Where
     * {@code dir} does not exist yet, the checkpoint is written whole in {@link #staging} and moved there, so that a
     * folder of tensor files without a state.json always means a state that was lost, never a first save cut short.
     * A first save that fails removes the staging folder (best effort; the next first save replaces what a kill left
     * there). An existing folder (or a link to one) is written in place.
     */
    static void save(Path dir, String group, List<NamedTensor> weights, Backend backend, Optimizer optimizer,
                     State state) throws IOException {
        if (!Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
            write(dir, group, weights, backend, optimizer, state);
            return;
        }
        deleteStaging(dir);
        Path staging = staging(dir);
        try {
            write(staging, group, weights, backend, optimizer, state);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                deleteStaging(dir);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        AtomicFiles.forceDirectory(dir.toAbsolutePath().getParent());
    }

    /** Where the first checkpoint of {@code dir} is written before it is moved there: beside it, hidden. */
    static Path staging(Path dir) {
        return dir.resolveSibling("." + dir.getFileName() + ".new");
    }

    /**
     * Deletes a staging folder that a first save cut short left. It may hold only the files a save writes (and their
     * temporary files); anything else means the folder is not jace's, and it is refused, not deleted.
     */
    private static void deleteStaging(Path dir) throws IOException {
        Path staging = staging(dir);
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> entries;
        try (Stream<Path> listed = Files.list(staging)) {
            entries = listed.toList();
        }
        for (Path entry : entries) {
            if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) || !isWrittenBySave(entry.getFileName()
                    .toString())) {
                throw new IOException(staging + " holds " + entry.getFileName() + ", which no checkpoint save writes;"
                        + " that folder is where the first checkpoint of " + dir + " is written: move it away");
            }
        }
        for (Path entry : entries) {
            Files.delete(entry);
        }
        Files.delete(staging);
    }

    /** A file name a save writes: state.json, a tensor file, or the temporary file of one. */
    private static boolean isWrittenBySave(String name) {
        return SAVED_NAMES.contains(name) || AtomicFiles.isLeftover(name, SAVED_NAMES);
    }

    private static void write(Path dir, String group, List<NamedTensor> weights, Backend backend, Optimizer optimizer,
                              State state) throws IOException {
        Files.createDirectories(dir);
        TensorFiles files = TensorFiles.A.equals(namedInState(dir)) ? TensorFiles.B : TensorFiles.A;
        try {
            writeFiles(dir, files, group, weights, backend, optimizer, state);
        } catch (IOException | RuntimeException e) {
            deleteUnnamed(dir, files, e);
            throw e;
        }
        for (TensorFiles other : TensorFiles.ALL) {
            if (!other.equals(files)) {
                Files.deleteIfExists(dir.resolve(other.model()));
                Files.deleteIfExists(dir.resolve(other.optimizer()));
            }
        }
        AtomicFiles.deleteLeftovers(dir, SAVED_NAMES);
    }

    /**
     * Deletes what a failed save wrote of {@code files}, unless state.json names them: a full disk stays full with a
     * model file that no checkpoint uses. Best effort: what cannot be deleted is added to {@code failure}.
     */
    private static void deleteUnnamed(Path dir, TensorFiles files, Exception failure) {
        if (files.equals(namedInState(dir))) {
            return;
        }
        for (String name : List.of(files.model(), files.optimizer())) {
            Path file = dir.resolve(name);
            try {
                if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static void writeFiles(Path dir, TensorFiles files, String group, List<NamedTensor> weights,
                                   Backend backend, Optimizer optimizer, State state) throws IOException {
        Safetensors.write(dir.resolve(files.model()), weights, Map.of(ModelWeights.GROUP, group));
        List<NamedTensor> moments = new ArrayList<>();
        optimizer.state().forEach((name, t) -> moments.add(ModelWeights.named(backend, name, t)));
        Safetensors.write(dir.resolve(files.optimizer()), moments, Map.of());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("modelFile", files.model());
        json.put("optimizerFile", files.optimizer());
        json.put("method", state.method());
        json.put("seed", state.seed());
        json.put("batchSize", state.batchSize());
        json.put("trainSamples", state.trainSamples());
        json.put("epoch", state.epoch());
        json.put("step", state.step());
        json.put("optimizerSteps", state.optimizerSteps());
        json.put("elapsedSeconds", state.elapsedSeconds());
        Map<String, Object> constraints = new LinkedHashMap<>();
        state.constraints().forEach((term, values) -> {
            Map<String, Object> encoded = new LinkedHashMap<>();
            values.forEach((k, v) -> encoded.put(k, Double.isFinite(v) ? v : (Object) Double.toString(v)));
            constraints.put(term, encoded);
        });
        json.put("constraints", constraints);
        AtomicFiles.writeString(dir.resolve(STATE), Json.writePretty(json));
    }

    /** The tensor files the state.json in {@code dir} names; null if there is none or it cannot be read. */
    private static TensorFiles namedInState(Path dir) {
        Path stateFile = dir.resolve(STATE);
        try {
            return Files.exists(stateFile) ? tensorFiles(stateFile, parse(stateFile)) : null;
        } catch (IOException e) {
            return null; // a broken state.json names nothing that must be kept; this save replaces it
        }
    }

    private static Map<String, Object> parse(Path stateFile) throws IOException {
        try {
            return Json.parseObject(Files.readString(stateFile));
        } catch (CharacterCodingException e) {
            throw new FileFormatException(stateFile, "not a jace checkpoint state (not UTF-8 text)", e);
        } catch (RuntimeException e) {
            throw new FileFormatException(stateFile, "not a jace checkpoint state (" + e.getMessage() + ")", e);
        }
    }

    /** The files state.json names, or {@link TensorFiles#UNNAMED} if it names none; others are refused. */
    private static TensorFiles tensorFiles(Path stateFile, Map<String, Object> json) throws FileFormatException {
        if (!json.containsKey("modelFile") && !json.containsKey("optimizerFile")) {
            return TensorFiles.UNNAMED;
        }
        for (TensorFiles files : List.of(TensorFiles.A, TensorFiles.B)) {
            if (files.model().equals(json.get("modelFile")) && files.optimizer().equals(json.get("optimizerFile"))) {
                return files;
            }
        }
        throw new FileFormatException(stateFile, "names tensor files modelFile=" + json.get("modelFile")
                + ", optimizerFile=" + json.get("optimizerFile") + "; jace writes " + TensorFiles.A.model() + " with "
                + TensorFiles.A.optimizer() + ", or " + TensorFiles.B.model() + " with " + TensorFiles.B.optimizer()
                + "; not a jace checkpoint state");
    }

    /** What state.json holds: the state and the tensor files saved with it. */
    record Saved(State state, TensorFiles files) {
    }

    /** Reads {@code state.json}; a missing or mistyped field is a {@link FileFormatException} naming it. */
    static Saved read(Path dir) throws IOException {
        Path stateFile = dir.resolve(STATE);
        Map<String, Object> json = parse(stateFile);
        Map<String, Map<String, Double>> constraints = new LinkedHashMap<>();
        if (!(json.get("constraints") instanceof Map<?, ?> terms)) {
            throw new FileFormatException(stateFile, "has no 'constraints' object; not a jace checkpoint state");
        }
        for (Map.Entry<?, ?> term : terms.entrySet()) {
            if (!(term.getValue() instanceof Map<?, ?> values)) {
                throw new FileFormatException(stateFile, "constraint '" + term.getKey() + "' is not an object");
            }
            Map<String, Double> decoded = new LinkedHashMap<>();
            for (Map.Entry<?, ?> value : values.entrySet()) {
                decoded.put((String) value.getKey(), decode(stateFile, term.getKey() + "." + value.getKey(),
                        value.getValue()));
            }
            constraints.put((String) term.getKey(), decoded);
        }
        if (!(json.get("method") instanceof String method)) {
            throw new FileFormatException(stateFile, "has no 'method' string; not a jace checkpoint state");
        }
        State state = new State(method, whole(stateFile, json, "seed", Long.MAX_VALUE),
                (int) whole(stateFile, optional(stateFile, json, "batchSize"), "batchSize", Integer.MAX_VALUE),
                (int) whole(stateFile, optional(stateFile, json, "trainSamples"), "trainSamples", Integer.MAX_VALUE),
                (int) whole(stateFile, json, "epoch", Integer.MAX_VALUE),
                whole(stateFile, json, "step", Long.MAX_VALUE),
                (int) whole(stateFile, json, "optimizerSteps", Integer.MAX_VALUE),
                optional(stateFile, json, "elapsedSeconds").doubleValue(), constraints);
        if (state.epoch() < 0 || state.step() < 0 || state.optimizerSteps() < 0 || state.batchSize() < 0
                || state.trainSamples() < 0 || !(state.elapsedSeconds() >= 0)) {
            throw new FileFormatException(stateFile, "has a negative count or time (epoch " + state.epoch() + ", step "
                    + state.step() + ", optimizerSteps " + state.optimizerSteps() + ", batchSize " + state.batchSize()
                    + ", trainSamples " + state.trainSamples() + ", elapsedSeconds " + state.elapsedSeconds() + ")");
        }
        return new Saved(state, tensorFiles(stateFile, json));
    }

    /**
     * Checks that the checkpoint holds every tensor of the model and the optimiser with its shape, reading both files
     * state.json names ({@code files}) whole, and returns the copy into them, so that a checkpoint that does not fit
     * changes nothing.
     */
    static Runnable readTensors(Path dir, TensorFiles files, Backend backend, Sequential model, Optimizer optimizer)
            throws IOException {
        Path modelFile = dir.resolve(files.model());
        Path optimizerFile = dir.resolve(files.optimizer());
        Safetensors.Contents modelContents = Safetensors.read(modelFile);
        ModelWeights.requireGroup(modelFile, modelContents.metadata(), model);
        Map<String, NamedTensor> weights = modelContents.tensors();
        Map<String, NamedTensor> moments = Safetensors.read(optimizerFile).tensors();
        Map<Tensor, NamedTensor> copies = new LinkedHashMap<>(ModelWeights.copies(modelFile, weights, model));
        for (Map.Entry<String, Tensor> e : optimizer.state().entrySet()) {
            copies.put(e.getValue(), SavedTensors.requireState(optimizerFile, moments, e.getKey(), e.getValue()));
        }
        return () -> copies.forEach((target, saved) -> SavedTensors.upload(backend, saved, target));
    }

    private static double decode(Path file, String name, Object value) throws FileFormatException {
        try {
            return value instanceof String text ? Double.parseDouble(text) : ((Number) value).doubleValue();
        } catch (RuntimeException e) {
            throw new FileFormatException(file, "constraint value '" + name + "' is " + value + ", not a number", e);
        }
    }

    private static Number number(Path file, Map<String, Object> json, String field) throws FileFormatException {
        if (!(json.get(field) instanceof Number n)) {
            throw new FileFormatException(file, "field '" + field + "' is " + (json.containsKey(field)
                    ? Json.write(json.get(field)) + ", not a number" : "missing") + "; not a jace checkpoint state");
        }
        return n;
    }

    /** 0 for a field a checkpoint written by an earlier jace lacks; one that is there must be a number. */
    private static Number optional(Path file, Map<String, Object> json, String field) throws FileFormatException {
        return json.containsKey(field) ? number(file, json, field) : 0L;
    }

    /**
     * The count or seed {@code field}, a JSON integer within [-max - 1, max]: a fraction or a wider value would be
     * narrowed to another count without a word.
     */
    private static long whole(Path file, Map<String, Object> json, String field, long max) throws FileFormatException {
        return whole(file, number(file, json, field), field, max);
    }

    private static long whole(Path file, Number n, String field, long max) throws FileFormatException {
        if (!(n instanceof Long l) || l > max || l < -max - 1) {
            throw new FileFormatException(file, "field '" + field + "' is " + n + ", not a whole number"
                    + (max == Integer.MAX_VALUE ? " up to " + max : "") + "; not a jace checkpoint state");
        }
        return l;
    }
}
