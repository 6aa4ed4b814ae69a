package dev.jace.cli;

import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.Method;
import dev.jace.data.FashionMnistConfig;
import dev.jace.data.PlumeConfig;
import dev.jace.data.TaskConfig;
import dev.jace.data.TaskKind;
import dev.jace.data.TeacherConfig;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.train.DatasetData;
import dev.jace.train.ModelSpec;
import dev.jace.train.Split;
import dev.jace.train.TrainerConfig;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether the batches of a run fit in jace's tensors (at most 2^31-1 elements each): the model's largest layer output
 * for a training batch of min(--batch, training samples), for the deviation probe's forward of its |G| transformed
 * copies of min(--probe-samples, that batch) samples, for the evaluation's probe of a test batch of
 * min(--batch, test samples), and for regression's per-element deviation pass, which runs that test batch once per
 * D4 element but the identity whatever the run's group. Checked before any data are made, as the first step (or,
 * for the last, the end of training) would otherwise find it.
 *
 * @param spec      the model (its layer shapes only: relaxed or not, they are the same)
 * @param sizeFlag  whether the images' size is --size's (teacher, plume), which a message then names
 */
record BatchFit(ModelSpec spec, int train, int test, boolean sizeFlag) {

    /** Said after eval's or predict's refusal where --batch was not given. */
    static final String DEFAULT_BATCH = " (--batch not given: that is the batch the model was trained with)";
    private static final String LIMIT = " elements, more than a tensor holds (2^31-1)";
    /** The copies of a test batch in regression's per-element deviation pass, D4's whatever the run's group. */
    private static final int D4_OTHERS = new D4().nonIdentityElements().length;

    /** The fit of a generated task's data, known from its configuration before they are made. */
    static Optional<BatchFit> planned(TaskConfig config, Group group) {
        return switch (config) {
            case TeacherConfig t -> Optional.of(imageToImage(group, t.size(), t.trainCount(), t.testCount()));
            case PlumeConfig p -> Optional.of(imageToImage(group, p.size(), p.trainCount(), p.testCount()));
            default -> Optional.empty();
        };
    }

    /** A generated task's test split's size, known from its configuration before its data are made. */
    static OptionalInt plannedTestCount(TaskConfig config) {
        return switch (config) {
            case TeacherConfig t -> OptionalInt.of(t.testCount());
            case PlumeConfig p -> OptionalInt.of(p.testCount());
            default -> OptionalInt.empty();
        };
    }

    /**
     * The fit of eval's or predict's passes: {@code model}'s own layers over {@code samples} samples (the test split,
     * or predict's input). There is no training split; the messages name --batch alone, which is what they can change.
     */
    static BatchFit ofTrained(ModelSpec model, int samples) {
        return new BatchFit(model, samples, samples, false);
    }

    /** The fit of loaded data. */
    static BatchFit of(LoadedTask task, Group group) {
        DatasetData data = new DatasetData(task.dataset());
        TaskKind kind = task.dataset().kind();
        return new BatchFit(ModelSpec.forTraining(kind, group, data.inputShape(), Method.STRICT, task.classes()),
                data.size(Split.TRAIN), data.size(Split.TEST), !(task.config() instanceof FashionMnistConfig));
    }

    private static BatchFit imageToImage(Group group, int size, int train, int test) {
        return new BatchFit(ModelSpec.forTraining(TaskKind.REGRESSION, group, Shape.of(1, size, size), Method.STRICT,
                0), train, test, true);
    }

    /** Why {@code batch} and {@code probeSamples} do not fit, with the largest that do; empty where they fit. */
    Optional<String> problem(int batch, int probeSamples) {
        Optional<Largest> largest = largestActivation();
        String given = given(batch);
        if (largest.isEmpty()) {
            return Optional.of(noSampleFits(given));
        }
        Largest l = largest.get();
        long fits = Integer.MAX_VALUE / l.perSample();
        int order = spec.group().order();
        long step = Math.min(batch, train);
        long probe = Math.min(probeSamples, step) * order;
        if (step > fits) {
            return Optional.of(given + ": a training batch of " + step + " samples makes the model's activation "
                    + l.of(step) + " (layer " + l.layer() + "), " + l.elements(step) + LIMIT + "; give --batch " + fits
                    + " or less" + (sizeFlag ? ", or a smaller --size" : ""));
        }
        if (probe > fits) {
            String probeGiven = probeSamples == TrainerConfig.WHOLE_BATCH ? "all" : Integer.toString(probeSamples);
            return Optional.of(given + " and --probe-samples " + probeGiven + ": the deviation probe runs "
                    + probe / order + " samples through the model once per group element, as one batch of " + probe
                    + ", which makes its activation " + l.of(probe) + " (layer " + l.layer() + "), "
                    + l.elements(probe) + LIMIT + "; give --probe-samples " + fits / order + " or fewer, or --batch "
                    + fits / order + " or less");
        }
        return evaluationProblem(given, l, batch);
    }

    /**
     * Why eval's evaluation of test batches of {@code batch} samples does not fit (its deviation probe of |G| copies,
     * and for regression the per-element pass's 7), with the largest --batch that does; empty where it fits.
     */
    Optional<String> evaluationProblem(int batch) {
        String given = given(batch);
        return largestActivation().map(l -> evaluationProblem(given, l, batch))
                .orElseGet(() -> Optional.of(noSampleFits(given)));
    }

    /** Why predict's forward passes of {@code batch} samples do not fit, with the largest that does; else empty. */
    Optional<String> forwardProblem(int batch) {
        String given = given(batch);
        Optional<Largest> largest = largestActivation();
        if (largest.isEmpty()) {
            return Optional.of(noSampleFits(given));
        }
        Largest l = largest.get();
        long fits = Integer.MAX_VALUE / l.perSample();
        long pass = Math.min(batch, test);
        if (pass > fits) {
            return Optional.of(given + ": a forward pass of " + pass + " samples makes the model's activation "
                    + l.of(pass) + " (layer " + l.layer() + "), " + l.elements(pass) + LIMIT + "; give --batch " + fits
                    + " or less");
        }
        return Optional.empty();
    }

    private String given(int batch) {
        return "--batch " + batch + (sizeFlag ? " with --size " + spec.input().dim(2) : "");
    }

    private String noSampleFits(String given) {
        return given + ": even one sample's activations in the model are more than a tensor holds (2^31-1 elements);"
                + " give " + (sizeFlag ? "a smaller --size" : "smaller images");
    }

    private Optional<String> evaluationProblem(String given, Largest l, int batch) {
        long fits = Integer.MAX_VALUE / l.perSample();
        int order = spec.group().order();
        long evaluation = Math.min(batch, test) * (long) order;
        if (evaluation > fits) {
            return Optional.of(given + ": the evaluation measures the deviation on test batches of "
                    + evaluation / order + " samples, once per group element, as one batch of " + evaluation
                    + ", which makes the model's activation " + l.of(evaluation) + " (layer " + l.layer() + "), "
                    + l.elements(evaluation) + LIMIT + "; give --batch " + fits / order + " or less");
        }
        long perElement = Math.min(batch, test) * (long) D4_OTHERS;
        if (spec.kind() == TaskKind.REGRESSION && perElement > fits) {
            return Optional.of(given + ": the per-element deviation pass measures test batches of "
                    + perElement / D4_OTHERS + " samples once per D4 element but the identity, as one batch of "
                    + perElement + ", which makes the model's activation " + l.of(perElement) + " (layer "
                    + l.layer() + "), " + l.elements(perElement) + LIMIT + "; give --batch " + fits / D4_OTHERS
                    + " or less");
        }
        return Optional.empty();
    }

    /** The model's largest layer output for one sample; empty where even that is more than a tensor holds. */
    private Optional<Largest> largestActivation() {
        try (CpuBackend cpu = new CpuBackend();
             Sequential model = spec.build(cpu, 0)) {
            Shape shape = spec.input().batchOf(1);
            Shape widest = shape;
            String widestLayer = "input";
            for (String name : model.layerNames()) {
                shape = model.layer(name).outputShape(shape);
                if (shape.size() > widest.size()) {
                    widest = shape;
                    widestLayer = name;
                }
            }
            return Optional.of(new Largest(widest, widestLayer));
        } catch (IllegalArgumentException tooLarge) {
            return Optional.empty();
        }
    }

    /** A layer's output for one sample. */
    private record Largest(Shape one, String layer) {
        long perSample() {
            return one.size();
        }

        /** E.g. "[1024, 4, 8, 256, 256]": the output for {@code samples}. */
        String of(long samples) {
            int[] dims = one.dims();
            StringBuilder s = new StringBuilder("[").append(samples);
            for (int i = 1; i < dims.length; i++) {
                s.append(", ").append(dims[i]);
            }
            return s.append(']').toString();
        }

        long elements(long samples) {
            return samples * perSample();
        }
    }
}
