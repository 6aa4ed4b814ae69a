package dev.jace.backend.cuda;

import dev.jace.backend.DeviceScalars;
import dev.jace.backend.PendingRead;
import dev.jace.backend.StagedScalars;
import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@link DeviceScalars} of the CUDA backend: {@code count} doubles in a block of the backend's allocator, staged in a
 * Java array and published by an asynchronous copy through the backend's {@link PinnedUploads} ring, whose slot stays
 * untouched until its copy has run, so the host may stage and publish again at once; read back through its
 * {@link PinnedReads} ring. Thread-safe; close releases the block (in stream order, like a tensor), and the
 * backend's close frees it, after which these report closed and refuse use.
 */
final class CudaScalars extends StagedScalars {

    private final CudaBackend backend;
    private final DeviceAllocator allocator;
    private final PinnedUploads uploads;
    private final PinnedReads reads;
    private final DeviceAllocator.Block block;

    /** Enqueues the block's zeroing on {@code stream}; the caller has entered the backend. */
    CudaScalars(CudaBackend backend, DeviceAllocator allocator, PinnedUploads uploads, PinnedReads reads,
                CudaStream stream, int count) {
        super(count);
        this.backend = backend;
        this.allocator = allocator;
        this.uploads = uploads;
        this.reads = reads;
        this.block = allocator.allocate((long) count * Double.BYTES);
        try {
            Jace.check("jace_memset_async", jace_h.jace_memset_async(block.segment(), 0, block.bytes(),
                    stream.handle()));
        } catch (RuntimeException e) {
            allocator.release(block);
            throw e;
        }
    }

    boolean belongsTo(CudaBackend owner) {
        return backend == owner;
    }

    /** The device address of value {@code index}, for a kernel that reads or writes it when it runs. */
    synchronized MemorySegment address(int index) {
        requireOpen();
        return MemorySegment.ofAddress(block.address() + (long) index * Double.BYTES);
    }

    @Override
    protected Object closedBackend() {
        return backend.isClosed() ? backend : null;
    }

    @Override
    protected void copyToDevice(double[] staged) {
        backend.enterHostCall("publish");
        uploads.copy(MemorySegment.ofArray(staged), block.segment());
    }

    @Override
    protected PendingRead<double[]> copyFromDevice() {
        backend.enterHostCall("readLater");
        return reads.read(block.segment(), (long) size() * Double.BYTES,
                values -> values.toArray(ValueLayout.JAVA_DOUBLE));
    }

    @Override
    protected void release() {
        allocator.release(block);
    }
}
