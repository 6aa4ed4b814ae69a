/*
 * wgmma_probe.cu — the facts the wgmma convolution kernels rest on, asked of the device itself (conv_gpu_check runs it
 * on Hopper before it checks them; built for sm_90a as conv_wgmma.cu, and on the CPU emulator): one warpgroup's
 * wgmma.m64n128k8 TF32, and its wgmma.m64n128k16 BF16, on the small integers of wgmma_operands.h, laid out as
 * unswizzled K-major core matrices with descriptors of different strides (as test/emu/test_wgmma.cpp multiplies them on
 * the emulator), stored from the accumulators at the PTX fragment positions (cuda/wgmma.cuh). Each product must be
 * exact. Where one is not, the same operands are multiplied again with the descriptor's two byte offsets exchanged, so
 * that the log tells a misread descriptor from a misread fragment layout before any convolution result is looked at.
 */
#include "wgmma_probe.h"

#include <cuda_runtime.h>

#include <cstdio>
#include <vector>

#include "wgmma.cuh"
#include "wgmma_operands.h"

namespace {

using namespace wgmma_operands;

/* Room for either reading of the offsets (the exchanged one reaches B's row groups 2048 bytes apart). */
constexpr unsigned kSmem = kBStart + (kN / 8) * kBLbo + kBSbo;

/* d[row][col] of the 64 x 128 product of elements of BYTES bytes (4: TF32, 2: BF16); `exchanged`: the descriptors
 * name LBO as SBO and SBO as LBO. */
template <int BYTES>
__global__ void __launch_bounds__(128) wgmma_probe_kernel(int exchanged, float *d) {
    using namespace jace_wgmma;
    extern __shared__ __align__(128) unsigned char probe_smem[];
    const int t = threadIdx.x;
    fill_operands(probe_smem, t, 128, BYTES);
    fence_proxy_async();
    __syncthreads();
    const std::uint32_t base = shared_address(probe_smem);
    const std::uint64_t a = exchanged ? wgmma_desc(base, kASbo, kALbo) : wgmma_desc(base, kALbo, kASbo);
    const std::uint64_t b = exchanged ? wgmma_desc(base + kBStart, kBSbo, kBLbo)
                                      : wgmma_desc(base + kBStart, kBLbo, kBSbo);
    float acc[64];
    for (int i = 0; i < 64; ++i) acc[i] = 0.f;
    wgmma_fence();
    if constexpr (BYTES == 2) {
        wgmma_bf16_m64n128k16(acc, a, b);
    } else {
        wgmma_tf32_m64n128k8(acc, a, b);
    }
    wgmma_commit();
    wgmma_wait<0>();
    for (int i = 0; i < 64; ++i) d[wgmma_acc_row(t, i) * kN + wgmma_acc_col(t, i)] = acc[i];
}

/* The product's operand type: elements of `bytes` bytes. */
const char *type_of(int bytes) { return bytes == 2 ? "BF16" : "TF32"; }

/* Elements of the product wrong, -1 where the launch or a CUDA call failed (printed). */
int wrong_elements(int bytes, int exchanged) {
    float *d = nullptr;
    std::vector<float> got(kM * kN);
    cudaError_t err = cudaMalloc((void **)&d, got.size() * sizeof(float));
    if (err == cudaSuccess) err = cudaMemset(d, 0xff, got.size() * sizeof(float));
    if (err == cudaSuccess) {
        if (bytes == 2) {
            wgmma_probe_kernel<2><<<1, 128, kSmem>>>(exchanged, d);
        } else {
            wgmma_probe_kernel<4><<<1, 128, kSmem>>>(exchanged, d);
        }
        err = cudaGetLastError();
    }
    if (err == cudaSuccess) err = cudaMemcpy(got.data(), d, got.size() * sizeof(float), cudaMemcpyDeviceToHost);
    cudaFree(d);
    if (err != cudaSuccess) {
        std::printf("FAIL wgmma probe %s: %s (%s)\n", type_of(bytes), cudaGetErrorName(err), cudaGetErrorString(err));
        return -1;
    }
    int wrong = 0;
    for (int r = 0; r < kM; ++r)
        for (int c = 0; c < kN; ++c) {
            const double want = product(r, c, bytes);
            if (got[r * kN + c] != want) {
                if (wrong < 4) {
                    std::printf("  wgmma probe %s%s: D[%d][%d] = %g, want %g\n", type_of(bytes),
                                exchanged ? " (offsets exchanged)" : "", r, c, got[r * kN + c], want);
                }
                ++wrong;
            }
        }
    return wrong;
}

/* The product of elements of `bytes` bytes checked, printed; 1 where it is not exact. */
int probe(int bytes) {
    const char *type = type_of(bytes);
    const int wrong = wrong_elements(bytes, 0);
    if (wrong == 0) {
        std::printf("wgmma probe: the 64 x 128 %s product of unswizzled K-major descriptors exact at the documented "
                    "fragment positions\n", type);
        return 0;
    }
    if (wrong > 0) {
        const int exchanged = wrong_elements(bytes, 1);
        std::printf("FAIL wgmma probe %s: %d of %d elements wrong; with the descriptors' byte offsets exchanged %d "
                    "(%s)\n", type, wrong, kM * kN, exchanged,
                    exchanged == 0 ? "the device reads LBO and SBO the other way round"
                                   : "not a matter of the offsets: the fragment positions or the layout");
    }
    return 1;
}

} // namespace

int wgmma_probe() {
    const int tf32 = probe(4); /* first: the log's order */
    return tf32 + probe(2);
}
