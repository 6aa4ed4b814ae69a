package dev.jace.ops;

import dev.jace.backend.Backend;
import dev.jace.backend.Padding;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.C2;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import dev.jace.testing.RecordingBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * EXPANDED (filter bank + backend conv2d) against DIRECT for forward, backward-data and backward-filter, and the
 * backend ops each runs.
 */
class ExpandedAlgorithmTest {

    private final CpuBackend cpu = new CpuBackend();

    static List<Group> groups() {
        return List.of(new C2(), new C4(), new D4());
    }

    private Tensor random(Random random, Shape shape) {
        return cpu.upload(Numerics.randomFloats(random, shape.size()), shape);
    }

    private void assertSame(String what, Tensor direct, Tensor expanded) {
        Numerics.assertClose(what, Numerics.toDouble(cpu.download(direct)), cpu.download(expanded), 1e-5);
    }

    @ParameterizedTest
    @MethodSource("groups")
    void liftingConvExpandedEqualsDirect(Group group) {
        LiftingConv direct = new LiftingConv(group, Padding.SAME, Algorithm.DIRECT);
        LiftingConv expanded = new LiftingConv(group, Padding.SAME, Algorithm.EXPANDED);
        Random random = new Random(1);
        Shape xs = Shape.of(2, 3, 7, 7);
        Shape ws = Shape.of(4, 3, 5, 5);
        try (Tensor x = random(random, xs); Tensor w = random(random, ws);
             Tensor dy = random(random, direct.outputShape(xs, ws));
             Tensor y1 = direct.forward(cpu, x, w); Tensor y2 = expanded.forward(cpu, x, w);
             Tensor dx1 = cpu.allocate(xs); Tensor dx2 = cpu.allocate(xs);
             Tensor dw1 = cpu.allocate(ws); Tensor dw2 = cpu.allocate(ws)) {
            assertSame("forward", y1, y2);
            direct.backwardData(cpu, dy, w, dx1);
            expanded.backwardData(cpu, dy, w, dx2);
            assertSame("backward data", dx1, dx2);
            direct.backwardFilter(cpu, x, dy, dw1);
            expanded.backwardFilter(cpu, x, dy, dw2);
            assertSame("backward filter", dw1, dw2);
        }
    }

    @ParameterizedTest
    @MethodSource("groups")
    void groupConvExpandedEqualsDirect(Group group) {
        GroupConv direct = new GroupConv(group, Padding.VALID, Algorithm.DIRECT);
        GroupConv expanded = new GroupConv(group, Padding.VALID, Algorithm.EXPANDED);
        Random random = new Random(2);
        Shape xs = Shape.of(2, 3, group.order(), 7, 7);
        Shape ws = Shape.of(2, 3, group.order(), 3, 3);
        try (Tensor x = random(random, xs); Tensor w = random(random, ws);
             Tensor dy = random(random, direct.outputShape(xs, ws));
             Tensor y1 = direct.forward(cpu, x, w); Tensor y2 = expanded.forward(cpu, x, w);
             Tensor dx1 = cpu.allocate(xs); Tensor dx2 = cpu.allocate(xs);
             Tensor dw1 = cpu.allocate(ws); Tensor dw2 = cpu.allocate(ws)) {
            assertSame("forward", y1, y2);
            direct.backwardData(cpu, dy, w, dx1);
            expanded.backwardData(cpu, dy, w, dx2);
            assertSame("backward data", dx1, dx2);
            direct.backwardFilter(cpu, x, dy, dw1);
            expanded.backwardFilter(cpu, x, dy, dw2);
            assertSame("backward filter", dw1, dw2);
        }
    }

    /** DIRECT runs the backend's group op; EXPANDED expands the filter and runs the plain convolution. */
    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void eachAlgorithmRunsItsOwnBackendOps(Algorithm algorithm) {
        Group group = new C4();
        List<String> calls = new ArrayList<>();
        Backend recording = RecordingBackend.of(cpu, calls::add);
        LiftingConv lifting = new LiftingConv(group, Padding.SAME, algorithm);
        GroupConv conv = new GroupConv(group, Padding.SAME, algorithm);
        Shape xs = Shape.of(1, 2, 5, 5);
        Shape ws = Shape.of(3, 2, 3, 3);
        Shape gws = Shape.of(2, 3, 4, 3, 3);
        try (Tensor x = cpu.allocate(xs); Tensor w = cpu.allocate(ws); Tensor gw = cpu.allocate(gws);
             Tensor y = cpu.allocate(lifting.outputShape(xs, ws)); Tensor dx = cpu.allocate(xs);
             Tensor dw = cpu.allocate(ws); Tensor z = cpu.allocate(conv.outputShape(y.shape(), gws));
             Tensor dy = cpu.allocate(y.shape()); Tensor dgw = cpu.allocate(gws)) {
            lifting.forward(recording, x, w, y);
            lifting.backwardData(recording, y, w, dx);
            lifting.backwardFilter(recording, x, y, dw);
            conv.forward(recording, y, gw, z);
            conv.backwardData(recording, z, gw, dy);
            conv.backwardFilter(recording, y, z, dgw);
        }
        List<String> expected = algorithm == Algorithm.DIRECT
                ? List.of("liftingConv", "liftingConvBackwardData", "liftingConvBackwardFilter",
                        "groupConv", "groupConvBackwardData", "groupConvBackwardFilter")
                : List.of("allocate", "expandLiftingFilter", "conv2d",
                        "allocate", "expandLiftingFilter", "conv2dBackwardData",
                        "allocate", "conv2dBackwardFilter", "expandLiftingFilterAdjoint",
                        "allocate", "expandGroupFilter", "conv2d",
                        "allocate", "expandGroupFilter", "conv2dBackwardData",
                        "allocate", "conv2dBackwardFilter", "expandGroupFilterAdjoint");
        assertEquals(expected, calls);
    }

    /** EXPANDED checks shapes as the group op, before it expands anything. */
    @Test
    void theExpandedPathNamesTheGroupOpInShapeErrors() {
        Group group = new C4();
        List<String> calls = new ArrayList<>();
        Backend recording = RecordingBackend.of(cpu, calls::add);
        LiftingConv lifting = new LiftingConv(group, Padding.SAME, Algorithm.EXPANDED);
        GroupConv conv = new GroupConv(group, Padding.SAME, Algorithm.EXPANDED);
        try (Tensor x = cpu.allocate(Shape.of(1, 2, 5, 5)); Tensor w = cpu.allocate(Shape.of(3, 2, 3, 3));
             Tensor wrong = cpu.allocate(Shape.of(1, 3, 4, 5, 4)); Tensor gx = cpu.allocate(Shape.of(1, 3, 4, 5, 5));
             Tensor gw = cpu.allocate(Shape.of(2, 3, 4, 3, 3))) {
            assertEquals(List.of(
                    "liftingConv: out should have shape [1, 3, 4, 5, 5] but has [1, 3, 4, 5, 4]",
                    "liftingConvBackwardData: dy should have shape [1, 3, 4, 5, 5] but has [1, 3, 4, 5, 4]",
                    "liftingConvBackwardFilter: dy should have shape [1, 3, 4, 5, 5] but has [1, 3, 4, 5, 4]",
                    "groupConv: out should have shape [1, 2, 4, 5, 5] but has [1, 3, 4, 5, 4]",
                    "groupConvBackwardData: dy should have shape [1, 2, 4, 5, 5] but has [1, 3, 4, 5, 4]",
                    "groupConvBackwardFilter: dy should have shape [1, 2, 4, 5, 5] but has [1, 3, 4, 5, 4]"), List.of(
                    refusal(() -> lifting.forward(recording, x, w, wrong)),
                    refusal(() -> lifting.backwardData(recording, wrong, w, x)),
                    refusal(() -> lifting.backwardFilter(recording, x, wrong, w)),
                    refusal(() -> conv.forward(recording, gx, gw, wrong)),
                    refusal(() -> conv.backwardData(recording, wrong, gw, gx)),
                    refusal(() -> conv.backwardFilter(recording, gx, wrong, gw))));
        }
        assertEquals(List.of(), calls);
    }

    private static String refusal(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }
}
