/* Max / average pooling over the last two axes of x [planes, h, w]; square window, stride, no padding.
 * Backward kernels run one thread per INPUT element and pull from the windows covering it (no atomics): the
 * covering windows along one axis are oh in [first_window(ih), last_window(ih)], summed in ascending (oh, ow).
 * Each kernel takes the window side as a template argument WINDOW, or reads it from the geometry when WINDOW is 0: the
 * launchers pass 2, the models' pooling, so that a window's loops unroll and its loads issue together (with the side
 * known only at run time, the SASS loaded a window's values one after the other, each behind the last one's compare). */
#ifndef JACE_POOL2D_CUH
#define JACE_POOL2D_CUH

#include "jace_device.cuh"

struct jace_pool_geom {
    int h, w, window, stride, oh, ow;
};

template <int WINDOW>
__device__ __forceinline__ int jace_pool_side(const jace_pool_geom &g) {
    return WINDOW > 0 ? WINDOW : g.window;
}

/* First output row whose window covers input row `i`; may exceed the last one (then nothing covers it). */
__device__ __forceinline__ int jace_pool_first(int i, int window, int stride) {
    return i < window ? 0 : (i - window) / stride + 1;
}
__device__ __forceinline__ int jace_pool_last(int i, int stride, int outs) { return min(i / stride, outs - 1); }

/* A window's first maximum: its flat (row-major within the plane) index and its value. */
struct jace_pool_max {
    int index;
    float value;
};

/* The first maximum of window (oy, ox); a NaN is the maximum (the first NaN of the window), as in jace_group_pool, so
 * that it reaches the loss instead of being dropped. */
template <int WINDOW>
__device__ __forceinline__ jace_pool_max jace_pool_argmax(const float *__restrict__ plane, const jace_pool_geom &g,
                                                          int oy, int ox) {
    const int y0 = oy * g.stride, x0 = ox * g.stride, side = jace_pool_side<WINDOW>(g);
    int best = y0 * g.w + x0;
    float bv = plane[best];
    for (int dy = 0; dy < side; dy++) {
        for (int dx = 0; dx < side; dx++) {
            const int idx = (y0 + dy) * g.w + x0 + dx;
            const float v = plane[idx];
            if (v > bv || (v != v && bv == bv)) { /* strict: ties keep the first in row-major window order */
                bv = v;
                best = idx;
            }
        }
    }
    return {best, bv};
}

template <int WINDOW>
__global__ void jace_max_pool2d_kernel(const float *__restrict__ x, float *__restrict__ out, long long total,
                                       jace_pool_geom g) {
    JACE_GRID_STRIDE(t, total) {
        const long long p = t / ((long long)g.oh * g.ow);
        const int r = (int)(t - p * g.oh * g.ow);
        const int oy = r / g.ow, ox = r - oy * g.ow;
        const float *plane = x + p * g.h * (long long)g.w;
        out[t] = jace_pool_argmax<WINDOW>(plane, g, oy, ox).value;
    }
}

template <int WINDOW>
__global__ void jace_max_pool2d_backward_kernel(const float *__restrict__ x, const float *__restrict__ dy,
                                                float *__restrict__ dx, long long total, jace_pool_geom g) {
    JACE_GRID_STRIDE(t, total) {
        const long long p = t / ((long long)g.h * g.w);
        const int idx = (int)(t - p * g.h * g.w);
        const int iy = idx / g.w, ix = idx - iy * g.w;
        const float *plane = x + p * g.h * (long long)g.w;
        const float *dplane = dy + p * g.oh * (long long)g.ow;
        float acc = 0.f;
        const int oy1 = jace_pool_last(iy, g.stride, g.oh), ox1 = jace_pool_last(ix, g.stride, g.ow);
        const int side = jace_pool_side<WINDOW>(g);
        for (int oy = jace_pool_first(iy, side, g.stride); oy <= oy1; oy++) {
            for (int ox = jace_pool_first(ix, side, g.stride); ox <= ox1; ox++) {
                if (jace_pool_argmax<WINDOW>(plane, g, oy, ox).index == idx) {
                    acc += dplane[oy * g.ow + ox];
                }
            }
        }
        dx[t] = acc;
    }
}

template <int WINDOW>
__global__ void jace_avg_pool2d_kernel(const float *__restrict__ x, float *__restrict__ out, long long total,
                                       jace_pool_geom g) {
    const int side = jace_pool_side<WINDOW>(g);
    const float area = (float)(side * side);
    JACE_GRID_STRIDE(t, total) {
        const long long p = t / ((long long)g.oh * g.ow);
        const int r = (int)(t - p * g.oh * g.ow);
        const int oy = r / g.ow, ox = r - oy * g.ow;
        const float *src = x + p * g.h * (long long)g.w + (oy * g.stride) * g.w + ox * g.stride;
        float s = 0.f;
        for (int dy = 0; dy < side; dy++) {
            for (int dx = 0; dx < side; dx++) {
                s += src[dy * g.w + dx];
            }
        }
        out[t] = s / area;
    }
}

template <int WINDOW>
__global__ void jace_avg_pool2d_backward_kernel(const float *__restrict__ dy, float *__restrict__ dx,
                                                long long total, jace_pool_geom g) {
    const int side = jace_pool_side<WINDOW>(g);
    const float area = (float)(side * side);
    JACE_GRID_STRIDE(t, total) {
        const long long p = t / ((long long)g.h * g.w);
        const int idx = (int)(t - p * g.h * g.w);
        const int iy = idx / g.w, ix = idx - iy * g.w;
        const float *dplane = dy + p * g.oh * (long long)g.ow;
        float acc = 0.f;
        const int oy1 = jace_pool_last(iy, g.stride, g.oh), ox1 = jace_pool_last(ix, g.stride, g.ow);
        for (int oy = jace_pool_first(iy, side, g.stride); oy <= oy1; oy++) {
            for (int ox = jace_pool_first(ix, side, g.stride); ox <= ox1; ox++) {
                acc += dplane[oy * g.ow + ox] / area;
            }
        }
        dx[t] = acc;
    }
}

#endif
