package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Arrays;

/**
 * Max or average pooling over the last two axes of {@code [..., H, W]} (images or group maps). The global average
 * pool averages each whole map, square or not, and drops the two spatial axes: {@code [N, C, H, W] -> [N, C]},
 * {@code [N, C, |G|, H, W] -> [N, C, |G|]}.
 */
public final class SpatialPoolLayer implements Layer {

    /** Which pooling. */
    public enum Kind { MAX, AVG, GLOBAL_AVG }

    private final Backend backend;
    private final Kind kind;
    private final int window;
    private final int stride;
    private final Buffer out;
    private final Buffer dx;
    private Tensor x;

    private SpatialPoolLayer(Backend backend, Kind kind, int window, int stride) {
        if (kind != Kind.GLOBAL_AVG && (window < 1 || stride < 1)) {
            throw new IllegalArgumentException("SpatialPoolLayer: window " + window + " and stride " + stride
                    + " must be positive");
        }
        this.backend = backend;
        this.kind = kind;
        this.window = window;
        this.stride = stride;
        this.out = new Buffer(backend);
        this.dx = new Buffer(backend);
    }

    public static SpatialPoolLayer max(Backend backend, int window, int stride) {
        return new SpatialPoolLayer(backend, Kind.MAX, window, stride);
    }

    public static SpatialPoolLayer avg(Backend backend, int window, int stride) {
        return new SpatialPoolLayer(backend, Kind.AVG, window, stride);
    }

    public static SpatialPoolLayer globalAvg(Backend backend) {
        return new SpatialPoolLayer(backend, Kind.GLOBAL_AVG, 0, 0);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() < 3) {
            throw new IllegalArgumentException("SpatialPoolLayer: input should be [N, ..., H, W] but has shape " + in);
        }
        int[] dims = in.dims();
        int h = in.dim(-2);
        int w = in.dim(-1);
        if (kind == Kind.GLOBAL_AVG) {
            return new Shape(Arrays.copyOf(dims, dims.length - 2));
        }
        if (window > h || window > w) {
            throw new IllegalArgumentException("SpatialPoolLayer: window " + window + " exceeds the maps of " + in);
        }
        dims[dims.length - 2] = (h - window) / stride + 1;
        dims[dims.length - 1] = (w - window) / stride + 1;
        return new Shape(dims);
    }

    /** The input as the global pool reduces it: {@code [planes, H·W]}, planes every map of every sample. */
    private static Shape flatMaps(Shape in) {
        int area = in.dim(-2) * in.dim(-1);
        return Shape.of(in.size() / area, area);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        LayerShapes.input("SpatialPoolLayer", x);
        Tensor y = out.get(outputShape(x.shape()));
        switch (kind) {
            case MAX -> backend.maxPool2d(x, window, stride, y);
            case AVG -> backend.avgPool2d(x, window, stride, y);
            case GLOBAL_AVG -> {
                Shape flat = flatMaps(x.shape());
                backend.meanAxis(x.reshape(flat), 1, y.reshape(Shape.of(flat.dim(0))));
            }
        }
        this.x = x;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (x == null) {
            throw new IllegalStateException("SpatialPoolLayer.backward before forward");
        }
        Tensor gx = dx.get(x.shape());
        switch (kind) {
            case MAX -> backend.maxPool2dBackward(x, dy, window, stride, gx);
            case AVG -> backend.avgPool2dBackward(dy, window, stride, gx);
            case GLOBAL_AVG -> {
                // dx = dy / (H·W) on every pixel of the map: dy broadcast as a channel bias of [1, planes, H·W].
                Shape flat = flatMaps(x.shape());
                Tensor gv = gx.reshape(Shape.of(1, flat.dim(0), flat.dim(1)));
                backend.fill(gx, 0f);
                backend.addChannelBias(gv, dy.reshape(Shape.of(flat.dim(0))), gv);
                backend.scale(gx, 1f / flat.dim(1), gx);
            }
        }
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
