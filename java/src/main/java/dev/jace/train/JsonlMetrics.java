package dev.jace.train;

import dev.jace.constraint.ConstraintState;
import dev.jace.io.FileFormatException;
import dev.jace.io.MetricsLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes step and epoch records to a {@code metrics.jsonl} file, one JSON object per line with {@code "type"} "step"
 * or "epoch", and a run that diverged ends with a "diverged" record (its step, epoch and loss); non-finite numbers are
 * written as strings ("NaN", "Infinity") since JSON has no spelling for them.
 */
public final class JsonlMetrics implements Metrics.Listener, AutoCloseable {

    /** The "type" of the record that ends a run that diverged. */
    public static final String DIVERGED = "diverged";

    private final MetricsLog log;

    /**
     * Appends to {@code file} (created if missing; a torn last line is dropped): a new log needs a new or removed
     * file, and a resumed run {@link #resumed}.
     */
    public JsonlMetrics(Path file) throws IOException {
        this.log = MetricsLog.open(file);
    }

    /**
     * Opens {@code file} for a trainer restored from a checkpoint at {@code step} and {@code epoch} (its
     * {@link Trainer#step()} and {@link Trainer#epoch()}), first dropping the records it will write again: those of
     * steps from {@code step} on and of epochs from {@code epoch} on, which the stopped run wrote after its
     * checkpoint, and a divergence after the checkpoint, which the resumed run meets again or not. The file is
     * replaced atomically, so a crash meanwhile keeps every record it had.
     */
    public static JsonlMetrics resumed(Path file, long step, int epoch) throws IOException {
        if (Files.exists(file)) {
            try {
                MetricsLog.retain(file, r -> !(("step".equals(r.get("type")) || DIVERGED.equals(r.get("type")))
                        && index(r, "step") >= step || "epoch".equals(r.get("type")) && index(r, "epoch") >= epoch));
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(file, e.getMessage(), e);
            }
        }
        return new JsonlMetrics(file);
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
