/*
 * conv_wgmma.cu — launchers of the Hopper TF32 and BF16 convolution kernels (cuda/conv_wgmma.cuh); see conv_wgmma.h.
 * Built for sm_90a alone (Makefile, conv.mk), so conv.cu calls in only on devices of compute capability 9.0.
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

namespace {

/* The data kernels of PREC at each tile height, and its filter kernels (no 192-row tiles). */
template <int PREC>
jace_status allow_kernels(const char *fn) {
    JACE_CUDA_CHECK(fn, cudaFuncSetAttribute(conv_wgmma128_kernel<PREC>, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                             WgmmaTile<PREC, 128>::BYTES));
    JACE_CUDA_CHECK(fn, cudaFuncSetAttribute(conv_wgmma192_kernel<PREC>, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                             WgmmaTile<PREC, 192>::BYTES));
    JACE_CUDA_CHECK(fn, cudaFuncSetAttribute(conv_wgmma256_kernel<PREC>, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                             WgmmaTile<PREC, 256>::BYTES));
    JACE_CUDA_CHECK(fn, cudaFuncSetAttribute(conv_wgmma128_filter_kernel<PREC>,
                                             cudaFuncAttributeMaxDynamicSharedMemorySize, WgmmaTile<PREC, 128>::BYTES));
    JACE_CUDA_CHECK(fn, cudaFuncSetAttribute(conv_wgmma256_filter_kernel<PREC>,
                                             cudaFuncAttributeMaxDynamicSharedMemorySize, WgmmaTile<PREC, 256>::BYTES));
    JACE_CUDA_CHECK(fn, cudaFuncSetAttribute(conv_wgmma128_plain_kernel<PREC>,
                                             cudaFuncAttributeMaxDynamicSharedMemorySize, WgmmaTile<PREC, 128>::BYTES));
    JACE_CUDA_CHECK(fn, cudaFuncSetAttribute(conv_wgmma256_plain_kernel<PREC>,
                                             cudaFuncAttributeMaxDynamicSharedMemorySize, WgmmaTile<PREC, 256>::BYTES));
    return JACE_SUCCESS;
}

template <int PREC>
void launch_plain(int m, int n, int k, int rows, const void *a, const void *b, float *c, cudaStream_t stream) {
    typedef typename SmemType<PREC>::type T;
    const T *at = static_cast<const T *>(a), *bt = static_cast<const T *>(b);
    const unsigned nt = (unsigned)(n / WGMMA_BN);
    if (rows == 256) {
        conv_wgmma256_plain_kernel<PREC><<<dim3((unsigned)(m / 256), nt), WGMMA256_THREADS,
                                           WgmmaTile<PREC, 256>::BYTES, stream>>>(m, k, at, bt, c);
    } else {
        conv_wgmma128_plain_kernel<PREC><<<dim3((unsigned)(m / 128), nt), WGMMA128_THREADS,
                                           WgmmaTile<PREC, 128>::BYTES, stream>>>(m, k, at, bt, c);
    }
}

} // namespace

jace_status jace_conv_wgmma_allow(const char *fn) {
    JACE_TRY(allow_kernels<PREC_TF32>(fn));
    return allow_kernels<PREC_BF16>(fn);
}

template <int PREC>
jace_status jace_conv_launch_wgmma(const char *fn, const ConvParams &p, const PackedParams &q, int rows,
                                   const typename SmemType<PREC>::type *ap, const float *w,
                                   typename SmemType<PREC>::type *bt, float *c, cudaStream_t stream) {
    conv_pack_filter_kmajor_kernel<PREC><<<jace_grid_for(wgmma_filter_size(q)), JACE_THREADS, 0, stream>>>(p, q, w,
                                                                                                           bt);
    JACE_LAUNCH_CHECK(fn);
    const unsigned nt = (unsigned)(q.Npad / WGMMA_BN);
    if (rows == 256) {
        conv_wgmma256_kernel<PREC><<<dim3((unsigned)((q.M + 255) / 256), nt), WGMMA256_THREADS,
                                     WgmmaTile<PREC, 256>::BYTES, stream>>>(q, ap, bt, c);
    } else if (rows == 192) {
        conv_wgmma192_kernel<PREC><<<dim3((unsigned)((q.M + 191) / 192), nt), WGMMA192_THREADS,
                                     WgmmaTile<PREC, 192>::BYTES, stream>>>(q, ap, bt, c);
    } else {
        conv_wgmma128_kernel<PREC><<<dim3((unsigned)((q.M + 127) / 128), nt), WGMMA128_THREADS,
                                     WgmmaTile<PREC, 128>::BYTES, stream>>>(q, ap, bt, c);
    }
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

template jace_status jace_conv_launch_wgmma<PREC_TF32>(const char *, const ConvParams &, const PackedParams &, int,
                                                       const float *, const float *, float *, float *, cudaStream_t);
template jace_status jace_conv_launch_wgmma<PREC_BF16>(const char *, const ConvParams &, const PackedParams &, int,
                                                       const __nv_bfloat16 *, const float *, __nv_bfloat16 *, float *,
                                                       cudaStream_t);

template <int PREC>
jace_status jace_conv_launch_wgmma_filter(const char *fn, const FilterParams &f, int splits, const float *x,
                                          const float *dy, typename SmemType<PREC>::type *dyk,
                                          typename SmemType<PREC>::type *xs, float *part, cudaStream_t stream) {
    conv_to_kmajor_kernel<PREC><<<jace_grid_for(filter_dyt_size(f)), JACE_THREADS, 0, stream>>>(f, dy, dyk);
    JACE_LAUNCH_CHECK(fn);
    conv_to_shifted_planes_kernel<PREC><<<jace_grid_for(filter_xs_size(f)), JACE_THREADS, 0, stream>>>(f, x, xs);
    JACE_LAUNCH_CHECK(fn);
    const dim3 grid((unsigned)(f.NePad / f.BM), (unsigned)(f.kk2 * (f.CePad / WGMMA_BN)), (unsigned)splits);
    if (f.BM == 256) {
        conv_wgmma256_filter_kernel<PREC><<<grid, WGMMA256_THREADS, WgmmaTile<PREC, 256>::BYTES, stream>>>(f, dyk, xs,
                                                                                                         part);
    } else {
        conv_wgmma128_filter_kernel<PREC><<<grid, WGMMA128_THREADS, WgmmaTile<PREC, 128>::BYTES, stream>>>(f, dyk, xs,
                                                                                                         part);
    }
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

template jace_status jace_conv_launch_wgmma_filter<PREC_TF32>(const char *, const FilterParams &, int, const float *,
                                                              const float *, float *, float *, float *, cudaStream_t);
template jace_status jace_conv_launch_wgmma_filter<PREC_BF16>(const char *, const FilterParams &, int, const float *,
                                                              const float *, __nv_bfloat16 *, __nv_bfloat16 *, float *,
                                                              cudaStream_t);

jace_status jace_conv_wgmma_plain_gemm(const char *fn, jace_precision prec, int rows, int m, int n, int k,
                                       const void *a, const void *b, float *c, cudaStream_t stream) {
    JACE_REQUIRE(prec == JACE_PRECISION_TF32 || prec == JACE_PRECISION_BF16, "%s: precision %d (want TF32 or BF16)", fn,
                 (int)prec);
    JACE_REQUIRE(rows == 128 || rows == 256, "%s: %d-row tiles (want 128 or 256)", fn, rows);
    JACE_REQUIRE(m > 0 && n > 0 && k > 0 && m % rows == 0 && n % WGMMA_BN == 0 && k % PBK == 0,
                 "%s: m %d, n %d, k %d (want positive multiples of %d, %d and %d)", fn, m, n, k, rows, WGMMA_BN, PBK);
    JACE_REQUIRE(a != nullptr && b != nullptr && c != nullptr, "%s: null matrix", fn);
    bool hopper = false;
    JACE_TRY(jace_conv_wgmma_device(fn, &hopper));
    if (!hopper) return jace_fail(JACE_ERROR_UNSUPPORTED, "%s: not a device of compute capability 9.0", fn);
    JACE_TRY(jace_conv_wgmma_allow(fn));
    if (prec == JACE_PRECISION_BF16) {
        launch_plain<PREC_BF16>(m, n, k, rows, a, b, c, stream);
    } else {
        launch_plain<PREC_TF32>(m, n, k, rows, a, b, c, stream);
    }
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
