package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalar;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.FeatureRep;
import dev.jace.group.Group;
import dev.jace.group.SymmetryType;
import dev.jace.nn.Buffer;
import dev.jace.nn.Layer;
import dev.jace.ops.EquivarianceDeviation;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * Function-space equivariance deviation of a model's output on one batch, for every non-identity element of the
 * group at once, with its gradient. Shared by the per-type {@link OutputDeviation} quantities of one model.
 *
 * <p>Layers cache one forward at a time, so the transformed and the plain batch go through the model as ONE forward
 * of {@code [g_1·x, ..., g_k·x, x]} ({@code (k+1)·N} samples, built by one {@code groupAction} whose last element is
 * the identity), and one backward carries the gradient of both. f(x) is read out of the last block with backend ops
 * only ({@code mask ⊙ Y} summed over the block axis; exact, since every other term is zero), so the probe runs on any
 * backend. In training mode, batch-norm layers see statistics of the concatenated batch (and update their running
 * statistics with them); dropout draws independent masks for the transformed and the plain samples, which adds noise
 * to the deviation, so models measured in training mode should not use dropout.
 *
 * <p>The gradient ({@link #accumulateGradient}, then {@link #completeGradient}) runs {@code model.backward} against the
 * model's last forward, which must be this probe's: measure, accumulate, complete, with no other forward in between.
 * Each symmetry type's accumulation only adds its weights on the deviation and norm; the one model backward, shared
 * by all types, runs at completion (for D4, one backward instead of one per type: the backward is linear in the
 * output gradient, so the sum is the same up to rounding). Its weights are computed on the
 * device ({@link Backend#relativeDeviationWeights}, with the constraint weight read on the device), so measuring and
 * accumulating read nothing to the host. {@link #relativeMean} downloads the deviation and norm (once per
 * measurement); a {@link #reading} reduces them on the device ({@link Backend#relativeDeviationMean}, bitwise the same
 * value) and reads only that value, at every read.
 */
final class DeviationProbe implements AutoCloseable {

    private final Backend backend;
    private final Layer model;
    private final Group group;
    private final FeatureRep inRep;
    private final FeatureRep outRep;
    /** Non-identity elements followed by the identity. */
    private final int[] elements;
    private Tensor x;
    private Tensor gx;
    private Tensor y;
    private Tensor fx;
    private Tensor mask;
    /** Per-call scratch, kept between calls (the shapes repeat every step). */
    private final Buffer masked;
    private final Buffer deviationOut;
    private final Buffer normOut;
    private final Buffer dDeviation;
    private final Buffer dNorm;
    /** A further type's weights, before they are added to {@link #dDeviation} and {@link #dNorm}. */
    private final Buffer dDeviationPart;
    private final Buffer dNormPart;
    private final Buffer dY;
    private final Buffer dFx;
    private final Buffer spread;
    /** The last measurement on the device: deviation [blocks, n] and norm [n] (in the buffers above). */
    private Tensor deviationTensor;
    private Tensor normTensor;
    private int n;
    /** Host copies of the last measurement, null until first read. */
    private double[] deviation;
    private double[] norm;
    private boolean measured;
    /** Types accumulated since the last {@link #completeGradient}. */
    private int pendingTypes;
    /** Counts measurements, so a reading can tell that it is stale. */
    private long measurements;
    /** Where {@link #reading}s leave their values on the device: one per symmetry type ({@link #slot}). */
    private final DeviceScalars readings;

    DeviationProbe(Backend backend, Layer model, Group group, FeatureRep inRep, FeatureRep outRep) {
        this.backend = backend;
        this.model = model;
        this.group = group;
        this.inRep = inRep;
        this.outRep = outRep;
        int[] others = group.nonIdentityElements();
        this.elements = Arrays.copyOf(others, others.length + 1);
        this.masked = new Buffer(backend);
        this.deviationOut = new Buffer(backend);
        this.normOut = new Buffer(backend);
        this.dDeviation = new Buffer(backend);
        this.dNorm = new Buffer(backend);
        this.dDeviationPart = new Buffer(backend);
        this.dNormPart = new Buffer(backend);
        this.dY = new Buffer(backend);
        this.dFx = new Buffer(backend);
        this.spread = new Buffer(backend);
        this.readings = backend.scalars(SymmetryType.values().length);
    }

    Group group() {
        return group;
    }

    /** Uses {@code batch} (owned by the caller, valid until the next call) for the next measurement. */
    void setBatch(Tensor batch) {
        this.x = batch;
        this.measured = false;
    }

    private int blocks() {
        return elements.length;
    }

    /** Measures on the current batch unless already done. */
    void ensureMeasured(boolean training) {
        if (measured) {
            return;
        }
        if (pendingTypes > 0) {
            throw new IllegalStateException("DeviationProbe: a new measurement while " + pendingTypes
                    + " accumulated gradient(s) were not completed (call completeGradient after accumulateGradient)");
        }
        if (x == null) {
            throw new IllegalStateException("DeviationProbe: no batch set");
        }
        int n = x.shape().dim(0);
        Shape inShape = x.shape().withDim0(blocks() * n);
        if (gx == null || !gx.shape().equals(inShape)) {
            releaseMeasurement();
            gx = backend.allocate(inShape);
        }
        backend.groupAction(x, group.table(), elements, inRep, gx);
        y = model.forward(gx, training);
        Shape outSample = y.shape().withDim0(n);
        if (mask == null || !mask.shape().equals(y.shape())) {
            closeIfPresent(mask);
            closeIfPresent(fx);
            float[] m = new float[y.size()];
            Arrays.fill(m, m.length - outSample.size(), m.length, 1f);
            mask = backend.upload(m, y.shape());
            fx = backend.allocate(outSample);
        }
        Tensor yMasked = masked.get(y.shape());
        backend.mul(y, mask, yMasked);
        backend.sumAxis(yMasked.reshape(blocks(), outSample.size()), 0, fx.reshape(outSample.size()));
        deviationTensor = deviationOut.get(Shape.of(blocks(), n));
        normTensor = normOut.get(Shape.of(n));
        backend.equivarianceDeviation(y, fx, group.table(), elements, outRep, deviationTensor, normTensor);
        this.n = n;
        deviation = null;
        norm = null;
        measurements++;
        measured = true;
    }

    /** Downloads the last measurement unless already done (waits for the device). */
    private void readBack() {
        if (deviationTensor == null) {
            throw new IllegalStateException("DeviationProbe: deviation read before it was measured");
        }
        if (deviation == null) {
            deviation = toDouble(backend.download(deviationTensor));
            norm = toDouble(backend.download(normTensor));
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private boolean counts(int s, SymmetryType type) {
        return s < blocks() - 1 && group.symmetryType(elements[s]) == type;
    }

    private int count(SymmetryType type) {
        int c = 0;
        for (int s = 0; s < blocks(); s++) {
            c += counts(s, type) ? 1 : 0;
        }
        return c;
    }

    /** Number of samples in the current batch. */
    int batchSize() {
        return n;
    }

    /** Mean over the type's elements and the samples of {@code ‖f(g·x) − ρ(g) f(x)‖² / ‖f(x)‖²}. */
    double relativeMean(SymmetryType type) {
        readBack();
        return relativeMean(type, deviation, norm);
    }

    private double relativeMean(SymmetryType type, double[] deviation, double[] norm) {
        double sum = 0;
        for (int s = 0; s < blocks(); s++) {
            if (counts(s, type)) {
                for (int i = 0; i < n; i++) {
                    sum += deviation[s * n + i] / (norm[i] + EquivarianceDeviation.EPS);
                }
            }
        }
        return sum / ((double) count(type) * n);
    }

    /**
     * {@link #relativeMean} of the current measurement, reduced on the device now and read when asked for (after the
     * step's other work has been enqueued); valid until the next measurement. Each read reads the device value afresh,
     * so a reading taken while capturing work follows every replay of it.
     */
    DoubleSupplier reading(SymmetryType type) {
        DeviceScalar value = readings.at(slot(type));
        measureInto(type, value);
        long measurement = measurements;
        return () -> {
            if (measurement != measurements) {
                throw new IllegalStateException("DeviationProbe: a reading used after the next measurement");
            }
            return readings.read()[value.index()];
        };
    }

    private static int slot(SymmetryType type) {
        return type.ordinal();
    }

    /** Enqueues {@link #relativeMean} of the current measurement into {@code out}, on the device (bitwise the same). */
    void measureInto(SymmetryType type, DeviceScalar out) {
        if (!measured) {
            throw new IllegalStateException("DeviationProbe: value asked before the deviation was measured");
        }
        backend.relativeDeviationMean(deviationTensor, normTensor, rows(type), (double) count(type) * n,
                EquivarianceDeviation.EPS, out);
    }

    /** The rows of the deviation that belong to {@code type}, ascending. */
    private int[] rows(SymmetryType type) {
        int[] rows = new int[count(type)];
        for (int s = 0, j = 0; s < blocks(); s++) {
            if (counts(s, type)) {
                rows[j++] = s;
            }
        }
        return rows;
    }

    /** The model output of the last measurement on the plain batch, f(x) (owned by the probe). */
    Tensor plainOutput() {
        return fx;
    }

    /**
     * Adds {@code weight · ∂relativeMean(type)/∂θ}, with the weight read on the device, to what
     * {@link #completeGradient} adds to the parameter gradients.
     */
    void accumulateGradient(SymmetryType type, DeviceScalar weight) {
        if (!measured) {
            throw new IllegalStateException("DeviationProbe: gradient asked before the deviation was measured");
        }
        Tensor dDeviationTensor = dDeviation.get(Shape.of(blocks(), n));
        Tensor dNormTensor = dNorm.get(Shape.of(n));
        boolean first = pendingTypes == 0;
        Tensor dDeviationOfType = first ? dDeviationTensor : dDeviationPart.get(dDeviationTensor.shape());
        Tensor dNormOfType = first ? dNormTensor : dNormPart.get(dNormTensor.shape());
        backend.relativeDeviationWeights(deviationTensor, normTensor, rows(type), weight, (double) count(type) * n,
                EquivarianceDeviation.EPS, dDeviationOfType, dNormOfType);
        if (!first) {
            backend.add(dDeviationTensor, dDeviationOfType, dDeviationTensor);
            backend.add(dNormTensor, dNormOfType, dNormTensor);
        }
        pendingTypes++;
    }

    /** Runs the one model backward for the types accumulated since the last call, if any. */
    void completeGradient() {
        if (pendingTypes == 0) {
            return;
        }
        pendingTypes = 0;
        Tensor dDeviationTensor = dDeviation.get(Shape.of(blocks(), n));
        Tensor dNormTensor = dNorm.get(Shape.of(n));
        Tensor dYTensor = dY.get(y.shape());
        Tensor dFxTensor = dFx.get(fx.shape());
        Tensor spreadTensor = spread.get(y.shape());
        backend.equivarianceDeviationBackward(y, fx, group.table(), elements, outRep, dDeviationTensor, dNormTensor,
                dYTensor, dFxTensor);
        backend.groupAction(dFxTensor, group.table(), new int[blocks()], FeatureRep.INVARIANT, spreadTensor);
        backend.mul(spreadTensor, mask, spreadTensor);
        backend.add(dYTensor, spreadTensor, dYTensor);
        model.backwardParameters(dYTensor);
    }

    private static void closeIfPresent(Tensor t) {
        if (t != null) {
            t.close();
        }
    }

    private void releaseMeasurement() {
        closeIfPresent(gx);
        closeIfPresent(fx);
        closeIfPresent(mask);
        gx = null;
        fx = null;
        mask = null;
        y = null;
        deviationTensor = null;
        normTensor = null;
    }

    @Override
    public void close() {
        releaseMeasurement();
        measured = false;
        for (Buffer b : new Buffer[] {masked, deviationOut, normOut, dDeviation, dNorm, dDeviationPart, dNormPart, dY,
                dFx, spread}) {
            b.close();
        }
        readings.close();
    }
}
