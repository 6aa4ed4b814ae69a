package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A page-locked host buffer through which uploads and downloads pass in chunks: copy into it, one asynchronous
 * memcpy on the stream, wait for the stream. Grows up to {@link #MAX_BYTES}. Thread-safe; freed on close.
 */
final class HostStaging implements AutoCloseable {

    static final long MAX_BYTES = 64L << 20;

    private final CudaStream stream;
    private final PinnedBuffer buffer = new PinnedBuffer();
    private boolean closed;

    HostStaging(CudaStream stream) {
        this.stream = stream;
    }

    synchronized void upload(float[] source, MemorySegment device) {
        long total = (long) source.length * Float.BYTES;
        MemorySegment staging = buffer(Math.min(total, MAX_BYTES));
        for (long done = 0; done < total; done += staging.byteSize()) {
            long bytes = Math.min(staging.byteSize(), total - done);
            MemorySegment.copy(source, (int) (done / Float.BYTES), staging, ValueLayout.JAVA_FLOAT, 0,
                    (int) (bytes / Float.BYTES));
            Jace.check("jace_memcpy_htod_async", jace_h.jace_memcpy_htod_async(
                    MemorySegment.ofAddress(device.address() + done), staging, bytes, stream.handle()));
            stream.synchronize();
        }
    }

    synchronized void download(MemorySegment device, float[] target) {
        long total = (long) target.length * Float.BYTES;
        MemorySegment staging = buffer(Math.min(total, MAX_BYTES));
        for (long done = 0; done < total; done += staging.byteSize()) {
            long bytes = Math.min(staging.byteSize(), total - done);
            Jace.check("jace_memcpy_dtoh_async", jace_h.jace_memcpy_dtoh_async(staging,
                    MemorySegment.ofAddress(device.address() + done), bytes, stream.handle()));
            stream.synchronize();
            MemorySegment.copy(staging, ValueLayout.JAVA_FLOAT, 0, target, (int) (done / Float.BYTES),
                    (int) (bytes / Float.BYTES));
        }
    }

    private MemorySegment buffer(long bytes) {
        if (closed) {
            throw new IllegalStateException("host staging buffer is closed");
        }
        return buffer.atLeast(bytes);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            buffer.close();
        }
    }
}
