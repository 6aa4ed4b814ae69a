/*
 * zfill_probe.cu — whether a cp.async whose source size is 0 may name an address nothing is mapped at, asked of the
 * device (`conv_gpu_check zfill`, a process of its own: a fault ends every CUDA call of the process after it). The
 * packed data kernels' A gather (conv_packed_gemm.cuh's DataOperands::issue) zero-fills the elements outside the image
 * or past the channels with copy_float_async(dst, in ? src : x, false): the select keeps every source inside x, at two
 * instructions an element of the main loop, for want of knowing whether the copy, which reads no byte, still
 * translates its address. One warp copies 32 floats from a buffer, then zero-fills 32 from the null page's address 16
 * on; both must land (the buffer's values, then zeros) without an error. Run under compute-sanitizer's memcheck as
 * well, the device check tells whether the sanitizer counts such a copy as an invalid read.
 */
#include "zfill_probe.h"

#include <cuda_runtime.h>

#include <cstdio>
#include <vector>

#include "conv_packed_gemm.cuh"

namespace {

__global__ void zfill_kernel(const float *values, const float *unmapped, float *out) {
    __shared__ __align__(16) float landed[64];
    const int t = threadIdx.x;
    jace_conv::copy_float_async(landed + t, values + t, true);
    jace_conv::copy_float_async(landed + 32 + t, unmapped + t, false);
    __pipeline_commit();
    __pipeline_wait_prior(0);
    __syncthreads();
    out[t] = landed[t];
    out[32 + t] = landed[32 + t];
}

} // namespace

int zfill_probe() {
    std::vector<float> values(32), got(64, -1.f);
    for (int i = 0; i < 32; ++i) values[i] = (float)(i + 1);
    float *dev_values = nullptr, *out = nullptr;
    cudaError_t err = cudaMalloc((void **)&dev_values, 32 * sizeof(float));
    if (err == cudaSuccess) err = cudaMalloc((void **)&out, 64 * sizeof(float));
    if (err == cudaSuccess) err = cudaMemcpy(dev_values, values.data(), 32 * sizeof(float), cudaMemcpyHostToDevice);
    if (err == cudaSuccess) err = cudaMemset(out, 0xff, 64 * sizeof(float));
    if (err == cudaSuccess) {
        zfill_kernel<<<1, 32>>>(dev_values, reinterpret_cast<const float *>(16), out);
        err = cudaGetLastError();
    }
    if (err == cudaSuccess) err = cudaMemcpy(got.data(), out, 64 * sizeof(float), cudaMemcpyDeviceToHost);
    cudaFree(dev_values);
    cudaFree(out);
    if (err != cudaSuccess) {
        std::printf("FAIL zfill probe: %s (%s): a cp.async of source size 0 from an unmapped address faults, so the "
                    "A gather's select of a mapped source stays\n", cudaGetErrorName(err), cudaGetErrorString(err));
        return 1;
    }
    int wrong = 0;
    for (int i = 0; i < 64; ++i) {
        const float want = i < 32 ? values[i] : 0.f;
        if (got[i] == want) continue;
        if (wrong++ < 3) std::printf("  zfill probe: element %d = %g, want %g\n", i, got[i], want);
    }
    if (wrong > 0) {
        std::printf("FAIL zfill probe: %d of 64 elements wrong (the copies of source size 4 first, then those of "
                    "size 0)\n", wrong);
        return 1;
    }
    std::printf("zfill probe: cp.async of source size 0 from an unmapped address (16) landed zeros, no fault\n");
    return 0;
}
