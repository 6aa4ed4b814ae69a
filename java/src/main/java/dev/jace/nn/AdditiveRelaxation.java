package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalar;
import dev.jace.backend.OwnedResources;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * {@code y = eq(x) + γ · free(x)}: a strictly equivariant conv plus an unconstrained plain convolution of the same
 * output shape scaled by a learnable scalar γ ("gamma", shape [1], the layer's relaxation magnitude is |γ|).
 * The free branch convolves the input seen as a plain image (lifting: {@code [N, Cin, H, W]}; group conv:
 * {@code [N, Cin·|G|, H, W]}) to {@code Cout·|G|} channels, read as {@code [N, Cout, |G|, H', W']}.
 *
 * <p>Both branches are linear in their filters and see the same planar input, so the layer runs them as ONE plain
 * convolution with the filter {@code K = expand(w) + γ·F} (the equivariant filter bank expanded as for the EXPANDED
 * algorithm, plus the scaled free filter), and its backward as one filter gradient {@code dK} and one data gradient:
 * {@code dw = expandᵀ(dK)}, {@code dF = γ·dK}, {@code dγ = <dK, F>}. That is half the convolution work of running
 * the branches apart, and the same function up to rounding; the group-conv algorithm setting then applies to the
 * strict layers only (and to this one after {@link #project()}).
 *
 * <p>Parameters: the equivariant layer's under their own names ("weight", "bias", so they keep their names after
 * {@link #project()}), "free.weight" and "gamma". γ scales on the device ({@link Backend#scaleBy}) and its gradient
 * is reduced there, so neither reads it to the host.
 */
public final class AdditiveRelaxation implements Relaxation {

    private final Backend backend;
    private final EquivariantConv equivariant;
    private final Parameter freeWeight;
    private final Parameter gamma;
    /** K = expand(w) + γ·F of the last forward, and its gradient. */
    private final Tensor kernel;
    private final Tensor kernelGradient;
    /** Filter-sized scratch: γ·F in the forward, γ·dK and dK ⊙ F in the backward, and the free-branch prior's. */
    private final Tensor filterWork;
    private final Buffer out;
    private final Buffer dx;
    private final Buffer dw;
    private final Buffer db;
    private final Tensor dotProduct;
    private final Tensor freeBranchSquaredNorm;
    /** γ as of the last {@link #measureMagnitude()}. */
    private final ScalarSnapshot gammaSnapshot;
    private Tensor x;
    private boolean closed;

    /**
     * Wraps {@code equivariant} with a Kaiming-uniform free branch and γ = {@code gamma}. Takes ownership of
     * {@code equivariant} with the call: a failed construction closes it too.
     */
    public AdditiveRelaxation(Backend backend, EquivariantConv equivariant, float gamma, Random random) {
        this.backend = backend;
        OwnedResources owned = new OwnedResources();
        this.equivariant = owned.own(Objects.requireNonNull(equivariant, "AdditiveRelaxation: equivariant is null"));
        int k = equivariant.kernelSize();
        Shape filter = Shape.of(equivariant.outChannels() * equivariant.group().order(),
                equivariant.planarInChannels(), k, k);
        try {
            this.freeWeight = owned.own(Parameter.of(backend, "weight",
                    Init.kaimingUniform(random, filter.size(), filter.sizeFrom(1)), filter));
            this.gamma = owned.own(Parameter.of(backend, "gamma", new float[] {gamma}, Shape.of(1)));
            this.kernel = owned.own(backend.allocate(filter));
            this.kernelGradient = owned.own(backend.allocate(filter));
            this.filterWork = owned.own(backend.allocate(filter));
            this.dotProduct = owned.own(backend.allocate(Shape.of(1)));
            this.freeBranchSquaredNorm = owned.own(backend.allocate(Shape.of(1)));
            this.gammaSnapshot = owned.own(new ScalarSnapshot(backend, "AdditiveRelaxation"));
        } catch (RuntimeException | Error e) {
            owned.closeAfter(e);
            throw e;
        }
        this.out = new Buffer(backend);
        this.dx = new Buffer(backend);
        this.dw = new Buffer(backend);
        this.db = new Buffer(backend);
    }

    public EquivariantConv equivariant() {
        return equivariant;
    }

    public Parameter gamma() {
        return gamma;
    }

    private float gammaValue() {
        return backend.download(gamma.value())[0];
    }

    @Override
    public Shape outputShape(Shape in) {
        return equivariant.outputShape(in);
    }

    /** {@code [N, Cout, |G|, H', W']} as the plain convolution's {@code [N, Cout·|G|, H', W']}. */
    private static Shape planarOut(Shape out) {
        return Shape.of(out.dim(0), out.dim(1) * out.dim(2), out.dim(3), out.dim(4));
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        LayerShapes.input("AdditiveRelaxation", x);
        checkOpen();
        Shape outShape = outputShape(x.shape());
        equivariant.expandFilter(equivariant.weight().value(), kernel);
        backend.scaleBy(freeWeight.value(), gamma.value(), filterWork);
        backend.add(kernel, filterWork, kernel);
        Tensor y = out.get(outShape);
        backend.conv2d(x.reshape(equivariant.planarShape(x.shape())), kernel, equivariant.padding(),
                y.reshape(planarOut(outShape)));
        backend.addChannelBias(y, equivariant.bias().value(), y);
        this.x = x;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        backwardParameters(dy);
        Shape planarIn = equivariant.planarShape(x.shape());
        Tensor gx = dx.get(x.shape());
        backend.conv2dBackwardData(dy.reshape(planarOut(dy.shape())), kernel, equivariant.padding(),
                gx.reshape(planarIn));
        return gx;
    }

    /** Adds ∂L/∂w and ∂L/∂bias (the equivariant layer's), ∂L/∂F and ∂L/∂γ, all from the one filter gradient dK. */
    @Override
    public void backwardParameters(Tensor dy) {
        checkOpen();
        if (x == null) {
            throw new IllegalStateException("AdditiveRelaxation.backward before forward");
        }
        backend.conv2dBackwardFilter(x.reshape(equivariant.planarShape(x.shape())), dy.reshape(planarOut(dy.shape())),
                equivariant.padding(), kernelGradient);
        Parameter weight = equivariant.weight();
        Tensor gw = dw.get(weight.shape());
        equivariant.expandFilterAdjoint(kernelGradient, gw);
        backend.axpy(1f, gw, weight.grad());
        Parameter bias = equivariant.bias();
        Tensor gb = db.get(bias.shape());
        backend.channelSum(dy, gb);
        backend.axpy(1f, gb, bias.grad());
        backend.mul(kernelGradient, freeWeight.value(), filterWork);
        backend.sum(filterWork, dotProduct);
        backend.axpy(1f, dotProduct, gamma.grad());
        backend.scaleBy(kernelGradient, gamma.value(), filterWork);
        backend.axpy(1f, filterWork, freeWeight.grad());
    }

    @Override
    public ParameterRegistry parameters() {
        return new ParameterRegistry()
                .addAll("", equivariant.parameters())
                .addAll("free", ParameterRegistry.of(freeWeight))
                .add("gamma", gamma);
    }

    /** |γ|. */
    @Override
    public double magnitude() {
        checkOpen();
        return Math.abs(gammaValue());
    }

    /** |γ| of now: γ is copied on the device and read to the host only when the reading is asked for. */
    @Override
    public DoubleSupplier measureMagnitude() {
        checkOpen();
        return gammaSnapshot.take(gamma.value(), Math::abs);
    }

    @Override
    public void measureMagnitudeInto(DeviceScalar out) {
        checkOpen();
        backend.sumToScalar(List.of(gamma.value()), true, 1.0, out);
    }

    /** Adds {@code weight · sign(γ)} to γ's gradient (0 at γ = 0, a subgradient). */
    @Override
    public void accumulateMagnitudeGradient(double weight, DeviceScalar deviceWeight) {
        checkOpen();
        backend.axpySign(deviceWeight, gamma.value(), gamma.grad());
    }

    /**
     * {@code ‖γ·F‖²}: the free branch as it acts on the output. A prior on ‖F‖ alone would let γ grow while F shrinks,
     * leaving the branch as large as before.
     */
    @Override
    public Tensor measureFreeBranchSquaredNorm() {
        checkOpen();
        backend.scaleBy(freeWeight.value(), gamma.value(), filterWork);
        backend.mul(filterWork, filterWork, filterWork);
        backend.sum(filterWork, freeBranchSquaredNorm);
        return freeBranchSquaredNorm;
    }

    /** {@code ∂(½γ²‖F‖²)}: {@code γ²·F} for F and {@code γ·‖F‖²} for γ. */
    @Override
    public void accumulateFreeBranchGradient(DeviceScalar weight) {
        checkOpen();
        backend.scaleBy(freeWeight.value(), gamma.value(), filterWork);
        backend.scaleBy(filterWork, gamma.value(), filterWork);
        backend.axpy(weight, filterWork, freeWeight.grad());
        backend.mul(freeWeight.value(), freeWeight.value(), filterWork);
        backend.sum(filterWork, dotProduct);
        backend.scaleBy(dotProduct, gamma.value(), dotProduct);
        backend.axpy(weight, dotProduct, gamma.grad());
    }

    @Override
    public void setStrict() {
        checkOpen();
        backend.fill(gamma.value(), 0f);
    }

    /** Returns the wrapped equivariant layer; the free branch and γ are released. */
    @Override
    public EquivariantConv project() {
        checkOpen();
        releaseOwn();
        return equivariant;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("AdditiveRelaxation used after close() or project()");
        }
    }

    private void releaseOwn() {
        closed = true;
        freeWeight.close();
        gamma.close();
        kernel.close();
        kernelGradient.close();
        filterWork.close();
        out.close();
        dx.close();
        dw.close();
        db.close();
        dotProduct.close();
        freeBranchSquaredNorm.close();
        gammaSnapshot.close();
    }

    @Override
    public void close() {
        if (!closed) {
            releaseOwn();
            equivariant.close();
        }
    }
}
