package dev.jace.backend.cpu;

import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuBatchNormTest {

    private static final float EPS = 1e-3f;

    @Property(tries = 40)
    void trainAndEvalMatchFloat64(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 5) int c,
                                  @ForAll @IntRange(min = 1, max = 6) int h, @ForAll @IntRange(min = 1, max = 6) int w,
                                  @ForAll long seed) {
        int inner = h * w;
        if (n * inner < 2) {
            n = 2;
        }
        Random random = new Random(seed);
        float[] xs = Numerics.randomFloats(random, n * c * inner);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = xs[i] * 3 + 10;  // an offset mean checks the variance is taken around it
        }
        Tensor x = Cpu.tensor(xs, n, c, h, w);
        Tensor gamma = Cpu.random(random, c);
        Tensor beta = Cpu.random(random, c);
        Tensor runningMean = Cpu.random(random, c);
        float[] rvInit = Numerics.randomFloats(random, c);
        for (int i = 0; i < c; i++) {
            rvInit[i] = 1 + rvInit[i] / 2;
        }
        Tensor runningVar = Cpu.tensor(rvInit, c);
        double[] rm0 = Cpu.doubles(runningMean);
        double[] rv0 = Cpu.doubles(runningVar);
        float momentum = 0.1f;
        Tensor out = Cpu.zeros(n, c, h, w);
        Tensor saveMean = Cpu.zeros(c);
        Tensor saveInvStd = Cpu.zeros(c);
        Cpu.BACKEND.batchNormTrain(x, gamma, beta, runningMean, runningVar, momentum, EPS, out, saveMean, saveInvStd);

        Reference64.BatchNorm ref = Reference64.batchNorm(Cpu.doubles(x), n, c, inner, Cpu.doubles(gamma),
                Cpu.doubles(beta), EPS);
        double[] xv = Cpu.doubles(x);
        double[] g = Cpu.doubles(gamma);
        double[] b = Cpu.doubles(beta);
        // Every result is a few float roundings of its terms, so each is held to 1e-6 of its terms' magnitudes:
        // an element that nearly cancels (0.9·rm0 ≈ −0.1·mean, γ·x̂ ≈ −β) is not held to its own small size.
        Numerics.assertCloseToScale("out", ref.out(), Cpu.values(out),
                normalizeScale(xv, c, inner, g, b, ref.mean(), ref.invStd()), 1e-6);
        Numerics.assertClose("saveMean", ref.mean(), Cpu.values(saveMean), 1e-6);
        Numerics.assertClose("saveInvStd", ref.invStd(), Cpu.values(saveInvStd), 1e-6);
        double keep = 1 - momentum;
        double[] rm = new double[c];
        double[] rmScale = new double[c];
        double[] rv = new double[c];
        for (int i = 0; i < c; i++) {
            rm[i] = keep * rm0[i] + momentum * ref.mean()[i];
            rmScale[i] = keep * Math.abs(rm0[i]) + momentum * Math.abs(ref.mean()[i]);
            rv[i] = keep * rv0[i] + momentum * ref.unbiasedVar()[i];
        }
        Numerics.assertCloseToScale("runningMean", rm, Cpu.values(runningMean), rmScale, 1e-6);
        Numerics.assertCloseToScale("runningVar", rv, Cpu.values(runningVar), rv, 1e-6);

        double[] evalInvStd = new double[c];
        for (int i = 0; i < c; i++) {
            evalInvStd[i] = 1 / Math.sqrt(rv[i] + EPS);
        }
        double[] evalOut = new double[xv.length];
        for (int i = 0; i < xv.length; i++) {
            int ch = (i / inner) % c;
            evalOut[i] = g[ch] * (xv[i] - rm[ch]) * evalInvStd[ch] + b[ch];
        }
        Cpu.BACKEND.batchNormEval(x, gamma, beta, runningMean, runningVar, EPS, out);
        Numerics.assertCloseToScale("eval", evalOut, Cpu.values(out),
                normalizeScale(xv, c, inner, g, b, rm, evalInvStd), 1e-6);
    }

    /** {@code |γ|·(|x| + |mean|)·invStd + |β|} per element: the magnitudes of the terms of γ·(x − mean)·invStd + β. */
    private static double[] normalizeScale(double[] x, int c, int inner, double[] gamma, double[] beta, double[] mean,
                                           double[] invStd) {
        double[] scale = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int ch = (i / inner) % c;
            scale[i] = Math.abs(gamma[ch]) * (Math.abs(x[i]) + Math.abs(mean[ch])) * invStd[ch] + Math.abs(beta[ch]);
        }
        return scale;
    }

    @Property(tries = 30)
    void backwardMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 3) int n,
                                          @ForAll @IntRange(min = 1, max = 3) int c,
                                          @ForAll @IntRange(min = 1, max = 4) int h,
                                          @ForAll @IntRange(min = 1, max = 4) int w, @ForAll long seed) {
        int inner = h * w;
        if (n * inner < 2) {
            n = 2;
        }
        int batch = n;
        Random random = new Random(seed);
        Tensor x = Cpu.random(random, batch, c, h, w);
        Tensor gamma = Cpu.random(random, c);
        Tensor beta = Cpu.random(random, c);
        Tensor dy = Cpu.random(random, batch, c, h, w);
        Tensor saveMean = Cpu.zeros(c);
        Tensor saveInvStd = Cpu.zeros(c);
        Cpu.BACKEND.batchNormTrain(x, gamma, beta, Cpu.zeros(c), Cpu.zeros(c), 0.1f, EPS, Cpu.zeros(batch, c, h, w),
                saveMean, saveInvStd);
        Tensor dx = Cpu.zeros(batch, c, h, w);
        Tensor dgamma = Cpu.zeros(c);
        Tensor dbeta = Cpu.zeros(c);
        Cpu.BACKEND.batchNormBackward(x, dy, gamma, saveMean, saveInvStd, dx, dgamma, dbeta);

        double[] r = Cpu.doubles(dy);
        double[] xv = Cpu.doubles(x);
        double[] g = Cpu.doubles(gamma);
        double[] b = Cpu.doubles(beta);
        Numerics.assertGradient("dx", xv,
                v -> Numerics.dot(r, Reference64.batchNorm(v, batch, c, inner, g, b, EPS).out()), Cpu.values(dx),
                1e-5, 1e-4);
        Numerics.assertGradient("dgamma", g,
                v -> Numerics.dot(r, Reference64.batchNorm(xv, batch, c, inner, v, b, EPS).out()),
                Cpu.values(dgamma), 1e-5, 1e-4);
        Numerics.assertGradient("dbeta", b,
                v -> Numerics.dot(r, Reference64.batchNorm(xv, batch, c, inner, g, v, EPS).out()),
                Cpu.values(dbeta), 1e-5, 1e-4);
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.batchNormTrain(Cpu.zeros(2, 3, 4), Cpu.zeros(4), Cpu.zeros(3), Cpu.zeros(3),
                        Cpu.zeros(3), 0.1f, EPS, Cpu.zeros(2, 3, 4), Cpu.zeros(3), Cpu.zeros(3)));
        assertTrue(e.getMessage().contains("batchNormTrain") && e.getMessage().contains("gamma")
                && e.getMessage().contains("[3]") && e.getMessage().contains("[4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.batchNormBackward(Cpu.zeros(2, 3, 4), Cpu.zeros(2, 3, 5), Cpu.zeros(3),
                        Cpu.zeros(3), Cpu.zeros(3), Cpu.zeros(2, 3, 4), Cpu.zeros(3), Cpu.zeros(3)));
        assertTrue(e.getMessage().contains("batchNormBackward") && e.getMessage().contains("[2, 3, 4]")
                && e.getMessage().contains("[2, 3, 5]"), e.getMessage());
    }
}
