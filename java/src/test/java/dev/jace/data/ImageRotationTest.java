package dev.jace.data;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.C4;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageRotationTest {

    private static final int SIZE = 9;

    private static float[] image(int seed) {
        Random random = new Random(seed);
        float[] x = new float[SIZE * SIZE];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        return x;
    }

    @Test
    void rot90MatchesTheGroupAction() {
        float[] x = image(1);
        try (CpuBackend cpu = new CpuBackend(); Tensor t = cpu.upload(x, Shape.of(1, 1, SIZE, SIZE));
             Tensor all = cpu.allocate(Shape.of(4, 1, SIZE, SIZE))) {
            cpu.groupAction(t, new C4().table(), new int[] {0, 1, 2, 3}, FeatureRep.IMAGE, all);
            float[] expected = cpu.download(all);
            for (int k = 0; k < 4; k++) {
                float[] r = new float[x.length];
                ImageRotation.rot90(x, 0, SIZE, k, r, 0);
                assertArrayEquals(java.util.Arrays.copyOfRange(expected, k * x.length, (k + 1) * x.length), r);
            }
        }
    }

    @Test
    void zeroDegreesIsTheIdentity() {
        float[] x = image(2);
        float[] r = new float[x.length];
        ImageRotation.rotate(x, 0, SIZE, 0, r, 0);
        assertArrayEquals(x, r);
    }

    @Test
    void ninetyDegreesIsAQuarterTurnAwayFromTheEdges() {
        float[] x = image(3);
        float[] bilinear = new float[x.length];
        float[] exact = new float[x.length];
        ImageRotation.rotate(x, 0, SIZE, 90, bilinear, 0);
        ImageRotation.rot90(x, 0, SIZE, 1, exact, 0);
        for (int i = 1; i < SIZE - 1; i++) {
            for (int j = 1; j < SIZE - 1; j++) {
                assertEquals(exact[i * SIZE + j], bilinear[i * SIZE + j], 1e-5, "pixel " + i + "," + j);
            }
        }
    }

    @Test
    void outsideTheSourceIsZero() {
        float[] ones = new float[SIZE * SIZE];
        java.util.Arrays.fill(ones, 1f);
        float[] r = new float[ones.length];
        ImageRotation.rotate(ones, 0, SIZE, 45, r, 0);
        assertEquals(0f, r[0], 1e-6);
        assertEquals(1f, r[SIZE * SIZE / 2], 1e-6);
    }
}
