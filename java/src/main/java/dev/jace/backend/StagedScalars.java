package dev.jace.backend;

import java.util.Objects;

/**
 * The host side every backend's {@link DeviceScalars} shares: the staged values, the index and open checks, and
 * closing once. A backend supplies where {@link #publish} copies the staged values, how {@link #readLater} reads the
 * device values, what {@link #close} releases and whether it has closed. Thread-safe.
 */
public abstract class StagedScalars implements DeviceScalars {

    private final double[] staged;
    private boolean closed;

    protected StagedScalars(int count) {
        this.staged = new double[count];
    }

    @Override
    public final int size() {
        return staged.length;
    }

    /** Whether {@link #close()} was called, or the backend holding the values closed (which freed them). */
    @Override
    public final synchronized boolean isClosed() {
        return closed || closedBackend() != null;
    }

    @Override
    public final synchronized void set(int index, double value) {
        requireOpen();
        staged[Objects.checkIndex(index, staged.length)] = value;
    }

    @Override
    public final synchronized void publish() {
        requireOpen();
        copyToDevice(staged);
    }

    /** Enqueues the copy of {@code staged} to where ops read the values; called by {@link #publish} on an open block. */
    protected abstract void copyToDevice(double[] staged);

    @Override
    public final synchronized PendingRead<double[]> readLater() {
        requireOpen();
        return copyFromDevice();
    }

    /** Enqueues the copy of the device values to the host; called by {@link #readLater} on an open block. */
    protected abstract PendingRead<double[]> copyFromDevice();

    /** Throws {@link IllegalStateException} once the block is closed, or its backend. */
    public final synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException("device scalars used after close()");
        }
        Object backend = closedBackend();
        if (backend != null) {
            throw new IllegalStateException("device scalars used after the backend holding them closed: " + backend);
        }
    }

    /**
     * The backend holding the values once it has closed, after which they read closed without {@link #close()}; null
     * while it is open.
     */
    protected abstract Object closedBackend();

    @Override
    public final synchronized void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }

    /** Frees what the backend holds for the values; called once, by the first {@link #close}. */
    protected abstract void release();
}
