/*
 * mma_sync_probe.cu — the facts the TF32 and BF16 convolution kernels' warp-level multiply (cuda/warp_tile_mma.cuh on
 * cuda/mma_sync.cuh) rests on, asked of the device itself: conv_gpu_check runs it before any convolution, so that a
 * log whose TF32 or BF16 results are all wrong says which fact the device reads otherwise; test/emu/test_mma_sync.cpp
 * runs it on the emulator. One warp each: mma.m16n8k8 TF32 and mma.m16n8k16 BF16 of small integers loaded at the
 * fragment positions the PTX ISA documents (written out here, apart from mma_sync.cuh and the emulator), exact as a
 * float64 product; ldmatrix.x4.trans's four registers of each lane; the BF16 multiply fed by ldmatrix.trans from
 * k-by-m and k-by-n arrays as WarpTileMma loads them; and round_tf32 (cuda/conv_precision.cuh, cvt.rn.tf32.f32 on
 * sm_90) against a float64 rounding to nearest even, on ties, carries, subnormals, overflow, infinities and NaN.
 * Where a product is wrong, it is multiplied again with A's second and third registers exchanged, a wrong ldmatrix is
 * compared with the untransposed positions, and each float rounded otherwise is read as a tie rounded away from zero, a
 * subnormal flushed to zero or an overflow saturated: the misreadings the FAIL line then names.
 */
#include "mma_sync_probe.h"

#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "conv_precision.cuh"
#include "mma_sync.cuh"

namespace {

using namespace jace_mma;

/* Small integers, exact in BF16 and TF32 and in every partial sum of the products. */
__host__ __device__ inline float a_value(int m, int k) { return (float)((3 * m + 5 * k) % 11 - 5); }
__host__ __device__ inline float b_value(int k, int n) { return (float)((7 * k + 2 * n) % 9 - 4); }
__host__ __device__ inline float c_value(int m, int n) { return (float)((m + 3 * n) % 7); }

/* C + A B at (m, n), C's columns the same in every 16 x 8 tile. */
double product(int m, int n, int depth) {
    double s = c_value(m, n % 8);
    for (int k = 0; k < depth; ++k) s += (double)a_value(m, k) * b_value(k, n);
    return s;
}

/* The BF16 pair of two small integers (exact: at most 8 significant bits), the lower k in the low half. */
__device__ inline std::uint32_t bf16_pair(float lo, float hi) {
    std::uint32_t l, h;
    std::memcpy(&l, &lo, sizeof l);
    std::memcpy(&h, &hi, sizeof h);
    return l >> 16 | (h & 0xffff0000u);
}

/* Lane (g, t)'s accumulators: C at the documented positions, and after the multiply stored from them to out[m][n]
 * (16 x 8). */
__device__ inline void start_d(float (&d)[4], int lane) {
    const int g = lane / 4, t = lane % 4;
    for (int e = 0; e < 4; ++e) d[e] = c_value(g + 8 * (e / 2), 2 * t + e % 2);
}
__device__ inline void store_d(float *out, const float (&d)[4], int lane) {
    const int g = lane / 4, t = lane % 4;
    for (int e = 0; e < 4; ++e) out[(g + 8 * (e / 2)) * 8 + 2 * t + e % 2] = d[e];
}

/* `swap_a`: A's second and third registers exchanged (rows g + 8 and columns t + 4 read the other way round). */
__global__ void tf32_kernel(int swap_a, float *out) {
    const int lane = threadIdx.x % 32, g = lane / 4, t = lane % 4;
    float a[4] = {a_value(g, t), a_value(g + 8, t), a_value(g, t + 4), a_value(g + 8, t + 4)};
    if (swap_a) {
        const float second = a[1];
        a[1] = a[2];
        a[2] = second;
    }
    const float b[2] = {b_value(t, g), b_value(t + 4, g)};
    float d[4];
    start_d(d, lane);
    mma_tf32_m16n8k8(d, a, b);
    store_d(out, d, lane);
}

__global__ void bf16_kernel(int swap_a, float *out) {
    const int lane = threadIdx.x % 32, g = lane / 4, t = lane % 4;
    std::uint32_t a[4], b[2];
    for (int i = 0; i < 4; ++i) {
        const int m = g + 8 * ((swap_a ? i / 2 : i) % 2), k = 2 * t + 8 * ((swap_a ? i % 2 : i / 2));
        a[i] = bf16_pair(a_value(m, k), a_value(m, k + 1));
    }
    for (int i = 0; i < 2; ++i) b[i] = bf16_pair(b_value(2 * t + 8 * i, g), b_value(2 * t + 8 * i + 1, g));
    float d[4];
    start_d(d, lane);
    mma_bf16_m16n8k16(d, a, b);
    store_d(out, d, lane);
}

/* As WarpTileMma's BF16 loads: A stored k-by-m (16 x 16, rows of kLd elements), B k-by-n (16 x 16), both in shared
 * memory, loaded by ldmatrix.x4.trans (B's x4 takes two 8-column tiles, n 0-7 and 8-15, into out's two 16 x 8). */
constexpr int kLd = 24; /* elements a row: 48 bytes, 16-byte aligned rows */
__global__ void ldmatrix_mma_kernel(float *out) {
    extern __shared__ __align__(128) unsigned char mma_probe_smem[];
    __nv_bfloat16 *As = reinterpret_cast<__nv_bfloat16 *>(mma_probe_smem), *Bs = As + 16 * kLd;
    const int lane = threadIdx.x % 32;
    for (int e = lane; e < 16 * 16; e += 32) {
        const int k = e / 16, i = e % 16;
        As[k * kLd + i] = __float2bfloat16_rn(a_value(i, k));
        Bs[k * kLd + i] = __float2bfloat16_rn(b_value(k, i));
    }
    __syncthreads();
    const int r = lane % 8, j = lane / 8;
    std::uint32_t a[4], bb[4];
    ldmatrix_x4_trans(a, As + (r + 8 * (j / 2)) * kLd + 8 * (j % 2));
    ldmatrix_x4_trans(bb, Bs + (r + 8 * (j % 2)) * kLd + 8 * (j / 2));
    const std::uint32_t b0[2] = {bb[0], bb[1]}, b1[2] = {bb[2], bb[3]};
    float d0[4], d1[4];
    start_d(d0, lane);
    start_d(d1, lane);
    mma_bf16_m16n8k16(d0, a, b0);
    mma_bf16_m16n8k16(d1, a, b1);
    store_d(out, d0, lane);
    store_d(out + 16 * 8, d1, lane);
}

/* Lane l's registers of an ldmatrix.x4.trans over a 32 x 8 array M (rows 8 j .. 8 j + 7: matrix j) of BF16
 * M[r][c] = 8 r + c: out[4 l + j] holds r[j]'s low half + 1000 * its high half. */
__global__ void ldmatrix_kernel(float *out) {
    extern __shared__ __align__(128) unsigned char mma_probe_smem[];
    __nv_bfloat16 *M = reinterpret_cast<__nv_bfloat16 *>(mma_probe_smem);
    const int lane = threadIdx.x % 32;
    for (int c = 0; c < 8; ++c) M[lane * 8 + c] = __float2bfloat16_rn((float)(8 * lane + c));
    __syncthreads();
    std::uint32_t r[4];
    ldmatrix_x4_trans(r, M + lane * 8);
    for (int j = 0; j < 4; ++j) {
        const std::uint32_t wide_lo = (r[j] & 0xffffu) << 16, wide_hi = r[j] & 0xffff0000u;
        float lo, hi;
        std::memcpy(&lo, &wide_lo, sizeof lo);
        std::memcpy(&hi, &wide_hi, sizeof hi);
        out[4 * lane + j] = lo + 1000.f * hi;
    }
}

__global__ void round_kernel(const float *in, float *out, int n) {
    for (int i = threadIdx.x; i < n; i += blockDim.x) out[i] = jace_conv::round_tf32(in[i]);
}

/* Runs `launch` (a kernel writing `count` floats to its argument) and copies them back; false (printed) where a
 * CUDA call failed. */
template <typename Launch>
bool run(const char *fact, int count, std::vector<float> &got, Launch launch) {
    float *out = nullptr;
    got.assign(count, 0.f);
    cudaError_t err = cudaMalloc((void **)&out, count * sizeof(float));
    if (err == cudaSuccess) err = cudaMemset(out, 0xff, count * sizeof(float));
    if (err == cudaSuccess) {
        launch(out);
        err = cudaGetLastError();
    }
    if (err == cudaSuccess) err = cudaMemcpy(got.data(), out, count * sizeof(float), cudaMemcpyDeviceToHost);
    cudaFree(out);
    if (err != cudaSuccess) {
        std::printf("FAIL mma.sync probe %s: %s (%s)\n", fact, cudaGetErrorName(err), cudaGetErrorString(err));
    }
    return err == cudaSuccess;
}

/* The elements of got (tiles of 16 x 8, tile i holding columns 8 i .. 8 i + 7 of C + A B) that are not exact, the
 * first three printed. */
int wrong_products(const char *fact, const std::vector<float> &got, int depth, int tiles) {
    int wrong = 0;
    for (int tile = 0; tile < tiles; ++tile)
        for (int m = 0; m < 16; ++m)
            for (int n = 0; n < 8; ++n) {
                const double want = product(m, 8 * tile + n, depth);
                const float value = got[tile * 128 + m * 8 + n];
                if (value == want) continue;
                if (wrong++ < 3) std::printf("  %s: D[%d][%d] = %g, want %g\n", fact, m, 8 * tile + n, value, want);
            }
    return wrong;
}

/* A product of a 16 x 8 x `depth` multiply checked; where it is wrong, again with A's registers exchanged. */
template <typename Kernel>
int product_fact(const char *fact, int depth, Kernel kernel) {
    std::vector<float> got;
    if (!run(fact, 128, got, [&](float *out) { kernel<<<1, 32>>>(0, out); })) return 1;
    const int wrong = wrong_products(fact, got, depth, 1);
    if (wrong == 0) {
        std::printf("mma.sync probe: %s exact at the documented fragment positions\n", fact);
        return 0;
    }
    const std::string again = std::string(fact) + " (A's registers exchanged)";
    int exchanged = -1;
    if (run(again.c_str(), 128, got, [&](float *out) { kernel<<<1, 32>>>(1, out); })) {
        exchanged = wrong_products(again.c_str(), got, depth, 1);
    }
    std::printf("FAIL mma.sync probe %s: %d of 128 elements of C + A B wrong; with A's second and third registers "
                "exchanged %d (%s)\n", fact, wrong, exchanged,
                exchanged == 0  ? "the device takes A's rows g + 8 and columns t + 4 the other way round"
                : exchanged > 0 ? "not A's register order: B's or the accumulators' positions"
                                : "the second run failed");
    return 1;
}

/* `premises`: the plain BF16 product and ldmatrix.trans's registers were right. */
int ldmatrix_mma_fact(bool premises) {
    const char *fact = "BF16 m16n8k16 through ldmatrix.x4.trans";
    std::vector<float> got;
    if (!run(fact, 2 * 128, got, [](float *out) { ldmatrix_mma_kernel<<<1, 32, 32 * kLd * 2>>>(out); })) return 1;
    const int wrong = wrong_products(fact, got, 16, 2);
    if (wrong == 0) {
        std::printf("mma.sync probe: %s from k-by-m and k-by-n arrays, as WarpTileMma loads them, exact\n", fact);
        return 0;
    }
    std::printf("FAIL mma.sync probe %s: %d of 256 elements wrong (%s)\n", fact, wrong,
                premises ? "the plain BF16 product and ldmatrix.trans's registers are right: the addresses WarpTileMma "
                           "gives ldmatrix"
                         : "the plain BF16 product or ldmatrix.trans's registers are wrong too, above");
    return 1;
}

/* Registers of ldmatrix_kernel where lane l's r[j] holds the elements (row, col) and (row2, col2) of matrix j. */
double ldmatrix_word(int j, int row, int col, int row2, int col2) {
    return (8 * (8 * j + row) + col) + 1000.0 * (8 * (8 * j + row2) + col2);
}

int ldmatrix_fact() {
    const char *fact = "ldmatrix.x4.trans";
    std::vector<float> got;
    if (!run(fact, 4 * 32, got, [](float *out) { ldmatrix_kernel<<<1, 32, 32 * 8 * 2>>>(out); })) return 1;
    int wrong = 0, untransposed = 0;
    for (int l = 0; l < 32; ++l)
        for (int j = 0; j < 4; ++j) {
            const int g = l / 4, t = l % 4;
            const double want = ldmatrix_word(j, 2 * t, g, 2 * t + 1, g);
            if (got[4 * l + j] != want && wrong++ < 3) {
                std::printf("  %s: lane %d r[%d] = %g, want %g\n", fact, l, j, got[4 * l + j], want);
            }
            untransposed += got[4 * l + j] != ldmatrix_word(j, g, 2 * t, g, 2 * t + 1);
        }
    if (wrong == 0) {
        std::printf("mma.sync probe: %s gives each lane its documented pair of each matrix\n", fact);
        return 0;
    }
    std::printf("FAIL mma.sync probe %s: %d of 128 registers wrong (%s)\n", fact, wrong,
                untransposed == 0 ? "the device gives the untransposed pairs: .trans ignored"
                                  : "neither the transposed nor the untransposed pairs");
    return 1;
}

float from_bits(std::uint32_t u) {
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}
std::uint32_t bits_of(float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

/* v to 11 significant bits (TF32's 10 stored) in float64, subnormals to multiples of 2^-139, ties to even or away
 * from zero; past the largest float, infinity (the conversion to float). */
float tf32_of(float v, bool ties_even) {
    if (!std::isfinite(v) || v == 0.f) return v;
    const int e = std::max(std::ilogb(v), -126);
    const double quantum = std::ldexp(1.0, e - 10), q = (double)v / quantum; /* exact: a float has 24 bits */
    return (float)((ties_even ? std::nearbyint(q) : std::round(q)) * quantum);
}

/* Floats whose TF32 rounding is at stake: below, at and above a tie with the kept bit even and odd, ties that carry
 * into the exponent, subnormal ties, the largest floats (one rounds to infinity), both signs; and infinities, NaN. */
std::vector<float> rounding_inputs() {
    std::vector<float> v;
    for (const std::uint32_t exponent : {0x3f800000u, 0x4b000000u, 0x00800000u, 0x7f000000u})
        for (const std::uint32_t mantissa : {0x000000u, 0x000fffu, 0x001000u, 0x001001u, 0x001fffu, 0x003000u,
                                             0x002fffu, 0x123456u, 0x7ff000u, 0x7fefffu, 0x7fffffu})
            for (const std::uint32_t sign : {0u, 0x80000000u}) v.push_back(from_bits(sign | exponent | mantissa));
    for (const std::uint32_t sub : {0x00000001u, 0x00001000u, 0x00003000u, 0x00002fffu, 0x007ff000u, 0x007fffffu})
        for (const std::uint32_t sign : {0u, 0x80000000u}) v.push_back(from_bits(sign | sub));
    for (const std::uint32_t special : {0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7f800001u}) {
        v.push_back(from_bits(special));
    }
    return v;
}

/* got is rounded as `ties_even` (true: to nearest even, false: ties away from zero) asks; NaN for NaN. */
bool rounded_as(float in, float got, bool ties_even) {
    if (std::isnan(in)) return std::isnan(got);
    return bits_of(got) == bits_of(tf32_of(in, ties_even));
}

/* The readings a FAIL line names of a float not rounded to nearest even: a tie rounded away from zero, a subnormal
 * flushed to zero, a value past the largest TF32 saturated to it instead of rounded to infinity, or none of these. */
enum Otherwise { kTiesAway, kFlushed, kSaturated, kOther, kReadings };
Otherwise reading_of(float in, float got) {
    if (rounded_as(in, got, false)) return kTiesAway;
    const bool same_sign = std::signbit(got) == std::signbit(in);
    if (std::fpclassify(in) == FP_SUBNORMAL && got == 0.f && same_sign) return kFlushed;
    if (std::isinf(tf32_of(in, true)) && std::fabs(got) == from_bits(0x7f7fe000u) && same_sign) return kSaturated;
    return kOther;
}

int rounding_fact() {
    const char *fact = "round_tf32";
    const std::vector<float> in = rounding_inputs();
    const int n = (int)in.size();
    float *dev_in = nullptr;
    std::vector<float> got;
    cudaError_t err = cudaMalloc((void **)&dev_in, n * sizeof(float));
    if (err == cudaSuccess) err = cudaMemcpy(dev_in, in.data(), n * sizeof(float), cudaMemcpyHostToDevice);
    const bool ran =
        err == cudaSuccess && run(fact, n, got, [&](float *out) { round_kernel<<<1, 64>>>(dev_in, out, n); });
    cudaFree(dev_in);
    if (!ran) {
        if (err != cudaSuccess) std::printf("FAIL mma.sync probe %s: %s\n", fact, cudaGetErrorName(err));
        return 1;
    }
    int wrong = 0, readings[kReadings] = {};
    for (size_t i = 0; i < in.size(); ++i) {
        if (rounded_as(in[i], got[i], true)) continue;
        ++readings[reading_of(in[i], got[i])];
        if (wrong++ < 3) {
            std::printf("  %s(0x%08x) = 0x%08x, want 0x%08x\n", fact, bits_of(in[i]), bits_of(got[i]),
                        bits_of(tf32_of(in[i], true)));
        }
    }
    if (wrong == 0) {
        std::printf("mma.sync probe: %s rounds %d floats (ties, carries, subnormals, overflow, infinities, NaN) to "
                    "nearest even, as the host references do\n", fact, n);
        return 0;
    }
    std::printf("FAIL mma.sync probe %s: %d of %d floats rounded otherwise than to nearest even: %d ties away from "
                "zero, %d subnormals flushed to zero, %d overflows saturated, %d none of these\n", fact, wrong, n,
                readings[kTiesAway], readings[kFlushed], readings[kSaturated], readings[kOther]);
    return 1;
}

} // namespace

int mma_sync_probe() {
    const int tf32 = product_fact("TF32 m16n8k8", 8, tf32_kernel); /* one at a time: the log's order */
    const int bf16 = product_fact("BF16 m16n8k16", 16, bf16_kernel);
    const int ldmatrix = ldmatrix_fact();
    const int fed = ldmatrix_mma_fact(bf16 + ldmatrix == 0);
    return tf32 + bf16 + ldmatrix + fed + rounding_fact();
}
