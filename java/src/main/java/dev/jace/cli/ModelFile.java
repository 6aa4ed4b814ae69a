package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.io.FileFormatException;
import dev.jace.io.Safetensors;
import dev.jace.nn.Sequential;
import dev.jace.train.Metrics;
import dev.jace.train.ModelSpec;
import dev.jace.train.ModelWeights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A trained model as {@code model.safetensors}: every parameter under its registry name and every buffer under its
 * model name (float32, row-major, in the layer's documented layout), with the {@link ModelSpec} as metadata so the
 * file alone rebuilds the model.
 */
final class ModelFile {

    static final String NAME = "model.safetensors";
    /** How many of a compare's runs an error names. */
    private static final int SHOWN_RUNS = 4;

    private ModelFile() {
    }

    static void save(Path file, Backend backend, Sequential model, ModelSpec spec) throws IOException {
        ModelWeights.save(file, backend, model, spec.toMetadata());
    }

    /**
     * Refuses, before anything else is asked of it, what is given as a model but holds none that loads: a compare's
     * folder (naming the run folders that hold its models), and a training checkpoint or one of its files, whose
     * weights come without the architecture (naming the run folder).
     */
    static void requireModelPath(Path model) throws IOException {
        requireNotCompare(model);
        boolean folder = Files.isDirectory(model);
        Path checkpoint = folder ? model.toAbsolutePath() : model.toAbsolutePath().getParent();
        if (Files.isRegularFile(checkpoint.resolve("state.json"))) {
            throw new IllegalArgumentException(model + " is a training checkpoint" + (folder ? "" : "'s file")
                    + ", whose weights come without the architecture; pass the run folder (" + checkpoint.getParent()
                    + ")");
        }
    }

    private static void requireNotCompare(Path model) throws IOException {
        if (!Files.isDirectory(model) || Files.exists(model.resolve(NAME)) || !Outputs.COMPARE.foundIn(model)) {
            return;
        }
        List<Path> runs = Outputs.compareRuns(model);
        String some = runs.isEmpty() ? model.resolve(Outputs.RUNS).resolve("METHOD-sSEED").toString()
                : runs.stream().limit(SHOWN_RUNS).map(Path::toString).collect(Collectors.joining(", "))
                + (runs.size() > SHOWN_RUNS ? ", ... (" + runs.size() + " runs)" : "");
        throw new IllegalArgumentException(model + " holds a compare; give one of its runs: " + some);
    }

    /**
     * The architecture saved in {@code file} (a directory means its model.safetensors), checked as {@link #load} checks
     * it, without building the model: what eval and predict check their batches against before their data.
     */
    static ModelSpec spec(Path file) throws IOException {
        return read(file).spec();
    }

    /** The model saved in {@code file} (a directory means its model.safetensors), built on {@code backend}. */
    static Loaded load(Path file, Backend backend) throws IOException {
        Read read = read(file);
        Path path = read.path();
        ModelSpec spec = read.spec();
        Sequential model;
        try {
            model = spec.build(backend, 0);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(path, "its metadata describes no model that can be built: " + e.getMessage(),
                    e);
        }
        try {
            ModelWeights.load(path, read.contents().tensors(), backend, model);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return new Loaded(spec, model);
    }

    /** A model file's contents and the architecture they are for. */
    private record Read(Path path, Safetensors.Contents contents, ModelSpec spec) {
    }

    private static Read read(Path file) throws IOException {
        requireModelPath(file);
        boolean folder = Files.isDirectory(file);
        Path path = folder ? file.resolve(NAME) : file;
        if (folder && !Files.exists(path) && Outputs.RUN.foundIn(file)) {
            throw new NoSuchFileException(path.toString(), null, withoutModel(file));
        }
        Safetensors.Contents contents;
        try {
            contents = Safetensors.read(path);
        } catch (FileFormatException e) {
            if (e.problem().startsWith(Safetensors.NOT_SAFETENSORS)) {
                throw new FileFormatException(path, e.problem() + "; give a model: the folder train wrote, or its "
                        + NAME, e);
            }
            throw e;
        }
        ModelSpec spec;
        try {
            spec = ModelSpec.fromMetadata(contents.metadata());
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(path, "is not a jace model: " + e.getMessage(), e);
        }
        ModelWeights.requireDims(path, contents.tensors(), spec.sizedTensors());
        return new Read(path, contents, spec);
    }

    /** Why the run in {@code run}, which has no model, has none, and the way on. */
    private static String withoutModel(Path run) {
        Optional<Metrics.Diverged> diverged = TrainingRun.lastDivergence(run);
        if (diverged.isPresent()) {
            return "no model: the run in " + run + " diverged (" + diverged.get().describe() + "); train it again"
                    + " with lower settings and --force";
        }
        return "no model yet: the run in " + run + " stopped before " + (Files.exists(Outputs.checkpointState(run))
                ? "its end; train --resume (or compare --resume) with the same options finishes it"
                : "its first epoch ended; train (or compare) again with --resume or --force");
    }

    /** A loaded model and its architecture; closing closes the model. */
    record Loaded(ModelSpec spec, Sequential model) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }
}
