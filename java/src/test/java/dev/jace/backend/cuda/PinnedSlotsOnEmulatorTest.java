package dev.jace.backend.cuda;

import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.function.BiConsumer;

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
        assertCopiesUpToASlotTakeTheNextSlot(SLOT_FLOATS, (cuda, t) -> cuda.copyIn(new float[t.size()], t));
    }

    /** A read too large for a slot is downloaded at once. The reads are left untaken: the backend's close waits. */
    @Test
    void readsOfUpToASlotTakeTheNextSlotAndLargerOnesAreDownloadedAtOnce() throws Throwable {
        assertCopiesUpToASlotTakeTheNextSlot(READ_SLOT_FLOATS, CudaBackend::readLater);
    }

    /**
     * {@code copy} of a tensor of one float more than {@code slotFloats} takes no slot; of {@code slotFloats} floats,
     * then of one, a slot each.
     */
    private static void assertCopiesUpToASlotTakeTheNextSlot(int slotFloats, BiConsumer<CudaBackend, Tensor> copy)
            throws Throwable {
        try (CudaBackend cuda = new CudaBackend(); Tensor large = cuda.allocate(Shape.of(slotFloats + 1));
             Tensor full = cuda.allocate(Shape.of(slotFloats)); Tensor small = cuda.allocate(Shape.of(1))) {
            long events = EmulatorHooks.liveResources().events();
            copy.accept(cuda, large);
            assertEquals(events, EmulatorHooks.liveResources().events(), "events after a copy one float too large");
            copy.accept(cuda, full);
            copy.accept(cuda, small);
            assertEquals(events + 2, EmulatorHooks.liveResources().events(),
                    "events after two copies that fit: a slot each");
        }
    }
}
