/*
 * wgmma_probe.cu — the facts the wgmma convolution kernels rest on, asked of the device itself (conv_gpu_check runs it
 * on Hopper before it checks them; built for sm_90a as conv_wgmma.cu, and on the CPU emulator): one warpgroup's
 * wgmma.m64n128k8 TF32, and its wgmma.m64n128k16 BF16, on the small integers of wgmma_operands.h, laid out as
 * unswizzled K-major core matrices with descriptors of different strides (as test/emu/test_wgmma.cpp multiplies them on
 * the emulator), stored from the accumulators at the PTX fragment positions (cuda/wgmma.cuh). Each product must be
 * exact. Where one is not, the same operands are multiplied again with the descriptor's two byte offsets exchanged, so
 * that the log tells a misread descriptor from a misread fragment layout before any convolution result is looked at.
 * tma_probe asks the same of the tensor-copy loop (conv_wgmma_tma.cuh): tensor copies of a 64-row A and a 128-row B,
 * one 128-byte K tile each, in 128-byte swizzle onto a transaction barrier, must land each element at the documented
 * place (chunk c of row r at chunk c ^ (r % 8)), and the wgmma of 128-byte swizzled descriptors stepped 32 bytes along
 * K must then give the exact product: a failure names which of the two the device reads otherwise.
 */
#include "wgmma_probe.h"

#include <cuda_runtime.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "conv_wgmma.h"
#include "tma.cuh"
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

/* ------------------------------------------------------------------ the tensor-copy loop's facts */

constexpr int kTmaRowBytes = 128, kTmaABytes = kM * kTmaRowBytes, kTmaBBytes = kN * kTmaRowBytes;
constexpr int kTmaSmem = 1024 + kTmaABytes + kTmaBBytes + 8; /* the copies' 1024-byte alignment, then the barrier */

/* A's and B's copies (A at the aligned start, B after it) onto one barrier; their shared bytes to raw, then
 * d = A B^T over the K tile in 4 multiplies of 32 bytes. */
template <int BYTES>
__global__ void __launch_bounds__(128) tma_probe_kernel(const __grid_constant__ CUtensorMap a_map,
                                                        const __grid_constant__ CUtensorMap b_map, unsigned char *raw,
                                                        float *d) {
    using namespace jace_wgmma;
    using namespace jace_tma;
    extern __shared__ __align__(128) unsigned char tma_probe_smem[];
    const std::uint32_t at = shared_address(tma_probe_smem);
    unsigned char *const tiles = tma_probe_smem + ((at + 1023u) / 1024u * 1024u - at);
    std::uint64_t *const bar = reinterpret_cast<std::uint64_t *>(tiles + kTmaABytes + kTmaBBytes);
    const int t = threadIdx.x;
    if (t == 0) {
        mbarrier_init(bar, 1);
        fence_barrier_init();
    }
    __syncthreads();
    if (t == 0) {
        mbarrier_arrive_expect_tx(bar, kTmaABytes + kTmaBBytes);
        tma_load_2d(tiles, &a_map, 0, 0, bar);
        tma_load_2d(tiles + kTmaABytes, &b_map, 0, 0, bar);
    }
    mbarrier_wait(bar, 0);
    for (int i = t; i < kTmaABytes + kTmaBBytes; i += 128) raw[i] = tiles[i];
    const std::uint32_t a = shared_address(tiles), b = a + kTmaABytes;
    float acc[64];
    for (int i = 0; i < 64; ++i) acc[i] = 0.f;
    wgmma_fence();
    wgmma_sw128_k_tile<BYTES>(acc, a, b); /* as the tensor-copy loop multiplies a K tile */
    wgmma_commit();
    wgmma_wait<0>();
    for (int i = 0; i < 64; ++i) d[wgmma_acc_row(t, i) * kN + wgmma_acc_col(t, i)] = acc[i];
}

/* Elements of the landed operand (its `rows` rows at raw) not where the 128-byte swizzle puts them; the first
 * printed. */
int misplaced(const unsigned char *raw, const std::vector<unsigned char> &operand, int rows, int bytes, char which) {
    int wrong = 0;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < kTmaRowBytes / bytes; ++c) {
            const int chunk = c * bytes / 16, at = r * kTmaRowBytes + (chunk ^ r % 8) * 16 + c * bytes % 16;
            if (std::memcmp(raw + at, operand.data() + r * kTmaRowBytes + c * bytes, bytes) != 0 && wrong++ == 0) {
                std::printf("  tma probe %s: %c[%d][%d] not at byte %d of the landed tile\n", type_of(bytes), which,
                            r, c, at);
            }
        }
    return wrong;
}

/* The tensor-copy loop's facts at elements of `bytes` bytes, printed; 1 where one fails. */
int tma_probe_of(int bytes, const char *(*error_message)()) {
    const char *type = type_of(bytes);
    const jace_precision prec = bytes == 2 ? JACE_PRECISION_BF16 : JACE_PRECISION_TF32;
    const int k = kTmaRowBytes / bytes;
    const std::vector<unsigned char> a = k_major(kM, k, bytes, a_value), b = k_major(kN, k, bytes, b_value);
    unsigned char *da = nullptr, *db = nullptr, *raw = nullptr;
    float *d = nullptr;
    std::vector<unsigned char> landed(kTmaABytes + kTmaBBytes);
    std::vector<float> got(kM * kN);
    CUtensorMap a_map, b_map;
    cudaError_t err = cudaMalloc((void **)&da, a.size());
    if (err == cudaSuccess) err = cudaMalloc((void **)&db, b.size());
    if (err == cudaSuccess) err = cudaMalloc((void **)&raw, landed.size());
    if (err == cudaSuccess) err = cudaMalloc((void **)&d, got.size() * sizeof(float));
    if (err == cudaSuccess) err = cudaMemcpy(da, a.data(), a.size(), cudaMemcpyHostToDevice);
    if (err == cudaSuccess) err = cudaMemcpy(db, b.data(), b.size(), cudaMemcpyHostToDevice);
    bool mapped = false;
    if (err == cudaSuccess) {
        mapped = jace_conv_wgmma_tensor_map("tma probe", prec, da, kM, k, kM, &a_map) == JACE_SUCCESS &&
                 jace_conv_wgmma_tensor_map("tma probe", prec, db, kN, k, kN, &b_map) == JACE_SUCCESS;
    }
    if (err == cudaSuccess && mapped) {
        if (bytes == 2) {
            tma_probe_kernel<2><<<1, 128, kTmaSmem>>>(a_map, b_map, raw, d);
        } else {
            tma_probe_kernel<4><<<1, 128, kTmaSmem>>>(a_map, b_map, raw, d);
        }
        err = cudaGetLastError();
        if (err == cudaSuccess) err = cudaMemcpy(landed.data(), raw, landed.size(), cudaMemcpyDeviceToHost);
        if (err == cudaSuccess) err = cudaMemcpy(got.data(), d, got.size() * sizeof(float), cudaMemcpyDeviceToHost);
    }
    cudaFree(da);
    cudaFree(db);
    cudaFree(raw);
    cudaFree(d);
    if (!mapped && err == cudaSuccess) {
        std::printf("FAIL tma probe %s: no tensor map: %s\n", type, error_message());
        return 1;
    }
    if (err != cudaSuccess) {
        std::printf("FAIL tma probe %s: %s (%s)\n", type, cudaGetErrorName(err), cudaGetErrorString(err));
        return 1;
    }
    const int wrong_a = misplaced(landed.data(), a, kM, bytes, 'A');
    const int wrong_b = misplaced(landed.data() + kTmaABytes, b, kN, bytes, 'B');
    int wrong = 0;
    for (int r = 0; r < kM; ++r)
        for (int c = 0; c < kN; ++c) {
            wrong += got[r * kN + c] != product_over(r, c, k);
        }
    if (wrong_a + wrong_b > 0) {
        std::printf("FAIL tma probe %s: %d of %d elements of the tensor copies not at the 128-byte swizzle's places "
                    "(chunk c of row r at chunk c ^ (r %% 8)); the product %d of %d wrong\n", type, wrong_a + wrong_b,
                    (kM + kN) * kTmaRowBytes / bytes, wrong, kM * kN);
        return 1;
    }
    if (wrong > 0) {
        std::printf("FAIL tma probe %s: the tensor copies land as documented, but the wgmma of 128-byte swizzled "
                    "descriptors (layout type 1, SBO 1024, start stepped 32 bytes along K) gets %d of %d elements "
                    "wrong\n", type, wrong, kM * kN);
        return 1;
    }
    std::printf("tma probe: tensor copies in 128-byte swizzle land at the documented places, and the 64 x 128 %s "
                "product of their swizzled descriptors is exact\n", type);
    return 0;
}

} // namespace

int wgmma_probe() {
    const int tf32 = probe(4); /* first: the log's order */
    return tf32 + probe(2);
}

int tma_probe(const char *(*error_message)()) {
    const int tf32 = tma_probe_of(4, error_message);
    return tf32 + tma_probe_of(2, error_message);
}
