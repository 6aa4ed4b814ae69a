package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.constraint.PrimalDualLoop;
import dev.jace.io.AtomicFiles;
import dev.jace.io.FileFormatException;
import dev.jace.io.Json;
import dev.jace.io.NamedTensor;
import dev.jace.io.Safetensors;
import dev.jace.nn.ParameterRegistry;
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
 *   <li>{@code state.json}: method, seed, completed epochs, steps, optimiser update count, the seconds trained so far
 *       (over every process that resumed the run) and the constraint state ({@link PrimalDualLoop#saveState()}; NaN
 *       and infinities as strings). The batch order of an epoch depends only
 *       on (seed, epoch), so this is the whole random state.</li>
 * </ul>
 * Each file is written atomically, state.json last.
 */
final class Checkpoint {

    static final String MODEL = "model.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String STATE = "state.json";

    /** The scalar part of a checkpoint. */
    record State(String method, long seed, int epoch, long step, int optimizerSteps, double elapsedSeconds,
                 Map<String, Map<String, Double>> constraints) {
    }

    private Checkpoint() {
    }

    static void save(Path dir, Backend backend, Sequential model, Optimizer optimizer, State state) throws IOException {
        Files.createDirectories(dir);
        List<NamedTensor> tensors = new ArrayList<>();
        for (ParameterRegistry.Entry e : model.parameters()) {
            tensors.add(named(backend, e.name(), e.parameter().value()));
        }
        model.buffers().forEach((name, t) -> tensors.add(named(backend, name, t)));
        Safetensors.write(dir.resolve(MODEL), tensors, Map.of());
        List<NamedTensor> moments = new ArrayList<>();
        optimizer.state().forEach((name, t) -> moments.add(named(backend, name, t)));
        Safetensors.write(dir.resolve(OPTIMIZER), moments, Map.of());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("method", state.method());
        json.put("seed", state.seed());
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

    private static NamedTensor named(Backend backend, String name, Tensor t) {
        return new NamedTensor(name, t.shape(), backend.download(t));
    }

    /** Loads tensors into the model and optimiser (same architecture and names) and returns the scalar state. */
    static State load(Path dir, Backend backend, Sequential model, Optimizer optimizer) throws IOException {
        Path modelFile = dir.resolve(MODEL);
        Map<String, NamedTensor> saved = Safetensors.read(modelFile).tensors();
        for (ParameterRegistry.Entry e : model.parameters()) {
            SavedTensors.copyInto(backend, modelFile, saved, e.name(), e.parameter().value());
        }
        for (Map.Entry<String, Tensor> e : model.buffers().entrySet()) {
            SavedTensors.copyInto(backend, modelFile, saved, e.getKey(), e.getValue());
        }
        Path optimizerFile = dir.resolve(OPTIMIZER);
        Map<String, NamedTensor> moments = Safetensors.read(optimizerFile).tensors();
        for (Map.Entry<String, Tensor> e : optimizer.state().entrySet()) {
            SavedTensors.copyInto(backend, optimizerFile, moments, e.getKey(), e.getValue());
        }
        Path stateFile = dir.resolve(STATE);
        try {
            Map<String, Object> json = Json.parseObject(Files.readString(stateFile));
            Map<String, Map<String, Double>> constraints = new LinkedHashMap<>();
            asMap(json.get("constraints")).forEach((term, values) -> {
                Map<String, Double> decoded = new LinkedHashMap<>();
                asMap(values).forEach((k, v) -> decoded.put(k, v instanceof String s ? Double.parseDouble(s)
                        : ((Number) v).doubleValue()));
                constraints.put(term, decoded);
            });
            return new State((String) json.get("method"), ((Number) json.get("seed")).longValue(),
                    ((Number) json.get("epoch")).intValue(), ((Number) json.get("step")).longValue(),
                    ((Number) json.get("optimizerSteps")).intValue(), elapsedSeconds(json), constraints);
        } catch (RuntimeException e) {
            throw new FileFormatException(stateFile, "not a jace checkpoint state (" + e.getMessage() + ")", e);
        }
    }

    /** 0 for a checkpoint written before jace recorded it: its earlier training time is then not counted. */
    private static double elapsedSeconds(Map<String, Object> json) {
        return json.get("elapsedSeconds") instanceof Number n ? n.doubleValue() : 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }
}
