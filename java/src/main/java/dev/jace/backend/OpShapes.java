package dev.jace.backend;

import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.List;
import java.util.Objects;

/**
 * Shape checks of the dense ops, shared by every backend and run before any computation or native call.
 * Each method mirrors a {@link Backend} method and throws {@link IllegalArgumentException} naming the op, the
 * argument, the expected and the actual shape.
 */
public final class OpShapes {

    private OpShapes() {
    }

    static IllegalArgumentException mismatch(String op, String argument, Object expected, Shape actual) {
        return new IllegalArgumentException(op + ": " + argument + " should have shape " + expected + " but has "
                + actual);
    }

    public static void expect(String op, String argument, Tensor t, Shape expected) {
        if (!t.shape().equals(expected)) {
            throw mismatch(op, argument, expected, t.shape());
        }
    }

    public static void expectRank(String op, String argument, Tensor t, int rank) {
        if (t.shape().rank() != rank) {
            throw new IllegalArgumentException(op + ": " + argument + " should have rank " + rank + " but has shape "
                    + t.shape());
        }
    }

    public static void expectMinRank(String op, String argument, Tensor t, int rank) {
        if (t.shape().rank() < rank) {
            throw new IllegalArgumentException(op + ": " + argument + " should have rank >= " + rank
                    + " but has shape " + t.shape());
        }
    }

    public static void sameSize(String op, Tensor a, Tensor b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(op + ": source " + a.shape() + " and destination " + b.shape()
                    + " differ in size");
        }
    }

    public static void sameShape(String op, Tensor reference, Tensor... others) {
        for (Tensor t : others) {
            expect(op, "operand", t, reference.shape());
        }
    }

    public static void positive(String op, String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(op + ": " + name + " must be positive, got " + value);
        }
    }

    public static void finite(String op, String name, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(op + ": " + name + " must be finite, got " + value);
        }
    }

    public static void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        String op = "matmul";
        expectRank(op, "a", a, 2);
        expectRank(op, "b", b, 2);
        int m = transposeA ? a.shape().dim(1) : a.shape().dim(0);
        int ka = transposeA ? a.shape().dim(0) : a.shape().dim(1);
        int kb = transposeB ? b.shape().dim(1) : b.shape().dim(0);
        int n = transposeB ? b.shape().dim(0) : b.shape().dim(1);
        if (ka != kb) {
            throw new IllegalArgumentException(op + ": inner dimensions differ: op(a) is [" + m + ", " + ka
                    + "] (a " + a.shape() + (transposeA ? " transposed" : "") + "), op(b) is [" + kb + ", " + n
                    + "] (b " + b.shape() + (transposeB ? " transposed" : "") + ")");
        }
        expect(op, "out", out, Shape.of(m, n));
    }

    public static void elementwise(String op, Tensor a, Tensor b, Tensor out) {
        expect(op, "b", b, a.shape());
        expect(op, "out", out, a.shape());
    }

    public static void unary(String op, Tensor x, Tensor out) {
        expect(op, "out", out, x.shape());
    }

    /** {@code values} fill {@code shape}: what {@link Backend#upload} needs. */
    public static void upload(float[] values, Shape shape) {
        Objects.requireNonNull(values, "upload: values is null; give the tensor's elements as a float[] of the"
                + " shape's size");
        Objects.requireNonNull(shape, "upload: shape is null; e.g. Shape.of(2, 3)");
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("upload: " + values.length + " values do not fill shape " + shape
                    + " (" + shape.size() + " elements)");
        }
    }

    public static void copyIn(float[] values, Tensor target) {
        Objects.requireNonNull(values, "copyIn: values is null; give the elements to write as a float[] of the"
                + " target's size");
        Objects.requireNonNull(target, "copyIn: target is null; give a tensor of this backend");
        if (values.length != target.size()) {
            throw new IllegalArgumentException("copyIn: " + values.length + " values do not fill target of shape "
                    + target.shape() + " (" + target.size() + " elements)");
        }
    }

    public static void scaleBy(Tensor a, Tensor factor, Tensor out) {
        expect("scaleBy", "factor", factor, Shape.of(1));
        expect("scaleBy", "out", out, a.shape());
    }

    public static void axpy(Tensor x, Tensor y) {
        expect("axpy", "y", y, x.shape());
    }

    public static void reluBackward(Tensor x, Tensor dy, Tensor dx) {
        expect("reluBackward", "dy", dy, x.shape());
        expect("reluBackward", "dx", dx, x.shape());
    }

    public static void addChannelBias(Tensor x, Tensor bias, Tensor out) {
        String op = "addChannelBias";
        expectMinRank(op, "x", x, 2);
        expect(op, "bias", bias, Shape.of(x.shape().dim(1)));
        expect(op, "out", out, x.shape());
    }

    public static void softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor loss, Tensor dlogits) {
        String op = "softmaxCrossEntropy";
        expectRank(op, "logits", logits, 2);
        int n = logits.shape().dim(0);
        expect(op, "labels", labels, Shape.of(n));
        expect(op, "loss", loss, Shape.of(n));
        expect(op, "dlogits", dlogits, logits.shape());
    }

    public static void scalarOut(String op, Tensor out) {
        expect(op, "out", out, Shape.of(1));
    }

    /** Shape of x with {@code axis} removed ([1] when x has rank 1). */
    public static Shape withoutAxis(String op, Shape x, int axis) {
        if (axis < 0 || axis >= x.rank()) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + x);
        }
        if (x.rank() == 1) {
            return Shape.of(1);
        }
        int[] dims = new int[x.rank() - 1];
        for (int i = 0, j = 0; i < x.rank(); i++) {
            if (i != axis) {
                dims[j++] = x.dim(i);
            }
        }
        return new Shape(dims);
    }

    public static void reduceAxis(String op, Tensor x, int axis, Tensor out) {
        expect(op, "out", out, withoutAxis(op, x.shape(), axis));
    }

    public static void channelSum(Tensor x, Tensor out) {
        expectMinRank("channelSum", "x", x, 2);
        expect("channelSum", "out", out, Shape.of(x.shape().dim(1)));
    }

    /** Output shape of a stride-1 conv of x [N, Cin, H, W] with w [Cout, Cin, kh, kw]. */
    public static Shape conv2dOutput(String op, Shape x, Shape w, Padding padding) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": x should be [N, C, H, W] but has shape " + x);
        }
        if (w.rank() != 4) {
            throw new IllegalArgumentException(op + ": w should be [Cout, Cin, kh, kw] but has shape " + w);
        }
        if (w.dim(1) != x.dim(1)) {
            throw new IllegalArgumentException(op + ": w " + w + " expects " + w.dim(1) + " input channels but x "
                    + x + " has " + x.dim(1));
        }
        return Shape.of(x.dim(0), w.dim(0), spatialOut(op, x.dim(2), w.dim(2), padding),
                spatialOut(op, x.dim(3), w.dim(3), padding));
    }

    /** Output extent of a stride-1 conv along one axis; SAME needs an odd kernel, VALID a kernel no larger than the input. */
    public static int spatialOut(String op, int n, int k, Padding padding) {
        if (padding == Padding.SAME && k % 2 == 0) {
            throw new IllegalArgumentException(op + ": padding SAME needs an odd kernel size, got " + k);
        }
        if (padding == Padding.VALID && k > n) {
            throw new IllegalArgumentException(op + ": kernel size " + k + " exceeds input extent " + n
                    + " with padding VALID");
        }
        return padding.outputSize(n, k);
    }

    public static void conv2d(Tensor x, Tensor w, Padding padding, Tensor out) {
        expect("conv2d", "out", out, conv2dOutput("conv2d", x.shape(), w.shape(), padding));
    }

    public static void conv2dBackwardData(Tensor dy, Tensor w, Padding padding, Tensor dx) {
        String op = "conv2dBackwardData";
        expectRank(op, "dx", dx, 4);
        expect(op, "dy", dy, conv2dOutput(op, dx.shape(), w.shape(), padding));
    }

    public static void conv2dBackwardFilter(Tensor x, Tensor dy, Padding padding, Tensor dw) {
        String op = "conv2dBackwardFilter";
        expectRank(op, "dw", dw, 4);
        expect(op, "dy", dy, conv2dOutput(op, x.shape(), dw.shape(), padding));
    }

    /** Output shape of pooling the last two axes of x. */
    public static Shape pool2dOutput(String op, Shape x, int window, int stride) {
        positive(op, "window", window);
        positive(op, "stride", stride);
        if (x.rank() < 2) {
            throw new IllegalArgumentException(op + ": x should be [..., H, W] but has shape " + x);
        }
        int h = x.dim(-2);
        int w = x.dim(-1);
        if (window > h || window > w) {
            throw new IllegalArgumentException(op + ": window " + window + " exceeds the spatial size " + h + "x" + w
                    + " of x " + x);
        }
        int[] dims = x.dims();
        dims[dims.length - 2] = (h - window) / stride + 1;
        dims[dims.length - 1] = (w - window) / stride + 1;
        return new Shape(dims);
    }

    public static void pool2d(String op, Tensor x, int window, int stride, Tensor out) {
        expect(op, "out", out, pool2dOutput(op, x.shape(), window, stride));
    }

    public static void maxPool2dBackward(Tensor x, Tensor dy, int window, int stride, Tensor dx) {
        String op = "maxPool2dBackward";
        expect(op, "dy", dy, pool2dOutput(op, x.shape(), window, stride));
        expect(op, "dx", dx, x.shape());
    }

    public static void avgPool2dBackward(Tensor dy, int window, int stride, Tensor dx) {
        String op = "avgPool2dBackward";
        expect(op, "dy", dy, pool2dOutput(op, dx.shape(), window, stride));
    }

    private static void channelVectors(String op, Tensor x, String[] names, Tensor... vectors) {
        expectMinRank(op, "x", x, 2);
        Shape c = Shape.of(x.shape().dim(1));
        for (int i = 0; i < vectors.length; i++) {
            expect(op, names[i], vectors[i], c);
        }
    }

    public static void batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                      float momentum, float eps, Tensor out, Tensor saveMean, Tensor saveInvStd) {
        String op = "batchNormTrain";
        channelVectors(op, x, new String[] {"gamma", "beta", "runningMean", "runningVar", "saveMean", "saveInvStd"},
                gamma, beta, runningMean, runningVar, saveMean, saveInvStd);
        expect(op, "out", out, x.shape());
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(op + ": momentum must be in [0, 1], got " + momentum);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException(op + ": eps must be positive, got " + eps);
        }
        if (x.size() / x.shape().dim(1) < 2) {
            throw new IllegalArgumentException(op + ": needs at least 2 values per channel, x has shape " + x.shape());
        }
    }

    public static void batchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                     float eps, Tensor out) {
        String op = "batchNormEval";
        channelVectors(op, x, new String[] {"gamma", "beta", "runningMean", "runningVar"},
                gamma, beta, runningMean, runningVar);
        expect(op, "out", out, x.shape());
        if (!(eps > 0)) {
            throw new IllegalArgumentException(op + ": eps must be positive, got " + eps);
        }
    }

    public static void batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                         Tensor dx, Tensor dgamma, Tensor dbeta) {
        String op = "batchNormBackward";
        channelVectors(op, x, new String[] {"gamma", "saveMean", "saveInvStd", "dgamma", "dbeta"},
                gamma, saveMean, saveInvStd, dgamma, dbeta);
        expect(op, "dy", dy, x.shape());
        expect(op, "dx", dx, x.shape());
    }

    public static void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum,
                               float weightDecay) {
        sgdStep(param, grad, velocity, momentum, weightDecay);
        finite("sgdStep", "lr", lr);
    }

    /** The checks of the SGD step but the learning rate's (a device scalar's value is not known on the host). */
    public static void sgdStep(Tensor param, Tensor grad, Tensor velocity, float momentum, float weightDecay) {
        String op = "sgdStep";
        expect(op, "grad", grad, param.shape());
        expect(op, "velocity", velocity, param.shape());
        finite(op, "momentum", momentum);
        finite(op, "weightDecay", weightDecay);
    }

    public static void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                                float eps, float weightDecay, int step) {
        adamStep(param, grad, m, v, beta1, beta2, eps, weightDecay);
        finite("adamStep", "lr", lr);
        positive("adamStep", "step", step);
    }

    /** The checks of the Adam step but those of the learning rate and step (device scalars give them instead). */
    public static void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float beta1, float beta2, float eps,
                                float weightDecay) {
        String op = "adamStep";
        expect(op, "grad", grad, param.shape());
        expect(op, "m", m, param.shape());
        expect(op, "v", v, param.shape());
        finite(op, "weightDecay", weightDecay);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(op + ": betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException(op + ": eps must be positive, got " + eps);
        }
    }

    /** The size of a new {@link DeviceScalars} block: 1 to {@link #MAX_SCALARS}. */
    public static void scalars(int count) {
        if (count < 1 || count > MAX_SCALARS) {
            throw new IllegalArgumentException("scalars: count must be in [1, " + MAX_SCALARS + "], got " + count);
        }
    }

    /** The most values of one {@link DeviceScalars} block (CUDA publishes them through one pinned upload slot). */
    public static final int MAX_SCALARS = 1 << 16;

    /** Rows a relative-deviation weight op may select: strictly ascending, within {@code [0, k)}, {@code k <= 64}. */
    public static void relativeDeviationWeights(Tensor deviation, Tensor norm, int[] rows, Tensor dDeviation,
                                                Tensor dNorm) {
        String op = "relativeDeviationWeights";
        deviationRows(op, deviation, norm, rows);
        expect(op, "dDeviation", dDeviation, deviation.shape());
        expect(op, "dNorm", dNorm, norm.shape());
    }

    /** The rows of {@link Backend#relativeDeviationMean}, as for {@link #relativeDeviationWeights}. */
    public static void relativeDeviationMean(Tensor deviation, Tensor norm, int[] rows) {
        deviationRows("relativeDeviationMean", deviation, norm, rows);
    }

    /** deviation [k, n] with k <= 64, norm [n], rows strictly ascending within {@code [0, k)}. */
    private static void deviationRows(String op, Tensor deviation, Tensor norm, int[] rows) {
        expectRank(op, "deviation", deviation, 2);
        int k = deviation.shape().dim(0);
        int n = deviation.shape().dim(1);
        if (k > MAX_DEVIATION_ROWS) {
            throw new IllegalArgumentException(op + ": deviation has " + k + " rows, at most " + MAX_DEVIATION_ROWS
                    + " are supported");
        }
        expect(op, "norm", norm, Shape.of(n));
        for (int j = 0; j < rows.length; j++) {
            if (rows[j] < 0 || rows[j] >= k || (j > 0 && rows[j] <= rows[j - 1])) {
                throw new IllegalArgumentException(op + ": rows should be strictly ascending in [0, " + k + "), got "
                        + java.util.Arrays.toString(rows));
            }
        }
    }

    /** The most rows {@link #relativeDeviationWeights} handles (the CUDA kernel keeps them in one 64-bit mask). */
    public static final int MAX_DEVIATION_ROWS = 64;

    /** The most parts {@link Backend#sumToScalar} takes (the CUDA kernel gets their addresses by value). */
    public static final int MAX_SUM_PARTS = 8;

    /** 1 to {@link #MAX_SUM_PARTS} parts of one element each. */
    public static void sumToScalar(List<Tensor> parts) {
        String op = "sumToScalar";
        if (parts.isEmpty() || parts.size() > MAX_SUM_PARTS) {
            throw new IllegalArgumentException(op + ": takes 1 to " + MAX_SUM_PARTS + " parts, got " + parts.size());
        }
        for (int j = 0; j < parts.size(); j++) {
            Tensor part = Objects.requireNonNull(parts.get(j), op + ": parts[" + j + "] is null");
            if (part.size() != 1) {
                throw new IllegalArgumentException(op + ": parts[" + j + "] should have one element but has shape "
                        + part.shape());
            }
        }
    }

    /** Blocks of {@link Backend#dualUpdate}: distinct and large enough for {@code terms} terms. */
    public static void dualUpdate(DeviceScalars plan, DeviceScalars state, int terms) {
        if (plan == state) {
            throw new IllegalArgumentException("dualUpdate: plan and state must be different blocks");
        }
        DualUpdate.checkSizes("dualUpdate", terms, plan.size(), state.size());
    }
}
