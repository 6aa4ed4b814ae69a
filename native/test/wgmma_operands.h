/*
 * wgmma_operands.h — the operands that test/emu/test_wgmma.cpp (the emulator's wgmma) and test/wgmma_probe.cu (the
 * device's) multiply: A (64 x 8) and B (128 x 8) of small integers, exact in TF32 and with every sum of their products
 * exact in float, laid out as unswizzled K-major core matrices with descriptors of different strides: A's 8-row groups
 * SBO = 256 bytes apart and its K halves LBO = 128; B at 2048, its K halves 2048 apart and its row groups 128.
 */
#ifndef JACE_WGMMA_OPERANDS_H
#define JACE_WGMMA_OPERANDS_H

#include <cstring>

namespace wgmma_operands {

constexpr int kM = 64, kN = 128, kK = 8;
constexpr unsigned kALbo = 128, kASbo = 256, kBStart = 2048, kBLbo = 2048, kBSbo = 128;

/* Byte of element (row, k) of the operand at start with those offsets (cuda/wgmma.cuh). */
__host__ __device__ inline unsigned byte_at(unsigned start, unsigned lbo, unsigned sbo, int row, int k) {
    return start + (row / 8) * sbo + (k / 4) * lbo + (row % 8) * 16 + (k % 4) * 4;
}

__host__ __device__ inline float a_value(int r, int k) { return (float)((r * 7 + k * 3) % 9 - 4); }
__host__ __device__ inline float b_value(int c, int k) { return (float)((c * 5 + k * 11) % 7 - 3); }

/* A B^T's element (r, c), in float64. */
inline double product(int r, int c) {
    double s = 0;
    for (int k = 0; k < kK; ++k) s += (double)a_value(r, k) * b_value(c, k);
    return s;
}

/* Thread t of a block of `threads` writes its share of both operands into smem. */
__host__ __device__ inline void fill_operands(unsigned char *smem, int t, int threads) {
    for (int e = t; e < kM * kK; e += threads) {
        const float v = a_value(e / kK, e % kK);
        std::memcpy(smem + byte_at(0, kALbo, kASbo, e / kK, e % kK), &v, 4);
    }
    for (int e = t; e < kN * kK; e += threads) {
        const float v = b_value(e / kK, e % kK);
        std::memcpy(smem + byte_at(kBStart, kBLbo, kBSbo, e / kK, e % kK), &v, 4);
    }
}

} // namespace wgmma_operands

#endif
