package dev.jace.backend.cpu;

import dev.jace.backend.DeviceScalar;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.StagedScalars;

/**
 * {@link DeviceScalars} of the CPU backend: {@link #publish} copies the staged values to the live values that ops read
 * when they execute (a replay of captured work reads the values published before it).
 */
final class CpuScalars extends StagedScalars {

    private final CpuBackend backend;
    private final double[] live;

    CpuScalars(CpuBackend backend, int count) {
        super(count);
        this.backend = backend;
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
    protected void copyToDevice(double[] staged) {
        backend.refuseWhileRecording("publish");
        System.arraycopy(staged, 0, live, 0, live.length);
    }

    private synchronized double live(int index) {
        requireOpen();
        return live[index];
    }

    @Override
    protected void release() {
    }
}
