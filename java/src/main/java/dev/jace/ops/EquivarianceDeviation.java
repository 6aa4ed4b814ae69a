package dev.jace.ops;

import dev.jace.backend.Aliasing;
import dev.jace.backend.Backend;
import dev.jace.backend.FeatureRep;
import dev.jace.group.Group;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.function.Function;

/**
 * Equivariance deviation of a map f at a batch x for a set S of group elements:
 * {@code absolute[s][n] = ‖f(g_s·x_n) − ρ_out(g_s) f(x_n)‖²} and {@code relative[s][n] = absolute[s][n] /
 * (‖f(x_n)‖² + EPS)}. All of S is applied in one batch {@code [|S|·N, ...]} and f is called twice: on that batch
 * and on x.
 *
 * <p>The relative mean is a mean of per-sample ratios, so one sample whose f(x) is zero (or tiny) while f(g·x) is not
 * dominates it: {@code ‖f(g·x)‖² = 0.1} over {@code ‖f(x)‖² = 0} gives 1e11, against the 1e-2 or less of ordinary
 * samples, and the gradient of {@link Kind#RELATIVE} weights that sample by 1e12 (its ‖f(x)‖² by more). EPS keeps
 * the value finite, not small. A model or data where f(x) can vanish (a ReLU output, a blank image) is better measured
 * by the absolute deviation. Training's output-deviation constraint ({@code DeviationProbe}) divides the same way,
 * with the same EPS, and so does the "projection change" ({@code Trainer}), by the unprojected output's norm.
 */
public final class EquivarianceDeviation {

    /**
     * Keeps the relative deviation finite when f(x) is zero; negligible for real features. It does not keep it small:
     * such a sample's deviation is divided by 1e-12 (see the class comment).
     */
    public static final double EPS = 1e-12;

    /** Which mean deviation {@link #backward} differentiates. */
    public enum Kind { ABSOLUTE, RELATIVE }

    /**
     * One measurement. Owns (and closes) {@code gx = g·x}, {@code fgx = f(g·x)} and {@code fx = f(x)}; the arrays
     * are indexed {@code [s][n]} with s the position in {@code elements}.
     */
    public record Measurement(Group group, int[] elements, FeatureRep outRep, Tensor gx, Tensor fgx, Tensor fx,
                              double[][] absolute, double[][] relative, double[] norm) implements AutoCloseable {

        public double meanAbsolute() {
            return mean(absolute);
        }

        public double meanRelative() {
            return mean(relative);
        }

        /** Mean over the samples of the relative deviation of each element of {@code elements}. */
        public double[] relativePerElement() {
            double[] out = new double[relative.length];
            for (int s = 0; s < out.length; s++) {
                out[s] = mean(new double[][] {relative[s]});
            }
            return out;
        }

        private static double mean(double[][] values) {
            double sum = 0;
            int count = 0;
            for (double[] row : values) {
                for (double v : row) {
                    sum += v;
                    count++;
                }
            }
            return sum / count;
        }

        @Override
        public void close() {
            gx.close();
            fgx.close();
            fx.close();
        }
    }

    private EquivarianceDeviation() {
    }

    /**
     * Measures f at x. {@code f} must return a new tensor (the measurement takes ownership) of the same per-sample
     * shape for any batch size; {@code inRep}/{@code outRep} say how g acts on x and on f(x). A layer's or model's
     * {@code forward} returns memory the layer owns and reuses, so measure one through
     * {@link dev.jace.nn.Layer#inferenceCopy}; a result that was closed or overwritten by the second call, or shares
     * memory with an input, is refused (it would give wrong deviations) and left unclosed.
     */
    public static Measurement measure(Backend backend, Group group, int[] elements, FeatureRep inRep,
                                      FeatureRep outRep, Function<Tensor, Tensor> f, Tensor x) {
        Tensor gx = GroupActions.apply(backend, group, elements, x, inRep);
        Tensor fgx = null;
        Tensor fx = null;
        try {
            fgx = f.apply(gx);
            fx = f.apply(x);
        } catch (RuntimeException e) {
            for (Tensor t : new Tensor[] {gx, fgx, fx}) {
                if (t != null) {
                    t.close();
                }
            }
            throw e;
        }
        try {
            requireOwnResults(x, gx, fgx, fx);
        } catch (IllegalArgumentException e) {
            gx.close();
            throw e;
        }
        try {
            return compare(backend, group, elements, outRep, gx, fgx, fx);
        } catch (RuntimeException e) {
            gx.close();
            fgx.close();
            fx.close();
            throw e;
        }
    }

    private static void requireOwnResults(Tensor x, Tensor gx, Tensor fgx, Tensor fx) {
        String advice = ": f must return a new tensor on each call (measure a Layer or Sequential through "
                + "Layer.inferenceCopy(backend, layer), whose forward returns a buffer the layer reuses)";
        if (fgx.isClosed()) {
            throw new IllegalArgumentException("f's result for g·x was closed by its call on x" + advice);
        }
        if (fx.isClosed()) {
            throw new IllegalArgumentException("f's result for x is closed" + advice);
        }
        if (Aliasing.overlap(fgx, fx)) {
            throw new IllegalArgumentException("f returned the same memory for g·x and for x" + advice);
        }
        for (Tensor result : new Tensor[] {fgx, fx}) {
            if (Aliasing.overlap(result, x) || Aliasing.overlap(result, gx)) {
                throw new IllegalArgumentException("f returned memory of its input" + advice);
            }
        }
    }

    private static Measurement compare(Backend backend, Group group, int[] elements, FeatureRep outRep, Tensor gx,
                                       Tensor fgx, Tensor fx) {
        int n = fx.shape().dim(0);
        try (Tensor deviation = backend.allocate(Shape.of(elements.length, n));
             Tensor norm = backend.allocate(Shape.of(n))) {
            backend.equivarianceDeviation(fgx, fx, group.table(), elements, outRep, deviation, norm);
            float[] dev = backend.download(deviation);
            float[] nrm = backend.download(norm);
            double[][] absolute = new double[elements.length][n];
            double[][] relative = new double[elements.length][n];
            double[] norms = new double[n];
            for (int i = 0; i < n; i++) {
                norms[i] = nrm[i];
                for (int s = 0; s < elements.length; s++) {
                    absolute[s][i] = dev[s * n + i];
                    relative[s][i] = dev[s * n + i] / (nrm[i] + EPS);
                }
            }
            return new Measurement(group, elements.clone(), outRep, gx, fgx, fx, absolute, relative, norms);
        }
    }

    /**
     * Gradient of {@link Measurement#meanAbsolute} or {@link Measurement#meanRelative} (mean over all (s, n))
     * with respect to f(g·x), written to {@code dFgx}, and f(x), written to {@code dFx}.
     */
    public static void backward(Backend backend, Measurement m, Kind kind, Tensor dFgx, Tensor dFx) {
        int count = m.absolute.length;
        int n = m.norm.length;
        double scale = 1.0 / ((double) count * n);
        float[] dDev = new float[count * n];
        float[] dNorm = new float[n];
        for (int i = 0; i < n; i++) {
            double denominator = kind == Kind.RELATIVE ? m.norm[i] + EPS : 1.0;
            double dn = 0;
            for (int s = 0; s < count; s++) {
                dDev[s * n + i] = (float) (scale / denominator);
                dn -= scale * m.absolute[s][i] / (denominator * denominator);
            }
            dNorm[i] = (float) dn;
        }
        try (Tensor dDeviation = backend.upload(dDev, Shape.of(count, n));
             Tensor dNormTensor = kind == Kind.RELATIVE ? backend.upload(dNorm, Shape.of(n)) : null) {
            backend.equivarianceDeviationBackward(m.fgx, m.fx, m.group.table(), m.elements, m.outRep, dDeviation,
                    dNormTensor, dFgx, dFx);
        }
    }
}
