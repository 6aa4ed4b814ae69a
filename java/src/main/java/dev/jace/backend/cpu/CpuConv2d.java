package dev.jace.backend.cpu;

import dev.jace.backend.Padding;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

/** Stride-1 2-D cross-correlation and its gradients on tensors, computed by {@link CpuCorrelation}. */
final class CpuConv2d {

    private CpuConv2d() {
    }

    static void forward(Tensor x, Tensor w, Padding padding, Tensor out) {
        Shape xs = x.shape();
        Shape ws = w.shape();
        CpuCorrelation.correlate(CpuBackend.array(x), xs.dim(0), xs.dim(1), xs.dim(2), xs.dim(3),
                CpuBackend.array(w), ws.dim(0), ws.dim(2), ws.dim(3), padding.before(ws.dim(2)),
                padding.before(ws.dim(3)), CpuBackend.array(out), out.shape().dim(2), out.shape().dim(3));
    }

    static void backwardData(Tensor dy, Tensor w, Padding padding, Tensor dx) {
        Shape ys = dy.shape();
        Shape ws = w.shape();
        int kh = ws.dim(2);
        int kw = ws.dim(3);
        if (CpuCorrelation.scattersInputGradient(ws.dim(1), ws.dim(0))) {
            CpuCorrelation.correlateTransposed(CpuBackend.array(dy), ys.dim(0), ys.dim(1), ys.dim(2), ys.dim(3),
                    CpuBackend.array(w), ws.dim(1), kh, kw, padding.before(kh), padding.before(kw),
                    CpuBackend.array(dx), dx.shape().dim(2), dx.shape().dim(3));
            return;
        }
        // dx = dy ⋆ (w with in/out channels swapped and the kernel rotated by 180°), padded so every output
        // position that touched an input position contributes: k - 1 - (forward padding) on each axis.
        CpuCorrelation.correlate(CpuBackend.array(dy), ys.dim(0), ys.dim(1), ys.dim(2), ys.dim(3),
                CpuCorrelation.rotatedTranspose(CpuBackend.array(w), ws.dim(0), ws.dim(1), kh, kw), ws.dim(1),
                kh, kw, kh - 1 - padding.before(kh), kw - 1 - padding.before(kw),
                CpuBackend.array(dx), dx.shape().dim(2), dx.shape().dim(3));
    }

    static void backwardFilter(Tensor x, Tensor dy, Padding padding, Tensor dw) {
        Shape xs = x.shape();
        Shape ws = dw.shape();
        int batch = xs.dim(0);
        int cin = xs.dim(1);
        int h = xs.dim(2);
        int w = xs.dim(3);
        int cout = ws.dim(0);
        int kh = ws.dim(2);
        int kw = ws.dim(3);
        int oh = dy.shape().dim(2);
        int ow = dy.shape().dim(3);
        int padTop = padding.before(kh);
        int padLeft = padding.before(kw);
        CpuFilterGradient.compute(CpuBackend.array(x), batch, cin, h, w, CpuBackend.array(dy), cout, oh, ow,
                kh, kw, padTop, padLeft, CpuBackend.array(dw));
    }
}
