package dev.jace.backend;

/**
 * A few float64 values that kernels read in device memory when they run, not when they are enqueued: the way to give
 * captured work ({@link Backend#capture}) values that change from one replay to the next, such as a training step's
 * learning rate and constraint weights. The host stages values with {@link #set} and makes them visible to work
 * enqueued afterwards with {@link #publish}. Ops take one value as a {@link DeviceScalar} ({@link #at}); some ops
 * write values on the device ({@link Backend#dualUpdate}, {@link Backend#relativeDeviationMean},
 * {@link Backend#sumToScalar}), which {@link #read} and {@link #readLater} return.
 */
public interface DeviceScalars extends AutoCloseable {

    /** Number of values. */
    int size();

    /** Stages {@code value} at {@code index} on the host; device work sees it after the next {@link #publish}. */
    void set(int index, double value);

    /**
     * Copies every staged value to the device, in stream order: work enqueued afterwards (replays included) reads
     * them, work enqueued before reads the previous ones. The staged values may be set again as soon as this returns.
     * CUDA: an asynchronous copy from page-locked memory. Not allowed inside captured work.
     */
    void publish();

    /**
     * Enqueues a copy of the device values as of the work enqueued so far (values ops wrote included) and returns at
     * once; {@link PendingRead#get} waits for that copy only. CUDA: through a ring of page-locked slots, so that the
     * host can go on enqueuing while the device catches up. CPU: copies now. Not allowed inside captured work.
     */
    PendingRead<double[]> readLater();

    /** The device values after all work enqueued so far (waits for it). Not allowed inside captured work. */
    default double[] read() {
        return readLater().get();
    }

    /** Whether {@link #close()} was called, or the backend closed where that frees the values (CUDA), as tensors. */
    boolean isClosed();

    /** The value at {@code index}, as an op argument. */
    default DeviceScalar at(int index) {
        return new DeviceScalar(this, index);
    }

    @Override
    void close();
}
