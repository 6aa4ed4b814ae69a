package dev.jace.cli;

import dev.jace.data.TaskConfig;
import dev.jace.io.FileFormatException;
import dev.jace.io.Json;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A run's config.json, read beside the model it trained: where it is and what it holds. */
record RunConfig(Path file, Map<String, Object> values) {

    /** The samples per forward pass of eval and predict where neither --batch nor a config.json gives one. */
    static final int UNRECORDED_BATCH = 64;

    /**
     * The config.json of the run whose model is {@code model} (a run folder or a file in one), where there is one.
     * {@code fix} says what to do when it is unreadable, which depends on what the command wanted from it. A
     * config.json that is not a jace run's (another tool's, e.g. a HuggingFace model folder's) counts as none, with a
     * warning on {@code err}.
     */
    static Optional<RunConfig> beside(Path model, String fix, PrintWriter err) throws IOException {
        Path folder = Files.isDirectory(model) ? model : model.toAbsolutePath().getParent();
        Path file = folder == null ? null : folder.resolve(TrainingRun.CONFIG);
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        Map<String, Object> config;
        try {
            config = Json.readObject(file);
        } catch (FileFormatException e) {
            throw new FileFormatException(file, e.problem() + "; " + fix, e);
        }
        if (!recordsARun(config)) {
            err.println("jace: warning: " + file + " is not a jace run's config (it has no 'task', 'method' and"
                    + " 'seed'), so it is ignored");
            err.flush();
            return Optional.empty();
        }
        if (!(config.get("task") instanceof String) || !(config.get(TaskRecord.TASK_CONFIG) instanceof Map<?, ?>)) {
            throw new FileFormatException(file, "has no 'task' and 'task_config'; not a jace run's config");
        }
        return Optional.of(new RunConfig(file, config));
    }

    /**
     * The samples per forward pass for the model at {@code model}: {@code given} if not null, else the batch its run
     * trained with, which fits the memory the run had, forwards and backwards. A config.json is read only without
     * {@code given}, so a damaged one does not stand in the way of a batch given by hand.
     */
    static int samplesPerPass(Integer given, Path model, PrintWriter err) throws IOException {
        return given != null ? given : samplesPerPass(null, beside(model, "restore it, or give --batch", err));
    }

    /** {@code given} if not null, else the batch {@code run} trained with; {@value #UNRECORDED_BATCH} without either. */
    static int samplesPerPass(Integer given, Optional<RunConfig> run) throws FileFormatException {
        return given != null ? given : run.isPresent() ? run.get().batch() : UNRECORDED_BATCH;
    }

    /** The task configuration it records. */
    TaskConfig task() throws FileFormatException {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) values.get(TaskRecord.TASK_CONFIG);
            return TaskRecord.read((String) values.get("task"), fields);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, e.getMessage(), e);
        }
    }

    /** The batch the run trained with; {@value #UNRECORDED_BATCH} where it records none. */
    int batch() throws FileFormatException {
        Object recorded = values.get("batch");
        if (recorded == null) {
            return UNRECORDED_BATCH;
        }
        if (!isCount(recorded)) {
            throw new FileFormatException(file, "'batch' is " + Json.write(recorded) + ", not a count of samples;"
                    + " restore it, or give --batch");
        }
        return ((Long) recorded).intValue();
    }

    /** Whether {@code config}, a config.json's object, is what a jace run writes (whatever else may be wrong in it). */
    static boolean recordsARun(Map<String, Object> config) {
        return config.containsKey("task") && config.containsKey("method") && config.containsKey("seed");
    }

    /** Whether a value parsed from config.json is a count: a JSON integer from 1 to the largest int. */
    static boolean isCount(Object value) {
        return value instanceof Long n && n >= 1 && n <= Integer.MAX_VALUE;
    }
}
