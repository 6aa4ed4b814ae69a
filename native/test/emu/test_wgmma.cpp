/* Emulator test of Hopper's warpgroup MMA (cuda/wgmma.cuh on jace_emu): a warpgroup's wgmma.m64n128k8 TF32, and its
 * wgmma.m64n128k16 BF16, on operands laid out as core matrices with descriptors of different strides
 * (wgmma_operands.h, which the device probe multiplies too) adds A B^T to the accumulators each thread holds at the
 * documented fragment positions, exactly as a float64 product of small integers; a multiply's shared-memory reads
 * happen where the schedule says (forward: at the wait that completes its group, so a store after the commit shows;
 * reverse: at once; shuffle: either, thread by thread). What the hardware leaves undefined or the emulator does not
 * model aborts naming it: an operand with mantissa bits below TF32's, no wgmma.fence before the multiply, a thread
 * ending with multiplies pending, a warpgroup of fewer than 128 threads, a descriptor in a swizzle other than 128 bytes
 * (test_tma.cpp multiplies that one), an operand a cp.async
 * wrote with no fence.proxy.async of its thread after it (and with one, the multiply runs), an operand past the
 * launch's dynamic shared memory. conv_gpu_check runs the
 * convolution kernel built on these (conv_wgmma.cuh). */
#include <cuda_pipeline.h>

#include <string>

#include "emu_check.h"
#include "wgmma.cuh"
#include "wgmma_operands.h"

using namespace emu_check;
using namespace jace_wgmma;
using namespace wgmma_operands;

namespace {

constexpr int kThreads = 128;
constexpr std::size_t kSmem = kBStart + 2 * kBLbo;

/* The accumulators' start values, which the multiplies add to. */
double d_start(int r, int c) { return (double)((r + 2 * c) % 13); }

/* Every thread fills its share of both operands (elements of `bytes` bytes: 4 TF32, 2 BF16) and its accumulators
 * with their start values, publishes the operands to the multiplies and issues a first one (not committed); returns
 * the operands' descriptors. */
struct Descriptors {
    std::uint64_t a, b;
};

/* d += A B^T with the instruction of the operands' element size. */
void multiply(float (&d)[64], const Descriptors &desc, int bytes) {
    if (bytes == 2) {
        wgmma_bf16_m64n128k16(d, desc.a, desc.b);
    } else {
        wgmma_tf32_m64n128k8(d, desc.a, desc.b);
    }
}

Descriptors first_multiply(unsigned char *smem, float (&d)[64], int bytes = 4) {
    fill_operands(smem, threadIdx.x, kThreads, bytes);
    const int t = threadIdx.x;
    for (int i = 0; i < 64; ++i) d[i] = (float)d_start(wgmma_acc_row(t, i), wgmma_acc_col(t, i));
    fence_proxy_async();
    __syncthreads();
    const std::uint32_t base = shared_address(smem);
    const Descriptors desc{wgmma_desc(base, kALbo, kASbo), wgmma_desc(base + kBStart, kBLbo, kBSbo)};
    wgmma_fence();
    multiply(d, desc, bytes);
    return desc;
}

/* D = start + A B^T twice over (two multiplies, one group): each thread writes its 64 accumulators to out[row][col]. */
void product_kernel(float *out, int bytes) {
    extern __shared__ __align__(128) unsigned char smem[];
    const int t = threadIdx.x;
    float d[64];
    const Descriptors desc = first_multiply(smem, d, bytes);
    multiply(d, desc, bytes);
    wgmma_commit();
    wgmma_wait<0>();
    for (int i = 0; i < 64; ++i) out[wgmma_acc_row(t, i) * kN + wgmma_acc_col(t, i)] = d[i];
}

/* The product of TF32 operands (bytes 4), 8 deep, or of BF16 ones (bytes 2), 16 deep. */
void product_case(int bytes) {
    Dev out(kM * kN);
    jace_emu::launch([&] { product_kernel(out.p, bytes); }, dim3(1), dim3(kThreads), kSmem);
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    const Vec got = out.get();
    int wrong = 0;
    for (int r = 0; r < kM; ++r)
        for (int c = 0; c < kN; ++c) wrong += got[r * kN + c] != d_start(r, c) + 2 * product(r, c, bytes);
    EXPECT(wrong == 0, "%s: %d of %d elements of start + 2 A B^T wrong (D[0][0] %g, want %g)",
           bytes == 2 ? "BF16" : "TF32", wrong, kM * kN, got[0], d_start(0, 0) + 2 * product(0, 0, bytes));
}

/* One multiply committed (after an empty group), then A zeroed by every thread before anyone waits: out[t] = 1 where
 * thread t's accumulators hold start + A B^T (read at once), 0 where they hold start (read at the wait), -1
 * otherwise. */
void window_kernel(float *out) {
    extern __shared__ __align__(128) unsigned char smem[];
    const int t = threadIdx.x;
    float d[64];
    wgmma_commit(); /* an empty group pending before it: under reverse the multiply is still computed at once */
    first_multiply(smem, d);
    wgmma_commit();
    __syncthreads();
    for (int e = t; e < kM * kK; e += kThreads) std::memset(smem + byte_at(0, kALbo, kASbo, e / kK, e % kK), 0, 4);
    __syncthreads();
    wgmma_wait<0>();
    int early = 0, late = 0;
    for (int i = 0; i < 64; ++i) {
        const int r = wgmma_acc_row(t, i), c = wgmma_acc_col(t, i);
        early += d[i] == d_start(r, c) + product(r, c);
        late += d[i] == d_start(r, c);
    }
    out[t] = early == 64 ? 1.f : late == 64 ? 0.f : -1.f;
}

void window_case() {
    Dev out(kThreads);
    jace_emu::launch([&] { window_kernel(out.p); }, dim3(1), dim3(kThreads), kSmem);
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    const Vec got = out.get();
    const char *env = std::getenv("JACE_EMU_SCHEDULE");
    const std::string schedule = env == nullptr || *env == '\0' ? "forward" : env;
    int early = 0, late = 0;
    for (int t = 0; t < kThreads; ++t) {
        early += got[t] == 1.0;
        late += got[t] == 0.0;
    }
    EXPECT(early + late == kThreads,
           "%s: %d threads' accumulators are neither the product read at once nor at the wait", schedule.c_str(),
           kThreads - early - late);
    if (schedule == "forward") {
        EXPECT(late == kThreads, "forward: %d threads' multiplies read shared memory before their wait", early);
    } else if (schedule == "reverse") {
        EXPECT(early == kThreads, "reverse: %d threads' multiplies read shared memory at the wait", late);
    } else {
        EXPECT(early > 0 && late > 0, "%s: %d read at once, %d at the wait: no mix", schedule.c_str(), early, late);
    }
}

/* The children: what aborts. 0: an operand not rounded to TF32; 1: no fence; 2: pending at the end; 3: a warpgroup of
 * 64 threads; 4: a descriptor in 64-byte swizzle; 5: B's row 9 copied in by thread 70's cp.async with no
 * fence.proxy.async after it; 6: the same with the fence, which runs; 7: launched with 8 bytes too few of dynamic shared
 * memory for B's last row (its operands not filled, for they would not fit). */
void refused_kernel(int mode) {
    extern __shared__ __align__(128) unsigned char smem[];
    alignas(16) static const float ones[4] = {1.f, 1.f, 1.f, 1.f};
    if (mode != 7) fill_operands(smem, threadIdx.x, kThreads);
    if (mode == 0 && threadIdx.x == 0) {
        const float v = 1.f + 1.f / 4096;
        std::memcpy(smem + byte_at(0, kALbo, kASbo, 3, 5), &v, 4);
    }
    __syncthreads();
    if ((mode == 5 || mode == 6) && threadIdx.x == 70) {
        __pipeline_memcpy_async(smem + byte_at(kBStart, kBLbo, kBSbo, 9, 4), ones, 16);
        __pipeline_commit();
        __pipeline_wait_prior(0);
        if (mode == 6) fence_proxy_async();
    }
    __syncthreads();
    float d[64] = {};
    const std::uint32_t base = shared_address(smem);
    const std::uint64_t a = wgmma_desc(base, kALbo, kASbo) | (mode == 4 ? 2ULL << 62 : 0);
    if (mode != 1) wgmma_fence();
    wgmma_tf32_m64n128k8(d, a, wgmma_desc(base + kBStart, kBLbo, kBSbo));
    wgmma_commit();
    if (mode != 2) wgmma_wait<0>();
}

int child_refused(int mode) {
    jace_emu::launch([&] { refused_kernel(mode); }, dim3(1), dim3(mode == 3 ? 64 : kThreads),
                     mode == 7 ? kSmem - 8 : kSmem);
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    return 0;
}

void refusal_cases() {
    const char *messages[] = {"wgmma TF32 operand A[3][5] = 0x3f800800 has mantissa bits below TF32's 10",
                              "wgmma.mma_async without a wgmma.fence",
                              "the thread ended with wgmma.mma_async operations pending",
                              "wgmma.fence by a thread of a warpgroup of 64 threads",
                              "layout type 2, base offset 0; the emulator models the unswizzled layout and the "
                              "128-byte",
                              "wgmma reads B[9][4] at shared byte",
                              "which a cp.async of thread 70 wrote with no fence.proxy.async of that thread since"};
    for (int mode = 0; mode < 5; ++mode) {
        const ChildRun c = run_self("refused" + std::to_string(mode), "reverse");
        EXPECT(c.status != 0 && contains(c.output, messages[mode]), "refused wgmma %d: status %d:\n%s", mode,
               c.status, c.output.c_str());
    }
    for (const char *schedule : {"forward", "reverse"}) {
        const ChildRun c = run_self("refused5", schedule);
        EXPECT(c.status != 0 && contains(c.output, messages[5]) && contains(c.output, messages[6]),
               "a cp.async's operand with no fence.proxy.async, %s: status %d:\n%s", schedule, c.status,
               c.output.c_str());
        const ChildRun fenced = run_self("refused6", schedule);
        EXPECT(fenced.status == 0, "a cp.async's operand after fence.proxy.async, %s: status %d:\n%s", schedule,
               fenced.status, fenced.output.c_str());
        /* B[127][6] is the first element past the end (its row's second 16 bytes end at kSmem): found by the issue's
         * check of the operands (forward) and by a multiply computed at once (reverse). */
        const ChildRun short_smem = run_self("refused7", schedule);
        EXPECT(short_smem.status != 0 && contains(short_smem.output, "wgmma reads B[127][6] at shared byte 6136") &&
                   contains(short_smem.output, "past the launch's 6136 bytes of dynamic shared memory"),
               "an operand past the dynamic shared memory, %s: status %d:\n%s", schedule, short_smem.status,
               short_smem.output.c_str());
    }
}

}  // namespace

int main(int argc, char **argv) {
    if (argc > 1 && std::strncmp(argv[1], "refused", 7) == 0) return child_refused(std::atoi(argv[1] + 7));
    product_case(4);
    product_case(2);
    window_case();
    refusal_cases();
    return finish("test_wgmma");
}
