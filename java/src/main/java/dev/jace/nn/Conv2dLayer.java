package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.OpShapes;
import dev.jace.backend.Padding;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Random;

/** Plain stride-1 convolution {@code [N, Cin, H, W] -> [N, Cout, H', W']}, optionally with a bias per channel. */
public final class Conv2dLayer implements Layer {

    private final Backend backend;
    private final int inChannels;
    private final Padding padding;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer out;
    private final Buffer dx;
    private final Buffer dw;
    private final Buffer db;
    private Tensor x;

    /** Kaiming-uniform weights, zero bias ({@code bias = false}: no bias parameter at all). */
    public Conv2dLayer(Backend backend, int inChannels, int outChannels, int kernel, Padding padding, boolean bias,
                       Random random) {
        this.backend = backend;
        this.inChannels = inChannels;
        this.padding = padding;
        Shape w = Shape.of(outChannels, inChannels, kernel, kernel);
        WeightAndBias parameters = WeightAndBias.make(backend, Init.kaimingUniform(random, w.size(), w.sizeFrom(1)),
                w, bias);
        this.weight = parameters.weight();
        this.bias = parameters.bias();
        this.out = new Buffer(backend);
        this.dx = new Buffer(backend);
        this.dw = new Buffer(backend);
        this.db = new Buffer(backend);
    }

    public Parameter weight() {
        return weight;
    }

    @Override
    public Shape outputShape(Shape in) {
        LayerShapes.rank("Conv2dLayer", in, 4, "[N, C, H, W]");
        LayerShapes.dim("Conv2dLayer", in, 1, inChannels, "channels");
        Shape w = weight.shape();
        return Shape.of(in.dim(0), w.dim(0), OpShapes.spatialOut("Conv2dLayer", in.dim(2), w.dim(2), padding),
                OpShapes.spatialOut("Conv2dLayer", in.dim(3), w.dim(3), padding));
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        LayerShapes.input("Conv2dLayer", x);
        Tensor y = out.get(outputShape(x.shape()));
        backend.conv2d(x, weight.value(), padding, y);
        if (bias != null) {
            backend.addChannelBias(y, bias.value(), y);
        }
        this.x = x;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        backwardParameters(dy);
        Tensor gx = dx.get(x.shape());
        backend.conv2dBackwardData(dy, weight.value(), padding, gx);
        return gx;
    }

    @Override
    public void backwardParameters(Tensor dy) {
        if (x == null) {
            throw new IllegalStateException("Conv2dLayer.backward before forward");
        }
        Tensor gw = dw.get(weight.shape());
        backend.conv2dBackwardFilter(x, dy, padding, gw);
        backend.axpy(1f, gw, weight.grad());
        if (bias != null) {
            Tensor gb = db.get(bias.shape());
            backend.channelSum(dy, gb);
            backend.axpy(1f, gb, bias.grad());
        }
    }

    @Override
    public ParameterRegistry parameters() {
        return bias == null ? ParameterRegistry.of(weight) : ParameterRegistry.of(weight, bias);
    }

    @Override
    public void close() {
        weight.close();
        if (bias != null) {
            bias.close();
        }
        out.close();
        dx.close();
        dw.close();
        db.close();
    }
}
