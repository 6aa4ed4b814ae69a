package dev.jace.backend.cpu;

import dev.jace.backend.CapturedWork;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuCapturedWorkTest {

    @Test
    void captureRunsNothingAndEachReplayRunsTheWork() {
        try (CpuBackend cpu = new CpuBackend();
             Tensor x = cpu.upload(new float[] {0.1f, -2f, 3.5f}, Shape.of(3));
             Tensor y = cpu.upload(new float[] {1f, 1f, 1f}, Shape.of(3))) {
            float[] expected = cpu.download(y);
            try (CapturedWork work = cpu.capture(() -> cpu.axpy(0.5f, x, y))) {
                assertArrayEquals(expected, cpu.download(y));
                for (int replay = 0; replay < 3; replay++) {
                    work.replay();
                    for (int i = 0; i < 3; i++) {
                        expected[i] += 0.5f * cpu.download(x)[i];
                    }
                    assertArrayEquals(expected, cpu.download(y));
                }
            }
        }
    }

    @Test
    void hostCallsInCapturedWorkAreRefusedAndTheBackendStaysUsable() {
        try (CpuBackend cpu = new CpuBackend(); Tensor x = cpu.allocate(Shape.of(2))) {
            Map<String, Consumer<CpuBackend>> calls = Map.of(
                    "download", b -> b.download(x),
                    "upload", b -> b.upload(new float[2], Shape.of(2)),
                    "copyIn", b -> b.copyIn(new float[2], x),
                    "allocate", b -> b.allocate(Shape.of(2)),
                    "synchronize", CpuBackend::synchronize);
            calls.forEach((call, body) -> {
                try (CapturedWork work = cpu.capture(() -> body.accept(cpu))) {
                    IllegalStateException e = assertThrows(IllegalStateException.class, work::replay);
                    assertTrue(e.getMessage().startsWith(call + " inside captured work"), e.getMessage());
                }
                body.accept(cpu);
            });
        }
    }

    @Test
    void closedOrNestedReplaysAreRefused() {
        try (CpuBackend cpu = new CpuBackend()) {
            CapturedWork inner = cpu.capture(() -> { });
            try (CapturedWork outer = cpu.capture(inner::replay)) {
                IllegalStateException e = assertThrows(IllegalStateException.class, outer::replay);
                assertTrue(e.getMessage().contains("do not nest"), e.getMessage());
            }
            inner.close();
            assertThrows(IllegalStateException.class, inner::replay);
            // the refused nesting left the thread out of replay mode: host calls work again
            assertArrayEquals(new float[] {0f}, cpu.download(cpu.allocate(Shape.of(1))));
        }
    }
}
