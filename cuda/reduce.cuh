/* Deterministic reductions (no float atomics): each output is produced by one thread, warp or block in a fixed
 * order, accumulating in double. */
#ifndef JACE_REDUCE_CUH
#define JACE_REDUCE_CUH

#include "channel_walk.cuh"
#include "jace_device.cuh"
#include "planes_walk.cuh"

#define JACE_SUM_THREADS 1024
/* Values a thread loads before adding the first (jace_in_batches) in the sums below: their loops bounded at run time
 * had kept one to four loads in flight a thread (sm_90 SASS), an output's values as many round trips in a row. */
#define JACE_SUM_BATCH 8

/* One block: out[0] = scale * sum(x[0..n)). A single block keeps the result reproducible without scratch
 * memory; it still streams at several hundred GB/s on an H100. */
__global__ void __launch_bounds__(JACE_SUM_THREADS)
    jace_sum_kernel(const float *__restrict__ x, long long n, float scale, float *__restrict__ out, bool vec) {
    double acc = 0.0;
    long long start = 0;
    if (vec) {
        const long long n4 = n >> 2;
        const float4 *x4 = reinterpret_cast<const float4 *>(x);
        jace_in_batches<JACE_SUM_BATCH>(jace_strided_count(n4, (int)threadIdx.x, (int)blockDim.x),
                                        [&](int u) { return x4[threadIdx.x + (long long)blockDim.x * u]; },
                                        [&](int, float4 v) {
                                            acc += ((double)v.x + (double)v.y) + ((double)v.z + (double)v.w);
                                        });
        start = n4 * 4;
    }
    jace_in_batches<JACE_SUM_BATCH>(jace_strided_count(n - start, (int)threadIdx.x, (int)blockDim.x),
                                    [&](int u) { return x[start + threadIdx.x + (long long)blockDim.x * u]; },
                                    [&](int, float v) { acc += (double)v; });
    acc = jace_block_sum(acc);
    if (threadIdx.x == 0) {
        out[0] = (float)(acc * (double)scale);
    }
}

/* x [outer, axis_len, inner] -> out [outer, inner]; one thread per output (coalesced across i; inner >= 32), the
 * outputs walked as outer planes of inner (jace_walk_planes: an output's o by a fast divisor, where a flat index had
 * taken a 64-bit division). */
__global__ void jace_sum_axis_thread_kernel(const float *__restrict__ x, int axis_len, const jace_planes walk,
                                            float scale, float *__restrict__ out) {
    const int inner = walk.size;
    jace_walk_planes(walk, [&](long long o, int i) {
        const float *p = x + o * axis_len * (long long)inner + i;
        double acc = 0.0;
        jace_in_batches<JACE_SUM_BATCH>(axis_len, [&](int a) { return p[(long long)a * inner]; },
                                        [&](int, float v) { acc += (double)v; });
        out[o * inner + i] = (float)(acc * (double)scale);
    });
}

/* One warp per output (small inner). Blocks of 256 threads = 8 warps. */
__global__ void jace_sum_axis_warp_kernel(const float *__restrict__ x, int outer, int axis_len, int inner,
                                          float scale, float *__restrict__ out) {
    const long long total = (long long)outer * inner;
    const int lane = threadIdx.x & 31;
    const long long warps = (long long)gridDim.x * (blockDim.x >> 5);
    for (long long t = (long long)blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5); t < total; t += warps) {
        const long long o = t / inner;
        const int i = (int)(t - o * inner);
        const float *p = x + o * axis_len * (long long)inner + i;
        double acc = 0.0;
        jace_in_batches<JACE_SUM_BATCH>(jace_strided_count(axis_len, lane, 32),
                                        [&](int u) { return p[(lane + 32LL * u) * inner]; },
                                        [&](int, float v) { acc += (double)v; });
        acc = jace_warp_sum(acc);
        if (lane == 0) {
            out[t] = (float)(acc * (double)scale);
        }
    }
}

/* One block per output (few outputs, long axis). */
__global__ void jace_sum_axis_block_kernel(const float *__restrict__ x, int outer, int axis_len, int inner,
                                           float scale, float *__restrict__ out) {
    const long long t = blockIdx.x;
    const long long o = t / inner;
    const int i = (int)(t - o * inner);
    const float *p = x + o * axis_len * (long long)inner + i;
    double acc = 0.0;
    jace_in_batches<JACE_SUM_BATCH>(jace_strided_count(axis_len, (int)threadIdx.x, (int)blockDim.x),
                                    [&](int u) { return p[(threadIdx.x + (long long)blockDim.x * u) * inner]; },
                                    [&](int, float v) { acc += (double)v; });
    acc = jace_block_sum(acc);
    if (threadIdx.x == 0) {
        out[t] = (float)(acc * (double)scale);
    }
}

/* x [outer, channels, inner] -> out[c] = sum_{o,i} x[o, c, i]; one block per channel (blockIdx.x = c). */
__global__ void jace_channel_sum_kernel(const float *x, int outer, int channels, int inner, float *out) {
    const int c = blockIdx.x;
    double acc = 0.0;
    jace_channel_elements(outer, channels, inner, c, [&](long long idx) { return x[idx]; },
                          [&](long long, float v) { acc += (double)v; });
    acc = jace_block_sum(acc);
    if (threadIdx.x == 0) {
        out[c] = (float)acc;
    }
}

#endif
