package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

/** Elementwise {@code max(x, 0)}; equivariant for every group action that permutes entries. */
public final class ReluLayer implements Layer {

    private final Backend backend;
    private final Buffer out;
    private final Buffer dx;
    private Tensor x;

    public ReluLayer(Backend backend) {
        this.backend = backend;
        this.out = new Buffer(backend);
        this.dx = new Buffer(backend);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        LayerShapes.input("ReluLayer", x);
        Tensor y = out.get(x.shape());
        backend.relu(x, y);
        this.x = x;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (x == null) {
            throw new IllegalStateException("ReluLayer.backward before forward");
        }
        Tensor gx = dx.get(x.shape());
        backend.reluBackward(x, dy, gx);
        return gx;
    }

    @Override
    public ParameterRegistry parameters() {
        return new ParameterRegistry();
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public void close() {
        out.close();
        dx.close();
    }
}
