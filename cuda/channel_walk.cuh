/* A block's walk over one channel of x viewed as [outer, channels, inner], for the kernels that give each channel a
 * block (batch norm's statistics and gradients, the channel sums of bias gradients). */
#ifndef JACE_CHANNEL_WALK_CUH
#define JACE_CHANNEL_WALK_CUH

#include "jace_device.cuh"

/* Values whose loads a thread issues before it uses the first (jace_channel_elements). */
#define JACE_CHANNEL_BATCH 8

/* use(idx, load(idx)) for this thread's values of channel ch, the j-th (j in [0, outer * inner)) at offset idx of x:
 * j = threadIdx.x, + blockDim.x, ... in that order, the loads of JACE_CHANNEL_BATCH values issued before the first is
 * used (jace_in_batches), and the offsets stepped (sample o, position k in it) without a division, where a grid-stride
 * loop had a 64-bit division a value. With one block a channel (8 blocks for the p4 CNN's 8 channels) each pass had
 * been a chain of round trips to memory. */
template <class Load, class Use>
__device__ __forceinline__ void jace_channel_elements(int outer, int channels, int inner, int ch, Load load, Use use) {
    typedef decltype(load(0LL)) Value;
    struct Loaded {
        long long idx;
        Value v;
    };
    const long long m = (long long)outer * inner;
    const int step = (int)blockDim.x, step_o = step / inner, step_k = step - step_o * inner;
    const int count = jace_strided_count(m, (int)threadIdx.x, step);
    long long o = (int)threadIdx.x / inner;
    int k = (int)threadIdx.x - (int)o * inner;
    jace_in_batches<JACE_CHANNEL_BATCH>(
        count,
        [&](int) {
            const long long idx = (o * channels + ch) * (long long)inner + k;
            o += step_o;
            k += step_k;
            if (k >= inner) {
                k -= inner;
                ++o;
            }
            return Loaded{idx, load(idx)};
        },
        [&](int, const Loaded &l) { use(l.idx, l.v); });
}

#endif
