/*
 * conv_precision.cuh — the three precisions of jace's convolution kernels and how each stores an operand in shared
 * memory: FP32 as is, TF32 as a float rounded to TF32 (cvt.rna), BF16 as __nv_bfloat16 (round to nearest even).
 * Shared by the implicit-GEMM kernels (conv_implicit_gemm.cuh), the packed-filter kernels (conv_packed_gemm.cuh) and
 * the narrow kernel (conv_narrow.cuh), which multiplies operands rounded this way in FP32.
 */
#ifndef JACE_CONV_PRECISION_CUH
#define JACE_CONV_PRECISION_CUH

#include <cuda_bf16.h>
#include <cuda_runtime.h>
#include <mma.h>

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

template <int PREC>
__device__ __forceinline__ typename SmemType<PREC>::type to_smem(float v) {
    if constexpr (PREC == PREC_TF32) {
        return nvcuda::wmma::__float_to_tf32(v);
    } else if constexpr (PREC == PREC_BF16) {
        return __float2bfloat16_rn(v);
    } else {
        return v;
    }
}

} // namespace jace_conv

#endif
