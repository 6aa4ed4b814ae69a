package dev.jace.backend;

import dev.jace.tensor.Tensor;

import java.util.List;

import static dev.jace.backend.Aliasing.arg;
import static dev.jace.backend.Aliasing.requireApart;
import static dev.jace.backend.Aliasing.requireSameOrApart;

/**
 * The memory rule ({@link Aliasing}) of each op with tensor outputs, shared by every backend and checked before the op
 * runs, is recorded or reaches native code, so that each backend refuses the same calls with the same
 * {@link IllegalArgumentException}. Each method mirrors a {@link Backend} method; libjace checks the same rule again.
 */
public final class OpAliasing {

    private OpAliasing() {
    }

    public static void copy(Tensor src, Tensor dst) {
        requireApart("copy", arg("dst", dst), arg("src", src));
    }

    public static void matmul(Tensor a, Tensor b, Tensor out) {
        requireApart("matmul", arg("out", out), arg("a", a), arg("b", b));
    }

    /** add and mul: out may be exactly a or b. */
    public static void binary(String op, Tensor a, Tensor b, Tensor out) {
        requireSameOrApart(op, arg("out", out), arg("a", a), arg("b", b));
    }

    public static void scale(Tensor a, Tensor out) {
        requireSameOrApart("scale", arg("out", out), arg("a", a));
    }

    public static void scaleBy(Tensor a, Tensor factor, Tensor out) {
        requireSameOrApart("scaleBy", arg("out", out), arg("a", a));
        requireApart("scaleBy", arg("out", out), arg("factor", factor));
    }

    /** axpy and axpySign: y may be exactly x. */
    public static void axpy(String op, Tensor x, Tensor y) {
        requireSameOrApart(op, arg("y", y), arg("x", x));
    }

    public static void addChannelBias(Tensor x, Tensor bias, Tensor out) {
        requireSameOrApart("addChannelBias", arg("out", out), arg("x", x));
        requireApart("addChannelBias", arg("out", out), arg("bias", bias));
    }

    public static void relu(Tensor x, Tensor out) {
        requireSameOrApart("relu", arg("out", out), arg("x", x));
    }

    public static void reluBackward(Tensor x, Tensor dy, Tensor dx) {
        requireSameOrApart("reluBackward", arg("dx", dx), arg("x", x), arg("dy", dy));
    }

    public static void softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor loss, Tensor dlogits) {
        String op = "softmaxCrossEntropy";
        // A sample's loss is written while other samples' logits are still read; its gradient only after its own.
        requireSameOrApart(op, arg("dlogits", dlogits), arg("logits", logits));
        requireApart(op, List.of(arg("loss", loss), arg("dlogits", dlogits)), List.of(arg("labels", labels)));
        requireApart(op, arg("loss", loss), arg("logits", logits));
    }

    /** An op whose output {@code out} is computed from {@code x}: reductions, pooling, group actions. */
    public static void fromX(String op, Tensor x, Tensor out) {
        requireApart(op, arg("out", out), arg("x", x));
    }

    /** conv2d, liftingConv, groupConv. */
    public static void convolution(String op, Tensor x, Tensor w, Tensor out) {
        requireApart(op, arg("out", out), arg("x", x), arg("w", w));
    }

    /** The backward data pass of a convolution. */
    public static void convolutionBackwardData(String op, Tensor dy, Tensor w, Tensor dx) {
        requireApart(op, arg("dx", dx), arg("dy", dy), arg("w", w));
    }

    /** The backward filter pass of a convolution. */
    public static void convolutionBackwardFilter(String op, Tensor x, Tensor dy, Tensor dw) {
        requireApart(op, arg("dw", dw), arg("x", x), arg("dy", dy));
    }

    public static void maxPool2dBackward(Tensor x, Tensor dy, Tensor dx) {
        requireApart("maxPool2dBackward", arg("dx", dx), arg("x", x), arg("dy", dy));
    }

    public static void avgPool2dBackward(Tensor dy, Tensor dx) {
        requireApart("avgPool2dBackward", arg("dx", dx), arg("dy", dy));
    }

    /** expandLiftingFilter, expandGroupFilter. */
    public static void expandFilter(String op, Tensor w, Tensor out) {
        requireApart(op, arg("out", out), arg("w", w));
    }

    /** expandLiftingFilterAdjoint, expandGroupFilterAdjoint. */
    public static void expandFilterAdjoint(String op, Tensor dExpanded, Tensor dw) {
        requireApart(op, arg("dw", dw), arg("dExpanded", dExpanded));
    }

    public static void batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                      Tensor out, Tensor saveMean, Tensor saveInvStd) {
        String op = "batchNormTrain";
        Aliasing.Arg o = arg("out", out);
        Aliasing.Arg input = arg("x", x);
        Aliasing.Arg mean = arg("runningMean", runningMean);
        Aliasing.Arg variance = arg("runningVar", runningVar);
        Aliasing.Arg saved = arg("saveMean", saveMean);
        Aliasing.Arg savedInvStd = arg("saveInvStd", saveInvStd);
        requireSameOrApart(op, o, input);
        requireApart(op, List.of(mean, variance, saved, savedInvStd, o),
                List.of(arg("gamma", gamma), arg("beta", beta)));
        requireApart(op, List.of(mean, variance, saved, savedInvStd), List.of(input));
    }

    public static void batchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                     Tensor out) {
        requireSameOrApart("batchNormEval", arg("out", out), arg("x", x));
        requireApart("batchNormEval", List.of(arg("out", out)), List.of(arg("gamma", gamma), arg("beta", beta),
                arg("runningMean", runningMean), arg("runningVar", runningVar)));
    }

    public static void batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                         Tensor dx, Tensor dgamma, Tensor dbeta) {
        String op = "batchNormBackward";
        Aliasing.Arg input = arg("x", x);
        Aliasing.Arg gradient = arg("dy", dy);
        Aliasing.Arg o = arg("dx", dx);
        Aliasing.Arg dg = arg("dgamma", dgamma);
        Aliasing.Arg db = arg("dbeta", dbeta);
        requireSameOrApart(op, o, input, gradient);
        requireApart(op, List.of(o, dg, db),
                List.of(arg("gamma", gamma), arg("saveMean", saveMean), arg("saveInvStd", saveInvStd)));
        requireApart(op, List.of(dg, db), List.of(input, gradient));
    }

    public static void sgdStep(Tensor param, Tensor grad, Tensor velocity) {
        requireApart("sgdStep", List.of(arg("param", param), arg("velocity", velocity)), List.of(arg("grad", grad)));
    }

    public static void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v) {
        requireApart("adamStep", List.of(arg("param", param), arg("m", m), arg("v", v)), List.of(arg("grad", grad)));
    }

    public static void groupPoolBackward(Tensor x, Tensor dy, PoolMode mode, Tensor dx) {
        // MEAN does not read x, so dx may share its memory.
        requireApart("groupPoolBackward", arg("dx", dx), arg("x", mode == PoolMode.MAX ? x : null), arg("dy", dy));
    }

    public static void equivarianceDeviation(Tensor fgx, Tensor fx, Tensor deviation, Tensor norm) {
        requireApart("equivarianceDeviation", List.of(arg("deviation", deviation), arg("norm", norm)),
                List.of(arg("fgx", fgx), arg("fx", fx)));
    }

    /** {@code dNorm} may be null (absent). */
    public static void equivarianceDeviationBackward(Tensor fgx, Tensor fx, Tensor dDeviation, Tensor dNorm,
                                                     Tensor dFgx, Tensor dFx) {
        requireApart("equivarianceDeviationBackward", List.of(arg("dFgx", dFgx), arg("dFx", dFx)),
                List.of(arg("fgx", fgx), arg("fx", fx), arg("dDeviation", dDeviation), arg("dNorm", dNorm)));
    }

    public static void relativeDeviationWeights(Tensor deviation, Tensor norm, Tensor dDeviation, Tensor dNorm) {
        requireApart("relativeDeviationWeights", List.of(arg("dDeviation", dDeviation), arg("dNorm", dNorm)),
                List.of(arg("deviation", deviation), arg("norm", norm)));
    }
}
