package dev.jace.backend.cpu;

import dev.jace.backend.DeviceScalar;
import dev.jace.backend.DeviceScalars;

import java.util.Objects;

/**
 * {@link DeviceScalars} of the CPU backend: {@link #set} writes staged values, {@link #publish} copies them to the live
 * values that ops read when they execute (a replay of captured work reads the values published before it).
 */
final class CpuScalars implements DeviceScalars {

    private final CpuBackend backend;
    private final double[] staged;
    private final double[] live;
    private volatile boolean closed;

    CpuScalars(CpuBackend backend, int count) {
        this.backend = backend;
        this.staged = new double[count];
        this.live = new double[count];
    }

    /** The live value of {@code scalar}, which {@link CpuBackend} has checked to be one of its blocks. */
    static double value(DeviceScalar scalar) {
        return ((CpuScalars) scalar.block()).live(scalar.index());
    }

    boolean belongsTo(CpuBackend owner) {
        return backend == owner;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public int size() {
        return live.length;
    }

    @Override
    public synchronized void set(int index, double value) {
        checkOpen();
        staged[Objects.checkIndex(index, staged.length)] = value;
    }

    @Override
    public synchronized void publish() {
        checkOpen();
        backend.refuseWhileRecording("publish");
        System.arraycopy(staged, 0, live, 0, live.length);
    }

    private synchronized double live(int index) {
        checkOpen();
        return live[index];
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("device scalars used after close()");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
