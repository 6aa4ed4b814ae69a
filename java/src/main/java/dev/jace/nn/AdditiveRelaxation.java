package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalar;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * {@code y = eq(x) + γ · free(x)}: a strictly equivariant conv plus an unconstrained plain convolution of the same
 * output shape scaled by a learnable scalar γ ("gamma", shape [1], the layer's relaxation magnitude is |γ|).
 * The free branch convolves the input seen as a plain image (lifting: {@code [N, Cin, H, W]}; group conv:
 * {@code [N, Cin·|G|, H, W]}) to {@code Cout·|G|} channels, read as {@code [N, Cout, |G|, H', W']}.
 *
 * <p>Parameters: the equivariant layer's under their own names ("weight", "bias", so they keep their names after
 * {@link #project()}), "free.weight" and "gamma". Forward and backward scale by γ on the device
 * ({@link Backend#scaleBy}), so neither reads it to the host; its gradient {@code <dy, free(x)>} is reduced on the
 * device too.
 */
public final class AdditiveRelaxation implements Relaxation {

    private final Backend backend;
    private final EquivariantConv equivariant;
    private final Conv2dLayer free;
    private final Parameter gamma;
    private final Buffer out;
    private final Buffer dx;
    private final Buffer dfree;
    private final Buffer product;
    private final Tensor dotProduct;
    /** γ as of the last {@link #measureMagnitude()}. */
    private final Tensor gammaSnapshot;
    private long snapshots;
    private Tensor freeOut;
    private Shape inShape;
    private boolean closed;

    /**
     * Wraps {@code equivariant} (taking ownership) with a Kaiming-uniform free branch and γ = {@code gamma}.
     */
    public AdditiveRelaxation(Backend backend, EquivariantConv equivariant, float gamma, Random random) {
        this.backend = backend;
        this.equivariant = equivariant;
        this.free = new Conv2dLayer(backend, equivariant.planarInChannels(),
                equivariant.outChannels() * equivariant.group().order(), equivariant.kernelSize(),
                equivariant.padding(), false, random);
        this.gamma = Parameter.of(backend, "gamma", new float[] {gamma}, Shape.of(1));
        this.out = new Buffer(backend);
        this.dx = new Buffer(backend);
        this.dfree = new Buffer(backend);
        this.product = new Buffer(backend);
        this.dotProduct = backend.allocate(Shape.of(1));
        this.gammaSnapshot = backend.allocate(Shape.of(1));
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

    @Override
    public Tensor forward(Tensor x, boolean training) {
        checkOpen();
        Tensor eq = equivariant.forward(x, training);
        freeOut = free.forward(x.reshape(equivariant.planarShape(x.shape())), training);
        Tensor y = out.get(eq.shape());
        backend.scaleBy(freeOut, gamma.value(), y.reshape(freeOut.shape()));
        backend.add(y, eq, y);
        inShape = x.shape();
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor dxFree = free.backward(freeBranchGradient(dy));
        Tensor dxEq = equivariant.backward(dy);
        Tensor gx = dx.get(inShape);
        backend.add(dxEq, dxFree.reshape(inShape), gx);
        return gx;
    }

    @Override
    public void backwardParameters(Tensor dy) {
        free.backwardParameters(freeBranchGradient(dy));
        equivariant.backwardParameters(dy);
    }

    /** Adds ∂L/∂γ and returns ∂L/∂(free branch output) = γ·dy. */
    private Tensor freeBranchGradient(Tensor dy) {
        checkOpen();
        if (freeOut == null) {
            throw new IllegalStateException("AdditiveRelaxation.backward before forward");
        }
        Tensor dyPlanar = dy.reshape(freeOut.shape());
        Tensor p = product.get(freeOut.shape());
        backend.mul(dyPlanar, freeOut, p);
        backend.sum(p, dotProduct);
        backend.axpy(1f, dotProduct, gamma.grad());
        Tensor df = dfree.get(freeOut.shape());
        backend.scaleBy(dyPlanar, gamma.value(), df);
        return df;
    }

    @Override
    public ParameterRegistry parameters() {
        return new ParameterRegistry()
                .addAll("", equivariant.parameters())
                .addAll("free", free.parameters())
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
        backend.copy(gamma.value(), gammaSnapshot);
        long snapshot = ++snapshots;
        return () -> {
            checkOpen();
            if (snapshot != snapshots) {
                throw new IllegalStateException("AdditiveRelaxation: a magnitude reading used after the next one");
            }
            return Math.abs(backend.download(gammaSnapshot)[0]);
        };
    }

    @Override
    public boolean magnitudeOnDevice() {
        return true;
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

    /** The free branch's weight as "free.weight" (γ scales it and is the magnitude itself). */
    @Override
    public ParameterRegistry relaxationParameters() {
        checkOpen();
        return new ParameterRegistry().addAll("free", free.parameters());
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
        free.close();
        gamma.close();
        out.close();
        dx.close();
        dfree.close();
        product.close();
        dotProduct.close();
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
