package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalar;
import dev.jace.backend.GroupTable;
import dev.jace.backend.OpShapes;
import dev.jace.backend.OwnedResources;
import dev.jace.backend.Padding;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

/**
 * Relaxed group convolution (Wang, Walters, Yu 2022): {@code [N, Cin, |G|, H, W] -> [N, Cout, |G|, H', W']} where
 * output element g uses the filter {@code Σ_k a_k(g) W_k}, i.e.
 * {@code out[n, o, g](x) = Σ_k a_k(g) · groupConv(x, W_k)[n, o, g](x) + bias[o]}. Exactly equivariant when every
 * {@code a_k} is constant over the group; then it equals a {@link GroupConvLayer} with weight
 * {@code Σ_k a_k W_k}.
 *
 * <p>Parameters "basis.k" ({@code W_k [Cout, Cin, |G|, k, k]}, k = 0..K−1), "coefficients" ({@code a [K, |G|]})
 * and "bias" ({@code [Cout]}). Computed as one plain convolution of the {@code [N, Cin·|G|, H, W]} view with the
 * filter bank {@code Σ_k M_k ⊙ expandGroupFilter(W_k)}, where {@code M_k} holds {@code a_k(g)} on the rows of
 * output element g. The masks, the coefficients' gradient and the spread ({@link #magnitude()}) with its gradient are
 * computed on the device ({@link BasisCoefficients}), so a training step reads nothing to the host and can be
 * captured.
 */
public final class RelaxedGroupConvLayer implements Relaxation {

    private final Backend backend;
    private final GroupTable group;
    private final Padding padding;
    private final Parameter[] basis;
    private final Parameter coefficients;
    private final Parameter bias;
    private final Tensor[] expanded;
    private final Tensor[] masks;
    private final Tensor filter;
    private final Tensor dFilter;
    private final Tensor work;
    private final Buffer out;
    private final Buffer dx;
    private final Buffer dBasis;
    private final Buffer db;
    private final Tensor rowSums;
    private final Tensor elementSums;
    private final BasisCoefficients coefficientMaps;
    /** The spread as of the last {@link #measureMagnitude()}. */
    private final ScalarSnapshot spreadSnapshot;
    private Tensor x;
    private boolean closed;

    /**
     * {@code basisCount} Kaiming-uniform bases scaled so the effective filter has Kaiming variance, coefficients
     * {@code 1/√K} plus U(−noise, noise) per entry (noise 0: strictly equivariant at initialisation), zero bias.
     */
    public RelaxedGroupConvLayer(Backend backend, GroupTable group, int inChannels, int outChannels, int kernel,
                                 Padding padding, int basisCount, float noise, Random random) {
        if (basisCount < 1) {
            throw new IllegalArgumentException("RelaxedGroupConvLayer: needs at least one basis filter, got "
                    + basisCount);
        }
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException("RelaxedGroupConvLayer: needs an odd kernel size, got " + kernel);
        }
        this.backend = backend;
        this.group = group;
        this.padding = padding;
        int order = group.order();
        Shape w = Shape.of(outChannels, inChannels, order, kernel, kernel);
        Shape bank = Shape.of(outChannels * order, inChannels * order, kernel, kernel);
        this.basis = new Parameter[basisCount];
        this.expanded = new Tensor[basisCount];
        this.masks = new Tensor[basisCount];
        OwnedResources owned = new OwnedResources();
        try {
            for (int k = 0; k < basisCount; k++) {
                basis[k] = owned.own(Parameter.of(backend, "basis." + k,
                        Init.kaimingUniform(random, w.size(), w.sizeFrom(1)), w));
                expanded[k] = owned.own(backend.allocate(bank));
                masks[k] = owned.own(backend.allocate(bank));
            }
            float[] a = Init.uniform(random, basisCount * order, noise);
            for (int i = 0; i < a.length; i++) {
                a[i] += (float) (1 / Math.sqrt(basisCount));
            }
            this.coefficients = owned.own(Parameter.of(backend, "coefficients", a, Shape.of(basisCount, order)));
            this.bias = owned.own(Parameter.filled(backend, "bias", Shape.of(outChannels), 0f));
            this.filter = owned.own(backend.allocate(bank));
            this.dFilter = owned.own(backend.allocate(bank));
            this.work = owned.own(backend.allocate(bank));
            this.rowSums = owned.own(backend.allocate(Shape.of(outChannels, order)));
            this.elementSums = owned.own(backend.allocate(Shape.of(order)));
            this.coefficientMaps = owned.own(new BasisCoefficients(backend, basisCount, order, bank.dim(0),
                    bank.sizeFrom(1)));
            this.spreadSnapshot = owned.own(new ScalarSnapshot(backend, "RelaxedGroupConvLayer"));
        } catch (RuntimeException | Error e) {
            owned.closeAfter(e);
            throw e;
        }
        this.out = new Buffer(backend);
        this.dx = new Buffer(backend);
        this.dBasis = new Buffer(backend);
        this.db = new Buffer(backend);
    }

    public Parameter coefficients() {
        return coefficients;
    }

    public int basisCount() {
        return basis.length;
    }

    private int outChannels() {
        return bias.size();
    }

    private int inChannels() {
        return basis[0].shape().dim(1);
    }

    private int kernelSize() {
        return basis[0].shape().dim(-1);
    }

    private Shape planarShape(Shape in) {
        LayerShapes.rank("RelaxedGroupConvLayer", in, 5, "[N, C, |G|, H, W]");
        LayerShapes.dim("RelaxedGroupConvLayer", in, 1, inChannels(), "channels");
        LayerShapes.dim("RelaxedGroupConvLayer", in, 2, group.order(), "group elements");
        if (group.hasQuarterTurns() && in.dim(3) != in.dim(4)) {
            throw new IllegalArgumentException("RelaxedGroupConvLayer: " + group.name()
                    + " has quarter turns, so the input needs square maps, got " + in);
        }
        return Shape.of(in.dim(0), inChannels() * group.order(), in.dim(3), in.dim(4));
    }

    @Override
    public Shape outputShape(Shape in) {
        Shape planar = planarShape(in);
        int k = kernelSize();
        return Shape.of(in.dim(0), outChannels(), group.order(),
                OpShapes.spatialOut("RelaxedGroupConvLayer", planar.dim(2), k, padding),
                OpShapes.spatialOut("RelaxedGroupConvLayer", planar.dim(3), k, padding));
    }

    private Shape planarOut(Shape out) {
        return Shape.of(out.dim(0), out.dim(1) * out.dim(2), out.dim(3), out.dim(4));
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        LayerShapes.input("RelaxedGroupConvLayer", x);
        checkOpen();
        Shape outShape = outputShape(x.shape());
        buildFilter();
        Tensor y = out.get(outShape);
        backend.conv2d(x.reshape(planarShape(x.shape())), filter, padding, y.reshape(planarOut(outShape)));
        backend.addChannelBias(y, bias.value(), y);
        this.x = x;
        return y;
    }

    /** {@code filter = Σ_k M_k ⊙ expandGroupFilter(W_k)}, refreshing the cached expansions and masks. */
    private void buildFilter() {
        backend.fill(filter, 0f);
        for (int k = 0; k < basis.length; k++) {
            backend.expandGroupFilter(basis[k].value(), group, expanded[k]);
            coefficientMaps.mask(coefficients.value(), k, masks[k]);
            backend.mul(expanded[k], masks[k], work);
            backend.add(filter, work, filter);
        }
    }

    @Override
    public Tensor backward(Tensor dy) {
        backwardParameters(dy);
        Shape planarIn = planarShape(x.shape());
        Tensor gx = dx.get(x.shape());
        backend.conv2dBackwardData(dy.reshape(planarOut(dy.shape())), filter, padding, gx.reshape(planarIn));
        return gx;
    }

    @Override
    public void backwardParameters(Tensor dy) {
        checkOpen();
        if (x == null) {
            throw new IllegalStateException("RelaxedGroupConvLayer.backward before forward");
        }
        Tensor dyPlanar = dy.reshape(planarOut(dy.shape()));
        backend.conv2dBackwardFilter(x.reshape(planarShape(x.shape())), dyPlanar, padding, dFilter);
        Tensor gb = db.get(bias.shape());
        backend.channelSum(dy, gb);
        backend.axpy(1f, gb, bias.grad());
        int order = group.order();
        Shape blocks = Shape.of(outChannels(), order, filter.shape().sizeFrom(1));
        for (int k = 0; k < basis.length; k++) {
            backend.mul(dFilter, masks[k], work);
            Tensor gw = dBasis.get(basis[k].shape());
            backend.expandGroupFilterAdjoint(work, group, gw);
            backend.axpy(1f, gw, basis[k].grad());
            backend.mul(dFilter, expanded[k], work);
            backend.sumAxis(work.reshape(blocks), 2, rowSums);
            backend.sumAxis(rowSums, 0, elementSums);
            coefficientMaps.addBasisGradient(k, elementSums, coefficients.grad());
        }
    }

    @Override
    public ParameterRegistry parameters() {
        ParameterRegistry registry = new ParameterRegistry();
        for (Parameter p : basis) {
            registry.add(p.name(), p);
        }
        return registry.add("coefficients", coefficients).add("bias", bias);
    }

    /** {@code Σ_k Σ_g (a_k(g) − mean_g a_k)²}, computed on the device as {@link #measureMagnitudeInto} does. */
    @Override
    public double magnitude() {
        checkOpen();
        return backend.download(coefficientMaps.spread(coefficients.value()))[0];
    }

    /** The spread of now: computed and kept on the device, read to the host only when the reading is asked for. */
    @Override
    public DoubleSupplier measureMagnitude() {
        checkOpen();
        return spreadSnapshot.take(coefficientMaps.spread(coefficients.value()), DoubleUnaryOperator.identity());
    }

    @Override
    public void measureMagnitudeInto(DeviceScalar out) {
        checkOpen();
        backend.sumToScalar(List.of(coefficientMaps.spread(coefficients.value())), false, 1.0, out);
    }

    /** Adds {@code weight · 2 (a_k(g) − mean_g a_k)} to the coefficients' gradient, weight read on the device. */
    @Override
    public void accumulateMagnitudeGradient(double weight, DeviceScalar deviceWeight) {
        checkOpen();
        coefficientMaps.addSpreadGradient(deviceWeight, 1f, coefficients.value(), coefficients.grad());
    }

    /**
     * The spread, {@code Σ_k Σ_g (a_k(g) − mean_g a_k)²}: the coefficients' non-equivariant part. Their group means
     * weight the equivariant filter, so they are left out of a prior on the free part.
     */
    @Override
    public Tensor measureFreeBranchSquaredNorm() {
        checkOpen();
        return coefficientMaps.spread(coefficients.value());
    }

    /** Adds {@code weight · (a_k(g) − mean_g a_k)}, half the spread's gradient. */
    @Override
    public void accumulateFreeBranchGradient(DeviceScalar weight) {
        checkOpen();
        coefficientMaps.addSpreadGradient(weight, 0.5f, coefficients.value(), coefficients.grad());
    }

    private double[] means(float[] a) {
        int order = group.order();
        double[] means = new double[basis.length];
        for (int i = 0; i < a.length; i++) {
            means[i / order] += a[i] / (double) order;
        }
        return means;
    }

    /** Replaces each {@code a_k(g)} by its mean over the group. */
    @Override
    public void setStrict() {
        checkOpen();
        float[] a = backend.download(coefficients.value());
        double[] means = means(a);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) means[i / group.order()];
        }
        try (Tensor strict = backend.upload(a, coefficients.shape())) {
            backend.copy(strict, coefficients.value());
        }
    }

    /** A {@link GroupConvLayer} with weight {@code Σ_k mean_g(a_k) W_k} and this layer's bias. */
    @Override
    public GroupConvLayer project() {
        checkOpen();
        double[] means = means(backend.download(coefficients.value()));
        OwnedResources owned = new OwnedResources();
        Parameter weight = owned.own(Parameter.filled(backend, "weight", basis[0].shape(), 0f));
        GroupConvLayer strict;
        try {
            for (int k = 0; k < basis.length; k++) {
                backend.axpy((float) means[k], basis[k].value(), weight.value());
            }
            strict = new GroupConvLayer(backend, group, padding, weight, bias);
        } catch (RuntimeException | Error e) {
            owned.closeAfter(e);
            throw e;
        }
        releaseOwn();
        return strict;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("RelaxedGroupConvLayer used after close() or project()");
        }
    }

    /** Releases everything but the bias. */
    private void releaseOwn() {
        closed = true;
        for (int k = 0; k < basis.length; k++) {
            basis[k].close();
            expanded[k].close();
            masks[k].close();
        }
        coefficients.close();
        filter.close();
        dFilter.close();
        work.close();
        rowSums.close();
        elementSums.close();
        coefficientMaps.close();
        spreadSnapshot.close();
        out.close();
        dx.close();
        dBasis.close();
        db.close();
    }

    @Override
    public void close() {
        if (!closed) {
            releaseOwn();
            bias.close();
        }
    }
}
