/* The emulator's warp-level MMA and ldmatrix (jace_emu.h; the kernels call them through cuda/mma_sync.cuh): each lane
 * publishes its operand registers, and once the warp's 32 have, every lane assembles the operands from them at the
 * positions the PTX ISA documents ("Matrix Fragments for mma.m16n8k8" and "for mma.m16n8k16", "ldmatrix") and
 * computes its own accumulators or registers. g = lane / 4 (the ISA's groupID), t = lane % 4 (threadID_in_group). */
#include <cstdint>
#include <cstring>

#include "emu_internal.h"
#include "jace_emu.h"

namespace jace_emu {
namespace {

struct MmaOperands {
    std::uint32_t a[4], b[2];
};

/* Lane l's published operands in a gather's result. */
const MmaOperands &lane_operands(const unsigned char *all, int l) {
    return *reinterpret_cast<const MmaOperands *>(all + l * kGatherBytes);
}

/* This lane's accumulators d (rows g and g + 8, columns 2 t and 2 t + 1 of the 16 x 8 tile) plus A B, from rows[h] =
 * A's row g + 8 h and cols[h] = B's column 2 t + h (K deep each): each product added in turn, k ascending (the
 * hardware leaves the order open; wgmma's emulation sums a step's products first). */
template <int K>
void accumulate(float *d, const float (&rows)[2][K], const float (&cols)[2][K]) {
    for (int e = 0; e < 4; ++e) {
        float acc = d[e];
        for (int k = 0; k < K; ++k) acc += rows[e / 2][k] * cols[e % 2][k];
        d[e] = acc;
    }
}

/* Aborts where a TF32 operand element (this lane's, at A[row][col] or B[row][col]) has mantissa bits below TF32's. */
void require_tf32(std::uint32_t bits, char which, int row, int col) {
    if ((bits & 0x7f800000u) != 0x7f800000u && (bits & 0x1fffu) != 0) {
        fatal("mma.sync TF32 operand %c[%d][%d] = 0x%08x has mantissa bits below TF32's 10: round it first "
              "(cvt.rn.tf32.f32)", which, row, col, bits);
    }
}

float float_of(std::uint32_t bits) {
    float v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
}

/* The BF16 in the low (half 0) or high (half 1) 16 bits of a register, as a float. */
float bf16_value(std::uint32_t bits, int half) { return float_of((bits >> (16 * half) & 0xffffu) << 16); }

/* The warp's operands, published by each lane (a warp-collective instruction `what`, which every lane must do). */
const unsigned char *gather(const char *what, const void *instance, const void *mine, std::size_t bytes) {
    warp_collective(what, instance, 0);
    return warp_gather(what, mine, bytes);
}

/* The warp's A and B registers of an mma. */
const unsigned char *gather_operands(const char *what, const void *instance, const std::uint32_t *a,
                                     const std::uint32_t *b) {
    MmaOperands mine;
    std::memcpy(mine.a, a, sizeof mine.a);
    std::memcpy(mine.b, b, sizeof mine.b);
    return gather(what, instance, &mine, sizeof mine);
}

}  // namespace

/* Each lane checks its own elements; rows g and g + 8 of A lie in lanes 4 g .. 4 g + 3 (lane 4 g + u: k = u and
 * u + 4), columns 2 t and 2 t + 1 of B in lanes 4 (2 t + h) + u (k = u and u + 4). */
void mma_tf32_m16n8k8(float *d, const std::uint32_t *a, const std::uint32_t *b) {
    const int lane = lane_id(), g = lane / 4, t = lane % 4;
    for (int i = 0; i < 4; ++i) require_tf32(a[i], 'A', g + 8 * (i % 2), t + 4 * (i / 2));
    for (int i = 0; i < 2; ++i) require_tf32(b[i], 'B', t + 4 * i, g);
    const unsigned char *all =
        gather_operands("mma.sync.m16n8k8.tf32", reinterpret_cast<const void *>(&mma_tf32_m16n8k8), a, b);
    float rows[2][8], cols[2][8];
    for (int u = 0; u < 4; ++u) {
        const MmaOperands &o = lane_operands(all, 4 * g + u); /* a0 (g, u), a1 (g + 8, u), a2 (g, u + 4), a3 */
        for (int i = 0; i < 4; ++i) rows[i % 2][u + 4 * (i / 2)] = float_of(o.a[i]);
        for (int h = 0; h < 2; ++h) {
            const MmaOperands &p = lane_operands(all, 4 * (2 * t + h) + u); /* b0 (u, 2 t + h), b1 (u + 4, ..) */
            for (int i = 0; i < 2; ++i) cols[h][u + 4 * i] = float_of(p.b[i]);
        }
    }
    accumulate(d, rows, cols);
}

/* The same lanes as TF32's, each register a pair of k: lane 4 g + u holds k = 2 u, 2 u + 1 and 2 u + 8, 2 u + 9. */
void mma_bf16_m16n8k16(float *d, const std::uint32_t *a, const std::uint32_t *b) {
    const unsigned char *all =
        gather_operands("mma.sync.m16n8k16.bf16", reinterpret_cast<const void *>(&mma_bf16_m16n8k16), a, b);
    const int lane = lane_id(), g = lane / 4, t = lane % 4;
    float rows[2][16], cols[2][16];
    for (int u = 0; u < 4; ++u)
        for (int x = 0; x < 2; ++x) { /* x: the register's half */
            const MmaOperands &o = lane_operands(all, 4 * g + u); /* a0 row g, a1 row g + 8, a2 and a3 k + 8 */
            for (int i = 0; i < 4; ++i) rows[i % 2][2 * u + 8 * (i / 2) + x] = bf16_value(o.a[i], x);
            for (int h = 0; h < 2; ++h) {
                const MmaOperands &p = lane_operands(all, 4 * (2 * t + h) + u); /* b0 k 2 u, b1 k 2 u + 8 */
                for (int i = 0; i < 2; ++i) cols[h][2 * u + 8 * i + x] = bf16_value(p.b[i], x);
            }
        }
    accumulate(d, rows, cols);
}

void ldmatrix_x4_trans(std::uint32_t *r, const void *row) {
    if (((std::uintptr_t)row & 15u) != 0) fatal("ldmatrix: row address %p is not 16-byte aligned", row);
    const unsigned char *all =
        gather("ldmatrix.sync.x4.trans.b16", reinterpret_cast<const void *>(&ldmatrix_x4_trans), &row, sizeof row);
    const int lane = lane_id(), g = lane / 4, t = lane % 4;
    for (int j = 0; j < 4; ++j) {
        std::uint16_t e[2];
        for (int h = 0; h < 2; ++h) {
            const unsigned char *p;
            std::memcpy(&p, all + (8 * j + 2 * t + h) * kGatherBytes, sizeof p);
            std::memcpy(&e[h], p + 2 * g, sizeof e[h]);
        }
        r[j] = (std::uint32_t)e[0] | (std::uint32_t)e[1] << 16;
    }
}

}  // namespace jace_emu
