package dev.jace.backend.cpu;

import dev.jace.backend.DeviceScalar;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.group.C2;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU backend refuses the aliasing that libjace refuses (jace.h, "Memory"), op by op, and the exact in-place calls
 * libjace allows still compute what the op computes into a separate output.
 */
class CpuAliasingTest {

    private static final CpuBackend CPU = Cpu.BACKEND;
    private static final GroupTable C2 = new C2().table();
    private static final Random RANDOM = new Random(5);
    private static final DeviceScalar ALPHA = alpha(1.5);

    /** A call whose {@code first} and {@code second} arguments share memory against the op's rule. */
    record Refused(String op, String first, String second, Runnable call) {
        @Override
        public String toString() {
            return op + " " + first + "/" + second;
        }
    }

    /** An op called with {@code args[output]} being exactly {@code args[input]}, which its rule allows. */
    record InPlace(String name, int output, int input, Supplier<Tensor[]> arguments, Consumer<Tensor[]> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static DeviceScalar alpha(double value) {
        DeviceScalars block = CPU.scalars(1);
        block.set(0, value);
        block.publish();
        return block.at(0);
    }

    private static Tensor t(int... dims) {
        return Cpu.random(RANDOM, dims);
    }

    /**
     * A tensor of {@code dims} over the first elements of {@code owner}'s memory. The backend would refuse to compute
     * on it, as on {@link #shifted} ones ({@link CpuTensorMemoryTest}), but each op checks its aliasing rule first,
     * and the refusals below test those rules (their messages name the overlap, not the partial array).
     */
    private static Tensor prefix(Tensor owner, int... dims) {
        return Tensor.wrap(Shape.of(dims), owner.data(), CpuBackend.DEVICE, () -> { });
    }

    /** A tensor of {@code dims} over {@code owner}'s memory from its second element on: a partial overlap. */
    private static Tensor shifted(Tensor owner, int... dims) {
        return Tensor.wrap(Shape.of(dims), owner.data().asSlice(Float.BYTES), CpuBackend.DEVICE, () -> { });
    }

    private static Refused refused(String op, String first, String second, Runnable call) {
        return new Refused(op, first, second, call);
    }

    static Stream<Refused> refusals() {
        Tensor five = t(5);
        Tensor four = prefix(five, 4);
        Tensor partial = shifted(five, 4);
        Tensor b = t(4);
        Tensor one = t(1);
        Tensor m = t(2, 2);
        Tensor n = t(2, 2);
        Tensor row = t(1, 5);
        Tensor logits7 = t(7);
        Tensor logits = prefix(logits7, 2, 3);
        Tensor labels = Cpu.tensor(new float[] {0, 2}, 2);
        Tensor loss = t(2);
        Tensor dlogits = t(2, 3);
        Tensor image = t(1, 1, 3, 3);
        Tensor pixel = t(1, 1, 1, 1);
        Tensor pool = t(1, 1, 2, 2);
        Tensor bn = t(2, 2);
        Tensor bn5 = t(5);
        Tensor bnX = prefix(bn5, 2, 2);
        Tensor bnOut = shifted(bn5, 2, 2);
        Tensor bnOther = t(2, 2);
        Tensor[] c = {t(2), t(2), t(2), t(2), t(2), t(2)};
        Tensor lifted = t(1, 1, 2, 3, 3);
        Tensor groupFilter = t(1, 1, 2, 1, 1);
        Tensor expanded = t(2, 1, 1, 1);
        Tensor expandedGroup = t(2, 2, 1, 1);
        Tensor groupMap = t(1, 1, 2, 2, 2);
        Tensor fx = t(2, 3);
        Tensor fgx = t(2, 3);
        Tensor dev = t(1, 2);
        Tensor norm = t(2);
        int[] flip = {1};
        return Stream.of(
                refused("copy", "dst", "src", () -> CPU.copy(b, b)),
                refused("matmul", "out", "a", () -> CPU.matmul(m, false, n, false, m)),
                refused("matmul", "out", "b", () -> CPU.matmul(m, false, n, true, n)),
                refused("add", "out", "a", () -> CPU.add(four, b, partial)),
                refused("add", "out", "b", () -> CPU.add(b, four, partial)),
                refused("mul", "out", "a", () -> CPU.mul(four, b, partial)),
                refused("mul", "out", "b", () -> CPU.mul(b, four, partial)),
                refused("scale", "out", "a", () -> CPU.scale(four, 2f, partial)),
                refused("scaleBy", "out", "a", () -> CPU.scaleBy(four, one, partial)),
                refused("scaleBy", "out", "factor", () -> CPU.scaleBy(t(1), one, one)),
                refused("axpy", "y", "x", () -> CPU.axpy(2f, four, partial)),
                refused("axpy", "y", "x", () -> CPU.axpy(ALPHA, four, partial)),
                refused("axpySign", "y", "x", () -> CPU.axpySign(2f, four, partial)),
                refused("axpySign", "y", "x", () -> CPU.axpySign(ALPHA, four, partial)),
                refused("addChannelBias", "out", "x", () -> CPU.addChannelBias(prefix(row, 1, 4), b,
                        shifted(row, 1, 4))),
                refused("addChannelBias", "out", "bias", () -> CPU.addChannelBias(t(1, 1), one, one.reshape(1, 1))),
                refused("relu", "out", "x", () -> CPU.relu(four, partial)),
                refused("reluBackward", "dx", "x", () -> CPU.reluBackward(four, b, partial)),
                refused("reluBackward", "dx", "dy", () -> CPU.reluBackward(b, four, partial)),
                refused("softmaxCrossEntropy", "dlogits", "logits",
                        () -> CPU.softmaxCrossEntropy(logits, labels, loss, shifted(logits7, 2, 3))),
                refused("softmaxCrossEntropy", "loss", "dlogits",
                        () -> CPU.softmaxCrossEntropy(logits, labels, prefix(dlogits, 2), dlogits)),
                refused("softmaxCrossEntropy", "loss", "labels",
                        () -> CPU.softmaxCrossEntropy(logits, labels, labels, dlogits)),
                refused("softmaxCrossEntropy", "dlogits", "labels",
                        () -> CPU.softmaxCrossEntropy(logits, prefix(dlogits, 2), loss, dlogits)),
                refused("softmaxCrossEntropy", "loss", "logits",
                        () -> CPU.softmaxCrossEntropy(logits, labels, prefix(logits, 2), dlogits)),
                refused("sum", "out", "x", () -> CPU.sum(b, prefix(b, 1))),
                refused("mean", "out", "x", () -> CPU.mean(b, prefix(b, 1))),
                refused("sumAxis", "out", "x", () -> CPU.sumAxis(m, 1, prefix(m, 2))),
                refused("meanAxis", "out", "x", () -> CPU.meanAxis(m, 1, prefix(m, 2))),
                refused("channelSum", "out", "x", () -> CPU.channelSum(m, prefix(m, 2))),
                refused("conv2d", "out", "x", () -> CPU.conv2d(image, pixel, Padding.SAME, image)),
                refused("conv2d", "out", "w", () -> CPU.conv2d(t(1, 1, 1, 1), pixel, Padding.SAME, pixel)),
                refused("conv2dBackwardData", "dx", "dy", () -> CPU.conv2dBackwardData(image, pixel, Padding.SAME,
                        image)),
                refused("conv2dBackwardFilter", "dw", "x", () -> CPU.conv2dBackwardFilter(pixel, t(1, 1, 1, 1),
                        Padding.SAME, pixel)),
                refused("conv2dBackwardFilter", "dw", "dy", () -> CPU.conv2dBackwardFilter(t(1, 1, 1, 1), pixel,
                        Padding.SAME, pixel)),
                refused("maxPool2d", "out", "x", () -> CPU.maxPool2d(pool, 2, 2, prefix(pool, 1, 1, 1, 1))),
                refused("maxPool2dBackward", "dx", "x", () -> CPU.maxPool2dBackward(pool, t(1, 1, 1, 1), 2, 2, pool)),
                refused("maxPool2dBackward", "dx", "dy", () -> CPU.maxPool2dBackward(t(1, 1, 2, 2),
                        prefix(pool, 1, 1, 1, 1), 2, 2, pool)),
                refused("avgPool2d", "out", "x", () -> CPU.avgPool2d(pool, 2, 2, prefix(pool, 1, 1, 1, 1))),
                refused("avgPool2dBackward", "dx", "dy", () -> CPU.avgPool2dBackward(prefix(pool, 1, 1, 1, 1), 2, 2,
                        pool)),
                refused("batchNormTrain", "out", "x", () -> CPU.batchNormTrain(bnX, c[0], c[1], c[2], c[3], 0.1f,
                        1e-5f, bnOut, c[4], c[5])),
                refused("batchNormTrain", "runningMean", "runningVar", () -> CPU.batchNormTrain(bn, c[0], c[1], c[2],
                        c[2], 0.1f, 1e-5f, bnOther, c[4], c[5])),
                refused("batchNormTrain", "saveMean", "gamma", () -> CPU.batchNormTrain(bn, c[0], c[1], c[2], c[3],
                        0.1f, 1e-5f, bnOther, c[0], c[5])),
                refused("batchNormTrain", "out", "beta", () -> CPU.batchNormTrain(bn, c[0], prefix(bnOther, 2), c[2],
                        c[3], 0.1f, 1e-5f, bnOther, c[4], c[5])),
                refused("batchNormTrain", "saveInvStd", "x", () -> CPU.batchNormTrain(bn, c[0], c[1], c[2], c[3],
                        0.1f, 1e-5f, bnOther, c[4], prefix(bn, 2))),
                refused("batchNormEval", "out", "x", () -> CPU.batchNormEval(bnX, c[0], c[1], c[2], c[3], 1e-5f,
                        bnOut)),
                refused("batchNormEval", "out", "runningVar", () -> CPU.batchNormEval(bn, c[0], c[1], c[2],
                        prefix(bnOther, 2), 1e-5f, bnOther)),
                refused("batchNormBackward", "dx", "x", () -> CPU.batchNormBackward(bnX, bn, c[0], c[1], c[2], bnOut,
                        c[3], c[4])),
                refused("batchNormBackward", "dx", "dy", () -> CPU.batchNormBackward(bn, bnX, c[0], c[1], c[2], bnOut,
                        c[3], c[4])),
                refused("batchNormBackward", "dgamma", "dbeta", () -> CPU.batchNormBackward(bn, bnOther, c[0], c[1],
                        c[2], n, c[3], c[3])),
                refused("batchNormBackward", "dx", "dgamma", () -> CPU.batchNormBackward(bn, bnOther, c[0], c[1],
                        c[2], n, prefix(n, 2), c[4])),
                refused("batchNormBackward", "dx", "gamma", () -> CPU.batchNormBackward(bn, bnOther, prefix(n, 2),
                        c[1], c[2], n, c[3], c[4])),
                refused("batchNormBackward", "dbeta", "x", () -> CPU.batchNormBackward(bn, bnOther, c[0], c[1], c[2],
                        n, c[3], prefix(bn, 2))),
                refused("sgdStep", "param", "grad", () -> CPU.sgdStep(b, b, t(4), 0.1f, 0.9f, 0f)),
                refused("sgdStep", "param", "velocity", () -> CPU.sgdStep(b, t(4), b, 0.1f, 0.9f, 0f)),
                refused("sgdStep", "velocity", "grad", () -> CPU.sgdStep(b, four, four, ALPHA, 0.9f, 0f)),
                refused("adamStep", "m", "v", () -> CPU.adamStep(b, t(4), four, four, 0.1f, 0.9f, 0.99f, 1e-8f, 0f,
                        1)),
                refused("adamStep", "v", "grad", () -> CPU.adamStep(b, four, t(4), four, 0.1f, 0.9f, 0.99f, 1e-8f, 0f,
                        1)),
                refused("adamStep", "param", "m", () -> CPU.adamStep(b, t(4), b, four, ALPHA, ALPHA, ALPHA, 0.9f,
                        0.99f, 1e-8f, 0f)),
                refused("groupAction", "out", "x", () -> CPU.groupAction(pool, C2, flip, FeatureRep.IMAGE, pool)),
                refused("liftingConv", "out", "x", () -> CPU.liftingConv(prefix(lifted, 1, 1, 3, 3), pixel, C2,
                        Padding.SAME, lifted)),
                refused("liftingConv", "out", "w", () -> CPU.liftingConv(image, prefix(lifted, 1, 1, 1, 1), C2,
                        Padding.SAME, lifted)),
                refused("liftingConvBackwardData", "dx", "dy", () -> CPU.liftingConvBackwardData(lifted, pixel, C2,
                        Padding.SAME, prefix(lifted, 1, 1, 3, 3))),
                refused("liftingConvBackwardFilter", "dw", "dy", () -> CPU.liftingConvBackwardFilter(image, lifted,
                        C2, Padding.SAME, prefix(lifted, 1, 1, 1, 1))),
                refused("groupConv", "out", "x", () -> CPU.groupConv(lifted, groupFilter, C2, Padding.SAME, lifted)),
                refused("groupConvBackwardData", "dx", "w", () -> CPU.groupConvBackwardData(t(1, 1, 2, 3, 3),
                        prefix(lifted, 1, 1, 2, 1, 1), C2, Padding.SAME, lifted)),
                refused("groupConvBackwardFilter", "dw", "x", () -> CPU.groupConvBackwardFilter(lifted,
                        t(1, 1, 2, 3, 3), C2, Padding.SAME, prefix(lifted, 1, 1, 2, 1, 1))),
                refused("expandLiftingFilter", "out", "w", () -> CPU.expandLiftingFilter(prefix(expanded, 1, 1, 1, 1),
                        C2, expanded)),
                refused("expandLiftingFilterAdjoint", "dw", "dExpanded", () -> CPU.expandLiftingFilterAdjoint(expanded,
                        C2, prefix(expanded, 1, 1, 1, 1))),
                refused("expandGroupFilter", "out", "w", () -> CPU.expandGroupFilter(prefix(expandedGroup, 1, 1, 2, 1,
                        1), C2, expandedGroup)),
                refused("expandGroupFilterAdjoint", "dw", "dExpanded", () -> CPU.expandGroupFilterAdjoint(
                        expandedGroup, C2, prefix(expandedGroup, 1, 1, 2, 1, 1))),
                refused("groupPool", "out", "x", () -> CPU.groupPool(groupMap, PoolMode.MAX,
                        prefix(groupMap, 1, 1, 2, 2))),
                refused("groupPoolBackward", "dx", "x", () -> CPU.groupPoolBackward(groupMap, t(1, 1, 2, 2),
                        PoolMode.MAX, groupMap)),
                refused("groupPoolBackward", "dx", "dy", () -> CPU.groupPoolBackward(t(1, 1, 2, 2, 2),
                        prefix(groupMap, 1, 1, 2, 2), PoolMode.MEAN, groupMap)),
                refused("equivarianceDeviation", "deviation", "norm", () -> CPU.equivarianceDeviation(fgx, fx, C2,
                        flip, FeatureRep.INVARIANT, dev, dev.reshape(2))),
                refused("equivarianceDeviation", "norm", "fx", () -> CPU.equivarianceDeviation(fgx, fx, C2, flip,
                        FeatureRep.INVARIANT, dev, prefix(fx, 2))),
                refused("equivarianceDeviation", "deviation", "fgx", () -> CPU.equivarianceDeviation(fgx, fx, C2,
                        flip, FeatureRep.INVARIANT, prefix(fgx, 1, 2), norm)),
                refused("equivarianceDeviationBackward", "dFgx", "fgx", () -> CPU.equivarianceDeviationBackward(fgx,
                        fx, C2, flip, FeatureRep.INVARIANT, dev, norm, fgx, t(2, 3))),
                refused("equivarianceDeviationBackward", "dFgx", "dFx", () -> CPU.equivarianceDeviationBackward(fgx,
                        fx, C2, flip, FeatureRep.INVARIANT, dev, norm, dlogits, dlogits)),
                refused("equivarianceDeviationBackward", "dFx", "dNorm", () -> CPU.equivarianceDeviationBackward(fgx,
                        fx, C2, flip, FeatureRep.INVARIANT, dev, prefix(dlogits, 2), t(2, 3), dlogits)),
                refused("equivarianceDeviationBackward", "dFx", "dDeviation", () -> CPU.equivarianceDeviationBackward(
                        fgx, fx, C2, flip, FeatureRep.INVARIANT, prefix(dlogits, 1, 2), null, t(2, 3), dlogits)),
                refused("relativeDeviationWeights", "dDeviation", "deviation", () -> CPU.relativeDeviationWeights(dev,
                        norm, new int[] {0}, 1.0, 1e-12, dev, t(2))),
                refused("relativeDeviationWeights", "dDeviation", "dNorm", () -> CPU.relativeDeviationWeights(dev,
                        norm, new int[] {0}, 1.0, 1e-12, prefix(loss, 1, 2), loss)),
                refused("relativeDeviationWeights", "dNorm", "norm", () -> CPU.relativeDeviationWeights(dev, norm,
                        new int[] {0}, ALPHA, 2.0, 1e-12, t(1, 2), norm)));
    }

    /** Fresh tensors of {@code dims} holding the same random values at every call. */
    private static Supplier<Tensor[]> args(int[]... dims) {
        return () -> {
            Random random = new Random(7);
            return Arrays.stream(dims).map(d -> Cpu.random(random, d)).toArray(Tensor[]::new);
        };
    }

    /** {@code arguments} with argument {@code index} holding {@code values} instead. */
    private static Supplier<Tensor[]> with(Supplier<Tensor[]> arguments, int index, float... values) {
        return () -> {
            Tensor[] t = arguments.get();
            CPU.copyIn(values, t[index]);
            return t;
        };
    }

    private static int[] dims(int... dims) {
        return dims;
    }

    static Stream<InPlace> inPlace() {
        Supplier<Tensor[]> binary = args(dims(2, 3), dims(2, 3), dims(2, 3));
        Supplier<Tensor[]> unary = args(dims(2, 3), dims(2, 3));
        float[] variances = {0.5f, 1f, 2f};
        Supplier<Tensor[]> normBackward = with(args(dims(2, 3, 2), dims(2, 3, 2), dims(3), dims(3), dims(3),
                dims(2, 3, 2), dims(3), dims(3)), 4, variances);
        return Stream.of(
                new InPlace("add out=a", 2, 0, binary, t -> CPU.add(t[0], t[1], t[2])),
                new InPlace("add out=b", 2, 1, binary, t -> CPU.add(t[0], t[1], t[2])),
                new InPlace("mul out=a", 2, 0, binary, t -> CPU.mul(t[0], t[1], t[2])),
                new InPlace("mul out=b", 2, 1, binary, t -> CPU.mul(t[0], t[1], t[2])),
                new InPlace("scale out=a", 1, 0, unary, t -> CPU.scale(t[0], -1.5f, t[1])),
                new InPlace("scaleBy out=a", 2, 0, args(dims(2, 3), dims(1), dims(2, 3)),
                        t -> CPU.scaleBy(t[0], t[1], t[2])),
                new InPlace("axpy x=y", 1, 0, unary, t -> CPU.axpy(1.5f, t[0], t[1])),
                new InPlace("axpy(DeviceScalar) x=y", 1, 0, unary, t -> CPU.axpy(ALPHA, t[0], t[1])),
                new InPlace("axpySign x=y", 1, 0, unary, t -> CPU.axpySign(1.5f, t[0], t[1])),
                new InPlace("axpySign(DeviceScalar) x=y", 1, 0, unary, t -> CPU.axpySign(ALPHA, t[0], t[1])),
                new InPlace("addChannelBias out=x", 2, 0, args(dims(2, 3, 2), dims(3), dims(2, 3, 2)),
                        t -> CPU.addChannelBias(t[0], t[1], t[2])),
                new InPlace("relu out=x", 1, 0, unary, t -> CPU.relu(t[0], t[1])),
                new InPlace("reluBackward dx=x", 2, 0, binary, t -> CPU.reluBackward(t[0], t[1], t[2])),
                new InPlace("reluBackward dx=dy", 2, 1, binary, t -> CPU.reluBackward(t[0], t[1], t[2])),
                new InPlace("softmaxCrossEntropy dlogits=logits", 3, 0,
                        with(args(dims(2, 3), dims(2), dims(2), dims(2, 3)), 1, 0f, 2f),
                        t -> CPU.softmaxCrossEntropy(t[0], t[1], t[2], t[3])),
                new InPlace("batchNormTrain out=x", 5, 0, with(args(dims(2, 3, 2), dims(3), dims(3), dims(3),
                        dims(3), dims(2, 3, 2), dims(3), dims(3)), 4, variances),
                        t -> CPU.batchNormTrain(t[0], t[1], t[2], t[3], t[4], 0.1f, 1e-5f, t[5], t[6], t[7])),
                new InPlace("batchNormEval out=x", 5, 0, with(args(dims(2, 3, 2), dims(3), dims(3), dims(3),
                        dims(3), dims(2, 3, 2)), 4, variances),
                        t -> CPU.batchNormEval(t[0], t[1], t[2], t[3], t[4], 1e-5f, t[5])),
                new InPlace("batchNormBackward dx=x", 5, 0, normBackward,
                        t -> CPU.batchNormBackward(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7])),
                new InPlace("batchNormBackward dx=dy", 5, 1, normBackward,
                        t -> CPU.batchNormBackward(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7])),
                new InPlace("groupPoolBackward(MEAN) dx=x", 2, 0,
                        args(dims(1, 2, 2, 2, 2), dims(1, 2, 2, 2), dims(1, 2, 2, 2, 2)),
                        t -> CPU.groupPoolBackward(t[0], t[1], PoolMode.MEAN, t[2])));
    }

    @ParameterizedTest
    @MethodSource("inPlace")
    void anExactlyInPlaceCallGivesTheBitsOfASeparateOutput(InPlace row) {
        Tensor[] separate = row.arguments().get();
        CPU.copy(separate[row.input()], separate[row.output()]); // axpy accumulates into its output
        row.call().accept(separate);
        Tensor[] inPlace = row.arguments().get();
        inPlace[row.output()] = inPlace[row.input()];
        row.call().accept(inPlace);
        for (int i = 0; i < separate.length; i++) {
            if (i != row.input()) {
                assertArrayEquals(Cpu.values(separate[i]), Cpu.values(inPlace[i]), row + ": argument " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void anOutputSharingMemoryAgainstTheOpsRuleIsRefusedNamingTheOpAndBothArguments(Refused row) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, row.call()::run);
        assertTrue(e.getMessage().startsWith(row.op() + ": " + row.first() + " ("), e.getMessage());
        assertTrue(e.getMessage().contains(") and " + row.second() + " ("), e.getMessage());
        assertTrue(e.getMessage().contains(") overlap; "), e.getMessage());
    }
}
