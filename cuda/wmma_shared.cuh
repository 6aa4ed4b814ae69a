/*
 * wmma_shared.cuh — wmma fragments loaded from shared memory with shared-memory loads.
 *
 * nvcuda::wmma::load_matrix_sync hands its builtin a generic pointer, so nvcc 13.0 emits wmma.load without a state
 * space even for a pointer into __shared__ arrays, and ptxas then loads every fragment element with a generic
 * 64-bit LD.E and the 64-bit address arithmetic for it (sm_90 SASS of the packed TF32 kernel, 128 x 128 tile: 48
 * LD.E and 49 IMAD.WIDE among 472 instructions a K tile, for 64 HMMA). load_shared issues the same PTX instruction
 * with .shared and a 32-bit shared address: LDS. Its registers are what load_matrix_sync's wmma.load would have
 * filled, so mma_sync takes the fragments as before. store_shared does the same for the accumulators the epilogues
 * stage in shared memory (TF32's m16n16k8 stores had come out as generic ST.E too). The emulator (no __CUDA_ARCH__)
 * calls load_matrix_sync and store_matrix_sync.
 */
#ifndef JACE_WMMA_SHARED_CUH
#define JACE_WMMA_SHARED_CUH

#include <cuda_bf16.h>
#include <mma.h>

namespace jace_wmma {

#if defined(__CUDA_ARCH__)
/* "memory": no shared-memory access moves across it (the barriers that publish a stage). */
#define JACE_WMMA_LOAD_SHARED(INSTRUCTION, FRAG, PTR, LDM)                                                         \
    do {                                                                                                           \
        unsigned *r_ = reinterpret_cast<unsigned *>(&(FRAG).x[0]);                                                 \
        asm volatile(INSTRUCTION " {%0, %1, %2, %3}, [%4], %5;"                                                    \
                     : "=r"(r_[0]), "=r"(r_[1]), "=r"(r_[2]), "=r"(r_[3])                                          \
                     : "r"((unsigned)__cvta_generic_to_shared(PTR)), "n"(LDM)                                      \
                     : "memory");                                                                                  \
    } while (0)
#else
#define JACE_WMMA_LOAD_SHARED(INSTRUCTION, FRAG, PTR, LDM) nvcuda::wmma::load_matrix_sync(FRAG, PTR, LDM)
#endif

/* One load_shared per fragment type jace's kernels load: TF32 m16n16k8 and BF16 m16n16k16, A column-major, B
 * row-major (p: a 256-bit aligned pointer into shared memory, ldm elements a row or column, as load_matrix_sync). */
template <unsigned LDM>
__device__ __forceinline__ void load_shared(
    nvcuda::wmma::fragment<nvcuda::wmma::matrix_a, 16, 16, 8, nvcuda::wmma::precision::tf32, nvcuda::wmma::col_major>
        &f,
    const float *p) {
    JACE_WMMA_LOAD_SHARED("wmma.load.a.sync.aligned.col.m16n16k8.shared.tf32", f, p, LDM);
}

template <unsigned LDM>
__device__ __forceinline__ void load_shared(
    nvcuda::wmma::fragment<nvcuda::wmma::matrix_b, 16, 16, 8, nvcuda::wmma::precision::tf32, nvcuda::wmma::row_major>
        &f,
    const float *p) {
    JACE_WMMA_LOAD_SHARED("wmma.load.b.sync.aligned.row.m16n16k8.shared.tf32", f, p, LDM);
}

template <unsigned LDM>
__device__ __forceinline__ void load_shared(
    nvcuda::wmma::fragment<nvcuda::wmma::matrix_a, 16, 16, 16, __nv_bfloat16, nvcuda::wmma::col_major> &f,
    const __nv_bfloat16 *p) {
    JACE_WMMA_LOAD_SHARED("wmma.load.a.sync.aligned.col.m16n16k16.shared.bf16", f, p, LDM);
}

template <unsigned LDM>
__device__ __forceinline__ void load_shared(
    nvcuda::wmma::fragment<nvcuda::wmma::matrix_b, 16, 16, 16, __nv_bfloat16, nvcuda::wmma::row_major> &f,
    const __nv_bfloat16 *p) {
    JACE_WMMA_LOAD_SHARED("wmma.load.b.sync.aligned.row.m16n16k16.shared.bf16", f, p, LDM);
}

#if defined(__CUDA_ARCH__)
#define JACE_WMMA_STORE_SHARED(INSTRUCTION, PTR, FRAG, LDM)                                                        \
    do {                                                                                                           \
        const float *d_ = &(FRAG).x[0];                                                                            \
        asm volatile(INSTRUCTION " [%0], {%1, %2, %3, %4, %5, %6, %7, %8}, %9;"                                    \
                     :                                                                                             \
                     : "r"((unsigned)__cvta_generic_to_shared(PTR)), "f"(d_[0]), "f"(d_[1]), "f"(d_[2]), "f"(d_[3]), \
                       "f"(d_[4]), "f"(d_[5]), "f"(d_[6]), "f"(d_[7]), "n"(LDM)                                    \
                     : "memory");                                                                                  \
    } while (0)
#else
#define JACE_WMMA_STORE_SHARED(INSTRUCTION, PTR, FRAG, LDM)                                                        \
    nvcuda::wmma::store_matrix_sync(PTR, FRAG, LDM, nvcuda::wmma::mem_col_major)
#endif

/* The FP32 accumulators of TF32's m16n16k8 and BF16's m16n16k16 to p, column-major (mem_col_major). */
template <unsigned LDM>
__device__ __forceinline__ void store_shared(
    float *p, const nvcuda::wmma::fragment<nvcuda::wmma::accumulator, 16, 16, 8, float> &f) {
    JACE_WMMA_STORE_SHARED("wmma.store.d.sync.aligned.col.m16n16k8.shared.f32", p, f, LDM);
}

template <unsigned LDM>
__device__ __forceinline__ void store_shared(
    float *p, const nvcuda::wmma::fragment<nvcuda::wmma::accumulator, 16, 16, 16, float> &f) {
    JACE_WMMA_STORE_SHARED("wmma.store.d.sync.aligned.col.m16n16k16.shared.f32", p, f, LDM);
}

#undef JACE_WMMA_LOAD_SHARED
#undef JACE_WMMA_STORE_SHARED

} // namespace jace_wmma

#endif
