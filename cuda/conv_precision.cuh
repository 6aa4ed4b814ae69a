/*
 * conv_precision.cuh — the three precisions of jace's convolution kernels and how each stores an operand in shared
 * memory: FP32 as is, TF32 as a float rounded to TF32 (round_tf32: to nearest even), BF16 as __nv_bfloat16 (to nearest
 * even).
 * Shared by the implicit-GEMM kernels (conv_implicit_gemm.cuh), the packed-filter kernels (conv_packed_gemm.cuh) and
 * the narrow kernel (conv_narrow.cuh), which multiplies operands rounded this way in FP32.
 */
#ifndef JACE_CONV_PRECISION_CUH
#define JACE_CONV_PRECISION_CUH

#include <cuda_bf16.h>
#include <cuda_runtime.h>

#include <cstring>

namespace jace_conv {

enum { PREC_FP32 = 0, PREC_TF32 = 1, PREC_BF16 = 2 };

template <int PREC>
struct SmemType {
    typedef float type;
};
template <>
struct SmemType<PREC_BF16> {
    typedef __nv_bfloat16 type;
};

/* v to TF32's 10 mantissa bits, to nearest with ties to even, the low 13 bits zero; infinities and NaN kept, a value
 * past the largest TF32 to infinity. On sm_90 and later one instruction (cvt.rn.tf32.f32, F2FP), where
 * cvt.rna.tf32.f32 (ties away from zero, nvcuda::wmma::__float_to_tf32, the only form on sm_80) is three; elsewhere
 * (sm_80, the emulator) the same rounding in integer arithmetic. */
__host__ __device__ __forceinline__ float round_tf32(float v) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    unsigned r;
    asm("cvt.rn.tf32.f32 %0, %1;" : "=r"(r) : "f"(v));
    return __uint_as_float(r);
#else
    unsigned u;
    std::memcpy(&u, &v, sizeof u);
    if ((u & 0x7f800000u) != 0x7f800000u) u = (u + 0xfffu + ((u >> 13) & 1u)) & 0xffffe000u;
    std::memcpy(&v, &u, sizeof v);
    return v;
#endif
}

template <int PREC>
__device__ __forceinline__ typename SmemType<PREC>::type to_smem(float v) {
    if constexpr (PREC == PREC_TF32) {
        return round_tf32(v);
    } else if constexpr (PREC == PREC_BF16) {
        return __float2bfloat16_rn(v);
    } else {
        return v;
    }
}

} // namespace jace_conv

#endif
