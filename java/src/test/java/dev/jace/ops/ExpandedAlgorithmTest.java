package dev.jace.ops;

import dev.jace.backend.Padding;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.C2;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

/**
 * EXPANDED (filter bank + backend conv2d) against DIRECT for forward, backward-data and backward-filter.
 * Needs the CPU dense conv2d, so it passes once merged with the dense-ops branch.
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
}
