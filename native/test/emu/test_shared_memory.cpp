/* Emulator test of shared memory's lifetime: as on a GPU, a block starts with undefined __shared__ variables (the
 * emulator fills them with 0xff bytes, NaN in floats, whatever the previous block left), and a variable keeps its
 * value for the rest of the block, also across calls of the device function that declares it (as jace_block_sum
 * is called twice in a row by the batch-norm kernels). Dynamic shared memory (`extern __shared__`) is the launch's
 * bytes, with the same lifetime; above 48 KiB a launch is refused unless cudaFuncSetAttribute allowed the kernel that
 * much (as the packed convolution kernels' launches need). */
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

constexpr int kDynamicFloats = 20000; /* 80000 bytes: above the 48 KiB a kernel gets without asking */

/* Thread 0 reads the last float before any write; then the block fills the array and each thread reads another's. */
void dynamic_kernel(float *first_seen, float *other_seen) {
    extern __shared__ __align__(16) float dynamic[];
    const int b = blockIdx.x, t = threadIdx.x;
    if (t == 0) first_seen[b] = dynamic[kDynamicFloats - 1];
    __syncthreads();
    for (int i = t; i < kDynamicFloats; i += kThreads) dynamic[i] = (float)(b * kDynamicFloats + i);
    __syncthreads();
    other_seen[b * kThreads + t] = dynamic[kDynamicFloats - 1 - t];
}

void dynamic_case() {
    const std::size_t bytes = kDynamicFloats * sizeof(float);
    const void *kernel = reinterpret_cast<const void *>(&dynamic_kernel);
    Dev first_seen(kBlocks), other_seen(kBlocks * kThreads);
    const auto launch = [&](const void *k) {
        jace_emu::launch(k, "dynamic_kernel", [&] { dynamic_kernel(first_seen.p, other_seen.p); }, dim3(kBlocks),
                         dim3(kThreads), bytes);
        return cudaGetLastError();
    };
    EXPECT(launch(kernel) == cudaErrorInvalidValue, "%zu bytes of dynamic shared memory launched without the attribute",
           bytes);
    EXPECT(cudaFuncSetAttribute(dynamic_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, 227 * 1024 + 1) ==
               cudaErrorInvalidValue,
           "a limit above the 227 KiB an H200 allows a block was accepted");
    (void)cudaGetLastError();
    EXPECT(cudaFuncSetAttribute(dynamic_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, (int)bytes) == cudaSuccess,
           "cudaFuncSetAttribute refused %zu bytes", bytes);
    EXPECT(launch(nullptr) == cudaErrorInvalidValue, "a launch naming no kernel got %zu bytes", bytes);
    EXPECT(launch(kernel) == cudaSuccess, "%zu bytes of dynamic shared memory refused after the attribute", bytes);
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    const Vec first = first_seen.get(), other = other_seen.get();
    for (int b = 0; b < kBlocks; ++b) {
        EXPECT(all_ones((float)first[b]), "block %d: dynamic shared memory read %g before any write, not the fill", b,
               first[b]);
        for (int t = 0; t < kThreads; ++t) {
            const double want = b * kDynamicFloats + kDynamicFloats - 1 - t, got = other[b * kThreads + t];
            EXPECT(got == want, "block %d thread %d: read %g of its block's write %g", b, t, got, want);
        }
    }
}

}  // namespace

int main() {
    lifetime_case();
    dynamic_case();
    return finish("test_shared_memory");
}
