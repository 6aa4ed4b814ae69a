/* Deterministic reductions (no float atomics): each output is produced by one thread, warp or block in a fixed
 * order, accumulating in double. */
#ifndef JACE_REDUCE_CUH
#define JACE_REDUCE_CUH

#include "channel_walk.cuh"
#include "jace_device.cuh"

#define JACE_SUM_THREADS 1024

/* One block: out[0] = scale * sum(x[0..n)). A single block keeps the result reproducible without scratch
 * memory; it still streams at several hundred GB/s on an H100. */
__global__ void __launch_bounds__(JACE_SUM_THREADS) jace_sum_kernel(const float *x, long long n, float scale,
                                                                    float *out, bool vec) {
    double acc = 0.0;
    long long start = 0;
    if (vec) {
        const long long n4 = n >> 2;
        const float4 *x4 = reinterpret_cast<const float4 *>(x);
        for (long long i = threadIdx.x; i < n4; i += blockDim.x) {
            const float4 v = x4[i];
            acc += ((double)v.x + (double)v.y) + ((double)v.z + (double)v.w);
        }
        start = n4 * 4;
    }
    for (long long i = start + threadIdx.x; i < n; i += blockDim.x) {
        acc += (double)x[i];
    }
    acc = jace_block_sum(acc);
    if (threadIdx.x == 0) {
        out[0] = (float)(acc * (double)scale);
    }
}

/* x [outer, axis_len, inner] -> out [outer, inner]; one thread per output (coalesced across i; inner >= 32). */
__global__ void jace_sum_axis_thread_kernel(const float *x, int outer, int axis_len, int inner, float scale,
                                            float *out) {
    const long long total = (long long)outer * inner;
    JACE_GRID_STRIDE(t, total) {
        const long long o = t / inner;
        const int i = (int)(t - o * inner);
        const float *p = x + o * axis_len * (long long)inner + i;
        double acc = 0.0;
        for (int a = 0; a < axis_len; a++) {
            acc += (double)p[(long long)a * inner];
        }
        out[t] = (float)(acc * (double)scale);
    }
}

/* One warp per output (small inner). Blocks of 256 threads = 8 warps. */
__global__ void jace_sum_axis_warp_kernel(const float *x, int outer, int axis_len, int inner, float scale,
                                          float *out) {
    const long long total = (long long)outer * inner;
    const int lane = threadIdx.x & 31;
    const long long warps = (long long)gridDim.x * (blockDim.x >> 5);
    for (long long t = (long long)blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5); t < total; t += warps) {
        const long long o = t / inner;
        const int i = (int)(t - o * inner);
        const float *p = x + o * axis_len * (long long)inner + i;
        double acc = 0.0;
        for (long long a = lane; a < axis_len; a += 32) { /* long long: a + 32 must not wrap */
            acc += (double)p[a * inner];
        }
        acc = jace_warp_sum(acc);
        if (lane == 0) {
            out[t] = (float)(acc * (double)scale);
        }
    }
}

/* One block per output (few outputs, long axis). */
__global__ void jace_sum_axis_block_kernel(const float *x, int outer, int axis_len, int inner, float scale,
                                           float *out) {
    const long long t = blockIdx.x;
    const long long o = t / inner;
    const int i = (int)(t - o * inner);
    const float *p = x + o * axis_len * (long long)inner + i;
    double acc = 0.0;
    for (long long a = threadIdx.x; a < axis_len; a += blockDim.x) { /* long long: a + blockDim.x must not wrap */
        acc += (double)p[a * inner];
    }
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
