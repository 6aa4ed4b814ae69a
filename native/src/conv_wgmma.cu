/*
 * conv_wgmma.cu — launchers of the Hopper TF32 and BF16 convolution kernels (cuda/conv_wgmma.cuh); see conv_wgmma.h.
 * Built for sm_90a alone (Makefile, conv.mk), so conv.cu calls in only on devices of compute capability 9.0.
 */
#include "conv_wgmma.h"

#include <cuda.h>

#include <atomic>
#include <cstdio>

#include "conv_wgmma.cuh"
#include "conv_wgmma_tma.cuh"
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

/* The data kernels of PREC at each tile height, its filter kernels (no 192-row tiles), the plain GEMMs and the
 * tensor-copy kernels. */
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
    JACE_CUDA_CHECK(fn, cudaFuncSetAttribute(conv_wgmma_tma_plain_kernel<PREC>,
                                             cudaFuncAttributeMaxDynamicSharedMemorySize, WgmmaTmaTile<PREC>::BYTES));
    JACE_CUDA_CHECK(fn, cudaFuncSetAttribute(conv_wgmma_tma_filter_kernel<PREC>,
                                             cudaFuncAttributeMaxDynamicSharedMemorySize, WgmmaTmaTile<PREC>::BYTES));
    JACE_CUDA_CHECK(fn, cudaFuncSetAttribute(conv_wgmma_tma_data_kernel<PREC>,
                                             cudaFuncAttributeMaxDynamicSharedMemorySize, WgmmaTmaTile<PREC>::BYTES));
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

/* cuTensorMapEncodeTiled's signature (cuda.h); libjace reaches the driver through the runtime and links no libcuda. */
typedef CUresult (*EncodeTiled)(CUtensorMap *, CUtensorMapDataType, cuuint32_t, void *, const cuuint64_t *,
                                const cuuint64_t *, const cuuint32_t *, const cuuint32_t *, CUtensorMapInterleave,
                                CUtensorMapSwizzle, CUtensorMapL2promotion, CUtensorMapFloatOOBfill);

/* The driver's encoder, looked up once a process (convolutions ask for it at every call); a failed lookup is asked
 * again, and says why each time. */
jace_status tensor_map_encoder(const char *fn, EncodeTiled *encode) {
    static std::atomic<EncodeTiled> found_once{nullptr};
    if ((*encode = found_once.load(std::memory_order_acquire)) != nullptr) return JACE_SUCCESS;
    void *function = nullptr;
    cudaDriverEntryPointQueryResult found = cudaDriverEntryPointSymbolNotFound;
    JACE_CUDA_CHECK(fn, cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &function, 12000,
                                                         cudaEnableDefault, &found));
    if (found != cudaDriverEntryPointSuccess || function == nullptr) {
        return jace_fail(JACE_ERROR_UNSUPPORTED,
                         "%s: the CUDA driver has no cuTensorMapEncodeTiled (query status %d): update the driver", fn,
                         (int)found);
    }
    *encode = reinterpret_cast<EncodeTiled>(function);
    found_once.store(*encode, std::memory_order_release);
    return JACE_SUCCESS;
}

/* The tensor map of `what` at p, a tensor of rank (2 to 4) dimensions of prec's values (dims[0] along a row, index 1
 * of dimension d + 1 strides[d] bytes on), read in boxes of box[0] (one K tile of 128 bytes) x .. in 128-byte
 * swizzle. */
jace_status encode_map(const char *fn, const char *what, jace_precision prec, const void *p, cuuint32_t rank,
                       const cuuint64_t *dims, const cuuint64_t *strides, const cuuint32_t *box, CUtensorMap *map) {
    EncodeTiled encode = nullptr;
    JACE_TRY(tensor_map_encoder(fn, &encode));
    const cuuint32_t unit[4] = {1, 1, 1, 1};
    const CUresult r = encode(map,
                              prec == JACE_PRECISION_BF16 ? CU_TENSOR_MAP_DATA_TYPE_BFLOAT16
                                                          : CU_TENSOR_MAP_DATA_TYPE_FLOAT32,
                              rank, const_cast<void *>(p), dims, strides, box, unit, CU_TENSOR_MAP_INTERLEAVE_NONE,
                              CU_TENSOR_MAP_SWIZZLE_128B, CU_TENSOR_MAP_L2_PROMOTION_L2_256B,
                              CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
    if (r != CUDA_SUCCESS) {
        return jace_fail(JACE_ERROR_CUDA, "%s: cuTensorMapEncodeTiled refused %s at %p (CUresult %d)", fn, what, p,
                         (int)r);
    }
    return JACE_SUCCESS;
}

template <int PREC>
jace_status launch_tma_plain(const char *fn, int m, int n, int k, const void *a, const void *b, float *c,
                             cudaStream_t stream) {
    const jace_precision prec = PREC == PREC_BF16 ? JACE_PRECISION_BF16 : JACE_PRECISION_TF32;
    CUtensorMap a_map, b_map;
    JACE_TRY(jace_conv_wgmma_tensor_map(fn, prec, a, m, k, WGMMA_TMA_BM, &a_map));
    JACE_TRY(jace_conv_wgmma_tensor_map(fn, prec, b, n, k, WGMMA_BN, &b_map));
    JACE_TRY(jace_conv_wgmma_allow(fn));
    conv_wgmma_tma_plain_kernel<PREC><<<dim3((unsigned)(m / WGMMA_TMA_BM), (unsigned)(n / WGMMA_BN)),
                                        WGMMA_TMA_THREADS, WgmmaTmaTile<PREC>::BYTES, stream>>>(a_map, b_map, m, k, c);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

} // namespace

jace_status jace_conv_wgmma_find_encoder(const char *fn) {
    EncodeTiled encode = nullptr;
    return tensor_map_encoder(fn, &encode);
}

jace_status jace_conv_wgmma_tensor_map(const char *fn, jace_precision prec, const void *p, int rows, int k,
                                       int box_rows, CUtensorMap *map) {
    const bool bf16 = prec == JACE_PRECISION_BF16;
    const cuuint64_t dims[2] = {(cuuint64_t)k, (cuuint64_t)rows}, strides[1] = {(cuuint64_t)k * (bf16 ? 2 : 4)};
    const cuuint32_t box[2] = {(cuuint32_t)(bf16 ? WgmmaTmaTile<PREC_BF16>::BK : WgmmaTmaTile<PREC_TF32>::BK),
                               (cuuint32_t)box_rows};
    char what[64];
    std::snprintf(what, sizeof what, "the %d x %d matrix", rows, k);
    return encode_map(fn, what, prec, p, 2, dims, strides, box, map);
}

jace_status jace_conv_wgmma_allow(const char *fn) {
    JACE_TRY(allow_kernels<PREC_TF32>(fn));
    return allow_kernels<PREC_BF16>(fn);
}

template <int PREC>
jace_status jace_conv_launch_wgmma(const char *fn, const ConvParams &p, const PackedParams &q, int rows,
                                   const typename SmemType<PREC>::type *ap, const float *w,
                                   typename SmemType<PREC>::type *bt, float *c, cudaStream_t stream) {
    conv_pack_filter_kmajor_kernel<PREC><<<jace_rows_grid(q.Npad, q.ktiles * PBK), JACE_THREADS, 0, stream>>>(
        p, q, pack_divisors(p, q), w, bt);
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
jace_status jace_conv_launch_wgmma_tma_data(const char *fn, const ConvParams &p, const PackedParams &q,
                                            const typename SmemType<PREC>::type *ap, const float *w,
                                            typename SmemType<PREC>::type *bt, float *c, cudaStream_t stream) {
    constexpr jace_precision prec = PREC == PREC_BF16 ? JACE_PRECISION_BF16 : JACE_PRECISION_TF32;
    constexpr cuuint64_t bytes = sizeof(typename SmemType<PREC>::type);
    const WgmmaTmaData d = wgmma_tma_data_params<PREC>(q);
    const PackedParams filter = wgmma_tma_packed_filter<PREC>(d);
    const cuuint64_t hp = (cuuint64_t)(q.H + 2 * q.pad), wp = (cuuint64_t)(q.W + 2 * q.pad), pixel = q.Cpad * bytes;
    const cuuint64_t dims[4] = {(cuuint64_t)q.Cpad, wp, hp, (cuuint64_t)d.images};
    const cuuint64_t strides[3] = {pixel, pixel * wp, pixel * wp * hp};
    const cuuint32_t box[4] = {(cuuint32_t)WgmmaTmaTile<PREC>::BK, TMA_SEGMENT, 1, 1};
    CUtensorMap a_map, b_map;
    JACE_TRY(encode_map(fn, "the input's channels-last copy", prec, ap, 4, dims, strides, box, &a_map));
    JACE_TRY(jace_conv_wgmma_tensor_map(fn, prec, bt, filter.Npad, filter.ktiles * PBK, WGMMA_BN, &b_map));
    conv_pack_filter_kmajor_kernel<PREC><<<jace_rows_grid(filter.Npad, filter.ktiles * PBK), JACE_THREADS, 0, stream>>>(
        p, filter, pack_divisors(p, filter), w, bt);
    JACE_LAUNCH_CHECK(fn);
    const dim3 grid((unsigned)((d.M + WGMMA_TMA_BM - 1) / WGMMA_TMA_BM), (unsigned)(q.Npad / WGMMA_BN));
    conv_wgmma_tma_data_kernel<PREC><<<grid, WGMMA_TMA_THREADS, WgmmaTmaTile<PREC>::BYTES, stream>>>(a_map, b_map, d,
                                                                                                     c);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

template jace_status jace_conv_launch_wgmma_tma_data<PREC_TF32>(const char *, const ConvParams &,
                                                                const PackedParams &, const float *, const float *,
                                                                float *, float *, cudaStream_t);
template jace_status jace_conv_launch_wgmma_tma_data<PREC_BF16>(const char *, const ConvParams &,
                                                                const PackedParams &, const __nv_bfloat16 *,
                                                                const float *, __nv_bfloat16 *, float *,
                                                                cudaStream_t);

namespace {

/* backward_filter's copies: dy K-major into dyk (by output rows, or by images for the tensor-copy loop: IMAGES) and
 * x's shifted planes into xs. */
template <int PREC, bool IMAGES>
jace_status launch_filter_copies(const char *fn, const FilterParams &f, const float *x, const float *dy,
                                 typename SmemType<PREC>::type *dyk, typename SmemType<PREC>::type *xs,
                                 cudaStream_t stream) {
    const FilterDivisors d = filter_divisors(f);
    conv_to_kmajor_kernel<PREC, IMAGES><<<jace_rows_grid(f.NePad, f.Ppad), JACE_THREADS, 0, stream>>>(f, d, dy, dyk);
    JACE_LAUNCH_CHECK(fn);
    conv_to_shifted_planes_kernel<PREC>
        <<<jace_rows_grid((long long)f.k * f.CePad, rows_plane(f)), JACE_THREADS, 0, stream>>>(f, d, x, xs);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

/* The tensor-copy loop's maps of dyk (2D) and of xs (3D: {Hp WOr, n, k CePad}, boxes of one K tile of an image's
 * pixels in 128 planes), conv_wgmma_layout.cuh. */
template <int PREC>
jace_status filter_tensor_maps(const char *fn, const FilterParams &f, const typename SmemType<PREC>::type *dyk,
                               const typename SmemType<PREC>::type *xs, CUtensorMap *a_map, CUtensorMap *b_map) {
    constexpr jace_precision prec = PREC == PREC_BF16 ? JACE_PRECISION_BF16 : JACE_PRECISION_TF32;
    constexpr cuuint64_t bytes = sizeof(typename SmemType<PREC>::type);
    JACE_TRY(jace_conv_wgmma_tensor_map(fn, prec, dyk, f.NePad, f.Ppad, WGMMA_TMA_BM, a_map));
    const cuuint64_t plane = (cuuint64_t)f.Hp * f.WOr;
    const cuuint64_t dims[3] = {plane, (cuuint64_t)f.n, (cuuint64_t)f.k * f.CePad};
    const cuuint64_t strides[2] = {plane * bytes, plane * f.n * bytes};
    const cuuint32_t box[3] = {(cuuint32_t)WgmmaTmaTile<PREC>::BK, 1, (cuuint32_t)WGMMA_BN};
    return encode_map(fn, "x's shifted planes", prec, xs, 3, dims, strides, box, b_map);
}

} // namespace

template <int PREC, bool TMA>
jace_status jace_conv_launch_wgmma_filter(const char *fn, const FilterParams &f, int splits, const float *x,
                                          const float *dy, typename SmemType<PREC>::type *dyk,
                                          typename SmemType<PREC>::type *xs, float *part, cudaStream_t stream) {
    const dim3 grid((unsigned)(f.NePad / f.BM), (unsigned)(f.kk2 * (f.CePad / WGMMA_BN)), (unsigned)splits);
    if constexpr (TMA) {
        CUtensorMap a_map, b_map;
        JACE_TRY(filter_tensor_maps<PREC>(fn, f, dyk, xs, &a_map, &b_map));
        JACE_TRY((launch_filter_copies<PREC, true>(fn, f, x, dy, dyk, xs, stream)));
        conv_wgmma_tma_filter_kernel<PREC><<<grid, WGMMA_TMA_THREADS, WgmmaTmaTile<PREC>::BYTES, stream>>>(
            a_map, b_map, f, part);
    } else {
        JACE_TRY((launch_filter_copies<PREC, false>(fn, f, x, dy, dyk, xs, stream)));
        if (f.BM == 256) {
            conv_wgmma256_filter_kernel<PREC><<<grid, WGMMA256_THREADS, WgmmaTile<PREC, 256>::BYTES, stream>>>(
                f, dyk, xs, part);
        } else {
            conv_wgmma128_filter_kernel<PREC><<<grid, WGMMA128_THREADS, WgmmaTile<PREC, 128>::BYTES, stream>>>(
                f, dyk, xs, part);
        }
    }
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

#define JACE_WGMMA_FILTER(PREC, T, TMA)                                                                              \
    template jace_status jace_conv_launch_wgmma_filter<PREC, TMA>(const char *, const FilterParams &, int,          \
                                                                  const float *, const float *, T *, T *, float *, \
                                                                  cudaStream_t);
JACE_WGMMA_FILTER(PREC_TF32, float, false)
JACE_WGMMA_FILTER(PREC_BF16, __nv_bfloat16, false)
JACE_WGMMA_FILTER(PREC_TF32, float, true)
JACE_WGMMA_FILTER(PREC_BF16, __nv_bfloat16, true)
#undef JACE_WGMMA_FILTER

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

jace_status jace_conv_wgmma_tma_plain_gemm(const char *fn, jace_precision prec, int m, int n, int k, const void *a,
                                           const void *b, float *c, cudaStream_t stream) {
    JACE_REQUIRE(prec == JACE_PRECISION_TF32 || prec == JACE_PRECISION_BF16, "%s: precision %d (want TF32 or BF16)", fn,
                 (int)prec);
    const int bk = prec == JACE_PRECISION_BF16 ? WgmmaTmaTile<PREC_BF16>::BK : WgmmaTmaTile<PREC_TF32>::BK;
    JACE_REQUIRE(m > 0 && n > 0 && k > 0 && m % WGMMA_TMA_BM == 0 && n % WGMMA_BN == 0 && k % bk == 0,
                 "%s: m %d, n %d, k %d (want positive multiples of %d, %d and %d)", fn, m, n, k, WGMMA_TMA_BM,
                 WGMMA_BN, bk);
    JACE_REQUIRE(a != nullptr && b != nullptr && c != nullptr, "%s: null matrix", fn);
    bool hopper = false;
    JACE_TRY(jace_conv_wgmma_device(fn, &hopper));
    if (!hopper) return jace_fail(JACE_ERROR_UNSUPPORTED, "%s: not a device of compute capability 9.0", fn);
    return prec == JACE_PRECISION_BF16 ? launch_tma_plain<PREC_BF16>(fn, m, n, k, a, b, c, stream)
                                       : launch_tma_plain<PREC_TF32>(fn, m, n, k, a, b, c, stream);
}
