/* Max / average pooling over the last two axes of x [planes, h, w]; square window, stride, no padding.
 * Backward kernels run one thread per INPUT element and pull from the windows covering it (no atomics): the
 * covering windows along one axis are oh in [first_window(ih), last_window(ih)], summed in ascending (oh, ow); max
 * pooling's backward where windows do not overlap (stride >= window, the models' 2x2/2) runs one thread per window
 * instead (jace_max_pool2d_backward_cells_kernel).
 * Each kernel takes the window side as a template argument WINDOW, or reads it from the geometry when WINDOW is 0: the
 * launchers pass 2, the models' pooling, so that a window's loops unroll and its loads issue together (with the side
 * known only at run time, the SASS loaded a window's values one after the other, each behind the last one's compare).
 * The kernels walk their planes with jace_walk_planes (planes_walk.cuh), and rows and covering windows come from the
 * geometry's fast divisors: a flat 64-bit index had taken a 64-bit division by the plane size and three or four 32-bit
 * ones an element. */
#ifndef JACE_POOL2D_CUH
#define JACE_POOL2D_CUH

#include "fast_divisor.cuh"
#include "jace_device.cuh"
#include "planes_walk.cuh"

struct jace_pool_geom {
    int h, w, window, stride, oh, ow;
    int cells_h, cells_w; /* stride x stride cells tiling the input, the last ones clipped: ceil(h / stride), ... */
    jace_fast_divisor by_w, by_ow, by_stride, by_cells_w;
};

template <int WINDOW>
__device__ __forceinline__ int jace_pool_side(const jace_pool_geom &g) {
    return WINDOW > 0 ? WINDOW : g.window;
}

/* First output row whose window covers input row `i`; may exceed the last one (then nothing covers it). */
__device__ __forceinline__ int jace_pool_first(int i, int window, const jace_fast_divisor &by_stride) {
    return i < window ? 0 : (int)jace_fast_div(by_stride, (unsigned)(i - window)) + 1;
}
__device__ __forceinline__ int jace_pool_last(int i, const jace_fast_divisor &by_stride, int outs) {
    return min((int)jace_fast_div(by_stride, (unsigned)i), outs - 1);
}

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
__global__ void jace_max_pool2d_kernel(const float *__restrict__ x, float *__restrict__ out, const jace_planes walk,
                                       jace_pool_geom g) {
    jace_walk_planes(walk, [&](long long p, int r) {
        const int oy = (int)jace_fast_div(g.by_ow, (unsigned)r), ox = r - oy * g.ow;
        const float *plane = x + p * g.h * g.w;
        out[p * g.oh * g.ow + r] = jace_pool_argmax<WINDOW>(plane, g, oy, ox).value;
    });
}

template <int WINDOW>
__global__ void jace_max_pool2d_backward_kernel(const float *__restrict__ x, const float *__restrict__ dy,
                                                float *__restrict__ dx, const jace_planes walk, jace_pool_geom g) {
    const int side = jace_pool_side<WINDOW>(g);
    jace_walk_planes(walk, [&](long long p, int idx) {
        const int iy = (int)jace_fast_div(g.by_w, (unsigned)idx), ix = idx - iy * g.w;
        const float *plane = x + p * g.h * g.w;
        const float *dplane = dy + p * g.oh * g.ow;
        float acc = 0.f;
        const int oy1 = jace_pool_last(iy, g.by_stride, g.oh), ox1 = jace_pool_last(ix, g.by_stride, g.ow);
        for (int oy = jace_pool_first(iy, side, g.by_stride); oy <= oy1; oy++) {
            for (int ox = jace_pool_first(ix, side, g.by_stride); ox <= ox1; ox++) {
                if (jace_pool_argmax<WINDOW>(plane, g, oy, ox).index == idx) {
                    acc += dplane[oy * g.ow + ox];
                }
            }
        }
        dx[p * g.h * g.w + idx] = acc;
    });
}

/* Max pooling's backward where windows do not overlap (stride >= window): one thread per stride x stride cell of the
 * input, cell (cy, cx) starting at input (cy * stride, cx * stride), holding window (cy, cx) if there is one and
 * inputs no window covers. The thread finds its window's maximum once and writes each input of its cell: dy at the
 * maximum, 0 elsewhere; the per-input kernel found a window's maximum once for each of its inputs (four times, 16
 * loads, for 2x2/2). CELL is the side of window and stride alike where they are equal and known at compile time,
 * else 0 (read from the geometry). 0.f + dy, as the per-input kernel's sum, so that a -0 gradient comes out as +0 there
 * too. */
template <int CELL>
__global__ void jace_max_pool2d_backward_cells_kernel(const float *__restrict__ x, const float *__restrict__ dy,
                                                      float *__restrict__ dx, const jace_planes walk,
                                                      jace_pool_geom g) {
    const int step = CELL > 0 ? CELL : g.stride;
    jace_walk_planes(walk, [&](long long p, int cell) {
        const int cy = (int)jace_fast_div(g.by_cells_w, (unsigned)cell), cx = cell - cy * g.cells_w;
        int best = -1;
        float grad = 0.f;
        if (cy < g.oh && cx < g.ow) {
            best = jace_pool_argmax<CELL>(x + p * g.h * g.w, g, cy, cx).index;
            grad = 0.f + dy[(p * g.oh + cy) * g.ow + cx];
        }
        const int y0 = cy * step, x0 = cx * step, rows = min(step, g.h - y0), cols = min(step, g.w - x0);
        float *plane = dx + p * g.h * g.w;
        const auto write = [&](int r, int c) {
            const int idx = (y0 + r) * g.w + x0 + c;
            plane[idx] = idx == best ? grad : 0.f;
        };
        if (CELL > 0 && rows == CELL && cols == CELL) { /* a whole cell: its stores unrolled */
#pragma unroll
            for (int r = 0; r < CELL; r++) {
#pragma unroll
                for (int c = 0; c < CELL; c++) write(r, c);
            }
        } else {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) write(r, c);
            }
        }
    });
}

template <int WINDOW>
__global__ void jace_avg_pool2d_kernel(const float *__restrict__ x, float *__restrict__ out, const jace_planes walk,
                                       jace_pool_geom g) {
    const int side = jace_pool_side<WINDOW>(g);
    const float area = (float)(side * side);
    jace_walk_planes(walk, [&](long long p, int r) {
        const int oy = (int)jace_fast_div(g.by_ow, (unsigned)r), ox = r - oy * g.ow;
        const float *src = x + p * g.h * g.w + (oy * g.stride) * g.w + ox * g.stride;
        float s = 0.f;
        for (int dy = 0; dy < side; dy++) {
            for (int dx = 0; dx < side; dx++) {
                s += src[dy * g.w + dx];
            }
        }
        out[p * g.oh * g.ow + r] = s / area;
    });
}

template <int WINDOW>
__global__ void jace_avg_pool2d_backward_kernel(const float *__restrict__ dy, float *__restrict__ dx,
                                                const jace_planes walk, jace_pool_geom g) {
    const int side = jace_pool_side<WINDOW>(g);
    const float area = (float)(side * side);
    jace_walk_planes(walk, [&](long long p, int idx) {
        const int iy = (int)jace_fast_div(g.by_w, (unsigned)idx), ix = idx - iy * g.w;
        const float *dplane = dy + p * g.oh * g.ow;
        float acc = 0.f;
        const int oy1 = jace_pool_last(iy, g.by_stride, g.oh), ox1 = jace_pool_last(ix, g.by_stride, g.ow);
        for (int oy = jace_pool_first(iy, side, g.by_stride); oy <= oy1; oy++) {
            for (int ox = jace_pool_first(ix, side, g.by_stride); ox <= ox1; ox++) {
                acc += dplane[oy * g.ow + ox] / area;
            }
        }
        dx[p * g.h * g.w + idx] = acc;
    });
}

#endif
