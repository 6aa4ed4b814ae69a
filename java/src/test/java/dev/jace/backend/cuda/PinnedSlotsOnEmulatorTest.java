package dev.jace.backend.cuda;

import dev.jace.backend.PendingRead;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which copies take a page-locked slot ({@link PinnedUploads}, {@link PinnedReads}) and which the staging buffer or a
 * download at once: told apart by the CUDA events the emulator counts, since a slot creates its event at its first
 * copy and the other paths use none. The values are the same either way (CudaReadLaterTest, CudaParityTest).
 */
@Tag("gpu")
class PinnedSlotsOnEmulatorTest {

    private static final int SLOT_FLOATS = (int) (PinnedUploads.MAX_SLOT_BYTES / Float.BYTES);
    private static final int READ_SLOT_FLOATS = (int) (PinnedReads.MAX_SLOT_BYTES / Float.BYTES);

    @BeforeEach
    void requireEmulator() {
        assumeTrue(GpuAssumptions.emulated(), "counts the emulator's live events");
    }

    @Test
    void copiesInOfUpToASlotTakeTheNextSlotAndLargerOnesTheStagingBuffer() throws Throwable {
        try (CudaBackend cuda = new CudaBackend(); Tensor large = cuda.allocate(Shape.of(SLOT_FLOATS + 1));
             Tensor full = cuda.allocate(Shape.of(SLOT_FLOATS)); Tensor small = cuda.allocate(Shape.of(1))) {
            long events = EmulatorHooks.liveResources().events();
            cuda.copyIn(new float[SLOT_FLOATS + 1], large);
            assertEquals(events, EmulatorHooks.liveResources().events(), "events after a copy one float too large");
            cuda.copyIn(new float[SLOT_FLOATS], full);
            cuda.copyIn(new float[] {1f}, small);
            assertEquals(events + 2, EmulatorHooks.liveResources().events(),
                    "events after two copies that fit: a slot each");
        }
    }

    @Test
    void readsOfUpToASlotTakeTheNextSlotAndLargerOnesAreDownloadedAtOnce() throws Throwable {
        try (CudaBackend cuda = new CudaBackend(); Tensor large = cuda.allocate(Shape.of(READ_SLOT_FLOATS + 1));
             Tensor full = cuda.allocate(Shape.of(READ_SLOT_FLOATS)); Tensor small = cuda.allocate(Shape.of(1))) {
            long events = EmulatorHooks.liveResources().events();
            cuda.readLater(large).get();
            assertEquals(events, EmulatorHooks.liveResources().events(), "events after a read one float too large");
            List<PendingRead<float[]>> pending = List.of(cuda.readLater(full), cuda.readLater(small));
            assertEquals(events + 2, EmulatorHooks.liveResources().events(),
                    "events after two reads that fit: a slot each");
            pending.forEach(PendingRead::get);
        }
    }
}
