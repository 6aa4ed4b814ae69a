/*
 * wgmma_probe.cu — the facts the wgmma convolution kernels rest on, asked of the device itself (conv_gpu_check runs it
 * first on Hopper; built for sm_90a as conv_wgmma.cu, and on the CPU emulator): one warpgroup's
 * wgmma.m64n128k8 TF32 on small integers laid out as unswizzled K-major core matrices, A's 8-row groups SBO apart and
 * its K halves LBO apart, B the other way round at an offset, stored from the accumulators at the PTX fragment
 * positions (cuda/wgmma.cuh). The product must be exact. Where it is not, the same operands are multiplied again with
 * the descriptor's two byte offsets exchanged, so that the log tells a misread descriptor from a misread fragment
 * layout before any convolution result is looked at.
 */
#include "wgmma_probe.h"

#include <cuda_runtime.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "wgmma.cuh"

namespace {

constexpr int kM = 64, kN = 128, kK = 8;
constexpr unsigned kALbo = 128, kASbo = 256, kBStart = 2048, kBLbo = 2048, kBSbo = 128;
/* Room for either reading of the offsets (the exchanged one reaches B's row groups 2048 bytes apart). */
constexpr unsigned kSmem = kBStart + (kN / 8) * kBLbo + kBSbo;

__host__ __device__ unsigned probe_byte(unsigned start, unsigned lbo, unsigned sbo, int row, int k) {
    return start + (row / 8) * sbo + (k / 4) * lbo + (row % 8) * 16 + (k % 4) * 4;
}

/* Small integers: exact in TF32, and every sum of their products exact in float. */
__host__ __device__ float probe_a(int r, int k) { return (float)((r * 7 + k * 3) % 9 - 4); }
__host__ __device__ float probe_b(int c, int k) { return (float)((c * 5 + k * 11) % 7 - 3); }

/* d[row][col] of the 64 x 128 product; `exchanged`: the descriptors name LBO as SBO and SBO as LBO. */
__global__ void __launch_bounds__(128) wgmma_probe_kernel(int exchanged, float *d) {
    using namespace jace_wgmma;
    extern __shared__ __align__(128) unsigned char probe_smem[];
    const int t = threadIdx.x;
    for (int e = t; e < kM * kK; e += 128) {
        const float v = probe_a(e / kK, e % kK);
        std::memcpy(probe_smem + probe_byte(0, kALbo, kASbo, e / kK, e % kK), &v, 4);
    }
    for (int e = t; e < kN * kK; e += 128) {
        const float v = probe_b(e / kK, e % kK);
        std::memcpy(probe_smem + probe_byte(kBStart, kBLbo, kBSbo, e / kK, e % kK), &v, 4);
    }
    fence_proxy_async();
    __syncthreads();
    const std::uint32_t base = shared_address(probe_smem);
    const std::uint64_t a = exchanged ? wgmma_desc(base, kASbo, kALbo) : wgmma_desc(base, kALbo, kASbo);
    const std::uint64_t b = exchanged ? wgmma_desc(base + kBStart, kBSbo, kBLbo)
                                      : wgmma_desc(base + kBStart, kBLbo, kBSbo);
    float acc[64];
    for (int i = 0; i < 64; ++i) acc[i] = 0.f;
    wgmma_fence();
    wgmma_tf32_m64n128k8(acc, a, b);
    wgmma_commit();
    wgmma_wait<0>();
    const int row0 = 16 * (t / 32) + t % 32 / 4, col0 = 2 * (t % 4);
    for (int i = 0; i < 64; ++i) d[(row0 + 8 * (i % 4 / 2)) * kN + col0 + 8 * (i / 4) + i % 2] = acc[i];
}

/* Elements of the product wrong, -1 where the launch or a CUDA call failed (printed). */
int wrong_elements(int exchanged) {
    float *d = nullptr;
    std::vector<float> got(kM * kN);
    cudaError_t err = cudaMalloc((void **)&d, got.size() * sizeof(float));
    if (err == cudaSuccess) err = cudaMemset(d, 0xff, got.size() * sizeof(float));
    if (err == cudaSuccess) {
        wgmma_probe_kernel<<<1, 128, kSmem>>>(exchanged, d);
        err = cudaGetLastError();
    }
    if (err == cudaSuccess) err = cudaMemcpy(got.data(), d, got.size() * sizeof(float), cudaMemcpyDeviceToHost);
    cudaFree(d);
    if (err != cudaSuccess) {
        std::printf("FAIL wgmma probe: %s (%s)\n", cudaGetErrorName(err), cudaGetErrorString(err));
        return -1;
    }
    int wrong = 0;
    for (int r = 0; r < kM; ++r)
        for (int c = 0; c < kN; ++c) {
            double want = 0;
            for (int k = 0; k < kK; ++k) want += (double)probe_a(r, k) * probe_b(c, k);
            if (got[r * kN + c] != want) {
                if (wrong < 4) {
                    std::printf("  wgmma probe%s: D[%d][%d] = %g, want %g\n", exchanged ? " (offsets exchanged)" : "",
                                r, c, got[r * kN + c], want);
                }
                ++wrong;
            }
        }
    return wrong;
}

} // namespace

int wgmma_probe() {
    const int wrong = wrong_elements(0);
    if (wrong == 0) {
        std::printf("wgmma probe: the 64 x 128 TF32 product of unswizzled K-major descriptors exact at the documented "
                    "fragment positions\n");
        return 0;
    }
    if (wrong > 0) {
        const int exchanged = wrong_elements(1);
        std::printf("FAIL wgmma probe: %d of %d elements wrong; with the descriptors' byte offsets exchanged %d "
                    "(%s)\n", wrong, kM * kN, exchanged,
                    exchanged == 0 ? "the device reads LBO and SBO the other way round"
                                   : "not a matter of the offsets: the fragment positions or the layout");
    }
    return 1;
}
