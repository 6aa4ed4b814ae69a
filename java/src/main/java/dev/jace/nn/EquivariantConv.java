package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.GroupTable;
import dev.jace.backend.OpShapes;
import dev.jace.backend.Padding;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Random;

/**
 * Common part of the strictly equivariant convolutions: a weight, a bias per output channel shared over the group
 * axis, and the backend's forward/backward ops. Output {@code [N, Cout, |G|, H', W']}.
 */
public abstract sealed class EquivariantConv implements Layer permits LiftingConvLayer, GroupConvLayer {

    final Backend backend;
    final GroupTable group;
    final Padding padding;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer out;
    private final Buffer dx;
    private final Buffer dw;
    private final Buffer db;
    private Tensor x;

    /** Kaiming-uniform weight of shape {@code w}, checked before anything is allocated; zero bias. */
    EquivariantConv(Backend backend, GroupTable group, Padding padding, Shape w, Random random) {
        checkFilter(w);
        this.backend = backend;
        this.group = group;
        this.padding = padding;
        WeightAndBias parameters = WeightAndBias.make(backend, Init.kaimingUniform(random, w.size(), w.sizeFrom(1)),
                w, true);
        this.weight = parameters.weight();
        this.bias = parameters.bias();
        this.out = new Buffer(backend);
        this.dx = new Buffer(backend);
        this.dw = new Buffer(backend);
        this.db = new Buffer(backend);
    }

    /** Takes ownership of {@code weight} and {@code bias} once constructed (a refused weight stays the caller's). */
    EquivariantConv(Backend backend, GroupTable group, Padding padding, Parameter weight, Parameter bias) {
        checkFilter(weight.shape());
        this.backend = backend;
        this.group = group;
        this.padding = padding;
        this.weight = weight;
        this.bias = bias;
        this.out = new Buffer(backend);
        this.dx = new Buffer(backend);
        this.dw = new Buffer(backend);
        this.db = new Buffer(backend);
    }

    private void checkFilter(Shape w) {
        if (w.dim(-1) % 2 == 0 || w.dim(-1) != w.dim(-2)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": needs square filters of odd size, got "
                    + w);
        }
    }

    public GroupTable group() {
        return group;
    }

    public Padding padding() {
        return padding;
    }

    public int kernelSize() {
        return weight.shape().dim(-1);
    }

    public int outChannels() {
        return weight.shape().dim(0);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    /** Channels of the input seen as a plain image batch: Cin for lifting, Cin·|G| for group convolution. */
    public abstract int planarInChannels();

    /** The input seen as a plain image batch {@code [N, planarInChannels, H, W]}. */
    abstract Shape planarShape(Shape in);

    abstract void convolve(Tensor x, Tensor w, Tensor out);

    /** The filter bank {@code w} as a plain convolution's weight {@code [Cout·|G|, planarInChannels, k, k]}. */
    abstract void expandFilter(Tensor w, Tensor out);

    /** Adjoint of {@link #expandFilter}: a plain weight's gradient as the gradient of {@code w}. */
    abstract void expandFilterAdjoint(Tensor dExpanded, Tensor dw);

    abstract void convolveBackwardData(Tensor dy, Tensor w, Tensor dx);

    abstract void convolveBackwardFilter(Tensor x, Tensor dy, Tensor dw);

    @Override
    public Shape outputShape(Shape in) {
        Shape planar = planarShape(in);
        int k = kernelSize();
        if (group.hasQuarterTurns() && planar.dim(2) != planar.dim(3)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + group.name()
                    + " has quarter turns, so the input needs square maps, got " + in);
        }
        String op = getClass().getSimpleName();
        return Shape.of(in.dim(0), outChannels(), group.order(), OpShapes.spatialOut(op, planar.dim(2), k, padding),
                OpShapes.spatialOut(op, planar.dim(3), k, padding));
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        LayerShapes.input(getClass().getSimpleName(), x);
        Tensor y = out.get(outputShape(x.shape()));
        convolve(x, weight.value(), y);
        backend.addChannelBias(y, bias.value(), y);
        this.x = x;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        backwardParameters(dy);
        Tensor gx = dx.get(x.shape());
        convolveBackwardData(dy, weight.value(), gx);
        return gx;
    }

    @Override
    public void backwardParameters(Tensor dy) {
        if (x == null) {
            throw new IllegalStateException(getClass().getSimpleName() + ".backward before forward");
        }
        Tensor gw = dw.get(weight.shape());
        convolveBackwardFilter(x, dy, gw);
        backend.axpy(1f, gw, weight.grad());
        Tensor gb = db.get(bias.shape());
        backend.channelSum(dy, gb);
        backend.axpy(1f, gb, bias.grad());
    }

    @Override
    public ParameterRegistry parameters() {
        return ParameterRegistry.of(weight, bias);
    }

    @Override
    public void close() {
        weight.close();
        bias.close();
        out.close();
        dx.close();
        dw.close();
        db.close();
    }
}
