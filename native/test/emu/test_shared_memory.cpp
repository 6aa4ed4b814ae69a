/* Emulator test of shared memory's lifetime: as on a GPU, a block starts with undefined __shared__ variables (the
 * emulator fills them with 0xff bytes, NaN in floats, whatever the previous block left), and a variable keeps its
 * value for the rest of the block, also across calls of the device function that declares it (as jace_block_sum
 * is called twice in a row by the batch-norm kernels). */
#include <cstdint>

#include "emu_check.h"

using namespace emu_check;

namespace {

constexpr int kBlocks = 3, kThreads = 64;

bool all_ones(float v) {
    std::uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return bits == 0xffffffffu;
}

/* Writes `v` into a shared slot when `write`, and returns the slot after a barrier. A template, as jace_block_sum
 * is: g++ places a template's statics apart from the others. */
template <typename T>
T kept(T v, bool write) {
    __shared__ T slot;
    if (write) slot = v;
    __syncthreads();
    return slot;
}

/* Block 0 writes fresh[0] only, every block writes written[] and reads both after a barrier; then kept() is written
 * in the first call and only read in the second. */
void lifetime_kernel(float *fresh_seen, float *written_seen, float *kept_seen) {
    __shared__ float fresh[2], written[kThreads];
    const int b = blockIdx.x, t = threadIdx.x;
    if (b == 0 && t == 0) fresh[0] = 1.f;
    written[t] = (float)(b * kThreads + t);
    __syncthreads();
    if (t == 0) {
        fresh_seen[2 * b] = fresh[0];
        fresh_seen[2 * b + 1] = fresh[1];
    }
    written_seen[b * kThreads + t] = written[(t + 1) % kThreads];
    const float first = kept(10.f + (float)b, t == 0);
    const float second = kept(-1.f, false);
    kept_seen[2 * (b * kThreads + t)] = first;
    kept_seen[2 * (b * kThreads + t) + 1] = second;
}

void lifetime_case() {
    Dev fresh_seen(2 * kBlocks), written_seen(kBlocks * kThreads), kept_seen(2 * kBlocks * kThreads);
    jace_emu::launch([&] { lifetime_kernel(fresh_seen.p, written_seen.p, kept_seen.p); }, dim3(kBlocks),
                     dim3(kThreads));
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    const Vec fresh = fresh_seen.get(), written = written_seen.get(), kept = kept_seen.get();
    EXPECT(fresh[0] == 1.0, "block 0 reads back its write: %g", fresh[0]);
    for (int b = 0; b < kBlocks; ++b) {
        EXPECT(all_ones((float)fresh[2 * b + 1]), "block %d: a slot no block wrote reads %g, not the fill", b,
               fresh[2 * b + 1]);
        if (b > 0) {
            EXPECT(all_ones((float)fresh[2 * b]), "block %d: a slot only block 0 wrote reads %g, not the fill", b,
                   fresh[2 * b]);
        }
        for (int t = 0; t < kThreads; ++t) {
            const double want = b * kThreads + (t + 1) % kThreads, got = written[b * kThreads + t];
            EXPECT(got == want, "block %d thread %d: read %g of its block's write %g", b, t, got, want);
            const double first = kept[2 * (b * kThreads + t)], second = kept[2 * (b * kThreads + t) + 1];
            EXPECT(first == 10 + b && second == 10 + b,
                   "block %d thread %d: a template's shared slot read %g then %g, not %d twice", b, t, first, second,
                   10 + b);
        }
    }
}

}  // namespace

int main() {
    lifetime_case();
    return finish("test_shared_memory");
}
