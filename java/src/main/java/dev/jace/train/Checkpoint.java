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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trainer checkpoint directory, written at an epoch boundary:
 * <ul>
 *   <li>{@code model.safetensors}: every parameter under its registry name and every buffer under its model name;</li>
 *   <li>{@code optimizer.safetensors}: the optimiser's state tensors ("name.velocity" or "name.m"/"name.v");</li>
 *   <li>{@code state.json}: method, seed, batch size, training samples, completed epochs, steps, optimiser update
 *       count, the seconds trained so far (over every process that resumed the run) and the constraint state
 *       ({@link PrimalDualLoop#saveState()}; NaN and infinities as strings). The batch order of an epoch depends only
 *       on (seed, epoch), so this is the whole random state.</li>
 * </ul>
 * Each file is written atomically, state.json last. Loading reads and checks everything before it changes anything.
 */
final class Checkpoint {

    static final String MODEL = "model.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String STATE = "state.json";

    /**
     * The scalar part of a checkpoint; {@code batchSize} and {@code trainSamples} are 0 in a checkpoint written before
     * jace recorded them.
     */
    record State(String method, long seed, int batchSize, int trainSamples, int epoch, long step, int optimizerSteps,
                 double elapsedSeconds, Map<String, Map<String, Double>> constraints) {
    }

    private Checkpoint() {
    }

    static void save(Path dir, Backend backend, Sequential model, Optimizer optimizer, State state) throws IOException {
        Files.createDirectories(dir);
        ModelWeights.save(dir.resolve(MODEL), backend, model);
        List<NamedTensor> moments = new ArrayList<>();
        optimizer.state().forEach((name, t) -> moments.add(ModelWeights.named(backend, name, t)));
        Safetensors.write(dir.resolve(OPTIMIZER), moments, Map.of());
        Map<String, Object> json = new LinkedHashMap<>();
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

    /** Reads {@code state.json}; a missing or mistyped field is a {@link FileFormatException} naming it. */
    static State readState(Path dir) throws IOException {
        Path stateFile = dir.resolve(STATE);
        Map<String, Object> json;
        try {
            json = Json.parseObject(Files.readString(stateFile));
        } catch (RuntimeException e) {
            throw new FileFormatException(stateFile, "not a jace checkpoint state (" + e.getMessage() + ")", e);
        }
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
        State state = new State(method, number(stateFile, json, "seed").longValue(),
                optional(json, "batchSize").intValue(), optional(json, "trainSamples").intValue(),
                number(stateFile, json, "epoch").intValue(), number(stateFile, json, "step").longValue(),
                number(stateFile, json, "optimizerSteps").intValue(), optional(json, "elapsedSeconds").doubleValue(),
                constraints);
        if (state.epoch() < 0 || state.step() < 0 || state.optimizerSteps() < 0 || state.batchSize() < 0
                || state.trainSamples() < 0 || !(state.elapsedSeconds() >= 0)) {
            throw new FileFormatException(stateFile, "has a negative count or time (epoch " + state.epoch() + ", step "
                    + state.step() + ", optimizerSteps " + state.optimizerSteps() + ", batchSize " + state.batchSize()
                    + ", trainSamples " + state.trainSamples() + ", elapsedSeconds " + state.elapsedSeconds() + ")");
        }
        return state;
    }

    /**
     * Checks that the checkpoint holds every tensor of the model and the optimiser with its shape, reading both files
     * whole, and returns the copy into them, so that a checkpoint that does not fit changes nothing.
     */
    static Runnable readTensors(Path dir, Backend backend, Sequential model, Optimizer optimizer) throws IOException {
        Path modelFile = dir.resolve(MODEL);
        Path optimizerFile = dir.resolve(OPTIMIZER);
        Map<String, NamedTensor> weights = Safetensors.read(modelFile).tensors();
        Map<String, NamedTensor> moments = Safetensors.read(optimizerFile).tensors();
        Map<Tensor, NamedTensor> copies = new LinkedHashMap<>(ModelWeights.copies(modelFile, weights, model));
        for (Map.Entry<String, Tensor> e : optimizer.state().entrySet()) {
            copies.put(e.getValue(), SavedTensors.require(optimizerFile, moments, e.getKey(), e.getValue()));
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
                    ? json.get(field) + ", not a number" : "missing") + "; not a jace checkpoint state");
        }
        return n;
    }

    /** 0 for a field a checkpoint written by an earlier jace lacks. */
    private static Number optional(Map<String, Object> json, String field) {
        return json.get(field) instanceof Number n ? n : 0;
    }
}
