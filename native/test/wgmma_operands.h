/*
 * wgmma_operands.h — the operands that test/emu/test_wgmma.cpp (the emulator's wgmma) and test/wgmma_probe.cu (the
 * device's) multiply: A (64 x K) and B (128 x K) of small integers, K = 8 TF32 (4-byte) or 16 BF16 (2-byte) values,
 * exact in either and with every sum of their products exact in float, laid out as unswizzled K-major core matrices
 * (8 rows of 16 bytes) with descriptors of different strides: A's 8-row groups SBO = 256 bytes apart and its two core
 * matrices along K LBO = 128; B at 2048, its K halves 2048 apart and its row groups 128. The same values, one 128-byte
 * K tile deep (32 TF32 or 64 BF16) and K-major in plain rows (k_major), are what test/emu/test_tma.cpp and tma_probe
 * copy with tensor copies and multiply in 128-byte swizzle.
 */
#ifndef JACE_WGMMA_OPERANDS_H
#define JACE_WGMMA_OPERANDS_H

#include <cstdint>
#include <cstring>
#include <vector>

namespace wgmma_operands {

constexpr int kM = 64, kN = 128, kK = 8;
constexpr unsigned kALbo = 128, kASbo = 256, kBStart = 2048, kBLbo = 2048, kBSbo = 128;

/* A multiply's depth with elements of `bytes` bytes: 32 bytes of each row, 8 TF32 or 16 BF16 values. */
__host__ __device__ constexpr int depth(int bytes) { return 32 / bytes; }

/* Byte of element (row, k) of the operand at start with those offsets, elements of `bytes` bytes (cuda/wgmma.cuh). */
__host__ __device__ inline unsigned byte_at(unsigned start, unsigned lbo, unsigned sbo, int row, int k, int bytes = 4) {
    const int per_row = 16 / bytes;
    return start + (row / 8) * sbo + (k / per_row) * lbo + (row % 8) * 16 + (k % per_row) * bytes;
}

__host__ __device__ inline float a_value(int r, int k) { return (float)((r * 7 + k * 3) % 9 - 4); }
__host__ __device__ inline float b_value(int c, int k) { return (float)((c * 5 + k * 11) % 7 - 3); }

/* A B^T's element (r, c) over the first k of K, in float64. */
inline double product_over(int r, int c, int k) {
    double s = 0;
    for (int kk = 0; kk < k; ++kk) s += (double)a_value(r, kk) * b_value(c, kk);
    return s;
}

/* A B^T's element (r, c), in float64. */
inline double product(int r, int c, int bytes = 4) { return product_over(r, c, depth(bytes)); }

/* v (a small integer: exact in TF32 and BF16) into smem at byte `at` as an element of `bytes` bytes (BF16: a float's
 * upper half). */
__host__ __device__ inline void put(unsigned char *smem, unsigned at, float v, int bytes) {
    std::uint32_t bits;
    std::memcpy(&bits, &v, 4);
    if (bytes == 2) {
        const std::uint16_t half = (std::uint16_t)(bits >> 16);
        std::memcpy(smem + at, &half, 2);
    } else {
        std::memcpy(smem + at, &bits, 4);
    }
}

/* The rows x k operand of v (a_value or b_value) as a K-major matrix of `bytes`-byte elements, rows k * bytes apart:
 * the source of the tensor copies of test/emu/test_tma.cpp and test/wgmma_probe.cu's tma_probe. */
inline std::vector<unsigned char> k_major(int rows, int k, int bytes, float (*v)(int, int)) {
    std::vector<unsigned char> m((std::size_t)rows * k * bytes);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < k; ++c) put(m.data(), (unsigned)((r * k + c) * bytes), v(r, c), bytes);
    return m;
}

/* Thread t of a block of `threads` writes its share of both operands into smem. */
__host__ __device__ inline void fill_operands(unsigned char *smem, int t, int threads, int bytes = 4) {
    const int k = depth(bytes);
    for (int e = t; e < kM * k; e += threads)
        put(smem, byte_at(0, kALbo, kASbo, e / k, e % k, bytes), a_value(e / k, e % k), bytes);
    for (int e = t; e < kN * k; e += threads)
        put(smem, byte_at(kBStart, kBLbo, kBSbo, e / k, e % k, bytes), b_value(e / k, e % k), bytes);
}

} // namespace wgmma_operands

#endif
