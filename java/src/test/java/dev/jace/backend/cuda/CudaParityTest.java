package dev.jace.backend.cuda;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.backend.Precision;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static dev.jace.backend.cuda.ParityHarness.Pair;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@link dev.jace.backend.Backend} op of {@link CudaBackend} against the CPU oracle on odd shapes (batch 1,
 * channel counts that are not multiples of 8), outputs poisoned with NaN first. Tolerances: FP32 1e-5 of the largest
 * reference magnitude for every op, cuDNN's convolutions too (FP32 runs only its algorithms that sum directly, not FFT
 * or Winograd: CudnnConv); for the GEMM-like ops (matmul, convolutions) at reduced precision each element's error
 * relative to the same op on |inputs| (Σ|a||b|, the rounding bound of a dot product): TF32 2e-3, BF16 1e-2. Rounding
 * the inputs alone already costs up to ~1.3e-3 (TF32) / ~1.5e-2 (BF16) of the largest output where sums cancel
 * (measured by native/test/conv_reference_check), which is why cancellation must not count against them. The TF32 bound
 * holds for inputs truncated as well as rounded to nearest: a product of two inputs cut to TF32's 10 mantissa bits errs
 * by up to 2^-9 ≈ 1.95e-3 of |a||b|. Cut to BF16's 7 bits it may err by up to 2^-6 ≈ 1.56e-2, beyond the BF16 bound:
 * the fixed random inputs of its single-term cases stay within it truncated too (CudaLibrariesOnEmulatorTest), and the
 * errors of longer sums partly cancel. jace's kernels round to nearest, but cuBLAS and cuDNN only "allow
 * down-converting" to TF32; with the emulator's cuBLAS and cuDNN truncating, the single-term cases exceeded the former
 * TF32 bound of 1e-3 (up to 1.19e-3). CudaLibrariesOnEmulatorTest runs the reduced-precision cases with them
 * truncating.
 */
@Tag("gpu")
@Tag("cuda-libraries")
class CudaParityTest {

    private static final GroupTable[] GROUPS = {TestGroups.C4, TestGroups.D4, TestGroups.FLIP};
    /** The group ops (cheap) also run the half-turn group, on non-square maps. */
    private static final GroupTable[] GROUP_OP_GROUPS = {TestGroups.C4, TestGroups.D4, TestGroups.FLIP,
        TestGroups.HALF_TURN};

    static double tolerance(Precision p) {
        return switch (p) {
            case FP32 -> 1e-5;
            case TF32 -> 2e-3;
            case BF16 -> 1e-2;
        };
    }

    private static ParityHarness harness(Precision p, GroupConvAlgorithm algorithm) {
        return new ParityHarness(CudaOptions.defaults().withPrecision(p).withGroupConv(algorithm), 42,
                tolerance(p));
    }

    private static ParityHarness fp32() {
        return harness(Precision.FP32, GroupConvAlgorithm.AUTO);
    }

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    @Test
    void memoryOps() {
        try (ParityHarness h = fp32()) {
            try (Tensor zeros = h.gpu.allocate(Shape.of(3, 5, 7))) {
                assertArrayEquals(new float[3 * 5 * 7], h.gpu.download(zeros));
            }
            float[] values = Numerics.randomFloats(h.random, 1001);
            try (Tensor t = h.gpu.upload(values, Shape.of(7, 11, 13))) {
                assertArrayEquals(values, h.gpu.download(t));
                try (Tensor copy = h.gpu.upload(new float[1001], Shape.of(1001))) {
                    h.gpu.copy(t, copy);
                    assertArrayEquals(values, h.gpu.download(copy));
                    h.gpu.fill(copy, -2.5f);
                    float[] filled = new float[1001];
                    Arrays.fill(filled, -2.5f);
                    assertArrayEquals(filled, h.gpu.download(copy));
                }
            }
            // larger than one staging chunk
            float[] big = Numerics.randomFloats(h.random, (int) (HostStaging.MAX_BYTES / Float.BYTES) + 12345);
            try (Tensor t = h.gpu.upload(big, Shape.of(big.length))) {
                assertArrayEquals(big, h.gpu.download(t));
            }
        }
    }

    @Test
    void axpySignMatchesTheCpuBitForBitOnSpecialValues() {
        float[] xs = {2.5f, -0.25f, 0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE};
        float[] ys = {1f, 1f, 0f, 0f, 1f, -1f, 3f};
        try (ParityHarness h = fp32();
             Tensor cx = h.cpu.upload(xs, Shape.of(xs.length)); Tensor cy = h.cpu.upload(ys, Shape.of(xs.length));
             Tensor gx = h.gpu.upload(xs, Shape.of(xs.length)); Tensor gy = h.gpu.upload(ys, Shape.of(xs.length))) {
            h.cpu.axpySign(-0.5f, cx, cy);
            h.gpu.axpySign(-0.5f, gx, gy);
            float[] expected = h.cpu.download(cy);
            float[] actual = h.gpu.download(gy);
            for (int i = 0; i < xs.length; i++) {
                assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), "x = " + xs[i]);
            }
        }
    }

    @Test
    void relativeDeviationWeightsMatchTheCpuBitForBit() {
        try (ParityHarness h = fp32()) {
            for (int[] rows : new int[][] {{0, 1, 2}, {3, 5, 6}, {}, {0, 1, 2, 3, 4, 5, 6, 7}}) {
                int k = 8;
                int n = 300;
                Pair dev = h.uniform(0f, 3f, k, n);
                float[] normValues = h.cpu.download(h.uniform(1e-6f, 5f, n).cpu());
                normValues[0] = 0f;
                normValues[1] = 1e-30f;
                Pair norm = h.values(normValues, n);
                Pair dDev = h.poisoned(k, n);
                Pair dNorm = h.poisoned(n);
                double scale = 0.7315 / (Math.max(1, rows.length) * n);
                h.cpu.relativeDeviationWeights(dev.cpu(), norm.cpu(), rows, scale, 1e-12, dDev.cpu(), dNorm.cpu());
                h.gpu.relativeDeviationWeights(dev.gpu(), norm.gpu(), rows, scale, 1e-12, dDev.gpu(), dNorm.gpu());
                for (Pair p : new Pair[] {dDev, dNorm}) {
                    float[] expected = h.cpu.download(p.cpu());
                    float[] actual = h.gpu.download(p.gpu());
                    for (int i = 0; i < expected.length; i++) {
                        assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                                "relativeDeviationWeights rows " + Arrays.toString(rows) + " element " + i);
                    }
                }
            }
        }
    }

    @Test
    void copyInIsOrderedOnTheStreamAndFreesItsSourceAtOnce() {
        try (ParityHarness h = fp32()) {
            // More copies than pinned slots, each into its own tensor, refilling one source array between them, with
            // a kernel that reads each target in between: every target must hold its own values.
            int copies = 3 * PinnedUploads.SLOTS + 1;
            float[] source = new float[4099];
            float[][] expected = new float[copies][];
            Tensor[] targets = new Tensor[copies];
            try (Tensor sum = h.gpu.allocate(Shape.of(source.length))) {
                float[] running = new float[source.length];
                for (int c = 0; c < copies; c++) {
                    for (int i = 0; i < source.length; i++) {
                        source[i] = c * 10_000 + i;
                        running[i] += source[i];
                    }
                    expected[c] = source.clone();
                    targets[c] = h.gpu.allocate(Shape.of(source.length));
                    h.gpu.copyIn(source, targets[c]);
                    h.gpu.add(sum, targets[c], sum);
                }
                for (int c = 0; c < copies; c++) {
                    assertArrayEquals(expected[c], h.gpu.download(targets[c]), "copy " + c);
                    targets[c].close();
                }
                assertArrayEquals(running, h.gpu.download(sum));
            }
            // larger than a pinned slot: through the staging buffer
            float[] big = Numerics.randomFloats(h.random, (int) (PinnedUploads.MAX_SLOT_BYTES / Float.BYTES) + 7);
            try (Tensor t = h.gpu.allocate(Shape.of(big.length))) {
                h.gpu.copyIn(big, t);
                assertArrayEquals(big, h.gpu.download(t));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void matmul(Precision p) {
        try (ParityHarness h = harness(p, GroupConvAlgorithm.AUTO)) {
            int[][] mkn = {{1, 1, 1}, {3, 5, 7}, {17, 33, 9}, {64, 129, 31}};
            for (int[] s : mkn) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        Pair a = ta ? h.random(s[1], s[0]) : h.random(s[0], s[1]);
                        Pair b = tb ? h.random(s[2], s[1]) : h.random(s[1], s[2]);
                        Pair out = h.poisoned(s[0], s[2]);
                        h.cpu.matmul(a.cpu(), ta, b.cpu(), tb, out.cpu());
                        h.gpu.matmul(a.gpu(), ta, b.gpu(), tb, out.gpu());
                        h.checkBilinear("matmul " + Arrays.toString(s) + " ta=" + ta + " tb=" + tb, out, a, b,
                                (ua, ub, o) -> h.cpu.matmul(ua, ta, ub, tb, o));
                    }
                }
            }
        }
    }

    @Test
    void elementwise() {
        try (ParityHarness h = fp32()) {
            int[] dims = {3, 5, 7};
            Pair a = h.random(dims);
            Pair b = h.random(dims);
            Pair out = h.poisoned(dims);
            h.cpu.add(a.cpu(), b.cpu(), out.cpu());
            h.gpu.add(a.gpu(), b.gpu(), out.gpu());
            h.check("add", out);
            out = h.poisoned(dims);
            h.cpu.mul(a.cpu(), b.cpu(), out.cpu());
            h.gpu.mul(a.gpu(), b.gpu(), out.gpu());
            h.check("mul", out);
            out = h.poisoned(dims);
            h.cpu.scale(a.cpu(), -1.75f, out.cpu());
            h.gpu.scale(a.gpu(), -1.75f, out.gpu());
            h.check("scale", out);
            Pair factor = h.random(1);
            out = h.poisoned(dims);
            h.cpu.scaleBy(a.cpu(), factor.cpu(), out.cpu());
            h.gpu.scaleBy(a.gpu(), factor.gpu(), out.gpu());
            h.check("scaleBy", out);
            Pair y = h.random(dims);
            h.cpu.axpy(0.3f, a.cpu(), y.cpu());
            h.gpu.axpy(0.3f, a.gpu(), y.gpu());
            h.check("axpy", y);
            h.cpu.axpySign(-0.7f, a.cpu(), y.cpu());
            h.gpu.axpySign(-0.7f, a.gpu(), y.gpu());
            h.check("axpySign", y);
            Pair bias = h.random(5);
            out = h.poisoned(dims);
            h.cpu.addChannelBias(a.cpu(), bias.cpu(), out.cpu());
            h.gpu.addChannelBias(a.gpu(), bias.gpu(), out.gpu());
            h.check("addChannelBias", out);
            out = h.poisoned(dims);
            h.cpu.relu(a.cpu(), out.cpu());
            h.gpu.relu(a.gpu(), out.gpu());
            h.check("relu", out);
            out = h.poisoned(dims);
            h.cpu.reluBackward(a.cpu(), b.cpu(), out.cpu());
            h.gpu.reluBackward(a.gpu(), b.gpu(), out.gpu());
            h.check("reluBackward", out);
            // aliasing allowed by the contract: out = a
            Pair alias = h.random(dims);
            h.cpu.add(alias.cpu(), b.cpu(), alias.cpu());
            h.gpu.add(alias.gpu(), b.gpu(), alias.gpu());
            h.check("add in place", alias);
        }
    }

    @Test
    void softmaxCrossEntropy() {
        try (ParityHarness h = fp32()) {
            for (int[] nk : new int[][] {{1, 1}, {1, 7}, {5, 3}, {33, 10}}) {
                float[] labels = new float[nk[0]];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = h.random.nextInt(nk[1]);
                }
                Pair logits = h.uniform(-4, 4, nk);
                Pair l = h.values(labels, nk[0]);
                Pair loss = h.poisoned(nk[0]);
                Pair dlogits = h.poisoned(nk);
                h.cpu.softmaxCrossEntropy(logits.cpu(), l.cpu(), loss.cpu(), dlogits.cpu());
                h.gpu.softmaxCrossEntropy(logits.gpu(), l.gpu(), loss.gpu(), dlogits.gpu());
                h.check("softmaxCrossEntropy " + Arrays.toString(nk), loss, dlogits);
            }
        }
    }

    @Test
    void reductions() {
        try (ParityHarness h = fp32()) {
            int[] dims = {3, 5, 7, 11};
            Pair x = h.uniform(0.5f, 1.5f, dims);
            Pair out = h.poisoned(1);
            h.cpu.sum(x.cpu(), out.cpu());
            h.gpu.sum(x.gpu(), out.gpu());
            h.check("sum", out);
            out = h.poisoned(1);
            h.cpu.mean(x.cpu(), out.cpu());
            h.gpu.mean(x.gpu(), out.gpu());
            h.check("mean", out);
            for (int axis = 0; axis < dims.length; axis++) {
                int[] reduced = Shape.of(dims).dims();
                int[] outDims = new int[dims.length - 1];
                for (int i = 0, j = 0; i < dims.length; i++) {
                    if (i != axis) {
                        outDims[j++] = reduced[i];
                    }
                }
                out = h.poisoned(outDims);
                h.cpu.sumAxis(x.cpu(), axis, out.cpu());
                h.gpu.sumAxis(x.gpu(), axis, out.gpu());
                h.check("sumAxis " + axis, out);
                out = h.poisoned(outDims);
                h.cpu.meanAxis(x.cpu(), axis, out.cpu());
                h.gpu.meanAxis(x.gpu(), axis, out.gpu());
                h.check("meanAxis " + axis, out);
            }
            Pair vector = h.uniform(0.5f, 1.5f, 13);
            out = h.poisoned(1);
            h.cpu.sumAxis(vector.cpu(), 0, out.cpu());
            h.gpu.sumAxis(vector.gpu(), 0, out.gpu());
            h.check("sumAxis of a vector", out);
            out = h.poisoned(5);
            h.cpu.channelSum(x.cpu(), out.cpu());
            h.gpu.channelSum(x.gpu(), out.gpu());
            h.check("channelSum", out);
        }
    }

    /**
     * {n, cin, cout, h, w, kh, kw, padding ordinal}. The last has channels enough for libjace's packed-filter forward
     * and backward_data and its channels-last backward_filter (at least 32 in and out).
     */
    private static final int[][] CONVS = {
            {1, 3, 5, 7, 7, 3, 3, 0}, {3, 1, 2, 9, 6, 3, 3, 1}, {2, 5, 3, 8, 8, 5, 5, 0}, {1, 2, 7, 5, 5, 1, 1, 0},
            {2, 3, 4, 7, 9, 3, 5, 1}, {2, 32, 33, 6, 6, 3, 3, 1}};

    @ParameterizedTest
    @EnumSource(Precision.class)
    void conv2d(Precision p) {
        try (ParityHarness h = harness(p, GroupConvAlgorithm.AUTO)) {
            boolean cudnn = h.gpu.convolvesWithCudnn();
            for (int[] c : CONVS) {
                if (c[5] != c[6] && !cudnn) {
                    continue; // rectangular filters need cuDNN
                }
                Padding padding = Padding.values()[c[7]];
                int ho = padding.outputSize(c[3], c[5]);
                int wo = padding.outputSize(c[4], c[6]);
                String what = "conv2d " + Arrays.toString(c);
                Pair x = h.random(c[0], c[1], c[3], c[4]);
                Pair w = h.random(c[2], c[1], c[5], c[6]);
                Pair y = h.poisoned(c[0], c[2], ho, wo);
                h.cpu.conv2d(x.cpu(), w.cpu(), padding, y.cpu());
                h.gpu.conv2d(x.gpu(), w.gpu(), padding, y.gpu());
                h.checkBilinear(what, y, x, w,
                        (ua, ub, o) -> h.cpu.conv2d(ua, ub, padding, o));
                Pair dy = h.random(c[0], c[2], ho, wo);
                Pair dx = h.poisoned(c[0], c[1], c[3], c[4]);
                h.cpu.conv2dBackwardData(dy.cpu(), w.cpu(), padding, dx.cpu());
                h.gpu.conv2dBackwardData(dy.gpu(), w.gpu(), padding, dx.gpu());
                h.checkBilinear(what + " backwardData", dx, dy, w,
                        (ua, ub, o) -> h.cpu.conv2dBackwardData(ua, ub, padding, o));
                Pair dw = h.poisoned(c[2], c[1], c[5], c[6]);
                h.cpu.conv2dBackwardFilter(x.cpu(), dy.cpu(), padding, dw.cpu());
                h.gpu.conv2dBackwardFilter(x.gpu(), dy.gpu(), padding, dw.gpu());
                h.checkBilinear(what + " backwardFilter", dw, x, dy,
                        (ua, ub, o) -> h.cpu.conv2dBackwardFilter(ua, ub, padding, o));
            }
        }
    }

    @Test
    void pooling() {
        try (ParityHarness h = fp32()) {
            int[][] cases = {{1, 1, 5, 5, 2, 2}, {2, 3, 7, 9, 3, 2}, {3, 5, 8, 6, 2, 1}, {1, 2, 4, 4, 4, 4}};
            for (int[] c : cases) {
                int window = c[4];
                int stride = c[5];
                int ho = (c[2] - window) / stride + 1;
                int wo = (c[3] - window) / stride + 1;
                String what = "pool " + Arrays.toString(c);
                Pair x = h.random(c[0], c[1], c[2], c[3]);
                Pair out = h.poisoned(c[0], c[1], ho, wo);
                h.cpu.maxPool2d(x.cpu(), window, stride, out.cpu());
                h.gpu.maxPool2d(x.gpu(), window, stride, out.gpu());
                h.check("max" + what, out);
                Pair dy = h.random(c[0], c[1], ho, wo);
                Pair dx = h.poisoned(c[0], c[1], c[2], c[3]);
                h.cpu.maxPool2dBackward(x.cpu(), dy.cpu(), window, stride, dx.cpu());
                h.gpu.maxPool2dBackward(x.gpu(), dy.gpu(), window, stride, dx.gpu());
                h.check("max" + what + " backward", dx);
                out = h.poisoned(c[0], c[1], ho, wo);
                h.cpu.avgPool2d(x.cpu(), window, stride, out.cpu());
                h.gpu.avgPool2d(x.gpu(), window, stride, out.gpu());
                h.check("avg" + what, out);
                dx = h.poisoned(c[0], c[1], c[2], c[3]);
                h.cpu.avgPool2dBackward(dy.cpu(), window, stride, dx.cpu());
                h.gpu.avgPool2dBackward(dy.gpu(), window, stride, dx.gpu());
                h.check("avg" + what + " backward", dx);
            }
        }
    }

    @Test
    void batchNorm() {
        try (ParityHarness h = fp32()) {
            for (int[] dims : new int[][] {{1, 3, 5, 7}, {4, 5}, {2, 3, 4, 5, 5}}) {
                int c = dims[1];
                String what = "batchNorm " + Arrays.toString(dims);
                Pair x = h.random(dims);
                Pair gamma = h.uniform(0.5f, 1.5f, c);
                Pair beta = h.random(c);
                Pair runningMean = h.random(c);
                Pair runningVar = h.uniform(0.5f, 1.5f, c);
                Pair out = h.poisoned(dims);
                Pair saveMean = h.poisoned(c);
                Pair saveInvStd = h.poisoned(c);
                h.cpu.batchNormTrain(x.cpu(), gamma.cpu(), beta.cpu(), runningMean.cpu(), runningVar.cpu(), 0.1f,
                        1e-5f, out.cpu(), saveMean.cpu(), saveInvStd.cpu());
                h.gpu.batchNormTrain(x.gpu(), gamma.gpu(), beta.gpu(), runningMean.gpu(), runningVar.gpu(), 0.1f,
                        1e-5f, out.gpu(), saveMean.gpu(), saveInvStd.gpu());
                h.check(what + " train", out, saveMean, saveInvStd, runningMean, runningVar);
                out = h.poisoned(dims);
                h.cpu.batchNormEval(x.cpu(), gamma.cpu(), beta.cpu(), runningMean.cpu(), runningVar.cpu(), 1e-5f,
                        out.cpu());
                h.gpu.batchNormEval(x.gpu(), gamma.gpu(), beta.gpu(), runningMean.gpu(), runningVar.gpu(), 1e-5f,
                        out.gpu());
                h.check(what + " eval", out);
                Pair dy = h.random(dims);
                Pair dx = h.poisoned(dims);
                Pair dgamma = h.poisoned(c);
                Pair dbeta = h.poisoned(c);
                h.cpu.batchNormBackward(x.cpu(), dy.cpu(), gamma.cpu(), saveMean.cpu(), saveInvStd.cpu(), dx.cpu(),
                        dgamma.cpu(), dbeta.cpu());
                h.gpu.batchNormBackward(x.gpu(), dy.gpu(), gamma.gpu(), saveMean.gpu(), saveInvStd.gpu(), dx.gpu(),
                        dgamma.gpu(), dbeta.gpu());
                h.check(what + " backward", dx, dgamma, dbeta);
            }
        }
    }

    @Test
    void optimizers() {
        try (ParityHarness h = fp32()) {
            int[] dims = {7, 13};
            Pair param = h.random(dims);
            Pair grad = h.random(dims);
            Pair velocity = h.random(dims);
            for (int step = 0; step < 3; step++) {
                h.cpu.sgdStep(param.cpu(), grad.cpu(), velocity.cpu(), 0.05f, 0.9f, 1e-4f);
                h.gpu.sgdStep(param.gpu(), grad.gpu(), velocity.gpu(), 0.05f, 0.9f, 1e-4f);
            }
            h.check("sgdStep", param, velocity);
            Pair m = h.random(dims);
            Pair v = h.uniform(0.01f, 1f, dims);
            for (int step = 1; step <= 3; step++) {
                h.cpu.adamStep(param.cpu(), grad.cpu(), m.cpu(), v.cpu(), 1e-3f, 0.9f, 0.999f, 1e-8f, 1e-4f, step);
                h.gpu.adamStep(param.gpu(), grad.gpu(), m.gpu(), v.gpu(), 1e-3f, 0.9f, 0.999f, 1e-8f, 1e-4f, step);
            }
            h.check("adamStep", param, m, v);
        }
    }

    private static int[] everyElement(GroupTable g) {
        int[] all = new int[g.order()];
        Arrays.setAll(all, i -> i);
        return all;
    }

    @Test
    void groupActionAndPooling() {
        try (ParityHarness h = fp32()) {
            for (GroupTable g : GROUP_OP_GROUPS) {
                int hw = 5;
                int w = g.hasQuarterTurns() ? 5 : 6;
                int[] elements = everyElement(g);
                int s = elements.length;
                Pair image = h.random(3, 2, hw, w);
                Pair out = h.poisoned(3 * s, 2, hw, w);
                h.cpu.groupAction(image.cpu(), g, elements, FeatureRep.IMAGE, out.cpu());
                h.gpu.groupAction(image.gpu(), g, elements, FeatureRep.IMAGE, out.gpu());
                h.check("groupAction IMAGE " + g, out);
                Pair map = h.random(2, 3, g.order(), hw, w);
                out = h.poisoned(2 * s, 3, g.order(), hw, w);
                h.cpu.groupAction(map.cpu(), g, elements, FeatureRep.GROUP_MAP, out.cpu());
                h.gpu.groupAction(map.gpu(), g, elements, FeatureRep.GROUP_MAP, out.gpu());
                h.check("groupAction GROUP_MAP " + g, out);
                Pair vec = h.random(3, 7);
                int[] some = {g.order() - 1, 0};
                out = h.poisoned(6, 7);
                h.cpu.groupAction(vec.cpu(), g, some, FeatureRep.INVARIANT, out.cpu());
                h.gpu.groupAction(vec.gpu(), g, some, FeatureRep.INVARIANT, out.gpu());
                h.check("groupAction INVARIANT " + g, out);
                for (PoolMode mode : PoolMode.values()) {
                    Pair pooled = h.poisoned(2, 3, hw, w);
                    h.cpu.groupPool(map.cpu(), mode, pooled.cpu());
                    h.gpu.groupPool(map.gpu(), mode, pooled.gpu());
                    h.check("groupPool " + mode + " " + g, pooled);
                    Pair dy = h.random(2, 3, hw, w);
                    Pair dx = h.poisoned(2, 3, g.order(), hw, w);
                    h.cpu.groupPoolBackward(map.cpu(), dy.cpu(), mode, dx.cpu());
                    h.gpu.groupPoolBackward(map.gpu(), dy.gpu(), mode, dx.gpu());
                    h.check("groupPoolBackward " + mode + " " + g, dx);
                }
            }
        }
    }

    /** Max group pooling propagates a NaN from any group slot, and sends the gradient to the first NaN, on both. */
    @Test
    void groupMaxPoolPropagatesNaNFromAnySlot() {
        try (ParityHarness h = fp32()) {
            int order = 4;
            int pixels = 6;
            float[] x = Numerics.randomFloats(h.random, order * pixels);
            for (int q = 0; q < order; q++) {
                x[q * pixels + q] = Float.NaN; // pixel q has its NaN in slot q
            }
            x[3 * pixels + 1] = Float.NaN; // pixel 1 has a second NaN, later; pixels 4 and 5 none
            Pair map = h.values(x, 1, 1, order, 2, 3);
            Pair pooled = h.poisoned(1, 1, 2, 3);
            h.cpu.groupPool(map.cpu(), PoolMode.MAX, pooled.cpu());
            h.gpu.groupPool(map.gpu(), PoolMode.MAX, pooled.gpu());
            double[] expected = Numerics.toDouble(h.cpu.download(pooled.cpu()));
            for (int q = 0; q < order; q++) {
                assertTrue(Double.isNaN(expected[q]), "CPU max of pixel " + q);
            }
            Numerics.assertBitwise("groupPool MAX with NaN", expected, Numerics.toDouble(h.gpu.download(pooled.gpu())));
            Pair dy = h.random(1, 1, 2, 3);
            Pair dx = h.poisoned(1, 1, order, 2, 3);
            h.cpu.groupPoolBackward(map.cpu(), dy.cpu(), PoolMode.MAX, dx.cpu());
            h.gpu.groupPoolBackward(map.gpu(), dy.gpu(), PoolMode.MAX, dx.gpu());
            double[] grad = Numerics.toDouble(h.cpu.download(dx.cpu()));
            assertEquals(0.0, grad[3 * pixels + 1], "the second NaN of pixel 1 gets no gradient");
            Numerics.assertBitwise("groupPoolBackward MAX with NaN", grad, Numerics.toDouble(h.gpu.download(dx.gpu())));
        }
    }

    /**
     * Max pooling over the last two axes makes a window with a NaN NaN, wherever the NaN sits, and sends the gradient
     * to its first NaN, on both (a NaN after the window's first element used to be dropped).
     */
    @Test
    void maxPool2dPropagatesNaNFromAnyPlace() {
        try (ParityHarness h = fp32()) {
            float[] x = Numerics.randomFloats(h.random, 4 * 4);
            x[5] = Float.NaN;              // window (0, 0): its last element
            x[2] = Float.NaN;              // window (0, 1): its first
            x[11] = Float.NaN;             // window (1, 1): its second of two
            x[15] = Float.NaN;
            Pair map = h.values(x, 1, 1, 4, 4);
            Pair pooled = h.poisoned(1, 1, 2, 2);
            h.cpu.maxPool2d(map.cpu(), 2, 2, pooled.cpu());
            h.gpu.maxPool2d(map.gpu(), 2, 2, pooled.gpu());
            double[] expected = Numerics.toDouble(h.cpu.download(pooled.cpu()));
            for (int window : new int[] {0, 1, 3}) {
                assertTrue(Double.isNaN(expected[window]), "CPU max of window " + window);
            }
            assertFalse(Double.isNaN(expected[2]), "window (1, 0) holds no NaN");
            Numerics.assertBitwise("maxPool2d with NaN", expected, Numerics.toDouble(h.gpu.download(pooled.gpu())));
            Pair dy = h.random(1, 1, 2, 2);
            Pair dx = h.poisoned(1, 1, 4, 4);
            h.cpu.maxPool2dBackward(map.cpu(), dy.cpu(), 2, 2, dx.cpu());
            h.gpu.maxPool2dBackward(map.gpu(), dy.gpu(), 2, 2, dx.gpu());
            double[] grad = Numerics.toDouble(h.cpu.download(dx.cpu()));
            assertEquals(0.0, grad[15], "the second NaN of window (1, 1) gets no gradient");
            assertTrue(grad[5] != 0 && grad[11] != 0, "the first NaNs get the gradient");
            Numerics.assertBitwise("maxPool2dBackward with NaN", grad, Numerics.toDouble(h.gpu.download(dx.gpu())));
        }
    }

    @Test
    void filterBanks() {
        try (ParityHarness h = fp32()) {
            for (GroupTable g : GROUPS) {
                int n = g.order();
                Pair w = h.random(5, 3, 3, 3);
                Pair out = h.poisoned(5 * n, 3, 3, 3);
                h.cpu.expandLiftingFilter(w.cpu(), g, out.cpu());
                h.gpu.expandLiftingFilter(w.gpu(), g, out.gpu());
                h.check("expandLiftingFilter " + g, out);
                Pair dExpanded = h.random(5 * n, 3, 3, 3);
                Pair dw = h.poisoned(5, 3, 3, 3);
                h.cpu.expandLiftingFilterAdjoint(dExpanded.cpu(), g, dw.cpu());
                h.gpu.expandLiftingFilterAdjoint(dExpanded.gpu(), g, dw.gpu());
                h.check("expandLiftingFilterAdjoint " + g, dw);
                Pair wg = h.random(3, 2, n, 5, 5);
                out = h.poisoned(3 * n, 2 * n, 5, 5);
                h.cpu.expandGroupFilter(wg.cpu(), g, out.cpu());
                h.gpu.expandGroupFilter(wg.gpu(), g, out.gpu());
                h.check("expandGroupFilter " + g, out);
                dExpanded = h.random(3 * n, 2 * n, 5, 5);
                dw = h.poisoned(3, 2, n, 5, 5);
                h.cpu.expandGroupFilterAdjoint(dExpanded.cpu(), g, dw.cpu());
                h.gpu.expandGroupFilterAdjoint(dExpanded.gpu(), g, dw.gpu());
                h.check("expandGroupFilterAdjoint " + g, dw);
            }
        }
    }

    /**
     * {n, cin, cout, size, k, padding ordinal}. The last gives D4's group conv 32 channels in and 40 out (cin and cout
     * times 8), which libjace's packed and channels-last kernels take.
     */
    private static final int[][] GROUP_CONVS = {{1, 3, 5, 7, 3, 0}, {2, 1, 2, 6, 3, 1}, {3, 2, 3, 5, 5, 0},
            {2, 4, 5, 6, 3, 1}};

    @ParameterizedTest
    @EnumSource(Precision.class)
    void liftingAndGroupConvBothAlgorithms(Precision p) {
        for (GroupConvAlgorithm algorithm : new GroupConvAlgorithm[] {GroupConvAlgorithm.DIRECT,
                GroupConvAlgorithm.EXPANDED}) {
            try (ParityHarness h = harness(p, algorithm)) {
                for (GroupTable g : GROUPS) {
                    for (int[] c : GROUP_CONVS) {
                        checkGroupConvs(h, g, c, algorithm);
                    }
                }
            }
        }
    }

    private static void checkGroupConvs(ParityHarness h, GroupTable g, int[] c, GroupConvAlgorithm algorithm) {
        Padding padding = Padding.values()[c[5]];
        int hs = c[3];
        int ws = g.hasQuarterTurns() ? c[3] : c[3] + 2;
        int ho = padding.outputSize(hs, c[4]);
        int wo = padding.outputSize(ws, c[4]);
        int n = g.order();
        String what = algorithm + " " + g + " " + Arrays.toString(c);
        Pair x = h.random(c[0], c[1], hs, ws);
        Pair w = h.random(c[2], c[1], c[4], c[4]);
        Pair y = h.poisoned(c[0], c[2], n, ho, wo);
        h.cpu.liftingConv(x.cpu(), w.cpu(), g, padding, y.cpu());
        h.gpu.liftingConv(x.gpu(), w.gpu(), g, padding, y.gpu());
        h.checkBilinear("liftingConv " + what, y, x, w,
                (ua, ub, o) -> h.cpu.liftingConv(ua, ub, g, padding, o));
        Pair dy = h.random(c[0], c[2], n, ho, wo);
        Pair dx = h.poisoned(c[0], c[1], hs, ws);
        h.cpu.liftingConvBackwardData(dy.cpu(), w.cpu(), g, padding, dx.cpu());
        h.gpu.liftingConvBackwardData(dy.gpu(), w.gpu(), g, padding, dx.gpu());
        h.checkBilinear("liftingConvBackwardData " + what, dx, dy, w,
                (ua, ub, o) -> h.cpu.liftingConvBackwardData(ua, ub, g, padding, o));
        Pair dw = h.poisoned(c[2], c[1], c[4], c[4]);
        h.cpu.liftingConvBackwardFilter(x.cpu(), dy.cpu(), g, padding, dw.cpu());
        h.gpu.liftingConvBackwardFilter(x.gpu(), dy.gpu(), g, padding, dw.gpu());
        h.checkBilinear("liftingConvBackwardFilter " + what, dw, x, dy,
                (ua, ub, o) -> h.cpu.liftingConvBackwardFilter(ua, ub, g, padding, o));

        Pair xg = h.random(c[0], c[1], n, hs, ws);
        Pair wg = h.random(c[2], c[1], n, c[4], c[4]);
        y = h.poisoned(c[0], c[2], n, ho, wo);
        h.cpu.groupConv(xg.cpu(), wg.cpu(), g, padding, y.cpu());
        h.gpu.groupConv(xg.gpu(), wg.gpu(), g, padding, y.gpu());
        h.checkBilinear("groupConv " + what, y, xg, wg,
                (ua, ub, o) -> h.cpu.groupConv(ua, ub, g, padding, o));
        Pair dxg = h.poisoned(c[0], c[1], n, hs, ws);
        h.cpu.groupConvBackwardData(dy.cpu(), wg.cpu(), g, padding, dxg.cpu());
        h.gpu.groupConvBackwardData(dy.gpu(), wg.gpu(), g, padding, dxg.gpu());
        h.checkBilinear("groupConvBackwardData " + what, dxg, dy, wg,
                (ua, ub, o) -> h.cpu.groupConvBackwardData(ua, ub, g, padding, o));
        Pair dwg = h.poisoned(c[2], c[1], n, c[4], c[4]);
        h.cpu.groupConvBackwardFilter(xg.cpu(), dy.cpu(), g, padding, dwg.cpu());
        h.gpu.groupConvBackwardFilter(xg.gpu(), dy.gpu(), g, padding, dwg.gpu());
        h.checkBilinear("groupConvBackwardFilter " + what, dwg, xg, dy,
                (ua, ub, o) -> h.cpu.groupConvBackwardFilter(ua, ub, g, padding, o));
    }

    @Test
    void equivarianceDeviation() {
        try (ParityHarness h = fp32()) {
            for (GroupTable g : GROUP_OP_GROUPS) {
                int w = g.hasQuarterTurns() ? 5 : 7;
                int[] elements = everyElement(g);
                int s = elements.length;
                record Case(FeatureRep rep, int[] sample) {
                }
                for (Case c : new Case[] {new Case(FeatureRep.IMAGE, new int[] {3, 5, w}),
                        new Case(FeatureRep.GROUP_MAP, new int[] {2, g.order(), 5, w}),
                        new Case(FeatureRep.INVARIANT, new int[] {6})}) {
                    int n = 3;
                    int[] fxDims = prepend(n, c.sample());
                    int[] fgxDims = prepend(s * n, c.sample());
                    String what = "equivarianceDeviation " + c.rep() + " " + g;
                    Pair fx = h.random(fxDims);
                    Pair fgx = h.random(fgxDims);
                    Pair dev = h.poisoned(s, n);
                    Pair norm = h.poisoned(n);
                    h.cpu.equivarianceDeviation(fgx.cpu(), fx.cpu(), g, elements, c.rep(), dev.cpu(), norm.cpu());
                    h.gpu.equivarianceDeviation(fgx.gpu(), fx.gpu(), g, elements, c.rep(), dev.gpu(), norm.gpu());
                    h.check(what, dev, norm);
                    Pair dDev = h.random(s, n);
                    Pair dNorm = h.random(n);
                    for (boolean withNorm : new boolean[] {true, false}) {
                        Pair dFgx = h.poisoned(fgxDims);
                        Pair dFx = h.poisoned(fxDims);
                        h.cpu.equivarianceDeviationBackward(fgx.cpu(), fx.cpu(), g, elements, c.rep(), dDev.cpu(),
                                withNorm ? dNorm.cpu() : null, dFgx.cpu(), dFx.cpu());
                        h.gpu.equivarianceDeviationBackward(fgx.gpu(), fx.gpu(), g, elements, c.rep(), dDev.gpu(),
                                withNorm ? dNorm.gpu() : null, dFgx.gpu(), dFx.gpu());
                        h.check(what + " backward dNorm=" + withNorm, dFgx, dFx);
                    }
                }
            }
        }
    }

    private static int[] prepend(int first, int[] rest) {
        int[] dims = new int[rest.length + 1];
        dims[0] = first;
        System.arraycopy(rest, 0, dims, 1, rest.length);
        return dims;
    }

    @Test
    void tensorsOfAnotherBackendAreRejectedBeforeAnyNativeCall() {
        try (ParityHarness h = fp32()) {
            Pair a = h.random(3, 4);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> h.gpu.add(a.cpu(), a.gpu(), a.gpu()));
            assertEquals(true, e.getMessage().contains("cpu"), e.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> h.gpu.add(a.gpu(), a.gpu(), h.poisoned(4, 3).gpu()));
        }
    }
}
