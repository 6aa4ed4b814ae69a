package dev.jace.backend.cuda;

import dev.jace.backend.Padding;
import dev.jace.bindings.jace.jace_conv_shape;
import dev.jace.tensor.Shape;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * Geometry of a stride-1 convolution: x [n, cin, h, w], w [cout, cin, kh, kw], zero padding padH/padW on each side.
 */
record ConvGeometry(int n, int cin, int cout, int h, int w, int kh, int kw, int padH, int padW) {

    /** Of x [N, Cin, H, W] and w [Cout, Cin, kh, kw] (shapes already checked). */
    static ConvGeometry of(Shape x, Shape w, Padding padding) {
        return new ConvGeometry(x.dim(0), x.dim(1), w.dim(0), x.dim(2), x.dim(3), w.dim(2), w.dim(3),
                padding.before(w.dim(2)), padding.before(w.dim(3)));
    }

    int outH() {
        return h + 2 * padH - kh + 1;
    }

    int outW() {
        return w + 2 * padW - kw + 1;
    }

    /** The same geometry with the channel counts multiplied (a group conv seen as a plain one). */
    ConvGeometry withChannels(int newCin, int newCout) {
        return new ConvGeometry(n, newCin, newCout, h, w, kh, kw, padH, padW);
    }

    boolean isSquare() {
        return kh == kw && padH == padW;
    }

    /** As a host {@code jace_conv_shape} (square kernels only). */
    MemorySegment toNative(SegmentAllocator allocator) {
        if (!isSquare()) {
            throw new UnsupportedOperationException("libjace's convolution kernels take square filters only (the C"
                    + " ABI's jace_conv_shape has one k), got " + kh + "x" + kw + "; use cuDNN (pip install"
                    + " nvidia-cudnn-cu13) for rectangular filters");
        }
        MemorySegment s = jace_conv_shape.allocate(allocator);
        jace_conv_shape.n(s, n);
        jace_conv_shape.cin(s, cin);
        jace_conv_shape.cout(s, cout);
        jace_conv_shape.h(s, h);
        jace_conv_shape.w(s, w);
        jace_conv_shape.k(s, kh);
        jace_conv_shape.pad(s, padH);
        return s;
    }
}
