/* Group actions on samples, filter-bank expansion (+ adjoints) and pooling over the group axis. All index math
 * lives in group_index.cuh; every kernel gathers (one thread per output), so adjoints need no atomics. */
#ifndef JACE_GROUP_OPS_CUH
#define JACE_GROUP_OPS_CUH

#include "block_element.cuh"
#include "group_index.cuh"
#include "jace_device.cuh"
#include "plane.cuh"
#include "planes_walk.cuh"

#define JACE_ACTION_THREADS 256
#define JACE_ACTION_ITEMS 4 /* elements per thread and chunk, loaded before they are stored */
#define JACE_ACTION_CHUNK (JACE_ACTION_THREADS * JACE_ACTION_ITEMS)

/* Chunk `start` of out row dst = e . x[i] (sample src); FULL: the chunk lies inside the sample. */
template <bool SPATIAL, bool FULL>
__device__ __forceinline__ void jace_group_action_chunk(const float *__restrict__ src, float *__restrict__ dst,
                                                        long long start, long long sample, const jace_pixel_map &pm,
                                                        const unsigned char *src_ch,
                                                        const jace_fast_sample_geom &geom) {
    const jace_sample_run run = SPATIAL ? jace_fast_sample_run(geom, start) : jace_sample_run{0, 0u};
    float v[JACE_ACTION_ITEMS];
#pragma unroll
    for (int t = 0; t < JACE_ACTION_ITEMS; t++) {
        const unsigned local = threadIdx.x + t * JACE_ACTION_THREADS;
        const long long from =
            SPATIAL ? jace_fast_sample_src(pm, src_ch, geom, run.cc0, run.b0 + local) : start + local;
        v[t] = FULL || start + local < sample ? __ldg(src + from) : 0.f;
    }
#pragma unroll
    for (int t = 0; t < JACE_ACTION_ITEMS; t++) {
        const unsigned local = threadIdx.x + t * JACE_ACTION_THREADS;
        if (FULL || start + local < sample) {
            dst[start + local] = v[t];
        }
    }
}

/* out[s*n + i] = elements[s] . x[i], each sample `sample` elements. Grid (chunks * n, S): block (k + chunks * i, s)
 * writes chunk k (JACE_ACTION_CHUNK elements) of out[s*n + i]; SPATIAL: the image or group-map rep (else the
 * invariant one, a copy). */
template <bool SPATIAL>
__global__ void __launch_bounds__(JACE_ACTION_THREADS)
    jace_group_action_kernel(const float *__restrict__ x, float *__restrict__ out, int n, long long sample, int chunks,
                             jace_elements el, jace_fast_sample_geom geom) {
    const int k = (int)(blockIdx.x % (unsigned)chunks);
    const int i = (int)(blockIdx.x / (unsigned)chunks);
    const int s = blockIdx.y;
    const long long start = (long long)k * JACE_ACTION_CHUNK;
    __shared__ unsigned char src_ch[JACE_MAX_GROUP_ORDER];
    const jace_pixel_map pm = jace_block_element(el.e[s], geom, src_ch);
    const float *src = x + (long long)i * sample;
    float *dst = out + ((long long)s * n + i) * sample;
    if (start + JACE_ACTION_CHUNK <= sample) {
        jace_group_action_chunk<SPATIAL, true>(src, dst, start, sample, pm, src_ch, geom);
    } else {
        jace_group_action_chunk<SPATIAL, false>(src, dst, start, sample, pm, src_ch, geom);
    }
}

/* out[s*n + i] = elements[s] . x[i] for the image and group-map reps, a channel block at a time: grid (c * n), block
 * cc + c * i stages channel block cc of x[i] in shared memory (reading it once, where the chunked kernel gathers it
 * through the L2 once per element, along columns for a quarter turn), then writes that block of each out[s*n + i]
 * row by row, gathered from the staged values through the element's pixel map. VEC = 4: 16-byte loads and stores
 * (rows a multiple of 4 floats, x and out 16-byte aligned). */
template <int STAGED, int VEC>
__global__ void __launch_bounds__(JACE_PLANE_THREADS, 4)
    jace_group_action_plane_kernel(const float *__restrict__ x, float *__restrict__ out, int n, long long sample,
                                   int c, jace_elements el, jace_plane_geom pg) {
    __shared__ float staged[STAGED];
    __shared__ unsigned char slot_of[JACE_MAX_ELEMENTS][JACE_MAX_GROUP_ORDER];
    const jace_plane_block b = jace_plane_block_of<VEC>(c, pg);
    jace_fill_slot_tables<false>(el, pg.group_order, slot_of);
    (void)jace_stage_plane<VEC>(x + (long long)b.i * sample + b.base, staged, pg, b);
    __syncthreads();
    for (int s = 0; s < el.count; s++) {
        const jace_element &e = el.e[s]; /* a reference: indexing a register copy would spill it to local memory */
        const jace_pixel_map pm = jace_make_pixel_map(e.rot, e.flip, pg.h, pg.w, pg.stride);
        float *o = out + ((long long)s * n + b.i) * sample + b.base;
        const float *block = staged + pm.offset + pm.dj * b.x;
#pragma unroll 4
        for (int r = b.first; r < b.rows; r += pg.step) {
            float v[VEC];
            jace_plane_gather<VEC>(block, slot_of[s], b.plane, pm, pg, r, v);
            jace_store_floats<VEC>(o + r * pg.w + b.x, v);
        }
    }
}

/* use(g, load(g)) for the group's elements g = 0 .. order - 1 (order <= JACE_MAX_GROUP_ORDER), all loaded, in the
 * order of g, before the first is used: one predicated batch (a runtime loop over them kept one load in flight a
 * thread). A load may step a pointer (jace_group_pointer_load): each call takes the next g. order fits one
 * batch, so jace_in_batches' separate whole-batch path would only inline every load twice (the expansion adjoint:
 * 1944 instructions through it, 1354 through this). */
template <class Load, class Use>
__device__ __forceinline__ void jace_group_values(int order, Load load, Use use) {
    float v[JACE_MAX_GROUP_ORDER];
#pragma unroll
    for (int g = 0; g < JACE_MAX_GROUP_ORDER; g++) {
        if (g < order) v[g] = load(g);
    }
#pragma unroll
    for (int g = 0; g < JACE_MAX_GROUP_ORDER; g++) {
        if (g < order) use(g, v[g]);
    }
}

/* out [cout G, cin fibre] from w (jace_expand_geom) on the planes walk, a plane a row of w: a thread takes a column
 * apart once and writes it in each of the row's G images, its G loads issued before the first store. A block a row
 * of out had left most of its threads idle on a lifting bank's short rows (cin k k, e.g. 25 entries). */
__global__ void jace_expand_filter_kernel(const float *__restrict__ w, float *__restrict__ out, const jace_planes walk,
                                          jace_elements el, jace_expand_geom x) {
    jace_walk_planes(walk, [&](long long o, int col) {
        const jace_fibre_pos f = jace_expand_column(x, col);
        const float *row = w + o * x.cols;
        float *dst = out + o * el.count * x.cols + col;
        jace_group_values(
            el.count, [&](int g) { return row[jace_expand_row_src(el.e[g], x, f)]; },
            [&](int g, float v) { dst[(long long)g * x.cols] = v; });
    });
}

/* The adjoint, dw [cout, cin fibre] from d [cout G, cin fibre] on the planes walk, a plane a row of dw: each entry
 * the sum of its G terms in group order, all G loaded before the first is added. */
__global__ void jace_expand_filter_adjoint_kernel(const float *__restrict__ d, float *__restrict__ dw,
                                                  const jace_planes walk, jace_elements el, jace_expand_geom x) {
    jace_walk_planes(walk, [&](long long o, int col) {
        const jace_fibre_pos f = jace_expand_column(x, col);
        const float *rows = d + o * el.count * x.cols;
        float acc = 0.f;
        jace_group_values(
            el.count, [&](int g) { return rows[(long long)g * x.cols + jace_expand_row_dst(el.e[g], x, f)]; },
            [&](int, float v) { acc += v; });
        dw[o * x.cols + col] = acc;
    });
}

/* A load for jace_group_values of the values hw apart from src: stepping a pointer, where src[g * hw] had let nvcc
 * rebuild each address from the plane index in 64-bit multiplies (the group pooling's loop 189 -> 137 sm_90
 * instructions). */
__device__ __forceinline__ auto jace_group_pointer_load(const float *src, int hw) {
    return [src, hw](int) mutable {
        const float v = *src;
        src += hw;
        return v;
    };
}

/* Whether max pooling moves from the best so far to v: a larger value, or the first NaN (a NaN anywhere wins, so the
 * result does not depend on where it sits); ties keep the lower group index. */
__device__ __forceinline__ bool jace_pool_takes(float v, float best) { return v > best || (v != v && best == best); }

/* The group element max pooling takes: the first maximum (jace_pool_takes). */
__device__ __forceinline__ int jace_group_argmax(const float *src, int order, int hw) {
    int best = 0;
    float bv = 0.f;
    jace_group_values(order, jace_group_pointer_load(src, hw), [&](int g, float v) {
        if (g == 0 || jace_pool_takes(v, bv)) {
            bv = v;
            best = g;
        }
    });
    return best;
}

/* x [nc, G, hw] -> out [nc, hw]. */
__global__ void jace_group_pool_kernel(const float *__restrict__ x, float *__restrict__ out, const jace_planes walk,
                                       int order, bool is_max) {
    const int hw = walk.size;
    jace_walk_planes(walk, [&](long long nc, int p) {
        float r = 0.f;
        const float *src = x + nc * order * (long long)hw + p;
        jace_group_values(order, jace_group_pointer_load(src, hw), [&](int g, float v) {
            r = g == 0 ? v : is_max ? (jace_pool_takes(v, r) ? v : r) : r + v;
        });
        out[nc * hw + p] = is_max ? r : r / (float)order;
    });
}

/* One thread per dy element (walk: n*c planes of hw), writing its order dx values: the maximum is found once, not once
 * for each group element. */
__global__ void jace_group_pool_backward_kernel(const float *__restrict__ x, const float *__restrict__ dy,
                                                float *__restrict__ dx, const jace_planes walk, int order,
                                                bool is_max) {
    const int hw = walk.size;
    jace_walk_planes(walk, [&](long long nc, int p) {
        const long long at = nc * order * (long long)hw + p;
        const float d = dy[nc * hw + p];
        const int best = is_max ? jace_group_argmax(x + at, order, hw) : -1;
        const float mean = d / (float)order;
        float *out = dx + at;
        for (int g = 0; g < order; g++, out += hw) {
            *out = is_max ? (g == best ? d : 0.f) : mean;
        }
    });
}

#endif
