package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.Groups;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.FailingAllocations;
import dev.jace.testing.RecordingBackend;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequentialTest {

    private static final Backend BACKEND = new CpuBackend();
    private static final GroupTable GROUP = Groups.byName("c4").table();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    private static Sequential named(long seed) {
        return Sequential.builder(BACKEND, GROUP, Shape.of(1, 8, 8), seed)
                .liftingConv(2, 3, Padding.SAME, RelaxationSpec.additive(0.1f)).name("block1.conv")
                .groupBatchNorm().name("block1.bn").relu()
                .groupConv(2, 3, Padding.SAME, RelaxationSpec.basis(2, 0.1f)).name("block2.conv")
                .groupPool(PoolMode.MAX).maxPool(2, 2).flatten().dropout(0.1f).linear(3).name("head")
                .build();
    }

    @Test
    void parameterNamesAreUniqueDottedAndStable() {
        List<String> expected = List.of("block1.conv.weight", "block1.conv.bias", "block1.conv.free.weight",
                "block1.conv.gamma", "block1.bn.weight", "block1.bn.bias", "block2.conv.basis.0",
                "block2.conv.basis.1", "block2.conv.coefficients", "block2.conv.bias", "head.weight", "head.bias");
        try (Sequential a = named(1); Sequential b = named(2)) {
            List<String> names = a.parameters().names();
            assertEquals(expected, names);
            assertEquals(names.size(), new HashSet<>(names).size());
            assertEquals(names, b.parameters().names());
            assertEquals(List.of("block1.conv", "block1.bn", "2", "block2.conv", "4", "5", "6", "7", "head"),
                    a.layerNames());
            assertEquals(List.of("block1.bn.running_mean", "block1.bn.running_var"), List.copyOf(a.buffers().keySet()));
            long count = 2 * 9 + 2 + 4 * 2 * 9 + 1 + 2 + 2 + 2 * (2 * 2 * 4 * 9) + 2 * 4 + 2 + 3 * 2 * 4 * 4 + 3;
            assertEquals(count, a.parameters().count());
            assertEquals(Shape.of(5, 3), a.outputShape(Shape.of(5, 1, 8, 8)));
        }
    }

    @Test
    void layersAreFoundByName() {
        try (Sequential model = named(4)) {
            assertInstanceOf(AdditiveRelaxation.class, model.layer("block1.conv"));
            assertInstanceOf(RelaxedGroupConvLayer.class, model.layer("block2.conv"));
            assertEquals("no layer 'nope'; layers: [block1.conv, block1.bn, 2, block2.conv, 4, 5, 6, 7, head]",
                    assertThrows(IllegalArgumentException.class, () -> model.layer("nope")).getMessage());
        }
    }

    @Test
    void defaultNamesAreLayerIndices() {
        try (Sequential model = Sequential.builder(BACKEND, GROUP, Shape.of(4), 0).linear(3).relu().linear(2).build()) {
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), model.parameters().names());
        }
    }

    @Test
    void builderRejectsDuplicateNamesAndBadShapes() {
        Supplier<Sequential.Builder> conv = () -> Sequential.builder(BACKEND, GROUP, Shape.of(1, 8, 8), 0)
                .liftingConv(2, 3).name("conv").relu();
        assertEquals("layer name 'conv' is already used", assertThrows(IllegalArgumentException.class,
                () -> conv.get().name("conv")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> conv.get().linear(3));
        assertThrows(IllegalArgumentException.class,
                () -> conv.get().liftingConv(2, 3, Padding.SAME, RelaxationSpec.basis(2, 0f)));
        assertEquals("layer 2: groupConv: kernel must be at least 1, got 0", assertThrows(
                IllegalArgumentException.class, () -> conv.get().groupConv(3, 0)).getMessage());
        assertEquals("layer 2: groupConv: outChannels must be at least 1, got 0", assertThrows(
                IllegalArgumentException.class, () -> conv.get().groupConv(0, 3)).getMessage());
        assertEquals("layer 2: GroupConvLayer: needs square filters of odd size, got [3, 2, 4, 4, 4]", assertThrows(
                IllegalArgumentException.class, () -> conv.get().groupConv(3, 4)).getMessage());
        conv.get().build().close();
    }

    /** A given name may equal a later layer's default name (its index): build refuses the pair, naming both. */
    @Test
    void aGivenNameThatALaterDefaultNameRepeatsIsRefusedAtBuild() {
        Sequential.Builder builder = Sequential.builder(BACKEND, GROUP, Shape.of(1, 8, 8), 0)
                .liftingConv(2, 3).name("1").relu();
        assertEquals("layer name '1' is used twice, by layers 0 and 1 (a layer not named with name() is named by its"
                + " index): rename one", assertThrows(IllegalArgumentException.class, builder::build).getMessage());
    }

    /**
     * A name can make one layer's parameter names repeat another's, through a relaxed layer's dotted inner names:
     * build refuses it naming both layers, and closes them.
     */
    @Test
    void aNameThatRepeatsAnotherLayersParameterNameIsRefusedAtBuild() {
        FailingAllocations backend = FailingAllocations.failingAt(BACKEND, 0);
        Sequential.Builder builder = Sequential.builder(backend.backend(), GROUP, Shape.of(1, 8, 8), 0)
                .liftingConv(2, 3, Padding.SAME, RelaxationSpec.additive(0.1f)).name("a")
                .groupConv(1, 3).name("a.free").groupPool(PoolMode.MEAN);
        assertEquals("parameter name 'a.free.weight' is used twice, by layer 0 ('a', its 'free.weight') and layer 1"
                + " ('a.free', its 'weight'): rename one of the layers",
                assertThrows(IllegalArgumentException.class, builder::build).getMessage());
        assertEquals(List.of(), backend.open());
    }

    /** Four layers made on {@code backend}; {@code ends} gets the number of allocations made when each is added. */
    private static Sequential.Builder layers(FailingAllocations backend, List<Integer> ends) {
        Sequential.Builder b = Sequential.builder(backend.backend(), GROUP, Shape.of(1, 8, 8), 0);
        for (UnaryOperator<Sequential.Builder> layer : List.<UnaryOperator<Sequential.Builder>>of(
                l -> l.liftingConv(2, 3, Padding.SAME, RelaxationSpec.additive(0.1f)).name("lift"),
                Sequential.Builder::groupBatchNorm, Sequential.Builder::relu, l -> l.groupConv(2, 3))) {
            b = layer.apply(b);
            ends.add(backend.made().size());
        }
        return b;
    }

    private static Sequential.Builder layers(FailingAllocations backend) {
        return layers(backend, new ArrayList<>());
    }

    /**
     * A refused layer or build leaves nothing allocated, as a chained builder has no variable to close: the layers
     * made so far are closed, and the builder says so if used again.
     */
    @Test
    void aRefusalClosesTheLayersMadeSoFarAndEndsTheBuilder() {
        FailingAllocations linear = FailingAllocations.failingAt(BACKEND, 0);
        List<Integer> ends = new ArrayList<>();
        Sequential.Builder builder = layers(linear, ends);
        assertTrue(ends.getFirst() > 4 && ends.get(1) > ends.getFirst(), ends + " allocations");
        assertThrows(IllegalArgumentException.class, () -> builder.linear(10));
        assertEquals(List.of(), linear.open());
        String after = assertThrows(IllegalStateException.class, builder::relu).getMessage();
        assertTrue(after.startsWith("Sequential.Builder used after it refused 'layer 4: "), after);
        assertTrue(after.endsWith("' and closed the layers it had made; start a new builder"), after);

        FailingAllocations named = FailingAllocations.failingAt(BACKEND, 0);
        assertThrows(IllegalArgumentException.class, () -> layers(named).name("1").relu().build());
        assertEquals(List.of(), named.open());
        FailingAllocations duplicate = FailingAllocations.failingAt(BACKEND, 0);
        assertThrows(IllegalArgumentException.class, () -> layers(duplicate).name("lift"));
        assertEquals(List.of(), duplicate.open());

        // A layer whose own allocation fails closes what it made; the builder closes the layers before it.
        for (int failing = 1; failing <= ends.getLast(); failing++) {
            FailingAllocations some = FailingAllocations.failingAt(BACKEND, failing);
            assertSame(some.failure(), assertThrows(IllegalStateException.class, () -> layers(some)));
            assertEquals(List.of(), some.open(), "allocation " + failing + " failed");
        }
    }

    /** A null argument is refused by name (and, as every refusal, closes the layers made so far). */
    @Test
    void nullArgumentsAreRefusedByName() {
        Shape image = Shape.of(1, 8, 8);
        assertEquals("Sequential.builder: backend is null", assertThrows(NullPointerException.class,
                () -> Sequential.builder(null, GROUP, image, 0)).getMessage());
        assertEquals("Sequential.builder: group is null; e.g. new D4().table()", assertThrows(
                NullPointerException.class, () -> Sequential.builder(BACKEND, null, image, 0)).getMessage());
        assertEquals("Sequential.builder: sampleShape is null; the shape of one input sample, e.g. Shape.of(1, 28, 28)",
                assertThrows(NullPointerException.class, () -> Sequential.builder(BACKEND, GROUP, null, 0))
                        .getMessage());
        Supplier<Sequential.Builder> lift = () -> Sequential.builder(BACKEND, GROUP, image, 0).liftingConv(2, 3);
        String padding = "padding is null; Padding.SAME or Padding.VALID";
        String relaxation = "relaxation is null; RelaxationSpec.none() for a strict layer";
        assertEquals("layer 0: liftingConv: " + padding, assertThrows(NullPointerException.class,
                () -> Sequential.builder(BACKEND, GROUP, image, 0).liftingConv(4, 3, null, RelaxationSpec.none()))
                .getMessage());
        assertEquals("layer 0: liftingConv: " + relaxation, assertThrows(NullPointerException.class,
                () -> Sequential.builder(BACKEND, GROUP, image, 0).liftingConv(4, 3, Padding.SAME, null))
                .getMessage());
        assertEquals("layer 1: groupConv: " + padding, assertThrows(NullPointerException.class,
                () -> lift.get().groupConv(4, 3, null, RelaxationSpec.none())).getMessage());
        assertEquals("layer 1: groupConv: " + relaxation, assertThrows(NullPointerException.class,
                () -> lift.get().groupConv(4, 3, Padding.SAME, null)).getMessage());
        assertEquals("layer 2: conv2d: " + padding, assertThrows(NullPointerException.class,
                () -> lift.get().groupPool(PoolMode.MAX).conv2d(4, 3, null, true)).getMessage());
        assertEquals("layer 1: groupPool: mode is null; PoolMode.MAX or PoolMode.MEAN", assertThrows(
                NullPointerException.class, () -> lift.get().groupPool(null)).getMessage());
        assertEquals("name is null; a layer's name is a non-empty string, e.g. \"block1.conv\"", assertThrows(
                NullPointerException.class, () -> lift.get().name(null)).getMessage());
    }

    /** A VALID convolution wider than its input is refused where the layer is added, not as a shape of -1 later. */
    @Test
    void aValidConvolutionWiderThanItsInputNamesTheLayer() {
        Supplier<Sequential.Builder> builder = () -> Sequential.builder(BACKEND, GROUP, Shape.of(1, 3, 3), 0)
                .liftingConv(2, 3, Padding.VALID, RelaxationSpec.none());
        assertEquals("layer 1: GroupConvLayer: kernel size 3 exceeds input extent 1 with padding VALID", assertThrows(
                IllegalArgumentException.class, () -> builder.get().groupConv(2, 3, Padding.VALID,
                        RelaxationSpec.none())).getMessage());
        assertEquals("layer 1: RelaxedGroupConvLayer: kernel size 3 exceeds input extent 1 with padding VALID",
                assertThrows(IllegalArgumentException.class, () -> builder.get().groupConv(2, 3, Padding.VALID,
                        RelaxationSpec.basis(2, 0f))).getMessage());
        assertEquals("layer 1: Conv2dLayer: kernel size 3 exceeds input extent 2 with padding VALID", assertThrows(
                IllegalArgumentException.class, () -> Sequential.builder(BACKEND, GROUP, Shape.of(1, 2, 2), 0).relu()
                        .conv2d(2, 3, Padding.VALID, true)).getMessage());
        assertEquals("layer 0: LiftingConvLayer: kernel size 5 exceeds input extent 4 with padding VALID",
                assertThrows(IllegalArgumentException.class, () -> Sequential.builder(BACKEND, GROUP, Shape.of(1, 4, 4),
                        0).liftingConv(2, 5, Padding.VALID, RelaxationSpec.additive(0.1f))).getMessage());
        try (Sequential model = builder.get().build();
             Tensor small = BACKEND.upload(new float[4], Shape.of(1, 1, 2, 2))) {
            assertEquals("LiftingConvLayer: kernel size 3 exceeds input extent 2 with padding VALID", assertThrows(
                    IllegalArgumentException.class, () -> model.forward(small, false)).getMessage());
        }
    }

    @Test
    void registryLookupZeroGradAndDuplicates() {
        try (Sequential model = named(3)) {
            ParameterRegistry registry = model.parameters();
            Parameter gamma = registry.get("block1.conv.gamma");
            assertEquals(Shape.of(1), gamma.shape());
            assertEquals("gamma", gamma.name());
            assertThrows(IllegalArgumentException.class, () -> registry.get("nope"));
            assertThrows(IllegalArgumentException.class, () -> registry.add("block1.conv.gamma", gamma));
            assertThrows(IllegalArgumentException.class, () -> registry.add("other", gamma));
            BACKEND.fill(gamma.grad(), 3f);
            model.zeroGrad();
            assertArrayEquals(new float[] {0f}, BACKEND.download(gamma.grad()));
        }
    }

    /** Smooth layers only (batch norm after a bias would give that bias an exactly zero gradient). */
    @Test
    void modelGradientsMatchFiniteDifferences() {
        Shape shape = Shape.of(3, 1, 5, 5);
        try (Sequential model = Sequential.builder(BACKEND, GROUP, Shape.of(1, 5, 5), 5)
                .liftingConv(2, 3, Padding.SAME, RelaxationSpec.additive(0.3f))
                .groupConv(2, 3, Padding.SAME, RelaxationSpec.basis(2, 0.3f))
                .groupPool(PoolMode.MEAN).globalAvgPool().linear(3)
                .build()) {
            float[] x = Numerics.randomFloats(new Random(1), shape.size());
            GradCheck.check(BACKEND, model, x, shape, GradCheck.onBackend(BACKEND, model, shape), 1e-2, -1, 1e-2);
        }
    }

    /**
     * Training never needs the gradient of the model's input, so {@code backwardParameters} stops at the first layer
     * with parameters: the same parameter gradients, bit for bit, without the input pooling's backward, the relaxed
     * lifting conv's data gradient (one plain convolution's: the relaxed layer runs both branches as one).
     */
    @Test
    void backwardParametersGivesTheSameGradientsWithoutTheInputGradient() {
        List<String> calls = new ArrayList<>();
        Backend recorded = RecordingBackend.of(BACKEND, calls::add);
        Shape input = Shape.of(3, 1, 8, 8);
        try (Sequential model = Sequential.builder(recorded, GROUP, Shape.of(1, 8, 8), 7)
                .avgPool(2, 2)
                .liftingConv(2, 3, Padding.SAME, RelaxationSpec.additive(0.3f))
                .groupBatchNorm().relu()
                .groupConv(2, 3, Padding.SAME, RelaxationSpec.basis(2, 0.3f))
                .groupPool(PoolMode.MAX).flatten().linear(3)
                .build();
             Tensor x = BACKEND.upload(Numerics.randomFloats(new Random(2), input.size()), input);
             Tensor dy = BACKEND.upload(Numerics.randomFloats(new Random(3), 3 * 3), Shape.of(3, 3))) {
            model.forward(x, true);
            model.backward(dy);
            model.zeroGrad();
            model.forward(x, true);
            calls.clear();
            model.backward(dy);
            List<String> fullCalls = List.copyOf(calls);
            Map<String, float[]> full = gradients(model);

            model.zeroGrad();
            model.forward(x, true);
            calls.clear();
            model.backwardParameters(dy);
            Map<String, float[]> parametersOnly = gradients(model);

            assertEquals(full.keySet(), parametersOnly.keySet());
            full.forEach((name, g) -> assertArrayEquals(g, parametersOnly.get(name), name));
            List<String> skipped = new ArrayList<>(fullCalls);
            calls.forEach(skipped::remove);
            skipped.sort(null);
            assertEquals(List.of("avgPool2dBackward", "conv2dBackwardData"), skipped);
            assertEquals(fullCalls.size() - skipped.size(), calls.size());
        }
    }

    @Test
    void backwardParametersOfAModelWithoutParametersDoesNothing() {
        List<String> calls = new ArrayList<>();
        Backend recorded = RecordingBackend.of(BACKEND, calls::add);
        try (Sequential model = Sequential.builder(recorded, GROUP, Shape.of(1, 4, 4), 0).maxPool(2, 2).build();
             Tensor x = BACKEND.upload(new float[16], Shape.of(1, 1, 4, 4));
             Tensor dy = BACKEND.upload(new float[4], Shape.of(1, 1, 2, 2))) {
            model.forward(x, true);
            calls.clear();
            model.backwardParameters(dy);
            assertEquals(List.of(), calls);
        }
    }

    private static Map<String, float[]> gradients(Sequential model) {
        Map<String, float[]> gradients = new LinkedHashMap<>();
        for (ParameterRegistry.Entry e : model.parameters()) {
            gradients.put(e.name(), BACKEND.download(e.parameter().grad()));
        }
        return gradients;
    }
}
