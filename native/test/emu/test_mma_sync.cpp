/* Emulator test of the warp-level MMA and matrix loads (cuda/mma_sync.cuh on jace_emu): the device probe of them
 * (test/mma_sync_probe.cu, whose fragment positions are written out apart from the emulator's own) must find every
 * fact on the emulator too: mma.m16n8k8 TF32 and mma.m16n8k16 BF16 exact at the documented positions, ldmatrix.x4.trans
 * giving each lane its documented pairs, the BF16 multiply fed by it as WarpTileMma loads, round_tf32 to nearest even.
 * What the hardware leaves undefined or the emulator does not model aborts naming it: a TF32 operand with mantissa
 * bits below TF32's, an ldmatrix row address off 16 bytes, a warp of fewer than 32 threads, a lane that exited before
 * the others' mma, lanes at different instructions. conv_gpu_check runs the convolution kernels built on these. */
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "emu_check.h"
#include "mma_sync.cuh"
#include "mma_sync_probe.h"

using namespace emu_check;
using namespace jace_mma;

namespace {

/* The children: what aborts. 0: a TF32 operand with a mantissa bit below TF32's (lane 5's a2, A[1][5]); 1: an
 * ldmatrix row 8 bytes off; 2: an mma in a block of 16 threads; 3: lane 3 exits before the others' mma; 4: lanes
 * 16-31 at an ldmatrix while lanes 0-15 are at an mma. */
void refused_kernel(int mode) {
    extern __shared__ __align__(128) unsigned char smem[];
    const int lane = threadIdx.x % 32;
    if (mode == 1) {
        std::uint32_t r[4];
        ldmatrix_x4_trans(r, reinterpret_cast<const __nv_bfloat16 *>(smem + 16 * lane + (lane == 9 ? 8 : 0)));
        return;
    }
    if (mode == 3 && lane == 3) return;
    if (mode == 4 && lane >= 16) {
        std::uint32_t r[4];
        ldmatrix_x4_trans(r, reinterpret_cast<const __nv_bfloat16 *>(smem + 16 * lane));
        return;
    }
    float a[4] = {1.f, 1.f, 1.f, 1.f}, b[2] = {1.f, 1.f}, d[4] = {};
    if (mode == 0 && lane == 5) a[2] = 1.f + 1.f / 4096;
    mma_tf32_m16n8k8(d, a, b);
}

int child_refused(int mode) {
    jace_emu::launch([&] { refused_kernel(mode); }, dim3(1), dim3(mode == 2 ? 16 : 32), 1024);
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    return 0;
}

void refusal_cases() {
    const char *messages[] = {"mma.sync TF32 operand A[1][5] = 0x3f800800 has mantissa bits below TF32's 10",
                              "ldmatrix: row address", "mma.sync.m16n8k8.tf32 in warp 0, which has 16 threads",
                              "mma.sync.m16n8k8.tf32: lane 3 of the warp exited before it",
                              "of the warp is at"};
    for (int mode = 0; mode < 5; ++mode) {
        for (const char *schedule : {"forward", "reverse"}) {
            const ChildRun c = run_self("refused" + std::to_string(mode), schedule);
            EXPECT(c.status != 0 && contains(c.output, messages[mode]), "refused %d, %s: status %d:\n%s", mode,
                   schedule, c.status, c.output.c_str());
        }
    }
}

}  // namespace

int main(int argc, char **argv) {
    if (argc > 1 && std::strncmp(argv[1], "refused", 7) == 0) return child_refused(std::atoi(argv[1] + 7));
    EXPECT(mma_sync_probe() == 0, "the probe of the fragment positions, ldmatrix.trans and round_tf32 failed (its "
                                  "FAIL lines above)");
    refusal_cases();
    return finish("test_mma_sync");
}
