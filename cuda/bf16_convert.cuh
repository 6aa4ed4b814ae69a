/* Conversions between float and bfloat16 storage, for libraries whose BF16 operations take bf16-stored operands
 * (cuDNN's BF16 convolutions), fed from and back to jace's float tensors. float -> bfloat16 rounds to nearest even,
 * as jace's own BF16 kernels round their operands (conv_precision.cuh): NaN stays NaN, a float past bfloat16's
 * largest finite value rounds to infinity. bfloat16 -> float is exact. Four elements a thread where both pointers
 * allow it (16 bytes of floats, 8 of bfloat16), else one. */
#ifndef JACE_BF16_CONVERT_CUH
#define JACE_BF16_CONVERT_CUH

#include <cuda_bf16.h>

#include "jace_device.cuh"

/* Four bfloat16 stored as one 8-byte access. */
struct alignas(8) jace_bf16x4 {
    __nv_bfloat16 v[4];
};

__global__ void jace_to_bf16_kernel(const float *x, __nv_bfloat16 *out, long long n, bool vec) {
    if (vec) {
        const long long n4 = n >> 2;
        const float4 *x4 = reinterpret_cast<const float4 *>(x);
        jace_bf16x4 *o4 = reinterpret_cast<jace_bf16x4 *>(out);
        JACE_GRID_STRIDE(i, n4) {
            const float4 a = x4[i];
            o4[i] = jace_bf16x4{{__float2bfloat16_rn(a.x), __float2bfloat16_rn(a.y), __float2bfloat16_rn(a.z),
                                 __float2bfloat16_rn(a.w)}};
        }
        const long long t = n4 * 4 + (long long)blockIdx.x * blockDim.x + threadIdx.x;
        if (t < n) {
            out[t] = __float2bfloat16_rn(x[t]);
        }
    } else {
        JACE_GRID_STRIDE(i, n) { out[i] = __float2bfloat16_rn(x[i]); }
    }
}

__global__ void jace_from_bf16_kernel(const __nv_bfloat16 *x, float *out, long long n, bool vec) {
    if (vec) {
        const long long n4 = n >> 2;
        const jace_bf16x4 *x4 = reinterpret_cast<const jace_bf16x4 *>(x);
        float4 *o4 = reinterpret_cast<float4 *>(out);
        JACE_GRID_STRIDE(i, n4) {
            const jace_bf16x4 a = x4[i];
            o4[i] = make_float4(__bfloat162float(a.v[0]), __bfloat162float(a.v[1]), __bfloat162float(a.v[2]),
                                __bfloat162float(a.v[3]));
        }
        const long long t = n4 * 4 + (long long)blockIdx.x * blockDim.x + threadIdx.x;
        if (t < n) {
            out[t] = __bfloat162float(x[t]);
        }
    } else {
        JACE_GRID_STRIDE(i, n) { out[i] = __bfloat162float(x[i]); }
    }
}

#endif
