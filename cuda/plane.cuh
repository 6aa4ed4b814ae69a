/* Channel blocks staged in shared memory, for the kernels that read a sample's channel block once and then gather it
 * through each group element's pixel map (the deviation's and the group action's plane kernels): the block's geometry,
 * its staging, and the gather of one row's columns. A block of JACE_PLANE_THREADS threads handles one channel block;
 * with VEC = 4 (rows a multiple of 4 floats, tensors 16-byte aligned) every global access moves 16 bytes. */
#ifndef JACE_PLANE_CUH
#define JACE_PLANE_CUH

#include "group_index.cuh"
#include "jace_device.cuh"

#define JACE_PLANE_THREADS 256

/* A channel block of `rows` = slots * h rows of w elements, staged with rows `stride` apart (odd: rotated reads hit
 * distinct banks); thread t handles columns VEC * (t % (w / VEC)) .. + VEC - 1 of rows t / (w / VEC), + step,
 * + 2 step, ... (step = JACE_PLANE_THREADS / (w / VEC); VEC, the kernel's, divides w). */
struct jace_plane_geom {
    int h, w, stride, rows, step;
    int group_order; /* > 0 for group maps, 0 for images */
    jace_fast_divisor slot; /* by h: the slot of a row */
};

/* VEC consecutive floats at p: one 16-byte load for 4 (p 16-byte aligned), else one each. */
template <int VEC>
__device__ __forceinline__ void jace_load_floats(const float *__restrict__ p, float (&v)[VEC]) {
    if constexpr (VEC == 4) {
        const float4 q = *reinterpret_cast<const float4 *>(p);
        v[0] = q.x;
        v[1] = q.y;
        v[2] = q.z;
        v[3] = q.w;
    } else {
#pragma unroll
        for (int j = 0; j < VEC; j++) {
            v[j] = p[j];
        }
    }
}

/* v to VEC consecutive floats at p: one 16-byte store for 4 (p 16-byte aligned), else one each. __stwb is a plain
 * store (write-back, st.global's default) that stays one: written as a float4 assignment, the group action's unrolled
 * rows came out of nvcc 13.0 as four 4-byte stores each (its PTX: st.global.f32 at +0, +4, +8, +12). */
template <int VEC>
__device__ __forceinline__ void jace_store_floats(float *__restrict__ p, const float (&v)[VEC]) {
    if constexpr (VEC == 4) {
        __stwb(reinterpret_cast<float4 *>(p), make_float4(v[0], v[1], v[2], v[3]));
    } else {
#pragma unroll
        for (int j = 0; j < VEC; j++) {
            p[j] = v[j];
        }
    }
}

/* What block cc + c * i of a plane kernel's grid (c * n) handles: channel block cc of sample i, its first element at
 * `base` in the sample; this thread's first column x, first row, and its rows' end (0: the thread idles); and the
 * staged plane's size (h * stride). */
struct jace_plane_block {
    int cc, i;
    long long base;
    int x, first, rows;
    int plane;
};

template <int VEC>
__device__ __forceinline__ jace_plane_block jace_plane_block_of(int c, const jace_plane_geom &pg) {
    const int cc = (int)(blockIdx.x % (unsigned)c);
    const int columns = pg.w / VEC;
    const int first = (int)threadIdx.x / columns;
    return jace_plane_block{cc, (int)(blockIdx.x / (unsigned)c), (long long)cc * pg.rows * pg.w,
                            (int)threadIdx.x % columns * VEC, first, first < pg.step ? pg.rows : 0, pg.h * pg.stride};
}

/* Rows whose loads a thread issues before it uses the first (jace_plane_rows). */
#define JACE_PLANE_BATCH 7

/* Calls use(r, v) for this thread's rows r of block b (b.first, + step, + 2 step, ... below b.rows), in that order,
 * with v the VEC floats at src + r * w + b.x. The loads of JACE_PLANE_BATCH rows are all issued before the first is
 * used: in a loop bounded at run time, even one unrolled, each load waits behind the previous row's exit test, and
 * ptxas kept one load in flight per thread (its SASS for sm_90: a load, its use, the branch, the next load), so the
 * plane kernels waited on memory latency row after row. Its own loop rather than jace_in_batches (jace_device.cuh):
 * with a row returned as a value from that helper's load, the 16-byte instances spilled under their 64 registers. */
template <int VEC, class Use>
__device__ __forceinline__ void jace_plane_rows(const float *__restrict__ src, const jace_plane_geom &pg,
                                                const jace_plane_block &b, Use use) {
    for (int r0 = b.first; r0 < b.rows; r0 += JACE_PLANE_BATCH * pg.step) {
        float v[JACE_PLANE_BATCH][VEC];
#pragma unroll
        for (int u = 0; u < JACE_PLANE_BATCH; u++) {
            const int r = r0 + u * pg.step;
            if (r < b.rows) {
                jace_load_floats<VEC>(src + r * pg.w + b.x, v[u]);
            }
        }
#pragma unroll
        for (int u = 0; u < JACE_PLANE_BATCH; u++) {
            const int r = r0 + u * pg.step;
            if (r < b.rows) {
                use(r, v[u]);
            }
        }
    }
}

/* Copies this thread's share of channel block f (rows w apart) into staged (rows stride apart) and returns the sum of
 * the squares of what it copied (in double); the caller publishes staged[] with a barrier. */
template <int VEC>
__device__ __forceinline__ double jace_stage_plane(const float *__restrict__ f, float *staged,
                                                   const jace_plane_geom &pg, const jace_plane_block &b) {
    double acc = 0.0;
    jace_plane_rows<VEC>(f, pg, b, [&](int r, const float (&v)[VEC]) {
#pragma unroll
        for (int j = 0; j < VEC; j++) {
            staged[r * pg.stride + b.x + j] = v[j];
            acc += (double)v[j] * (double)v[j];
        }
    });
    return acc;
}

/* The staged values that the element with pixel map pm and slot table slot_of puts at row r, columns x .. x + VEC - 1
 * (block: staged + pm.offset + pm.dj * x; plane: h * stride). */
template <int VEC>
__device__ __forceinline__ void jace_plane_gather(const float *block, const unsigned char *slot_of, int plane,
                                                  const jace_pixel_map &pm, const jace_plane_geom &pg, int r,
                                                  float (&v)[VEC]) {
    const int slot = (int)jace_fast_div(pg.slot, (unsigned)r);
    const int y = r - slot * pg.h;
    const float *src = block + slot_of[slot] * plane + pm.di * y;
#pragma unroll
    for (int j = 0; j < VEC; j++) {
        v[j] = src[pm.dj * j];
    }
}

#endif
