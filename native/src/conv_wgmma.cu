/*
 * conv_wgmma.cu — launchers of the Hopper TF32 convolution kernels (cuda/conv_wgmma.cuh); see conv_wgmma.h. Built
 * for sm_90a alone (Makefile, conv.mk), so conv.cu calls in only on devices of compute capability 9.0.
 */
#include "conv_wgmma.h"

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

jace_status jace_conv_launch_wgmma(const char *fn, const ConvParams &p, const PackedParams &q, const float *a,
                                   const float *w, float *bt, float *c, cudaStream_t stream) {
    conv_pack_filter_kmajor_kernel<<<jace_grid_for(wgmma_filter_size(q)), JACE_THREADS, 0, stream>>>(p, q, w, bt);
    JACE_LAUNCH_CHECK(fn);
    const dim3 grid((unsigned)((q.M + WGMMA_BM - 1) / WGMMA_BM), (unsigned)(q.Npad / WGMMA_BN));
    conv_wgmma_kernel<<<grid, PTHREADS, WgmmaSmem::BYTES, stream>>>(q, a, bt, c);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

jace_status jace_conv_launch_wgmma_filter(const char *fn, const FilterParams &f, int splits, const float *x,
                                          const float *dy, float *dyk, float *xc, const int *pix, float *part,
                                          cudaStream_t stream) {
    conv_to_kmajor_kernel<<<jace_grid_for(filter_dyt_size(f)), JACE_THREADS, 0, stream>>>(f, dy, dyk);
    JACE_LAUNCH_CHECK(fn);
    conv_to_padded_planes_kernel<<<jace_grid_for(filter_xp_size(f)), JACE_THREADS, 0, stream>>>(f, x, xc);
    JACE_LAUNCH_CHECK(fn);
    const dim3 grid((unsigned)(f.NePad / WGMMA_BM), (unsigned)(f.kk2 * (f.CePad / WGMMA_BN)), (unsigned)splits);
    conv_wgmma_filter_kernel<<<grid, PTHREADS, WgmmaSmem::BYTES, stream>>>(f, dyk, xc, pix, part);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
