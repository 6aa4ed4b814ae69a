package dev.jace.train;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.Group;
import dev.jace.group.Groups;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import dev.jace.backend.Backend;
import dev.jace.tensor.Shape;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The default model of a task, small enough for 2-core CPU runs. Image→image regression (teacher, plume):
 * {@code lift(4, 3×3) → group BN → relu → gconv(4, 3×3) → group BN → relu → gconv(C, 3×3) → group mean pool}, output
 * {@code [N, C, H, W]}, C the input's channels. Classification (fashion-mnist): {@code avg pool 2×2 → lift(8, 3×3) →
 * group BN → relu → max pool 2×2 → gconv(8, 3×3) → group BN → relu → group max pool → global avg pool →
 * linear(classes)}, an invariant output; the input pooling halves the cost. The two 2×2 stride-2 pools keep exact
 * invariance where the sides are multiples of 4, as Fashion-MNIST's 28 is (their 2×2 blocks map onto blocks under
 * every D4 element); of another side they leave out the last row or column, which the group moves
 * ({@link #invarianceLimit}). The batch norms are what keeps these shallow ReLU models training: without them runs
 * collapsed to a constant output (every ReLU dead).
 * Layer names: "lift", "bn1", "gconv1", "bn2", "gconv2" (regression) or "lift", "bn1", "gconv", "bn2", "linear"
 * (classification).
 *
 * @param relaxed whether the equivariant convolutions carry an additive relaxation γ·free(x) (initial γ = 0.1);
 *                false for methods that train or end strictly equivariant
 * @param classes output classes (classification only; 0 for regression)
 */
public record ModelSpec(TaskKind kind, Group group, Shape input, boolean relaxed, int classes) {

    static final int WIDTH = 4;
    static final int CLASSIFIER_WIDTH = 8;
    static final float INITIAL_GAMMA = 0.1f;
    private static final int KERNEL = 3;
    /** The side the classifier's two 2×2 stride-2 pools tile exactly. */
    private static final int POOLED = 4;

    public ModelSpec {
        if (kind == TaskKind.CLASSIFICATION && classes < 2) {
            throw new IllegalArgumentException("a classification model needs at least 2 classes, got " + classes);
        }
        if (input.rank() != 3) {
            throw new IllegalArgumentException("the default models take [C, H, W] samples, got " + input);
        }
    }

    /** The model {@code method} trains: relaxed for every method but strict. */
    public static ModelSpec forTraining(TaskKind kind, Group group, Shape input, Method method, int classes) {
        return new ModelSpec(kind, group, input, method != Method.STRICT,
                kind == TaskKind.CLASSIFICATION ? classes : 0);
    }

    /** The architecture after training with {@code method}: ace and scheduled end projected (no relaxation). */
    public ModelSpec afterTraining(Method method) {
        boolean projected = method == Method.ACE || method == Method.SCHEDULED;
        return new ModelSpec(kind, group, input, relaxed && !projected, classes);
    }

    /** How the group acts on inputs and outputs. */
    public Symmetry symmetry() {
        return new Symmetry(group, FeatureRep.IMAGE,
                kind == TaskKind.REGRESSION ? FeatureRep.IMAGE : FeatureRep.INVARIANT);
    }

    /**
     * The dimensions of the tensors whose sizes the input channels and the classes set, by name: "lift.weight", and
     * "linear.weight" for classification. A file's can be checked against them before {@link #build} allocates a model
     * as large as its metadata says (the dimensions may be more than a {@link Shape} holds).
     */
    public Map<String, int[]> sizedTensors() {
        Map<String, int[]> dims = new LinkedHashMap<>();
        int width = kind == TaskKind.REGRESSION ? WIDTH : CLASSIFIER_WIDTH;
        dims.put("lift.weight", new int[] {width, input.dim(0), KERNEL, KERNEL});
        if (kind == TaskKind.CLASSIFICATION) {
            dims.put("linear.weight", new int[] {classes, CLASSIFIER_WIDTH});
        }
        return dims;
    }

    /**
     * Why no weights make this model exactly invariant, where none do: the classifier's two 2×2 stride-2 pools leave
     * out the last rows of a height, or the last columns of a width, that is not a multiple of 4, and the group moves
     * that edge (a rotation moves both; C2's flip only the columns). Empty for the regression model, which has no
     * pooling over space, and for the trivial group.
     */
    public Optional<String> invarianceLimit() {
        if (kind != TaskKind.CLASSIFICATION) {
            return Optional.empty();
        }
        boolean rotates = group.elements().stream().anyMatch(e -> e.rotation() != 0);
        int h = input.dim(1);
        int w = input.dim(2);
        boolean rows = rotates && h % POOLED != 0;
        boolean columns = group.order() > 1 && w % POOLED != 0;
        if (!rows && !columns) {
            return Optional.empty();
        }
        boolean both = rows && columns;
        String edge = both ? "rows and columns" : rows ? "rows" : "columns";
        String side = rows ? "a height" : "a width";
        String notMultiples = both ? "sides that are not multiples" : side + " that is not a multiple";
        String multiples = both ? "sides that are multiples" : side + " that is a multiple";
        String padded = size(rows ? up(h) : h, columns ? up(w) : w);
        boolean canCrop = (!rows || h >= POOLED) && (!columns || w >= POOLED);
        String cropped = size(rows ? h / POOLED * POOLED : h, columns ? w / POOLED * POOLED : w);
        return Optional.of("the default classifier's 2×2 stride-2 pools leave out the last " + edge + " of "
                + size(h, w) + " images (" + notMultiples + " of " + POOLED + "), which " + group.name() + " moves,"
                + " so no weights make the model exactly invariant and the output deviation that ace constrains"
                + " cannot reach 0: pad" + (canCrop ? " or crop" : "") + " the images to " + multiples + " of " + POOLED
                + " (" + padded + (canCrop ? " or " + cropped : "") + ")");
    }

    private static int up(int side) {
        return (side + POOLED - 1) / POOLED * POOLED;
    }

    private static String size(int h, int w) {
        return h + "×" + w;
    }

    /** Builds the model with weights from {@code seed}. */
    public Sequential build(Backend backend, long seed) {
        RelaxationSpec relaxation = relaxed ? RelaxationSpec.additive(INITIAL_GAMMA) : RelaxationSpec.none();
        Sequential.Builder b = Sequential.builder(backend, group.table(), input, seed);
        if (kind == TaskKind.REGRESSION) {
            return b.liftingConv(WIDTH, KERNEL, Padding.SAME, relaxation).name("lift")
                    .groupBatchNorm().name("bn1")
                    .relu()
                    .groupConv(WIDTH, KERNEL, Padding.SAME, relaxation).name("gconv1")
                    .groupBatchNorm().name("bn2")
                    .relu()
                    .groupConv(input.dim(0), KERNEL, Padding.SAME, relaxation).name("gconv2")
                    .groupPool(PoolMode.MEAN)
                    .build();
        }
        return b.avgPool(2, 2)
                .liftingConv(CLASSIFIER_WIDTH, KERNEL, Padding.SAME, relaxation).name("lift")
                .groupBatchNorm().name("bn1")
                .relu()
                .maxPool(2, 2)
                .groupConv(CLASSIFIER_WIDTH, KERNEL, Padding.SAME, relaxation).name("gconv")
                .groupBatchNorm().name("bn2")
                .relu()
                .groupPool(PoolMode.MAX)
                .globalAvgPool()
                .linear(classes).name("linear")
                .build();
    }

    /** String form for a file's metadata (see {@link #fromMetadata}). */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", kind.name().toLowerCase(Locale.ROOT));
        m.put("group", group.name());
        m.put("input", Arrays.stream(input.dims()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        m.put("relaxed", Boolean.toString(relaxed));
        m.put("classes", Integer.toString(classes));
        return m;
    }

    /** Parses {@link #toMetadata}; throws {@link IllegalArgumentException} naming what is missing or malformed. */
    public static ModelSpec fromMetadata(Map<String, String> m) {
        for (String key : new String[] {"kind", "group", "input", "relaxed", "classes"}) {
            if (!m.containsKey(key)) {
                throw new IllegalArgumentException("model metadata has no '" + key + "' (has " + m.keySet() + ")");
            }
        }
        return new ModelSpec(kind(m.get("kind")), Groups.byName(m.get("group")), new Shape(dims(m.get("input"))),
                relaxed(m.get("relaxed")), classes(m.get("classes")));
    }

    private static TaskKind kind(String text) {
        return Arrays.stream(TaskKind.values()).filter(k -> k.name().equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model metadata 'kind' is '" + text + "', not "
                        + Arrays.stream(TaskKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(" or "))));
    }

    private static int[] dims(String text) {
        try {
            return Arrays.stream(text.split(",", -1)).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model metadata 'input' is '" + text + "', not C,H,W (whole numbers)",
                    e);
        }
    }

    /** Strictly "true" or "false": a relaxed model read as a strict one would drop its relaxation. */
    private static boolean relaxed(String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("model metadata 'relaxed' is '" + text + "', not true or false");
        }
        return text.equals("true");
    }

    private static int classes(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model metadata 'classes' is '" + text + "', not a whole number", e);
        }
    }
}
