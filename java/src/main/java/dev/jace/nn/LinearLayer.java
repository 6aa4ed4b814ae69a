package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Random;

/** {@code y [N, out] = x [N, in] · Wᵀ + b} with {@code W [out, in]}, {@code b [out]} (PyTorch layout). */
public final class LinearLayer implements Layer {

    private final Backend backend;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer out;
    private final Buffer dx;
    private final Buffer dw;
    private final Buffer db;
    private Tensor x;

    /** Weights U(−1/√in, 1/√in) like PyTorch, zero bias. */
    public LinearLayer(Backend backend, int in, int outFeatures, Random random) {
        this.backend = backend;
        Shape w = Shape.of(outFeatures, in);
        WeightAndBias parameters = WeightAndBias.make(backend,
                Init.uniform(random, w.size(), (float) (1 / Math.sqrt(in))), w, true);
        this.weight = parameters.weight();
        this.bias = parameters.bias();
        this.out = new Buffer(backend);
        this.dx = new Buffer(backend);
        this.dw = new Buffer(backend);
        this.db = new Buffer(backend);
    }

    @Override
    public Shape outputShape(Shape in) {
        LayerShapes.rank("LinearLayer", in, 2, "[N, features]");
        LayerShapes.dim("LinearLayer", in, 1, weight.shape().dim(1), "features");
        return Shape.of(in.dim(0), weight.shape().dim(0));
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        LayerShapes.input("LinearLayer", x);
        Tensor y = out.get(outputShape(x.shape()));
        backend.matmul(x, false, weight.value(), true, y);
        backend.addChannelBias(y, bias.value(), y);
        this.x = x;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        backwardParameters(dy);
        Tensor gx = dx.get(x.shape());
        backend.matmul(dy, false, weight.value(), false, gx);
        return gx;
    }

    @Override
    public void backwardParameters(Tensor dy) {
        if (x == null) {
            throw new IllegalStateException("LinearLayer.backward before forward");
        }
        Tensor gw = dw.get(weight.shape());
        backend.matmul(dy, true, x, false, gw);
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
