package dev.jace.train;

import dev.jace.constraint.ConstraintState;
import dev.jace.io.FileFormatException;
import dev.jace.io.MetricsLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes step and epoch records to a {@code metrics.jsonl} file, one JSON object per line with {@code "type"} "step"
 * or "epoch", and a run that diverged ends with a "diverged" record (its step and epoch, and its loss or the model
 * tensor that held a non-finite value and that value); non-finite numbers are
 * written as strings ("NaN", "Infinity") since JSON has no spelling for them.
 */
public final class JsonlMetrics implements Metrics.Listener, AutoCloseable {

    /** The "type" of the record that ends a run that diverged. */
    public static final String DIVERGED = "diverged";

    private final MetricsLog log;
    private final Optional<Lost> lost;

    /**
     * Appends to {@code file} (created if missing; a torn last line is dropped): a new log needs a new or removed
     * file, and a resumed run {@link #resumed}.
     */
    public JsonlMetrics(Path file) throws IOException {
        this(file, Optional.empty());
    }

    private JsonlMetrics(Path file, Optional<Lost> lost) throws IOException {
        this.log = MetricsLog.open(file);
        this.lost = lost;
    }

    /**
     * Opens {@code file} for a trainer restored from a checkpoint at {@code step} and {@code epoch} (its
     * {@link Trainer#step()} and {@link Trainer#epoch()}), first dropping the records it will write again: those of
     * steps from {@code step} on and of epochs from {@code epoch} on, which the stopped run wrote after its
     * checkpoint, and a divergence after the checkpoint, which the resumed run meets again or not. The file is
     * replaced atomically, so a crash meanwhile keeps every record it had. {@link #lost} then says whether records
     * before the checkpoint are missing.
     */
    public static JsonlMetrics resumed(Path file, long step, int epoch) throws IOException {
        long[] last = {-1, -1};
        if (Files.exists(file)) {
            try {
                MetricsLog.retain(file, r -> {
                    boolean steps = "step".equals(r.get("type"));
                    boolean epochs = "epoch".equals(r.get("type"));
                    if (steps && index(r, "step") < step || epochs && index(r, "epoch") < epoch) {
                        int i = steps ? 0 : 1;
                        last[i] = Math.max(last[i], index(r, steps ? "step" : "epoch"));
                        return true;
                    }
                    return !(steps || epochs || DIVERGED.equals(r.get("type")) && index(r, "step") >= step);
                });
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(file, e.getMessage(), e);
            }
        }
        Optional<Lost> lost = last[0] < step - 1 || last[1] < epoch - 1
                ? Optional.of(new Lost(last[0] + 1, step, last[1] + 1, epoch)) : Optional.empty();
        return new JsonlMetrics(file, lost);
    }

    /**
     * Reads {@code file} (if there is one) as {@link #resumed} would, changing nothing: a record it would refuse is
     * the same {@link FileFormatException}, so that a caller resuming several runs can check each log first.
     */
    public static void requireResumable(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try {
            MetricsLog.forEach(file, r -> {
                if ("step".equals(r.get("type")) || DIVERGED.equals(r.get("type"))) {
                    index(r, "step");
                } else if ("epoch".equals(r.get("type"))) {
                    index(r, "epoch");
                }
            });
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, e.getMessage(), e);
        }
    }

    /**
     * The tail a resumed log lacks before its checkpoint: its records stop before step {@code fromStep} and epoch
     * {@code fromEpoch}, and the checkpoint comes after {@code steps} steps and {@code epochs} epochs. A machine that
     * crashed may lose lines the operating system had not yet stored (the log is forced to storage at each epoch's
     * end, before that epoch's checkpoint, so a log written so is not behind its checkpoint). Records missing between
     * others (lost before an earlier resume) are not counted again.
     */
    public record Lost(long fromStep, long steps, long fromEpoch, long epochs) {
        public String describe(Path file) {
            List<String> missing = new ArrayList<>();
            range("step", fromStep, steps).ifPresent(missing::add);
            range("epoch", fromEpoch, epochs).ifPresent(missing::add);
            return file + " lacks the records of " + String.join(" and ", missing) + ", before the checkpoint the run"
                    + " resumes from (lost with a crash before they reached the disk, or removed); the run goes on,"
                    + " and its curves and summary lack them";
        }

        private static Optional<String> range(String what, long from, long end) {
            return from >= end ? Optional.empty()
                    : Optional.of(from == end - 1 ? what + " " + from : what + "s " + from + " to " + (end - 1));
        }
    }

    /** For a log opened by {@link #resumed}: the records it lacks before the checkpoint, if any. */
    public Optional<Lost> lost() {
        return lost;
    }

    /**
     * How the run that wrote {@code file} diverged, when its last record says it did; empty when that is another
     * record or there is none. The last record alone is read.
     */
    public static Optional<Metrics.Diverged> divergence(Path file) throws IOException {
        Optional<Map<String, Object>> last = MetricsLog.last(file);
        if (last.isEmpty() || !DIVERGED.equals(last.get().get("type"))) {
            return Optional.empty();
        }
        Map<String, Object> r = last.get();
        try {
            Optional<String> tensor = switch (r.get("tensor")) {
                case null -> Optional.empty();
                case String name -> Optional.of(name);
                default -> throw new IllegalArgumentException("a diverged record whose tensor is not a name: " + r);
            };
            String valueField = tensor.isPresent() ? "value" : "loss";
            return Optional.of(new Metrics.Diverged(index(r, "step"), Math.toIntExact(index(r, "epoch")), tensor,
                    switch (r.get(valueField)) {
                        case Number n -> n.doubleValue();
                        case String s -> Double.parseDouble(s);
                        case null, default -> throw new IllegalArgumentException("a diverged record without a "
                                + valueField + ": " + r);
                    }));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new FileFormatException(file, "last line: " + e.getMessage(), e);
        }
    }

    private static long index(Map<String, Object> record, String field) {
        if (!(record.get(field) instanceof Number n)) {
            throw new IllegalArgumentException("a " + record.get("type") + " record without a numeric '" + field
                    + "': " + record);
        }
        return n.longValue();
    }

    @Override
    public void onStep(Metrics.Step s) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "step");
        line.put("step", s.step());
        line.put("epoch", s.epoch());
        line.put("lr", number(s.lr()));
        line.put("loss", number(s.loss()));
        line.put("metric", number(s.metric()));
        line.put("penalty", number(s.penalty()));
        line.put("terms", terms(s.terms()));
        line.put("relaxation", numbers(s.relaxation()));
        append(line);
    }

    @Override
    public void onEpoch(Metrics.Epoch e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "epoch");
        line.put("epoch", e.epoch());
        line.put("steps", e.steps());
        line.put("train_loss", number(e.trainLoss()));
        line.put("train_metric", number(e.trainMetric()));
        line.put("test_loss", number(e.test().loss()));
        line.put("test_metric", number(e.test().metric()));
        line.put("test_deviation", numbers(e.test().deviation()));
        line.put("terms", terms(e.terms()));
        line.put("relaxation", numbers(e.relaxation()));
        append(line);
        // The trainer writes its checkpoint after this record: stored first, the log is never behind it.
        try {
            log.force();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void onDiverged(Metrics.Diverged d) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", DIVERGED);
        line.put("step", d.step());
        line.put("epoch", d.epoch());
        d.tensor().ifPresentOrElse(name -> {
            line.put("tensor", name);
            line.put("value", number(d.value()));
        }, () -> line.put("loss", number(d.value())));
        append(line);
    }

    private void append(Map<String, Object> line) {
        try {
            log.append(line);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // names the file
        }
    }

    private static Object number(double v) {
        return Double.isFinite(v) ? v : Double.toString(v);
    }

    private static Map<String, Object> numbers(Map<String, Double> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, number(v)));
        return out;
    }

    private static Map<String, Object> terms(Map<String, ConstraintState> terms) {
        Map<String, Object> out = new LinkedHashMap<>();
        terms.forEach((name, state) -> out.put(name, numbers(state.toMap())));
        return out;
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
