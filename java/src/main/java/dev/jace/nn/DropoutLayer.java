package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Random;

/**
 * Inverted dropout: in training each element is kept with probability {@code 1 − p} and scaled by
 * {@code 1/(1 − p)}; the mask is drawn on the host from the given (seeded) random source, so runs are repeatable.
 * Identity in evaluation.
 */
public final class DropoutLayer implements Layer {

    private final Backend backend;
    private final float p;
    private final Random random;
    private Tensor mask;
    private final Buffer out;
    private final Buffer dx;
    private Boolean training;

    public DropoutLayer(Backend backend, float p, Random random) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("DropoutLayer: p must be in [0, 1), got " + p);
        }
        this.backend = backend;
        this.p = p;
        this.random = random;
        this.out = new Buffer(backend);
        this.dx = new Buffer(backend);
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        LayerShapes.input("DropoutLayer", x);
        this.training = training;
        if (!training) {
            return x;
        }
        float[] keep = new float[x.size()];
        float scale = 1f / (1f - p);
        for (int i = 0; i < keep.length; i++) {
            keep[i] = random.nextFloat() < p ? 0f : scale;
        }
        closeMask();
        mask = backend.upload(keep, x.shape());
        Tensor y = out.get(x.shape());
        backend.mul(x, mask, y);
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (training == null) {
            throw new IllegalStateException("DropoutLayer.backward before forward");
        }
        if (!training) {
            return dy;
        }
        Tensor gx = dx.get(dy.shape());
        backend.mul(dy, mask, gx);
        return gx;
    }

    @Override
    public ParameterRegistry parameters() {
        return new ParameterRegistry();
    }

    @Override
    public void close() {
        closeMask();
        out.close();
        dx.close();
    }

    private void closeMask() {
        if (mask != null) {
            mask.close();
            mask = null;
        }
    }
}
