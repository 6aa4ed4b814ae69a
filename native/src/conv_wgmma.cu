/*
 * conv_wgmma.cu — launchers of the Hopper TF32 convolution kernels (cuda/conv_wgmma.cuh); see conv_wgmma.h. Built
 * for sm_90a alone (Makefile, conv.mk), so conv.cu calls in only on devices of compute capability 9.0.
 */
#include "conv_wgmma.h"

#include <climits>

#include "conv_wgmma.cuh"
#include "jace_internal.h"

using namespace jace_conv;

jace_status jace_conv_wgmma_device(const char *fn, bool *hopper) {
    int dev = 0, major = 0, minor = 0;
    JACE_CUDA_CHECK(fn, cudaGetDevice(&dev));
    JACE_CUDA_CHECK(fn, cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, dev));
    JACE_CUDA_CHECK(fn, cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, dev));
    *hopper = major == 9 && minor == 0;
    return JACE_SUCCESS;
}

jace_status jace_conv_wgmma_allow(const char *fn) {
    JACE_CUDA_CHECK(fn, cudaFuncSetAttribute(conv_wgmma_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                             WgmmaSmem::BYTES));
    JACE_CUDA_CHECK(fn, cudaFuncSetAttribute(conv_wgmma_filter_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                             WgmmaSmem::BYTES));
    return JACE_SUCCESS;
}

namespace {

PackedParams wgmma_params(PackedParams q) {
    q.BN = WGMMA_BN;
    q.Npad = round_up(q.N, WGMMA_BN);
    return q;
}

} // namespace

bool jace_conv_wgmma_takes(const PackedParams &q) { return wgmma_filter_size(wgmma_params(q)) <= INT_MAX; }

jace_status jace_conv_launch_wgmma(const char *fn, const ConvParams &p, const PackedParams &packed, const float *a,
                                   const float *w, float *c, cudaStream_t stream) {
    JACE_REQUIRE(jace_conv_wgmma_takes(packed), "%s: the K-major packed filter exceeds int offsets", fn);
    const PackedParams q = wgmma_params(packed);
    const long long size = wgmma_filter_size(q);
    float *bt = nullptr;
    JACE_CUDA_CHECK(fn, cudaMallocAsync((void **)&bt, (size_t)size * sizeof(float), stream));
    conv_pack_filter_kmajor_kernel<<<jace_grid_for(size), JACE_THREADS, 0, stream>>>(p, q, w, bt);
    cudaError_t err = cudaGetLastError();
    if (err == cudaSuccess) {
        const dim3 grid((unsigned)((q.M + WGMMA_BM - 1) / WGMMA_BM), (unsigned)(q.Npad / WGMMA_BN));
        conv_wgmma_kernel<<<grid, PTHREADS, WgmmaSmem::BYTES, stream>>>(q, a, bt, c);
        err = cudaGetLastError();
    }
    const cudaError_t ferr = cudaFreeAsync(bt, stream);
    if (err != cudaSuccess) {
        return jace_fail(JACE_ERROR_CUDA, "%s: the wgmma convolution's launch failed: %s (%s)", fn,
                         cudaGetErrorName(err), cudaGetErrorString(err));
    }
    if (ferr != cudaSuccess) {
        (void)cudaGetLastError();
        return jace_fail(JACE_ERROR_CUDA, "%s: cudaFreeAsync of the K-major packed filter failed: %s (%s)", fn,
                         cudaGetErrorName(ferr), cudaGetErrorString(ferr));
    }
    return JACE_SUCCESS;
}

FilterParams jace_conv_wgmma_filter_params(FilterParams f) {
    f.BM = WGMMA_BM;
    f.NePad = round_up(f.Ne, WGMMA_BM);
    f.BN = WGMMA_BN;
    f.CePad = round_up(f.Ce, WGMMA_BN);
    return f;
}

jace_status jace_conv_launch_wgmma_filter(const char *fn, const FilterParams &f, int splits, const float *x,
                                          const float *dy, float *dyk, float *xc, const int *pix, float *part,
                                          cudaStream_t stream) {
    conv_to_kmajor_kernel<<<jace_grid_for(filter_dyt_size(f)), JACE_THREADS, 0, stream>>>(f, dy, dyk);
    cudaError_t err = cudaGetLastError();
    if (err == cudaSuccess) {
        conv_to_padded_planes_kernel<<<jace_grid_for(filter_xp_size(f)), JACE_THREADS, 0, stream>>>(f, x, xc);
        err = cudaGetLastError();
    }
    if (err == cudaSuccess) {
        const dim3 grid((unsigned)(f.NePad / WGMMA_BM), (unsigned)(f.kk2 * (f.CePad / WGMMA_BN)), (unsigned)splits);
        conv_wgmma_filter_kernel<<<grid, PTHREADS, WgmmaSmem::BYTES, stream>>>(f, dyk, xc, pix, part);
        err = cudaGetLastError();
    }
    if (err != cudaSuccess) {
        return jace_fail(JACE_ERROR_CUDA, "%s: the wgmma filter gradient's launches failed: %s (%s)", fn,
                         cudaGetErrorName(err), cudaGetErrorString(err));
    }
    return JACE_SUCCESS;
}
