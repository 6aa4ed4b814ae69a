package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.GroupTable;
import dev.jace.io.FileFormatException;
import dev.jace.io.NamedTensor;
import dev.jace.io.Safetensors;
import dev.jace.nn.BatchNormLayer;
import dev.jace.nn.ParameterRegistry;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A model's weights as a safetensors file: every parameter under its registry name and every buffer (batch-norm
 * running statistics) under its model name, float32. Loading needs a model of the same architecture, built the same
 * way; after {@link Sequential#project()} the relaxed layers' tensors are renamed, so a file saved after projecting
 * loads into a model that was projected too. The file's metadata names the model's group, as a strict lifting layer's
 * weights have the same shape for every group; a file without it (from an older jace) loads into any group's model.
 */
public final class ModelWeights {

    /** The metadata key of the model's group ({@link GroupTable#name()}). */
    public static final String GROUP = "group";

    private ModelWeights() {
    }

    /** Writes {@code model}'s weights to {@code file} (atomically). */
    public static void save(Path file, Backend backend, Sequential model) throws IOException {
        save(file, backend, model, Map.of());
    }

    /**
     * {@link #save(Path, Backend, Sequential)} with string {@code metadata} in the file's header besides the group,
     * which it may hold only as the model's.
     */
    public static void save(Path file, Backend backend, Sequential model, Map<String, String> metadata)
            throws IOException {
        String group = model.group().name();
        String given = metadata.get(GROUP);
        if (given != null && !given.equals(group)) {
            throw new IllegalArgumentException("metadata '" + GROUP + "' is '" + given + "', but the model's group is "
                    + group + ": leave '" + GROUP + "' out, ModelWeights writes it");
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put(GROUP, group);
        all.putAll(metadata);
        Safetensors.write(file, downloaded(backend, model), all);
    }

    /** {@code model}'s parameters, then its buffers, on the host under the names a weights file gives them. */
    static List<NamedTensor> downloaded(Backend backend, Sequential model) {
        List<NamedTensor> tensors = new ArrayList<>();
        for (ParameterRegistry.Entry e : model.parameters()) {
            tensors.add(named(backend, e.name(), e.parameter().value()));
        }
        model.buffers().forEach((name, t) -> tensors.add(named(backend, name, t)));
        return tensors;
    }

    /** {@code t}'s values on the host under {@code name}, as a safetensors file holds them. */
    static NamedTensor named(Backend backend, String name, Tensor t) {
        return new NamedTensor(name, t.shape(), backend.download(t));
    }

    /**
     * Loads {@code file}'s weights into {@code model}. The group its metadata names, if any, and every tensor are
     * checked (present, same shape, finite, no negative batch norm variance, and none in the file that the model
     * lacks) before any is copied, so a file that does not fit leaves the model as it was.
     */
    public static void load(Path file, Backend backend, Sequential model) throws IOException {
        Safetensors.Contents contents = Safetensors.read(file);
        requireGroup(file, contents.metadata(), model);
        Map<String, NamedTensor> saved = contents.tensors();
        if (!model.relaxations().isEmpty()) {
            // A projected model's relaxed layers hold other tensors than a relaxed one's.
            Optional<String> missing = tensorNames(model).stream().filter(name -> !saved.containsKey(name)).findFirst();
            if (missing.isPresent()) {
                throw new FileFormatException(file, SavedTensors.missing(saved, missing.get()) + "; if it was saved"
                        + " after project() (ace, strict and scheduled project at the end of training), call project()"
                        + " on this model before loading");
            }
        }
        load(file, saved, backend, model);
    }

    /** Refuses {@code file} if its {@code metadata} names another group than {@code model}'s. */
    static void requireGroup(Path file, Map<String, String> metadata, Sequential model) throws FileFormatException {
        String group = metadata.get(GROUP);
        if (group != null && !group.equals(model.group().name())) {
            throw new FileFormatException(file, "holds the weights of a model of group " + group + ", not of this"
                    + " model's group " + model.group().name() + ": build the model on " + group);
        }
    }

    /**
     * {@link #load(Path, Backend, Sequential)} from the tensors already read from {@code file}, for a model built from
     * the file's own description (so no advice on projecting it).
     */
    public static void load(Path file, Map<String, NamedTensor> saved, Backend backend, Sequential model)
            throws FileFormatException {
        copies(file, saved, model).forEach((target, tensor) -> SavedTensors.upload(backend, tensor, target));
    }

    /**
     * Refuses {@code file}'s tensors unless each named in {@code dims} (e.g. {@link ModelSpec#sizedTensors}) is there
     * with those dimensions: checked before a model is built to the sizes a file's metadata claims.
     */
    public static void requireDims(Path file, Map<String, NamedTensor> saved, Map<String, int[]> dims)
            throws FileFormatException {
        for (Map.Entry<String, int[]> e : dims.entrySet()) {
            NamedTensor t = saved.get(e.getKey());
            if (t == null) {
                throw new FileFormatException(file, SavedTensors.missing(saved, e.getKey()));
            }
            if (!Arrays.equals(t.shape().dims(), e.getValue())) {
                throw new FileFormatException(file, "tensor '" + e.getKey() + "' has shape " + t.shape() + ", but the"
                        + " model its metadata describes needs " + Arrays.toString(e.getValue()));
            }
        }
    }

    /**
     * Each of the model's tensors with the saved tensor that goes into it, all checked. A saved tensor the model has no
     * place for is refused too: the loaded model would compute another function than the saved one.
     */
    static Map<Tensor, NamedTensor> copies(Path file, Map<String, NamedTensor> saved, Sequential model)
            throws FileFormatException {
        Map<Tensor, NamedTensor> copies = new LinkedHashMap<>();
        for (ParameterRegistry.Entry e : model.parameters()) {
            Tensor target = e.parameter().value();
            copies.put(target, SavedTensors.require(file, saved, e.name(), target));
        }
        for (Map.Entry<String, Tensor> e : model.buffers().entrySet()) {
            NamedTensor buffer = SavedTensors.require(file, saved, e.getKey(), e.getValue());
            if (e.getKey().endsWith("." + BatchNormLayer.RUNNING_VAR)) {
                SavedTensors.requireVariance(file, buffer);
            }
            copies.put(e.getValue(), buffer);
        }
        Set<String> placed = Set.copyOf(tensorNames(model));
        List<String> unplaced = saved.keySet().stream().filter(name -> !placed.contains(name)).toList();
        if (!unplaced.isEmpty()) {
            throw new FileFormatException(file, SavedTensors.unplaced(unplaced));
        }
        return copies;
    }

    /** The names {@code model}'s tensors have in a weights file: its parameters', then its buffers'. */
    private static List<String> tensorNames(Sequential model) {
        return Stream.concat(model.parameters().names().stream(), model.buffers().keySet().stream()).toList();
    }
}
