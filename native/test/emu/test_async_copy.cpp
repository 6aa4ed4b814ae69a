/* Emulator test of asynchronous copies to shared memory (cuda_pipeline.h's primitives, cp.async on a GPU): a
 * three-stage ring of 4-, 8- and 16-byte copies with zero fill, read by other threads after each wait and barrier,
 * gives the source's values under every schedule; a read before the wait sees what the schedule says (forward: the
 * old contents, reverse: the copy, shuffle: either, copy by copy), and __pipeline_wait_prior(1) completes all groups
 * but the newest. Copies the instruction refuses (a size other than 4, 8 or 16 bytes, a misaligned pointer, more zero
 * fill than bytes) abort naming the problem. The packed convolution kernels' pipelines rest on these semantics. */
#include <cuda_pipeline.h>

#include <string>

#include "emu_check.h"

using namespace emu_check;

namespace {

constexpr int kThreads = 64, kStages = 3, kTiles = 7, kFloats = 4;

/* Tile `tile`'s 4 floats of thread t, into its ring slot: by one 16-byte copy, two 8-byte copies or four 4-byte copies
 * as tile % 3 says; in the 4-byte case the last float is zero-filled instead of read. */
void issue_tile(float *slot, const float *src, int tile) {
    switch (tile % 3) {
        case 0: __pipeline_memcpy_async(slot, src, 16); break;
        case 1:
            __pipeline_memcpy_async(slot, src, 8);
            __pipeline_memcpy_async(slot + 2, src + 2, 8);
            break;
        default:
            for (int j = 0; j < kFloats; ++j) __pipeline_memcpy_async(slot + j, src + j, 4, j == kFloats - 1 ? 4 : 0);
    }
}

/* The packed GEMMs' main loop in small: kStages - 1 tiles in flight, each thread reading its neighbour's slot. */
void ring_kernel(const float *src, float *out) {
    __shared__ __align__(16) float ring[kStages][kThreads * kFloats];
    const int t = threadIdx.x;
    for (int s = 0; s < kStages - 1; ++s) {
        issue_tile(ring[s] + kFloats * t, src + (s * kThreads + t) * kFloats, s);
        __pipeline_commit();
    }
    for (int tile = 0; tile < kTiles; ++tile) {
        __pipeline_wait_prior(kStages - 2);
        __syncthreads();
        const int next = tile + kStages - 1;
        if (next < kTiles) issue_tile(ring[next % kStages] + kFloats * t, src + (next * kThreads + t) * kFloats, next);
        __pipeline_commit();
        const int neighbour = (t + 1) % kThreads;
        for (int j = 0; j < kFloats; ++j)
            out[(tile * kThreads + t) * kFloats + j] = ring[tile % kStages][kFloats * neighbour + j];
    }
}

void ring_case() {
    const Vec in = random(kTiles * kThreads * kFloats);
    Dev src(in), out(in.size());
    jace_emu::launch([&] { ring_kernel(src.p, out.p); }, dim3(2), dim3(kThreads));
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    const Vec got = out.get();
    int wrong = 0;
    for (int tile = 0; tile < kTiles; ++tile)
        for (int t = 0; t < kThreads; ++t)
            for (int j = 0; j < kFloats; ++j) {
                const int neighbour = (t + 1) % kThreads;
                const double want = tile % 3 == 2 && j == kFloats - 1
                                        ? 0.0
                                        : in[(tile * kThreads + neighbour) * kFloats + j];
                wrong += got[(tile * kThreads + t) * kFloats + j] != want;
            }
    EXPECT(wrong == 0, "ring: %d of %zu values differ from the source's", wrong, got.size());
}

/* Each thread copies src[t] into a[t] (one group) and src[t] + 1 into b[t] (the next): before[] is the neighbour's a
 * after a barrier but before any wait, own_b[] this thread's b after __pipeline_wait_prior(1), after[] the neighbour's
 * a after the full wait and a barrier. */
void window_kernel(const float *src, const float *src1, float *before, float *own_a, float *own_b, float *after) {
    __shared__ __align__(16) float a[kThreads], b[kThreads];
    const int t = threadIdx.x;
    a[t] = -1.f;
    b[t] = -1.f;
    __syncthreads();
    __pipeline_memcpy_async(a + t, src + t, 4);
    __pipeline_commit();
    __pipeline_memcpy_async(b + t, src1 + t, 4);
    __pipeline_commit();
    __syncthreads();
    before[t] = a[(t + 1) % kThreads];
    __syncthreads(); /* no thread waits (landing its copies) before every thread has read */
    __pipeline_wait_prior(1);
    own_a[t] = a[t];
    own_b[t] = b[t];
    __pipeline_wait_prior(0);
    __syncthreads();
    after[t] = a[(t + 1) % kThreads];
}

void window_case() {
    const Vec in = random(kThreads, 1, 2), in1 = random(kThreads, 3, 4);
    Dev src(in), src1(in1), before(kThreads), own_a(kThreads), own_b(kThreads), after(kThreads);
    jace_emu::launch([&] { window_kernel(src.p, src1.p, before.p, own_a.p, own_b.p, after.p); }, dim3(1),
                     dim3(kThreads));
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    const Vec seen = before.get(), a = own_a.get(), b = own_b.get(), done = after.get();
    const char *env = std::getenv("JACE_EMU_SCHEDULE");
    const std::string schedule = env == nullptr || *env == '\0' ? "forward" : env;
    int copied = 0, old = 0, b_copied = 0, b_old = 0, a_wrong = 0, done_wrong = 0;
    for (int t = 0; t < kThreads; ++t) {
        const int neighbour = (t + 1) % kThreads;
        copied += seen[t] == in[neighbour];
        old += seen[t] == -1.0;
        b_copied += b[t] == in1[t];
        b_old += b[t] == -1.0;
        a_wrong += a[t] != in[t];
        done_wrong += done[t] != in[neighbour];
    }
    EXPECT(copied + old == kThreads, "%s: %d reads before the wait saw neither the old value nor the copy",
           schedule.c_str(), kThreads - copied - old);
    EXPECT(b_copied + b_old == kThreads, "%s: %d reads of the newest group saw neither the old value nor the copy",
           schedule.c_str(), kThreads - b_copied - b_old);
    EXPECT(a_wrong == 0, "%s: %d copies of the older group not landed after __pipeline_wait_prior(1)", schedule.c_str(),
           a_wrong);
    EXPECT(done_wrong == 0, "%s: %d copies not seen after the full wait and a barrier", schedule.c_str(), done_wrong);
    if (schedule == "forward") {
        EXPECT(old == kThreads && b_old == kThreads, "forward: %d copies landed before their wait, %d of the newest "
               "group before __pipeline_wait_prior(0)", copied, b_copied);
    } else if (schedule == "reverse") {
        EXPECT(copied == kThreads && b_copied == kThreads, "reverse: %d and %d copies did not land at once", old,
               b_old);
    } else {
        EXPECT(copied > 0 && old > 0, "%s: of %d copies %d landed at once, %d at the wait: no mix", schedule.c_str(),
               kThreads, copied, old);
    }
}

/* The children: a copy the instruction refuses. */
void refused_kernel(const float *src, int mode) {
    __shared__ __align__(16) float dst[8];
    if (threadIdx.x != 0) return;
    if (mode == 0) __pipeline_memcpy_async(dst + 1, src, 16);
    if (mode == 1) __pipeline_memcpy_async(dst, src, 12);
    if (mode == 2) __pipeline_memcpy_async(dst, src, 4, 8);
}

int child_refused(int mode) {
    Dev src(8);
    jace_emu::launch([&] { refused_kernel(src.p, mode); }, dim3(1), dim3(32));
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    return 0;
}

void refusal_cases() {
    const char *messages[] = {"cp.async of 16 bytes from", "cp.async of 12 bytes: it copies 4, 8 or 16",
                              "cp.async of 4 bytes zero-fills 8 of them"};
    for (int mode = 0; mode < 3; ++mode) {
        const ChildRun c = run_self("refused" + std::to_string(mode), nullptr);
        EXPECT(c.status != 0 && contains(c.output, messages[mode]) &&
                   (mode != 0 || contains(c.output, "both must be 16-byte aligned")),
               "refused copy %d: status %d:\n%s", mode, c.status, c.output.c_str());
    }
}

}  // namespace

int main(int argc, char **argv) {
    if (argc > 1 && std::strncmp(argv[1], "refused", 7) == 0) return child_refused(std::atoi(argv[1] + 7));
    ring_case();
    window_case();
    refusal_cases();
    return finish("test_async_copy");
}
