/* Softmax cross-entropy: one warp per row, max-shifted (numerically stable), fixed reduction order.
 * Labels are class indices stored as floats, truncated to int. An out-of-range label is the caller's error (the
 * Java side checks); it is never used as an address here: the label logit is picked by comparing column indices,
 * so a bad label yields loss = logsumexp(row) and a gradient without the -1 term, never a wild read. */
#ifndef JACE_LOSS_CUH
#define JACE_LOSS_CUH

#include "jace_device.cuh"

#define JACE_CE_WARPS 8

__device__ __forceinline__ float jace_warp_allmax(float v) {
#pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) {
        v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, offset));
    }
    return v;
}

__device__ __forceinline__ float jace_warp_allsum(float v) {
#pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) {
        v += __shfl_xor_sync(0xffffffffu, v, offset);
    }
    return v;
}

/* Block of JACE_CE_WARPS warps; row = blockIdx.x * JACE_CE_WARPS + warp. */
__global__ void jace_softmax_ce_kernel(const float *logits, const float *labels, float *loss, float *dlogits, int n,
                                       int k) {
    const int lane = threadIdx.x & 31;
    const int row = blockIdx.x * JACE_CE_WARPS + (threadIdx.x >> 5);
    if (row >= n) {
        return; /* whole warp leaves together; no block-level synchronisation follows */
    }
    const float *z = logits + (long long)row * k;
    /* Checked before the cast: a GPU's cvt saturates (NaN to class 0), C++ leaves it undefined (the emulator). */
    const float given = labels[row];
    const int label = given > -1.f && given < (float)k ? (int)given : -1;
    float m = -INFINITY;
    for (int j = lane; j < k; j += 32) {
        m = fmaxf(m, z[j]);
    }
    m = jace_warp_allmax(m);
    float s = 0.f, zl = 0.f;
    for (int j = lane; j < k; j += 32) {
        const float v = z[j];
        s += expf(v - m);
        if (j == label) {
            zl = v;
        }
    }
    s = jace_warp_allsum(s);
    zl = jace_warp_allsum(zl);
    if (lane == 0) {
        /* Relative to the max (as the CPU backend does): m + log(s) would round log(s) to the ulps of a large m. */
        loss[row] = logf(s) - (zl - m);
    }
    const float inv_s = 1.f / s;
    const float fn = (float)n;
    float *d = dlogits + (long long)row * k;
    for (int j = lane; j < k; j += 32) {
        const float p = expf(z[j] - m) * inv_s;
        d[j] = (p - (j == label ? 1.f : 0.f)) / fn;
    }
}

#endif
