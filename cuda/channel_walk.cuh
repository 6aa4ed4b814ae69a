/* A block's walk over one channel of x viewed as [outer, channels, inner], for the kernels that give each channel a
 * block (batch norm's statistics and gradients, the channel sums of bias gradients). */
#ifndef JACE_CHANNEL_WALK_CUH
#define JACE_CHANNEL_WALK_CUH

#include "jace_device.cuh"

/* Values whose loads a thread issues before it uses the first (jace_channel_elements). */
#define JACE_CHANNEL_BATCH 8

/* use(idx, load(idx)) for this thread's values of channel ch, the j-th (j in [0, outer * inner)) at offset idx of x:
 * j = threadIdx.x, + blockDim.x, ... in that order. The loads of JACE_CHANNEL_BATCH values are issued before the
 * first is used, and the offsets step (sample o, position k in it) without a division: a grid-stride loop bounded at
 * run time had one load in flight a thread, behind the previous value's exit test and a 64-bit division (sm_90
 * SASS), and with one block a channel (8 blocks for the p4 CNN's 8 channels) each pass was a chain of round trips to
 * memory. */
template <class Load, class Use>
__device__ __forceinline__ void jace_channel_elements(int outer, int channels, int inner, int ch, Load load, Use use) {
    typedef decltype(load(0LL)) Value;
    const long long m = (long long)outer * inner;
    const int step = (int)blockDim.x, step_o = step / inner, step_k = step - step_o * inner;
    long long o = (int)threadIdx.x / inner;
    int k = (int)threadIdx.x - (int)o * inner;
    for (long long j0 = threadIdx.x; j0 < m; j0 += (long long)JACE_CHANNEL_BATCH * step) {
        long long idx[JACE_CHANNEL_BATCH];
        Value v[JACE_CHANNEL_BATCH];
#pragma unroll
        for (int u = 0; u < JACE_CHANNEL_BATCH; ++u) {
            idx[u] = (o * channels + ch) * (long long)inner + k;
            v[u] = j0 + (long long)u * step < m ? load(idx[u]) : Value{};
            o += step_o;
            k += step_k;
            if (k >= inner) {
                k -= inner;
                ++o;
            }
        }
#pragma unroll
        for (int u = 0; u < JACE_CHANNEL_BATCH; ++u) {
            if (j0 + (long long)u * step < m) use(idx[u], v[u]);
        }
    }
}

#endif
