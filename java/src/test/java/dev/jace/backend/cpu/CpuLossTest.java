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

class CpuLossTest {

    @Property(tries = 40)
    void crossEntropyAndGradientMatchFloat64(@ForAll @IntRange(min = 1, max = 9) int n,
                                             @ForAll @IntRange(min = 1, max = 12) int k, @ForAll long seed) {
        Random random = new Random(seed);
        float[] z = Numerics.randomFloats(random, n * k);
        for (int i = 0; i < z.length; i++) {
            z[i] *= 5;
        }
        int[] labels = new int[n];
        float[] labelValues = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(k);
            labelValues[i] = labels[i];
        }
        Tensor logits = Cpu.tensor(z, n, k);
        Tensor loss = Cpu.zeros(n);
        Tensor dlogits = Cpu.zeros(n, k);
        Cpu.BACKEND.softmaxCrossEntropy(logits, Cpu.tensor(labelValues, n), loss, dlogits);
        double[] zd = Cpu.doubles(logits);
        Numerics.assertClose("loss", Reference64.crossEntropy(zd, n, k, labels), Cpu.values(loss), 1e-5);
        Numerics.assertGradient("dlogits", zd, v -> {
            double mean = 0;
            for (double l : Reference64.crossEntropy(v, n, k, labels)) {
                mean += l;
            }
            return mean / n;
        }, Cpu.values(dlogits), 1e-5, 1e-4);
    }

    @Test
    void hugeLogitsStayFinite() {
        Tensor logits = Cpu.tensor(new float[] {1e30f, -1e30f, 0f, 3e38f, 3e38f, -3e38f}, 2, 3);
        Tensor loss = Cpu.zeros(2);
        Tensor dlogits = Cpu.zeros(2, 3);
        Cpu.BACKEND.softmaxCrossEntropy(logits, Cpu.tensor(new float[] {0, 1}, 2), loss, dlogits);
        double[] expectedLoss = {0, Math.log(2)};
        Numerics.assertClose("loss", expectedLoss, Cpu.values(loss), 1e-6);
        Numerics.assertClose("dlogits", new double[] {0, 0, 0, 0.25, -0.25, 0}, Cpu.values(dlogits), 1e-6);
    }

    @Test
    void rejectsBadLabelsNamingSampleAndValue() {
        Tensor logits = Cpu.zeros(3, 4);
        for (float bad : new float[] {2.5f, -1f, 4f, Float.NaN}) {
            Tensor labels = Cpu.tensor(new float[] {0, 3, bad}, 3);
            Tensor loss = Cpu.tensor(new float[] {7, 7, 7}, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Cpu.BACKEND.softmaxCrossEntropy(logits, labels, loss, Cpu.zeros(3, 4)));
            assertTrue(e.getMessage().contains("softmaxCrossEntropy") && e.getMessage().contains("sample 2")
                    && e.getMessage().contains(String.valueOf(bad)), e.getMessage());
            Numerics.assertClose("loss untouched", new double[] {7, 7, 7}, Cpu.values(loss), 0);
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.softmaxCrossEntropy(Cpu.zeros(3, 4), Cpu.zeros(2), Cpu.zeros(3), Cpu.zeros(3, 4)));
        assertTrue(e.getMessage().contains("softmaxCrossEntropy") && e.getMessage().contains("[3]")
                && e.getMessage().contains("[2]"), e.getMessage());
    }
}
