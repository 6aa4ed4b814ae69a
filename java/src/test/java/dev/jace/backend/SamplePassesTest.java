package dev.jace.backend;

import dev.jace.backend.cpu.CpuBackend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplePassesTest {

    @Test
    void eachPassGetsTheNextSamplesInOrderAndItsUploadIsClosedAfter() {
        float[] inputs = new float[7 * 2];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = i;
        }
        List<Integer> starts = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        List<Tensor> uploads = new ArrayList<>();
        try (Backend cpu = new CpuBackend()) {
            SamplePasses.forEach(cpu, inputs, Shape.of(7, 2), 3, (start, x) -> {
                starts.add(start);
                shapes.add(x.shape());
                values.add(cpu.download(x));
                uploads.add(x);
            });
            assertEquals(List.of(0, 3, 6), starts);
            assertEquals(List.of(Shape.of(3, 2), Shape.of(3, 2), Shape.of(1, 2)), shapes);
            assertArrayEquals(new float[] {6, 7, 8, 9, 10, 11}, values.get(1));
            assertArrayEquals(new float[] {12, 13}, values.get(2));
            assertTrue(uploads.stream().allMatch(Tensor::isClosed));
            for (int perPass : new int[] {1, 7}) {
                List<Integer> passes = new ArrayList<>();
                SamplePasses.forEach(cpu, inputs, Shape.of(7, 2), perPass, (start, x) -> passes.add(start));
                assertEquals(perPass == 1 ? List.of(0, 1, 2, 3, 4, 5, 6) : List.of(0), passes,
                        "one sample per pass, and all in one pass that they fill exactly");
            }
            assertEquals("samples per pass must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                    () -> SamplePasses.forEach(cpu, inputs, Shape.of(7, 2), 0, (start, x) -> { })).getMessage());
        }
    }
}
