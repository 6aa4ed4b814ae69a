package dev.jace.cli;

import dev.jace.data.Dataset;
import dev.jace.data.FashionMnistConfig;
import dev.jace.data.PlumeConfig;
import dev.jace.data.TaskConfig;
import dev.jace.data.TeacherConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data flags of the tasks. Teacher: {@code --alpha-rot --alpha-ref --noise --size --train --test} (plume takes
 * {@code --size --train --test}); fashion-mnist: {@code --variant --data --subset}. A flag of another task is bad usage
 * that names it. The data seed is the task's, so every training seed sees the same data.
 */
class TaskFlags {

    private static final List<String> TEACHER = List.of("--alpha-rot", "--alpha-ref", "--noise", "--size", "--train",
            "--test");
    private static final List<String> PLUME = List.of("--size", "--train", "--test");
    private static final List<String> FASHION_MNIST = List.of("--variant", "--data", "--subset");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--alpha-rot", description = "teacher: strength of the rotation-breaking part (default 0.5).",
            converter = Numbers.NonNegative.class)
    Double alphaRot;

    @Option(names = "--alpha-ref", description = "teacher: strength of the reflection-breaking part (default 0.25).",
            converter = Numbers.NonNegative.class)
    Double alphaRef;

    @Option(names = "--noise", description = "teacher: standard deviation of the target noise (default 0).",
            converter = Numbers.NonNegative.class)
    Double noise;

    @Option(names = "--size",
            description = "teacher/plume: image size (default 12 teacher, 32 plume; 5 to 1023 teacher, at least 8"
                    + " plume).",
            converter = Numbers.AtLeastOne.class)
    Integer size;

    @Option(names = "--train", description = "teacher/plume: training samples (default 256 teacher, 512 plume).",
            converter = Numbers.AtLeastOne.class)
    Integer train;

    @Option(names = "--test", description = "teacher/plume: test samples (default 128 teacher, 256 plume).",
            converter = Numbers.AtLeastOne.class)
    Integer test;

    @Option(names = "--variant", description = "fashion-mnist: upright, rot90 or rot (default upright).",
            converter = NamedValues.VariantName.class)
    FashionMnistConfig.Variant variant;

    @Option(names = "--data", converter = PathOption.Folder.class,
            description = "fashion-mnist: folder of the IDX files (default "
            + "/usr/share/datasets/fashion-mnist).")
    Path data;

    @Option(names = "--subset", description = "fashion-mnist: first N samples of each split (default: all; eval: that"
            + " of the run, which config.json records).", converter = Numbers.AtLeastOne.class)
    Integer subset;

    /**
     * {@code base} with the flags given applied; values the task refuses together (a teacher size below its filters)
     * are bad usage, as a flag's own bad value is.
     */
    TaskConfig applyTo(TaskConfig base) {
        try {
            return applied(base);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage(), e);
        }
    }

    private TaskConfig applied(TaskConfig base) {
        return switch (base) {
            case TeacherConfig t -> {
                only("teacher", TEACHER);
                yield new TeacherConfig(or(size, t.size()), or(train, t.trainCount()), or(test, t.testCount()),
                        or(alphaRot, t.alphaRot()), or(alphaRef, t.alphaRef()), or(noise, t.noise()), t.seed());
            }
            case PlumeConfig p -> {
                only("plume", PLUME);
                yield new PlumeConfig(or(size, p.size()), or(train, p.trainCount()), or(test, p.testCount()),
                        p.forceAngleDegrees(), p.forceStrength(), p.flowSpeed(), p.diffusion(), p.sourceRate(),
                        p.warmupSteps(), p.horizonSteps(), p.dt(), p.seed());
            }
            case FashionMnistConfig f -> {
                only("fashion-mnist", FASHION_MNIST);
                // Recorded absolute: a relative folder would name other data when resumed from elsewhere.
                Path folder = data == null ? f.dataDir() : data.toAbsolutePath().normalize();
                yield new FashionMnistConfig(folder, or(variant, f.variant()),
                        or(subset, f.trainCount()), or(subset, f.testCount()), f.seed());
            }
        };
    }

    /**
     * A {@code --subset} beyond the training split takes every sample of both splits, as if it were not given: said,
     * as it is not what was asked for (a test split smaller than the subset is the usual case and not named).
     */
    void warnIfSubsetBeyondSplits(Dataset dataset, PrintWriter err) {
        if (subset == null) {
            return;
        }
        List<String> whole = new ArrayList<>();
        if (subset > dataset.train().count()) {
            whole.add("the training split's " + dataset.train().count());
        }
        if (subset > dataset.test().count()) {
            whole.add("the test split's " + dataset.test().count());
        }
        if (!whole.isEmpty()) {
            err.println("jace: --subset " + subset + " is more than " + String.join(" and ", whole) + " samples, so "
                    + (whole.size() == 2 ? "every sample of each is used" : "that split is used whole"));
            err.flush();
        }
    }

    private Map<String, Object> given() {
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("--alpha-rot", alphaRot);
        flags.put("--alpha-ref", alphaRef);
        flags.put("--noise", noise);
        flags.put("--size", size);
        flags.put("--train", train);
        flags.put("--test", test);
        flags.put("--variant", variant);
        flags.put("--data", data);
        flags.put("--subset", subset);
        flags.values().removeIf(v -> v == null);
        return flags;
    }

    private void only(String taskName, List<String> allowed) {
        List<String> foreign = new ArrayList<>(given().keySet());
        foreign.removeAll(allowed);
        if (!foreign.isEmpty()) {
            throw new ParameterException(command.commandLine(), String.join(", ", foreign)
                    + (foreign.size() == 1 ? " does" : " do") + " not apply to --task " + taskName + " (teacher: "
                    + String.join(" ", TEACHER) + "; plume: " + String.join(" ", PLUME) + "; fashion-mnist: "
                    + String.join(" ", FASHION_MNIST) + ")");
        }
    }

    /** The flag that sets a task configuration's JSON field ("test_count": {@code --test}), where one does. */
    static Optional<String> flagOf(String taskName, String field) {
        Map<String, String> flags = taskName.equals(FashionMnistConfig.NAME)
                ? Map.of("data_dir", "--data", "variant", "--variant", "train_count", "--subset", "test_count",
                        "--subset")
                : Map.of("size", "--size", "train_count", "--train", "test_count", "--test", "alpha_rot",
                        "--alpha-rot", "alpha_ref", "--alpha-ref", "noise", "--noise");
        return Optional.ofNullable(flags.get(field));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
