/* Fused equivariance deviation: rho(g) f(x) is read through the index map (never materialised).
 * fgx [S*n, sample] (element-major), fx [n, sample]; dev[s, i] = ||fgx[s*n+i] - rho(e_s) fx[i]||^2,
 * norm[i] = ||fx[i]||^2. Accumulation in double, in a fixed order: each sum is cut into chunks of JACE_DEV_CHUNK
 * elements, one block each, whose partial sums a second kernel adds in chunk order (a single chunk is written
 * directly). Chunks, rather than one block per sum, give the grid enough blocks to keep the memory busy. */
#ifndef JACE_DEVIATION_CUH
#define JACE_DEVIATION_CUH

#include "block_element.cuh"
#include "group_index.cuh"
#include "jace_device.cuh"
#include "plane.cuh"

#define JACE_DEV_THREADS 256
#define JACE_DEV_ITEMS 8 /* elements per thread and chunk, loaded before they are summed */
#define JACE_DEV_CHUNK (JACE_DEV_THREADS * JACE_DEV_ITEMS)

/* This thread's elements of chunk `start` of fgx row a, and the values of fx sample f that rho(e) puts beside them
 * (0 past the sample's end), for SPATIAL (image or group-map rep) or the invariant one; FULL: the chunk lies inside
 * the sample (no bounds checks). */
template <bool SPATIAL, bool FULL>
__device__ __forceinline__ void jace_deviation_load_chunk(const float *__restrict__ a, const float *__restrict__ f,
                                                          long long start, long long sample, const jace_pixel_map &pm,
                                                          const unsigned char *src_ch,
                                                          const jace_fast_sample_geom &geom,
                                                          float (&va)[JACE_DEV_ITEMS], float (&vf)[JACE_DEV_ITEMS]) {
    const jace_sample_run run = SPATIAL ? jace_fast_sample_run(geom, start) : jace_sample_run{0, 0u};
#pragma unroll
    for (int t = 0; t < JACE_DEV_ITEMS; t++) {
        const unsigned local = threadIdx.x + t * JACE_DEV_THREADS;
        const bool in = FULL || start + local < sample;
        const long long src =
            SPATIAL ? jace_fast_sample_src(pm, src_ch, geom, run.cc0, run.b0 + local) : start + local;
        va[t] = in ? a[start + local] : 0.f;
        vf[t] = in ? __ldg(f + src) : 0.f;
    }
}

/* sum over j of (a[j] - b[j])^2, in double. */
template <int N>
__device__ __forceinline__ double jace_squared_distance(const float (&a)[N], const float (&b)[N]) {
    double acc = 0.0;
#pragma unroll
    for (int j = 0; j < N; j++) {
        const double d = (double)a[j] - (double)b[j];
        acc += d * d;
    }
    return acc;
}

/* The squares of chunk `start` of fgx row a against fx sample f (see jace_deviation_load_chunk). */
template <bool SPATIAL, bool FULL>
__device__ __forceinline__ double jace_deviation_chunk(const float *__restrict__ a, const float *__restrict__ f,
                                                       long long start, long long sample, const jace_pixel_map &pm,
                                                       const unsigned char *src_ch,
                                                       const jace_fast_sample_geom &geom) {
    float va[JACE_DEV_ITEMS], vf[JACE_DEV_ITEMS];
    jace_deviation_load_chunk<SPATIAL, FULL>(a, f, start, sample, pm, src_ch, geom, va, vf);
    return jace_squared_distance(va, vf);
}

/* The squares of chunk `start` of sample f (for its norm). */
template <bool FULL>
__device__ __forceinline__ double jace_norm_chunk(const float *__restrict__ f, long long start, long long sample) {
    float v[JACE_DEV_ITEMS];
#pragma unroll
    for (int t = 0; t < JACE_DEV_ITEMS; t++) {
        const unsigned local = threadIdx.x + t * JACE_DEV_THREADS;
        v[t] = FULL || start + local < sample ? f[start + local] : 0.f;
    }
    double acc = 0.0;
#pragma unroll
    for (int t = 0; t < JACE_DEV_ITEMS; t++) {
        acc += (double)v[t] * (double)v[t];
    }
    return acc;
}

/* Stores the sum of pair p of (S + 1) * n (p < pairs = S * n: deviation[p]; the rest: the norm of sample p - pairs):
 * FINAL writes it, otherwise it is part `part` of the pair's `parts` partial sums. */
template <bool FINAL>
__device__ __forceinline__ void jace_deviation_store(double sum, long long pair, long long pairs, int part, int parts,
                                                     float *deviation, float *norm, double *partial) {
    if (!FINAL) {
        partial[pair * parts + part] = sum;
    } else if (pair < pairs) {
        deviation[pair] = (float)sum;
    } else {
        norm[pair - pairs] = (float)sum;
    }
}

/* Grid (chunks * n, S + 1): block (k + chunks * i, s) sums chunk k of pair (s, i), s == S being the norm of fx[i].
 * FINAL (chunks == 1): writes deviation[s*n + i] or norm[i]; otherwise partial[(s*n + i) * chunks + k]. SPATIAL: the
 * image or group-map rep (else the invariant one, which compares in place). */
template <bool FINAL, bool SPATIAL>
__global__ void __launch_bounds__(JACE_DEV_THREADS)
    jace_deviation_chunk_kernel(const float *__restrict__ fgx, const float *__restrict__ fx,
                                float *__restrict__ deviation, float *__restrict__ norm, double *__restrict__ partial,
                                int n, long long sample, int chunks, jace_elements el, jace_fast_sample_geom geom) {
    const int k = (int)(blockIdx.x % (unsigned)chunks);
    const int i = (int)(blockIdx.x / (unsigned)chunks);
    const int s = blockIdx.y;
    const long long start = (long long)k * JACE_DEV_CHUNK;
    const bool full = start + JACE_DEV_CHUNK <= sample;
    const float *f = fx + (long long)i * sample;
    double acc;
    if (s < el.count) {
        __shared__ unsigned char src_ch[JACE_MAX_GROUP_ORDER];
        const jace_pixel_map pm = jace_block_element(el.e[s], geom, src_ch);
        const float *a = fgx + ((long long)s * n + i) * sample;
        acc = full ? jace_deviation_chunk<SPATIAL, true>(a, f, start, sample, pm, src_ch, geom)
                   : jace_deviation_chunk<SPATIAL, false>(a, f, start, sample, pm, src_ch, geom);
    } else {
        acc = full ? jace_norm_chunk<true>(f, start, sample) : jace_norm_chunk<false>(f, start, sample);
    }
    acc = jace_block_sum(acc);
    if (threadIdx.x == 0) { /* s == S: pair S * n + i, the norm of sample i */
        jace_deviation_store<FINAL>(acc, (long long)s * n + i, (long long)el.count * n, k, chunks, deviation, norm,
                                    partial);
    }
}

#define JACE_DEV_WARPS (JACE_PLANE_THREADS / 32)
#define JACE_DEV_GROUP 8 /* elements whose per-warp sums the plane kernel holds before one barrier adds them */

/* Grid (c * n), for the image and group-map reps: block cc + c * i stages channel block cc of fx[i] in shared memory
 * (reading it once), sums its squares (the norm's share), then for each element s the squares of fgx[s*n + i]'s block
 * cc against the staged values gathered through the element's pixel map. FINAL (c == 1) writes deviation and norm;
 * otherwise partial[(s*n + i) * c + cc], s == S the norm. Staging spares the L2 the S + 1 gathers of fx per element
 * that jace_deviation_chunk_kernel makes; rows padded to an odd stride keep rotated reads free of bank conflicts.
 * VEC = 4 (w a multiple of 4, fgx and fx 16-byte aligned) reads global memory 16 bytes a load, and a thread issues
 * the loads of JACE_PLANE_BATCH rows at once (jace_plane_rows), so that it has many bytes in flight. The elements'
 * sums go through per-warp slots in shared memory, JACE_DEV_GROUP elements a barrier, so that the warps stream
 * element after element without waiting for each other. */
template <bool FINAL, int STAGED, int VEC>
__global__ void __launch_bounds__(JACE_PLANE_THREADS, 4)
    jace_deviation_plane_kernel(const float *__restrict__ fgx, const float *__restrict__ fx,
                                float *__restrict__ deviation, float *__restrict__ norm, double *__restrict__ partial,
                                int n, long long sample, int c, jace_elements el, jace_plane_geom pg) {
    __shared__ float staged[STAGED];
    __shared__ unsigned char slot_of[JACE_MAX_ELEMENTS][JACE_MAX_GROUP_ORDER];
    __shared__ double warp_sums[JACE_DEV_GROUP][JACE_DEV_WARPS];
    const jace_plane_block b = jace_plane_block_of<VEC>(c, pg);
    jace_fill_slot_tables<false>(el, pg.group_order, slot_of);
    double acc = jace_stage_plane<VEC>(fx + (long long)b.i * sample + b.base, staged, pg, b);
    acc = jace_block_sum(acc); /* its barriers also publish staged[] and slot_of[] */
    const long long pairs = (long long)el.count * n;
    if (threadIdx.x == 0) {
        jace_deviation_store<FINAL>(acc, pairs + b.i, pairs, b.cc, c, deviation, norm, partial);
    }
    const int lane = (int)(threadIdx.x & 31), warp = (int)(threadIdx.x >> 5);
    for (int s0 = 0; s0 < el.count; s0 += JACE_DEV_GROUP) {
        const int group = min(JACE_DEV_GROUP, el.count - s0);
        for (int g = 0; g < group; g++) {
            const int s = s0 + g;
            const jace_element &e = el.e[s]; /* a reference: indexing a register copy would spill it to local memory */
            const jace_pixel_map pm = jace_make_pixel_map(e.rot, e.flip, pg.h, pg.w, pg.stride);
            const float *a = fgx + ((long long)s * n + b.i) * sample + b.base;
            const float *block = staged + pm.offset + pm.dj * b.x;
            acc = 0.0;
            jace_plane_rows<VEC>(a, pg, b, [&](int r, const float (&va)[VEC]) {
                float vf[VEC];
                jace_plane_gather<VEC>(block, slot_of[s], b.plane, pm, pg, r, vf);
                acc += jace_squared_distance(va, vf);
            });
            acc = jace_warp_sum(acc);
            if (lane == 0) {
                warp_sums[g][warp] = acc;
            }
        }
        __syncthreads();
        if ((int)threadIdx.x < group) {
            double sum = 0.0;
            for (int k = 0; k < JACE_DEV_WARPS; k++) {
                sum += warp_sums[threadIdx.x][k];
            }
            jace_deviation_store<FINAL>(sum, (long long)(s0 + (int)threadIdx.x) * n + b.i, pairs, b.cc, c, deviation,
                                        norm, partial);
        }
        if (s0 + JACE_DEV_GROUP < el.count) {
            __syncthreads(); /* the next group refills warp_sums[] */
        }
    }
}

/* One warp per pair p = s*n + i of (S + 1) * n (the last n are the norms): adds partial[p*chunks .. p*chunks+chunks)
 * in a fixed order (lane-strided, then the warp's tree). */
__global__ void jace_deviation_finish_kernel(const double *__restrict__ partial, float *__restrict__ deviation,
                                             float *__restrict__ norm, int n, int elements, int chunks) {
    const long long pair = ((long long)blockIdx.x * blockDim.x + threadIdx.x) >> 5;
    const int lane = (int)(threadIdx.x & 31);
    if (pair >= (long long)(elements + 1) * n) {
        return; /* the whole warp: pair is the same in all its lanes */
    }
    double acc = 0.0;
    for (int k = lane; k < chunks; k += 32) {
        acc += partial[pair * chunks + k];
    }
    acc = jace_warp_sum(acc);
    if (lane == 0) {
        jace_deviation_store<true>(acc, pair, (long long)elements * n, 0, 1, deviation, norm, nullptr);
    }
}

/* Chunk `start` of dFgx row d = 2 dDev[s, i] (fgx row a - rho(e_s) fx[i]) for sample f; FULL: inside the sample. */
template <bool SPATIAL, bool FULL>
__device__ __forceinline__ void jace_deviation_backward_fgx_chunk(const float *__restrict__ a,
                                                                  const float *__restrict__ f, float *__restrict__ d,
                                                                  float scale, long long start, long long sample,
                                                                  const jace_pixel_map &pm,
                                                                  const unsigned char *src_ch,
                                                                  const jace_fast_sample_geom &geom) {
    float va[JACE_DEV_ITEMS], vf[JACE_DEV_ITEMS];
    jace_deviation_load_chunk<SPATIAL, FULL>(a, f, start, sample, pm, src_ch, geom, va, vf);
#pragma unroll
    for (int t = 0; t < JACE_DEV_ITEMS; t++) {
        const unsigned local = threadIdx.x + t * JACE_DEV_THREADS;
        if (FULL || start + local < sample) {
            d[start + local] = scale * (va[t] - vf[t]);
        }
    }
}

/* dFgx[s*n+i] = 2 dDev[s, i] (fgx[s*n+i] - rho(e_s) fx[i]). Grid (chunks * n, S): block (k + chunks * i, s) writes
 * chunk k (JACE_DEV_CHUNK elements) of row s*n + i. */
template <bool SPATIAL>
__global__ void __launch_bounds__(JACE_DEV_THREADS)
    jace_deviation_backward_fgx_kernel(const float *__restrict__ fgx, const float *__restrict__ fx,
                                       const float *__restrict__ d_dev, float *__restrict__ d_fgx, int n,
                                       long long sample, int chunks, jace_elements el, jace_fast_sample_geom geom) {
    const int k = (int)(blockIdx.x % (unsigned)chunks);
    const int i = (int)(blockIdx.x / (unsigned)chunks);
    const int s = blockIdx.y;
    const long long start = (long long)k * JACE_DEV_CHUNK;
    __shared__ unsigned char src_ch[JACE_MAX_GROUP_ORDER];
    const jace_pixel_map pm = jace_block_element(el.e[s], geom, src_ch);
    const long long row = ((long long)s * n + i) * sample;
    const float *f = fx + (long long)i * sample;
    const float scale = 2.f * d_dev[(long long)s * n + i];
    if (start + JACE_DEV_CHUNK <= sample) {
        jace_deviation_backward_fgx_chunk<SPATIAL, true>(fgx + row, f, d_fgx + row, scale, start, sample, pm, src_ch,
                                                         geom);
    } else {
        jace_deviation_backward_fgx_chunk<SPATIAL, false>(fgx + row, f, d_fgx + row, scale, start, sample, pm, src_ch,
                                                          geom);
    }
}

#define JACE_DEV_FX_ITEMS 4 /* elements per thread and chunk of the fx gradient, each reading all S rows */
/* Group elements whose values (and weights) a thread loads before it adds the first (jace_in_batches). */
#define JACE_DEV_FX_BATCH 8
#define JACE_DEV_FX_CHUNK (JACE_DEV_THREADS * JACE_DEV_FX_ITEMS)

/* dFx[i][p] = sum_s -2 dDev[s, i] (rho(e_s)^T (fgx[s*n+i] - rho(e_s) fx[i]))[p] + 2 dNorm[i] fx[i][p]. The transpose
 * of a permutation pulls from q = dst(p), where (rho fx)[q] = fx[p]. d_norm may be NULL. Grid (chunks * n): block
 * k + chunks * i writes chunk k (JACE_DEV_FX_CHUNK elements) of dFx[i]; every element's dst map and slot table sit in
 * shared memory, and each position's coordinates are found once for all S elements. */
template <bool SPATIAL>
__global__ void __launch_bounds__(JACE_DEV_THREADS)
    jace_deviation_backward_fx_kernel(const float *__restrict__ fgx, const float *__restrict__ fx,
                                      const float *__restrict__ d_dev, const float *__restrict__ d_norm,
                                      float *__restrict__ d_fx, int n, long long sample, int chunks,
                                      jace_elements el, jace_fast_sample_geom geom) {
    __shared__ unsigned char dst_ch[JACE_MAX_ELEMENTS][JACE_MAX_GROUP_ORDER];
    __shared__ jace_pixel_map dst_maps[JACE_MAX_ELEMENTS];
    const int k = (int)(blockIdx.x % (unsigned)chunks);
    const int i = (int)(blockIdx.x / (unsigned)chunks);
    const int w = (int)geom.w.divisor;
    jace_fill_slot_tables<true>(el, geom.group_order, dst_ch);
    for (int s = (int)threadIdx.x; s < el.count; s += JACE_DEV_THREADS) {
        dst_maps[s] = jace_make_dst_pixel_map(el.e[s].rot, el.e[s].flip, geom.h, w, w);
    }
    __syncthreads();
    const long long start = (long long)k * JACE_DEV_FX_CHUNK;
    const jace_sample_run run = SPATIAL ? jace_fast_sample_run(geom, start) : jace_sample_run{0, 0u};
    const long long element_stride = (long long)n * sample; /* from fgx[s*n + i] to fgx[(s+1)*n + i] */
    const float *a = fgx + (long long)i * sample;
    const float *f_row = fx + (long long)i * sample;
#pragma unroll
    for (int t = 0; t < JACE_DEV_FX_ITEMS; t++) {
        const unsigned local = threadIdx.x + t * JACE_DEV_THREADS;
        const long long p = start + local;
        if (p >= sample) {
            break;
        }
        const jace_sample_coords coords =
            SPATIAL ? jace_fast_sample_coords(geom, run.b0 + local) : jace_sample_coords{};
        const double f = (double)f_row[p];
        double acc = 0.0;
        jace_in_batches<JACE_DEV_FX_BATCH>(
            el.count,
            [&](int s) {
                const long long q = SPATIAL ? jace_fast_sample_at(dst_maps[s], dst_ch[s], geom, run.cc0, coords) : p;
                return make_float2(a[s * element_stride + q], d_dev[(long long)s * n + i]);
            },
            [&](int, float2 v) {
                const double diff = (double)v.x - f;
                acc -= 2.0 * (double)v.y * diff;
            });
        if (d_norm != nullptr) {
            acc += 2.0 * (double)d_norm[i] * f;
        }
        d_fx[(long long)i * sample + p] = (float)acc;
    }
}

#endif
