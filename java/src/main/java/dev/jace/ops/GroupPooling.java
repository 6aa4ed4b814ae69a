package dev.jace.ops;

import dev.jace.backend.Backend;
import dev.jace.backend.GroupOpShapes;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

/** Max or mean over the group axis, {@code [N, C, |G|, H, W] -> [N, C, H, W]}: makes features invariant in g. */
public record GroupPooling(PoolMode mode) {

    public Shape outputShape(Shape x) {
        return GroupOpShapes.pooledOverGroup("groupPool", x);
    }

    /** Allocates and returns the output; the caller closes it. */
    public Tensor forward(Backend backend, Tensor x) {
        Tensor out = backend.allocate(outputShape(x.shape()));
        backend.groupPool(x, mode, out);
        return out;
    }

    public void forward(Backend backend, Tensor x, Tensor out) {
        backend.groupPool(x, mode, out);
    }

    /** MAX sends each gradient to the lowest group index holding the maximum. */
    public void backward(Backend backend, Tensor x, Tensor dy, Tensor dx) {
        backend.groupPoolBackward(x, dy, mode, dx);
    }
}
