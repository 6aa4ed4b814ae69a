package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.group.Groups;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each op refuses an argument of the wrong shape before it computes anything, with a message that names the op and
 * the argument. One argument per row is misshaped; the output the op would write is filled with 7 and must stay so.
 */
class CpuShapeChecksTest {

    private static final CpuBackend CPU = Cpu.BACKEND;
    private static final GroupTable C4 = Groups.byName("c4").table();

    /** An op call whose argument {@code argument} has the wrong shape; {@code output} is what it would write. */
    record Misshaped(String op, String argument, Tensor output, Runnable call) {
        @Override
        public String toString() {
            return op + " with a misshaped " + argument;
        }
    }

    static List<Misshaped> misshaped() {
        Tensor x23 = Cpu.zeros(2, 3);
        Tensor wrong = sevens(2, 4);
        Tensor image = Cpu.zeros(1, 1, 4, 4);
        Tensor lifted = Cpu.zeros(1, 2, 4, 4, 4);
        Tensor liftingW = Cpu.zeros(2, 1, 3, 3);
        Tensor groupW = Cpu.zeros(2, 2, 4, 3, 3);
        Tensor channel = Cpu.zeros(1);
        int[] elements = {1, 2};
        Tensor wrongDx = sevens(1, 1, 4, 5);
        Tensor wrongDy = Cpu.zeros(1, 2, 4, 4, 5);
        Tensor imageDx = sevens(1, 1, 4, 4);
        Tensor liftingDw = sevens(2, 1, 3, 3);
        Tensor groupDw = sevens(2, 2, 4, 3, 3);
        Tensor wrongExpandedDw = sevens(2, 2, 4, 5, 5);
        Tensor wrongGroupDx = sevens(1, 2, 4, 4, 5);
        return List.of(
                new Misshaped("copy", "source [2, 3] and destination [2, 4] differ in size", wrong,
                        () -> CPU.copy(x23, wrong)),
                new Misshaped("mul", "out", wrong, () -> CPU.mul(x23, x23, wrong)),
                new Misshaped("scale", "out", wrong, () -> CPU.scale(x23, 2f, wrong)),
                new Misshaped("relu", "out", wrong, () -> CPU.relu(x23, wrong)),
                new Misshaped("axpy", "y", wrong, () -> CPU.axpySign(1f, x23, wrong)),
                new Misshaped("axpy", "y", wrong, () -> {
                    try (var alpha = CPU.scalars(1)) {
                        CPU.axpySign(alpha.at(0), x23, wrong);
                    }
                }),
                new Misshaped("sum", "out", wrong, () -> CPU.sum(x23, wrong)),
                new Misshaped("mean", "out", wrong, () -> CPU.mean(x23, wrong)),
                new Misshaped("avgPool2d", "out", wrong, () -> CPU.avgPool2d(image, 2, 2, wrong)),
                new Misshaped("maxPool2dBackward", "dx", wrongDx,
                        () -> CPU.maxPool2dBackward(image, Cpu.zeros(1, 1, 2, 2), 2, 2, wrongDx)),
                new Misshaped("batchNormEval", "out", wrongDx,
                        () -> CPU.batchNormEval(image, channel, channel, channel, channel, 1e-5f, wrongDx)),
                new Misshaped("liftingConvBackwardData", "dy", imageDx,
                        () -> CPU.liftingConvBackwardData(wrongDy, liftingW, C4, Padding.SAME, imageDx)),
                new Misshaped("liftingConvBackwardFilter", "dy", liftingDw,
                        () -> CPU.liftingConvBackwardFilter(image, wrongDy, C4, Padding.SAME, liftingDw)),
                new Misshaped("groupConv", "out", wrongGroupDx,
                        () -> CPU.groupConv(lifted, groupW, C4, Padding.SAME, wrongGroupDx)),
                new Misshaped("groupConvBackwardFilter", "dy", groupDw,
                        () -> CPU.groupConvBackwardFilter(lifted, wrongDy, C4, Padding.SAME, groupDw)),
                new Misshaped("expandLiftingFilter", "out", liftingDw,
                        () -> CPU.expandLiftingFilter(liftingW, C4, liftingDw)),
                new Misshaped("expandGroupFilterAdjoint", "dExpanded", wrongExpandedDw,
                        () -> CPU.expandGroupFilterAdjoint(Cpu.zeros(8, 8, 3, 3), C4, wrongExpandedDw)),
                new Misshaped("groupPoolBackward", "dx", wrongGroupDx,
                        () -> CPU.groupPoolBackward(lifted, Cpu.zeros(1, 2, 4, 4), PoolMode.MEAN, wrongGroupDx)),
                new Misshaped("equivarianceDeviationBackward", "dFx", wrongGroupDx,
                        () -> CPU.equivarianceDeviationBackward(Cpu.zeros(2, 2, 4, 4, 4), lifted, C4, elements,
                                FeatureRep.GROUP_MAP, Cpu.zeros(2, 1), null, Cpu.zeros(2, 2, 4, 4, 4), wrongGroupDx)));
    }

    @ParameterizedTest
    @MethodSource("misshaped")
    void isRefusedNamingTheOpAndTheArgumentBeforeAnythingIsWritten(Misshaped row) {
        float[] before = Cpu.values(row.output()).clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, row.call()::run);
        assertTrue(e.getMessage().startsWith(row.op() + ": " + row.argument()), e.getMessage());
        assertArrayEquals(before, Cpu.values(row.output()), "the refused op wrote its output");
    }

    private static Tensor sevens(int... dims) {
        Tensor t = Cpu.zeros(dims);
        CPU.fill(t, 7f);
        return t;
    }
}
