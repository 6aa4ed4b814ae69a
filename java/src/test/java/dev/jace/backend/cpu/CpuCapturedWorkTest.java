package dev.jace.backend.cpu;

import dev.jace.backend.CapturedWork;
import dev.jace.backend.FeatureRep;
import dev.jace.group.D4;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CpuBackend#capture} records the ops once and each replay runs them, as a CUDA graph does. */
class CpuCapturedWorkTest {

    private static final float[] X = {0.1f, -2f, 3.5f, 7f};
    private static final float[] Y = {1f, 1f, 1f, 1f};

    @Test
    void captureRunsNothingAndEachReplayRunsTheRecordedOps() {
        try (CpuBackend cpu = new CpuBackend();
             Tensor x = cpu.upload(X, Shape.of(4)); Tensor y = cpu.upload(Y, Shape.of(4));
             Tensor eagerX = cpu.upload(X, Shape.of(4)); Tensor eagerY = cpu.upload(Y, Shape.of(4))) {
            try (CapturedWork work = cpu.capture(() -> {
                cpu.axpy(0.5f, x, y);
                cpu.scale(y, 1.25f, y);
            })) {
                assertArrayEquals(Y, cpu.download(y), "capturing ran the ops");
                for (int replay = 0; replay < 3; replay++) {
                    work.replay();
                    cpu.axpy(0.5f, eagerX, eagerY);
                    cpu.scale(eagerY, 1.25f, eagerY);
                    assertArrayEquals(cpu.download(eagerY), cpu.download(y), "replay " + replay);
                }
            }
            // three times y <- (y + 0.5·x)·1.25, in float64
            float[] replayed = cpu.download(y);
            for (int i = 0; i < X.length; i++) {
                double v = 1;
                for (int replay = 0; replay < 3; replay++) {
                    v = (v + 0.5 * X[i]) * 1.25;
                }
                assertEquals(v, replayed[i], 1e-5 * Math.abs(v));
            }
        }
    }

    @Test
    void hostCodeOfTheWorkRunsOnceAtCapture() {
        int[] runs = {0};
        try (CpuBackend cpu = new CpuBackend(); Tensor y = cpu.upload(Y, Shape.of(4))) {
            try (CapturedWork work = cpu.capture(() -> {
                runs[0]++;
                cpu.scale(y, 1f + runs[0], y);
            })) {
                assertEquals(1, runs[0]);
                for (int replay = 0; replay < 3; replay++) {
                    work.replay();
                }
                assertEquals(1, runs[0]);
            }
            // the factor the host code computed at capture (2) is the one every replay uses
            assertArrayEquals(new float[] {8f, 8f, 8f, 8f}, cpu.download(y));
        }
    }

    @Test
    void replaysReadTheTensorsWhenTheyRun() {
        try (CpuBackend cpu = new CpuBackend();
             Tensor x = cpu.allocate(Shape.of(4)); Tensor out = cpu.allocate(Shape.of(4))) {
            try (CapturedWork work = cpu.capture(() -> cpu.relu(x, out))) {
                cpu.copyIn(X, x);
                work.replay();
                assertArrayEquals(new float[] {0.1f, 0f, 3.5f, 7f}, cpu.download(out));
                cpu.copyIn(new float[] {-1f, 4f, -0.5f, 2f}, x);
                work.replay();
                assertArrayEquals(new float[] {0f, 4f, 0f, 2f}, cpu.download(out));
            }
        }
    }

    @Test
    void hostArraysArePassedAsTheyWereAtCapture() {
        Shape s = Shape.of(1, 1, 3, 3);
        try (CpuBackend cpu = new CpuBackend();
             Tensor x = cpu.upload(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, s); Tensor out = cpu.allocate(s)) {
            int[] elements = {1};
            try (CapturedWork work = cpu.capture(() -> cpu.groupAction(x, new D4().table(), elements, FeatureRep.IMAGE,
                    out))) {
                elements[0] = 2;
                work.replay();
            }
            // r·x = numpy rot90(x), not rot90(x, 2)
            assertArrayEquals(new float[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, cpu.download(out));
        }
    }

    @Test
    void hostCallsAreRefusedAtCaptureAndLeaveNothingRecorded() {
        try (CpuBackend cpu = new CpuBackend(); Tensor x = cpu.upload(new float[] {2f, 3f}, Shape.of(2))) {
            Map<String, Consumer<CpuBackend>> calls = Map.of(
                    "download", b -> b.download(x),
                    "upload", b -> b.upload(new float[2], Shape.of(2)),
                    "copyIn", b -> b.copyIn(new float[] {2f, 3f}, x),
                    "allocate", b -> b.allocate(Shape.of(2)),
                    "synchronize", CpuBackend::synchronize);
            calls.forEach((call, body) -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cpu.capture(() -> {
                    cpu.scale(x, 5f, x);
                    body.accept(cpu);
                }));
                assertTrue(e.getMessage().startsWith(call + " inside captured work"), e.getMessage());
                body.accept(cpu);
                assertArrayEquals(new float[] {2f, 3f}, cpu.download(x), "the failed capture ran " + call);
            });
            try (CapturedWork work = cpu.capture(() -> cpu.scale(x, 3f, x))) {
                work.replay();
            }
            assertArrayEquals(new float[] {6f, 9f}, cpu.download(x), "a failed capture's ops leaked into the next");
        }
    }

    @Test
    void aFailingCaptureRethrowsTheWorksError() {
        try (CpuBackend cpu = new CpuBackend(); Tensor x = cpu.upload(new float[] {2f}, Shape.of(1))) {
            RuntimeException failure = new RuntimeException("the work failed");
            assertSame(failure, assertThrows(RuntimeException.class, () -> cpu.capture(() -> {
                cpu.scale(x, 5f, x);
                throw failure;
            })));
            assertArrayEquals(new float[] {2f}, cpu.download(x));
        }
    }

    /** As CUDA refuses them when the op is called, not first when a replay runs it. */
    @Test
    void foreignPartialAndClosedTensorsAreRefusedAtCapture() {
        try (CpuBackend cpu = new CpuBackend(); Tensor x = cpu.allocate(Shape.of(4))) {
            Tensor foreign = Tensor.wrap(Shape.of(4), MemorySegment.ofArray(new float[4]), "cuda:0", () -> { });
            assertEquals("tensor " + foreign + " does not belong to the CPU backend", assertThrows(
                    IllegalArgumentException.class, () -> cpu.capture(() -> cpu.scale(foreign, 2f, x))).getMessage());
            Tensor part = Tensor.wrap(Shape.of(4), MemorySegment.ofArray(new float[5]), CpuBackend.DEVICE, () -> { });
            String partial = assertThrows(IllegalArgumentException.class,
                    () -> cpu.capture(() -> cpu.fill(part, 1f))).getMessage();
            assertTrue(partial.contains("covers part of a 5-float array"), partial);
            Tensor closed = cpu.allocate(Shape.of(4));
            closed.close();
            String used = assertThrows(IllegalStateException.class,
                    () -> cpu.capture(() -> cpu.fill(closed, 1f))).getMessage();
            assertTrue(used.contains("after close()"), used);
        }
    }

    @Test
    void shapesAreCheckedAtCapture() {
        try (CpuBackend cpu = new CpuBackend();
             Tensor a = cpu.allocate(Shape.of(3)); Tensor b = cpu.allocate(Shape.of(4))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.capture(() -> cpu.add(a, b, a)));
            assertTrue(e.getMessage().startsWith("add"), e.getMessage());
            assertArrayEquals(new float[1], cpu.download(cpu.allocate(Shape.of(1))), "left in capture mode");
        }
    }

    @Test
    void aReplayAfterAUsedTensorWasClosedRunsNothing() {
        try (CpuBackend cpu = new CpuBackend();
             Tensor y = cpu.upload(Y, Shape.of(4)); Tensor out = cpu.allocate(Shape.of(4))) {
            for (boolean throughView : new boolean[] {false, true}) {
                Tensor x = cpu.upload(X, Shape.of(4));
                Tensor used = throughView ? x.reshape(2, 2) : x;
                try (CapturedWork work = cpu.capture(() -> {
                    cpu.copy(y, out);
                    cpu.add(used.reshape(4), y, out);
                })) {
                    x.close();
                    IllegalStateException e = assertThrows(IllegalStateException.class, work::replay);
                    assertTrue(e.getMessage().startsWith("captured work uses a tensor closed since capture (")
                            && e.getMessage().endsWith("); capture it again"), e.getMessage());
                    assertArrayEquals(new float[4], cpu.download(out), "the replay ran the first op");
                }
            }
        }
    }

    /** A direct op refuses a closed backend, and so does a replay of work captured before it closed. */
    @Test
    void aReplayAfterTheBackendClosedRunsNothing() {
        CpuBackend cpu = new CpuBackend();
        float[] values = {1f, 2f};
        // A wrapped array, which stays readable once the backend and its own tensors are closed.
        try (Tensor x = Tensor.wrap(Shape.of(2), MemorySegment.ofArray(values), CpuBackend.DEVICE, () -> { });
             CapturedWork work = cpu.capture(() -> cpu.scale(x, 3f, x))) {
            cpu.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, work::replay);
            assertEquals("cpu backend used after close() (replay)", e.getMessage());
            assertArrayEquals(new float[] {1f, 2f}, values, "the replay ran the op");
        }
    }

    /** As CUDA refuses it, where closing would invalidate the capture and free memory the graph writes. */
    @Test
    void closingTheBackendInsideCapturedWorkIsRefused() {
        try (CpuBackend cpu = new CpuBackend(); Tensor x = cpu.upload(new float[] {2f}, Shape.of(1))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cpu.capture(() -> {
                cpu.scale(x, 5f, x);
                cpu.close();
            }));
            assertEquals(CapturedWork.refused("close").getMessage(), e.getMessage());
            cpu.scale(x, 3f, x);
            assertArrayEquals(new float[] {6f}, cpu.download(x), "the backend closed, or the failed capture ran");
        }
    }

    @Test
    void capturesDoNotNest() {
        try (CpuBackend cpu = new CpuBackend(); Tensor x = cpu.upload(new float[] {2f}, Shape.of(1))) {
            CapturedWork inner = cpu.capture(() -> cpu.scale(x, 3f, x));
            IllegalStateException nestedCapture = assertThrows(IllegalStateException.class,
                    () -> cpu.capture(() -> cpu.capture(() -> { })));
            assertTrue(nestedCapture.getMessage().startsWith("capture inside captured work: captures do not nest"),
                    nestedCapture.getMessage());
            IllegalStateException nestedReplay = assertThrows(IllegalStateException.class,
                    () -> cpu.capture(inner::replay));
            assertTrue(nestedReplay.getMessage().startsWith("replay inside captured work: captures do not nest"),
                    nestedReplay.getMessage());
            assertArrayEquals(new float[] {2f}, cpu.download(x), "left in capture mode, or the inner work ran");
            inner.replay();
            assertArrayEquals(new float[] {6f}, cpu.download(x));
            inner.close();
            assertThrows(IllegalStateException.class, inner::replay);
        }
    }
}
