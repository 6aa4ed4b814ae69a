package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("gpu")
class EventTimerTest {

    private static final long BYTES = 64L << 20;

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    /** The body runs once, between the two events, so the time covers the work it enqueues (here a 64 MiB memset). */
    @Test
    void timesTheWorkItsBodyEnqueuesOnce() {
        try (CudaBackend cuda = new CudaBackend(); DeviceAllocator allocator = new DeviceAllocator();
             CudaStream stream = new CudaStream(); EventTimer timer = new EventTimer(stream)) {
            assertTrue(cuda.name().startsWith("cuda"), "libjace is loaded and the device is current");
            DeviceAllocator.Block block = allocator.allocate(BYTES);
            AtomicInteger runs = new AtomicInteger();
            float millis = timer.millis(() -> {
                runs.incrementAndGet();
                Jace.check("jace_memset_async", jace_h.jace_memset_async(block.segment(), 0, BYTES, stream.handle()));
            });
            allocator.release(block);
            assertEquals(1, runs.get(), "runs of the body");
            assertTrue(millis > 0f, millis + " ms for a 64 MiB memset");
        }
    }
}
