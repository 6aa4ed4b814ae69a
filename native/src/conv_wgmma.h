/*
 * conv_wgmma.h — the Hopper (sm_90a) path of the TF32 and BF16 convolutions of many channels (conv_wgmma.cu, kernels
 * in cuda/conv_wgmma.cuh), which conv.cu takes under JACE_CONV_KERNELS=wgmma on devices of compute capability 9.0.
 * conv_wgmma.cu is compiled for sm_90a only: its kernels have no image for any other device.
 */
#ifndef JACE_CONV_WGMMA_H
#define JACE_CONV_WGMMA_H

#include <cuda.h>

#include "conv_wgmma_layout.cuh"
#include "jace.h"

/* Whether the current device runs the sm_90a kernels (compute capability 9.0). */
jace_status jace_conv_wgmma_device(const char *fn, bool *hopper);

/* The wgmma kernels' dynamic shared memory limits raised on the current device (which must be a Hopper one). */
jace_status jace_conv_wgmma_allow(const char *fn);

/* Packs the filter K-major into bt (wgmma_filter_size(q) values of PREC, PREC_TF32 or PREC_BF16), then runs the
 * wgmma GEMM of p (MODE_FWD: a = x, c = y; MODE_BWD_DATA: a = dy, c = dx) in tiles of `rows` (128, 192 or 256) rows on
 * ap, a's channels-last copy (packed_channels_last_size(q) values, rounded to PREC), q being wgmma_packed_params of
 * make_packed_params(p); nothing synchronizes. */
template <int PREC>
jace_status jace_conv_launch_wgmma(const char *fn, const jace_conv::ConvParams &p, const jace_conv::PackedParams &q,
                                   int rows, const typename jace_conv::SmemType<PREC>::type *ap, const float *w,
                                   typename jace_conv::SmemType<PREC>::type *bt, float *c, cudaStream_t stream);

/* backward_filter's copies (conv_wgmma_layout.cuh: f from wgmma_rows_params<PREC>, then wgmma_filter_params with its
 * splits set; tiles of f.BM rows, 128 or 256), rounded to PREC (PREC_TF32 or PREC_BF16): dy K-major into dyk
 * (filter_dyt_size(f) values) and x's shifted planes into xs (filter_xs_size(f)), then the wgmma GEMM of the split-K
 * partials into part (splits x filter_part_size(f) floats); nothing synchronizes. TMA: on the loop fed by tensor copies
 * (conv_wgmma_tma_filter_kernel), f from wgmma_tma_filter_params<PREC> with its splits set, dy K-major by images, the
 * copies' tensor maps encoded first: JACE_ERROR_UNSUPPORTED where the driver has no cuTensorMapEncodeTiled,
 * JACE_ERROR_CUDA where it refuses a map. */
template <int PREC, bool TMA>
jace_status jace_conv_launch_wgmma_filter(const char *fn, const jace_conv::FilterParams &f, int splits,
                                          const float *x, const float *dy,
                                          typename jace_conv::SmemType<PREC>::type *dyk,
                                          typename jace_conv::SmemType<PREC>::type *xs, float *part,
                                          cudaStream_t stream);

/* Packs the filter K-major with each tap's channels padded to the tensor-copy loop's K tile into bt
 * (wgmma_filter_size(wgmma_tma_packed_filter<PREC>(wgmma_tma_data_params<PREC>(q))) values of PREC), then runs
 * forward or backward_data (as jace_conv_launch_wgmma) on that loop (conv_wgmma_tma_data_kernel) from ap, a's
 * channels-last copy; nothing synchronizes. Errors as jace_conv_launch_wgmma_filter's on that loop. */
template <int PREC>
jace_status jace_conv_launch_wgmma_tma_data(const char *fn, const jace_conv::ConvParams &p,
                                            const jace_conv::PackedParams &q,
                                            const typename jace_conv::SmemType<PREC>::type *ap, const float *w,
                                            typename jace_conv::SmemType<PREC>::type *bt, float *c,
                                            cudaStream_t stream);

/* C^T [n][m] = A [m][k] B [n][k]^T on the wgmma kernels' main loop (conv_wgmma128/256_plain_kernel: tiles of `rows`
 * rows, 128 or 256), A and B K-major with values already rounded to prec (TF32 floats, or __nv_bfloat16 for BF16),
 * m a multiple of rows, n of 128 and k of 16, on `stream`; the loop's ceiling for conv_gpu_check bench.
 * JACE_ERROR_INVALID_ARGUMENT for other sizes or precisions, JACE_ERROR_UNSUPPORTED off compute capability 9.0. */
jace_status jace_conv_wgmma_plain_gemm(const char *fn, jace_precision prec, int rows, int m, int n, int k,
                                       const void *a, const void *b, float *c, cudaStream_t stream);

/* Looks up the driver's cuTensorMapEncodeTiled, which the tensor-copy kernels' maps need, once a process: afterwards
 * their launches ask the driver nothing. JACE_ERROR_UNSUPPORTED where the driver has none. */
jace_status jace_conv_wgmma_find_encoder(const char *fn);

/* The tensor map of a K-major rows x k matrix at p of prec's values (TF32 floats or BF16), as the tensor-copy loop
 * reads its operands: boxes of box_rows rows (at most 256) of one K tile, 128 bytes (32 TF32 or 64 BF16 values), in
 * 128-byte swizzle; k a multiple of that tile. cuTensorMapEncodeTiled comes from the driver through the runtime:
 * JACE_ERROR_UNSUPPORTED where the driver has none, JACE_ERROR_CUDA where it refuses the matrix. */
jace_status jace_conv_wgmma_tensor_map(const char *fn, jace_precision prec, const void *p, int rows, int k,
                                       int box_rows, CUtensorMap *map);

/* The same product on the main loop fed by tensor copies (conv_wgmma_tma_plain_kernel: 128 x 128 tiles, a producer
 * warpgroup's copies onto transaction barriers, 128-byte swizzle): m and n multiples of 128, k of 32 (TF32) or 64
 * (BF16); the next step's ceiling beside the cp.async loop's. Errors as jace_conv_wgmma_plain_gemm's, and
 * JACE_ERROR_UNSUPPORTED where the driver has no cuTensorMapEncodeTiled. */
jace_status jace_conv_wgmma_tma_plain_gemm(const char *fn, jace_precision prec, int m, int n, int k, const void *a,
                                           const void *b, float *c, cudaStream_t stream);

#endif
