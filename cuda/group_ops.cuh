/* Group actions on samples, filter-bank expansion (+ adjoints) and pooling over the group axis. All index math
 * lives in group_index.cuh; every kernel gathers (one thread per output), so adjoints need no atomics. */
#ifndef JACE_GROUP_OPS_CUH
#define JACE_GROUP_OPS_CUH

#include "group_index.cuh"
#include "jace_device.cuh"

/* out[s*n + i] = elements[s] . x[i] for s = blockIdx.y; each sample holds `sample` elements. */
__global__ void jace_group_action_kernel(const float *__restrict__ x, float *__restrict__ out, long long n,
                                         long long sample, jace_elements el, jace_sample_geom geom) {
    const int s = blockIdx.y;
    const jace_element &e = el.e[s]; /* a reference: indexing a register copy would spill it to local memory */
    const long long total = n * sample;
    float *dst = out + (long long)s * total;
    JACE_GRID_STRIDE(t, total) {
        const long long i = t / sample;
        const long long idx = t - i * sample;
        dst[t] = x[i * sample + jace_sample_src(e, geom, idx)];
    }
}

__global__ void jace_expand_lifting_kernel(const float *__restrict__ w, float *__restrict__ out, long long total,
                                           jace_elements el, int cin, int k) {
    JACE_GRID_STRIDE(t, total) { out[t] = w[jace_lifting_expand_src(el, cin, k, t)]; }
}

__global__ void jace_expand_lifting_adjoint_kernel(const float *__restrict__ d, float *__restrict__ dw,
                                                   long long total, jace_elements el, int cin, int k) {
    JACE_GRID_STRIDE(t, total) {
        float acc = 0.f;
        for (int g = 0; g < el.count; g++) {
            acc += d[jace_lifting_adjoint_src(el, g, cin, k, t)];
        }
        dw[t] = acc;
    }
}

__global__ void jace_expand_group_kernel(const float *__restrict__ w, float *__restrict__ out, long long total,
                                         jace_elements el, int cin, int k) {
    JACE_GRID_STRIDE(t, total) { out[t] = w[jace_group_expand_src(el, cin, k, t)]; }
}

__global__ void jace_expand_group_adjoint_kernel(const float *__restrict__ d, float *__restrict__ dw,
                                                 long long total, jace_elements el, int cin, int k) {
    JACE_GRID_STRIDE(t, total) {
        float acc = 0.f;
        for (int g = 0; g < el.count; g++) {
            acc += d[jace_group_adjoint_src(el, g, cin, k, t)];
        }
        dw[t] = acc;
    }
}

/* Whether max pooling moves from the best so far to v: a larger value, or the first NaN (a NaN anywhere wins, so the
 * result does not depend on where it sits); ties keep the lower group index. */
__device__ __forceinline__ bool jace_pool_takes(float v, float best) { return v > best || (v != v && best == best); }

/* x [nc, G, hw] -> out [nc, hw]. */
__global__ void jace_group_pool_kernel(const float *__restrict__ x, float *__restrict__ out, long long total,
                                       int order, int hw, bool is_max) {
    JACE_GRID_STRIDE(t, total) {
        const long long nc = t / hw;
        const int p = (int)(t - nc * hw);
        const float *src = x + nc * order * (long long)hw + p;
        float r = src[0];
        for (int g = 1; g < order; g++) {
            const float v = src[(long long)g * hw];
            r = is_max ? (jace_pool_takes(v, r) ? v : r) : r + v;
        }
        out[t] = is_max ? r : r / (float)order;
    }
}

/* One thread per dx element (total = nc*G*hw). */
__global__ void jace_group_pool_backward_kernel(const float *__restrict__ x, const float *__restrict__ dy,
                                                float *__restrict__ dx, long long total, int order, int hw,
                                                bool is_max) {
    JACE_GRID_STRIDE(t, total) {
        const long long plane = t / hw;
        const int p = (int)(t - plane * hw);
        const long long nc = plane / order;
        const int g = (int)(plane - nc * order);
        const float d = dy[nc * hw + p];
        if (!is_max) {
            dx[t] = d / (float)order;
            continue;
        }
        const float *src = x + nc * order * (long long)hw + p;
        int best = 0;
        float bv = src[0];
        for (int h = 1; h < order; h++) {
            const float v = src[(long long)h * hw];
            if (jace_pool_takes(v, bv)) {
                bv = v;
                best = h;
            }
        }
        dx[t] = best == g ? d : 0.f;
    }
}

#endif
