/*
 * mma_sync.cuh — warp-level tensor-core MMA with operands in registers (sm_80 and later), the primitives of the
 * convolution kernels' TF32 and BF16 multiply (warp_tile_mma.cuh's WarpTileMma):
 *   - mma_tf32_m16n8k8(d, a, b): d[16 x 8] += A[16 x 8] B[8 x 8] over the warp, A's and B's elements already TF32
 *     (rounded: the low 13 bits zero). Lane l, with g = l / 4 and t = l % 4 (the PTX ISA's groupID and
 *     threadID_in_group), holds a = {A[g][t], A[g + 8][t], A[g][t + 4], A[g + 8][t + 4]}, b = {B[t][g], B[t + 4][g]}
 *     and d = {D[g][2 t], D[g][2 t + 1], D[g + 8][2 t], D[g + 8][2 t + 1]};
 *   - mma_bf16_m16n8k16(d, a, b): the same 16 deep from BF16 pairs, the lower k in each register's low half:
 *     a = {A[g][2 t, 2 t + 1], A[g + 8][2 t, ..], A[g][2 t + 8, ..], A[g + 8][2 t + 8, ..]},
 *     b = {B[2 t, 2 t + 1][g], B[2 t + 8, 2 t + 9][g]}, d as above;
 *   - ldmatrix_x4_trans(r, row): four 8 x 8 matrices of 16-bit elements from shared memory, lanes 8 j .. 8 j + 7
 *     naming the rows (16 bytes, 16-byte aligned) of matrix j; lane l gets in r[j] the elements (2 t, g) and
 *     (2 t + 1, g) of matrix j. Rows of a k-by-m (or k-by-n) array, m fastest, so give A's (and B's) k pairs above.
 * (PTX ISA, "Matrix Fragments for mma.m16n8k8", "... for mma.m16n8k16 with floating point type", "ldmatrix".)
 * Their addresses are the kernel's own: a lane's base plus constants, where wmma's loads had each fragment element's
 * address computed by an instruction of its own. On the CPU emulator (JACE_CPU_EMULATOR) they go to jace_emu
 * (emu/include/jace_emu.h), which assembles the tiles from the warp's lanes at these positions.
 */
#ifndef JACE_MMA_SYNC_CUH
#define JACE_MMA_SYNC_CUH

#include <cuda_bf16.h>

#include <cstdint>
#include <cstring>

namespace jace_mma {

#if defined(JACE_CPU_EMULATOR)

inline void mma_tf32_m16n8k8(float (&d)[4], const float (&a)[4], const float (&b)[2]) {
    std::uint32_t ab[4], bb[2];
    std::memcpy(ab, a, sizeof ab);
    std::memcpy(bb, b, sizeof bb);
    ::jace_emu::mma_tf32_m16n8k8(d, ab, bb);
}
inline void mma_bf16_m16n8k16(float (&d)[4], const std::uint32_t (&a)[4], const std::uint32_t (&b)[2]) {
    ::jace_emu::mma_bf16_m16n8k16(d, a, b);
}
inline void ldmatrix_x4_trans(std::uint32_t (&r)[4], const __nv_bfloat16 *row) {
    ::jace_emu::ldmatrix_x4_trans(r, row);
}

#else

__device__ __forceinline__ void mma_tf32_m16n8k8(float (&d)[4], const float (&a)[4], const float (&b)[2]) {
    asm("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, "
        "{%0, %1, %2, %3};"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(__float_as_uint(a[0])), "r"(__float_as_uint(a[1])), "r"(__float_as_uint(a[2])),
          "r"(__float_as_uint(a[3])), "r"(__float_as_uint(b[0])), "r"(__float_as_uint(b[1])));
}

__device__ __forceinline__ void mma_bf16_m16n8k16(float (&d)[4], const std::uint32_t (&a)[4],
                                                  const std::uint32_t (&b)[2]) {
    asm("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, "
        "{%0, %1, %2, %3};"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

/* "memory": no shared-memory access moves across it (the barriers that publish a stage). */
__device__ __forceinline__ void ldmatrix_x4_trans(std::uint32_t (&r)[4], const __nv_bfloat16 *row) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0, %1, %2, %3}, [%4];"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
                 : "r"((unsigned)__cvta_generic_to_shared(row))
                 : "memory");
}

#endif

} // namespace jace_mma

#endif
