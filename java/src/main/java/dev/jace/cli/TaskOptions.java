package dev.jace.cli;

import dev.jace.data.FashionMnistConfig;
import dev.jace.data.PlumeConfig;
import dev.jace.data.TaskConfig;
import dev.jace.data.Teacher;
import dev.jace.data.TeacherConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --task} and its data flags. Teacher: {@code --alpha-rot --alpha-ref --noise --size --train --test}
 * (plume takes {@code --size --train --test}); fashion-mnist: {@code --variant --data --subset}. A flag of another
 * task is an error. The data seed is the task's default, so every training seed sees the same data.
 */
final class TaskOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--task", required = true, description = "teacher, fashion-mnist or plume.",
            converter = NamedValues.TaskName.class)
    TaskConfig task;

    @Option(names = "--alpha-rot", description = "teacher: strength of the rotation-breaking part (default 0.5).")
    Double alphaRot;

    @Option(names = "--alpha-ref", description = "teacher: strength of the reflection-breaking part (default 0.25).")
    Double alphaRef;

    @Option(names = "--noise", description = "teacher: standard deviation of the target noise (default 0).")
    Double noise;

    @Option(names = "--size", description = "teacher/plume: image size (default 12 teacher, 32 plume).")
    Integer size;

    @Option(names = "--train", description = "teacher/plume: training samples (default 256 teacher, 512 plume).")
    Integer train;

    @Option(names = "--test", description = "teacher/plume: test samples (default 128 teacher, 256 plume).")
    Integer test;

    @Option(names = "--variant", description = "fashion-mnist: upright, rot90 or rot (default upright).",
            converter = NamedValues.VariantName.class)
    FashionMnistConfig.Variant variant;

    @Option(names = "--data", description = "fashion-mnist: folder of the IDX files (default "
            + "/usr/share/datasets/fashion-mnist).")
    Path data;

    @Option(names = "--subset", description = "fashion-mnist: first N samples of each split (default: all).")
    Integer subset;

    /** The task's configuration with the flags applied. */
    TaskConfig config() {
        return switch (task) {
            case TeacherConfig t -> {
                only("teacher", variant, data, subset);
                yield new TeacherConfig(or(size, t.size()), or(train, t.trainCount()), or(test, t.testCount()),
                        or(alphaRot, t.alphaRot()), or(alphaRef, t.alphaRef()), or(noise, t.noise()), t.seed());
            }
            case PlumeConfig p -> {
                only("plume", alphaRot, alphaRef, noise, variant, data, subset);
                yield new PlumeConfig(or(size, p.size()), or(train, p.trainCount()), or(test, p.testCount()),
                        p.forceAngleDegrees(), p.forceStrength(), p.flowSpeed(), p.diffusion(), p.sourceRate(),
                        p.warmupSteps(), p.horizonSteps(), p.dt(), p.seed());
            }
            case FashionMnistConfig f -> {
                only("fashion-mnist", alphaRot, alphaRef, noise, size, train, test);
                yield new FashionMnistConfig(or(data, f.dataDir()),
                        or(variant, f.variant()),
                        or(subset, f.trainCount()), or(subset, f.testCount()), f.seed());
            }
        };
    }

    /** Loads the task's data; the teacher also yields its ground-truth deviation profile. */
    LoadedTask load() throws IOException {
        TaskConfig config = config();
        if (config instanceof TeacherConfig t) {
            Teacher teacher = Teacher.generate(t);
            return new LoadedTask(config, teacher.dataset(), Optional.of(teacher.groundTruth()));
        }
        return new LoadedTask(config, config.load(), Optional.empty());
    }

    private void only(String taskName, Object... foreign) {
        for (Object flag : foreign) {
            if (flag != null) {
                throw new ParameterException(command.commandLine(), "a flag given does not apply to --task "
                        + taskName + " (teacher: --alpha-rot --alpha-ref --noise --size --train --test; plume: --size"
                        + " --train --test; fashion-mnist: --variant --data --subset)");
            }
        }
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
