package dev.jace.nn;

import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

/** {@code [N, ...] -> [N, rest]} as a view; no copy in either direction. */
public final class FlattenLayer implements Layer {

    private Shape inShape;

    @Override
    public Shape outputShape(Shape in) {
        return Shape.of(in.dim(0), in.sizeFrom(1));
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        LayerShapes.input("FlattenLayer", x);
        inShape = x.shape();
        return x.reshape(outputShape(inShape));
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (inShape == null) {
            throw new IllegalStateException("FlattenLayer.backward before forward");
        }
        return dy.reshape(inShape);
    }

    @Override
    public ParameterRegistry parameters() {
        return new ParameterRegistry();
    }

    @Override
    public void close() {
    }
}
