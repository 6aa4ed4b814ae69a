package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

/** Pooling over the group axis {@code [N, C, |G|, H, W] -> [N, C, H, W]}: makes group maps invariant images. */
public final class GroupPoolLayer implements Layer {

    private final Backend backend;
    private final PoolMode mode;
    private final Buffer out;
    private final Buffer dx;
    private Tensor x;

    public GroupPoolLayer(Backend backend, PoolMode mode) {
        this.backend = backend;
        this.mode = mode;
        this.out = new Buffer(backend);
        this.dx = new Buffer(backend);
    }

    @Override
    public Shape outputShape(Shape in) {
        LayerShapes.rank("GroupPoolLayer", in, 5, "[N, C, |G|, H, W]");
        return Shape.of(in.dim(0), in.dim(1), in.dim(3), in.dim(4));
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        LayerShapes.input("GroupPoolLayer", x);
        Tensor y = out.get(outputShape(x.shape()));
        backend.groupPool(x, mode, y);
        this.x = x;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (x == null) {
            throw new IllegalStateException("GroupPoolLayer.backward before forward");
        }
        Tensor gx = dx.get(x.shape());
        backend.groupPoolBackward(x, dy, mode, gx);
        return gx;
    }

    @Override
    public ParameterRegistry parameters() {
        return new ParameterRegistry();
    }

    @Override
    public void close() {
        out.close();
        dx.close();
    }
}
