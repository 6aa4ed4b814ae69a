package dev.jace.backend.cpu;

import dev.jace.backend.DeviceScalar;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.DualUpdate;
import dev.jace.backend.PendingRead;
import dev.jace.backend.StagedScalars;

/**
 * {@link DeviceScalars} of the CPU backend: {@link #publish} copies the staged values to the live values that ops read
 * (and some write) when they execute (a replay of captured work reads the values published before it);
 * {@link #readLater} copies the live values at once.
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

    /** Sets the live value of {@code scalar} (an op's result), which {@link CpuBackend} has checked to be its own. */
    static void write(DeviceScalar scalar, double value) {
        ((CpuScalars) scalar.block()).setLive(scalar.index(), value);
    }

    /** {@link DualUpdate#apply} on the live values: reads {@code plan}'s, updates {@code state}'s in place. */
    static void dualUpdate(CpuScalars plan, CpuScalars state, int terms) {
        state.applyDualUpdate(plan.liveValues(), terms);
    }

    boolean belongsTo(CpuBackend owner) {
        return backend == owner;
    }

    @Override
    protected void copyToDevice(double[] staged) {
        backend.refuseWhileRecording("publish");
        System.arraycopy(staged, 0, live, 0, live.length);
    }

    @Override
    protected PendingRead<double[]> copyFromDevice() {
        backend.refuseWhileRecording("readLater");
        double[] values = liveValues();
        return () -> values;
    }

    private synchronized double live(int index) {
        requireOpen();
        return live[index];
    }

    private synchronized void setLive(int index, double value) {
        requireOpen();
        live[index] = value;
    }

    private synchronized double[] liveValues() {
        requireOpen();
        return live.clone();
    }

    private synchronized void applyDualUpdate(double[] plan, int terms) {
        requireOpen();
        DualUpdate.apply(plan, live, terms);
    }

    /** Its close frees nothing here, but the scalars read closed with it, as its tensors do. */
    @Override
    protected Object closedBackend() {
        return backend.isClosed() ? backend : null;
    }

    @Override
    protected void release() {
    }
}
