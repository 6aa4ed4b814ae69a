/*
 * conv.cu — launchers of the direct (implicit-GEMM) convolutions of jace.h:
 *   jace_conv2d_*, jace_lifting_conv_*, jace_group_conv_*  x  forward / backward_data / backward_filter.
 * Plain conv is the lifting conv over the trivial group. Kernels: cuda/conv_implicit_gemm.cuh, where the channels
 * are many cuda/conv_packed_gemm.cuh (forward, backward_data) and cuda/conv_packed_filter.cuh (backward_filter), where
 * forward's or backward_data's output has few channels cuda/conv_narrow.cuh; under JACE_CONV_KERNELS=wgmma the packed
 * and channels-last kernels' TF32 and BF16 passes on Hopper go to conv_wgmma.cu.
 * Nothing here synchronizes; the workspaces (dWexp partials, the packed filter, channels-last copies) are allocated
 * with cudaMallocAsync on the stream and freed behind the kernels that use them.
 */
#include <atomic>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "group_args.h"
#include "jace_internal.h"
#include "conv_fold.cuh"
#include "conv_implicit_gemm.cuh"
#include "conv_narrow.cuh"
#include "conv_packed_filter.cuh"
#include "conv_wgmma.h"

#ifndef JACE_API
#define JACE_API __attribute__((visibility("default")))
#endif

using namespace jace_conv;

namespace {

const jace_group TRIVIAL_GROUP = {1, {0}, {0}, {0}, {0}};

/* Checks pointers, group, shape and sizes; a and b are the inputs of `mode`, c its output (FWD: x, w -> y;
 * BWD_DATA: dy, w -> dx; BWD_FILTER: x, dy -> dw). */
jace_status validate(const char *fn, int mode, const float *a, const char *an, const float *b, const char *bn,
                     const float *c, const char *cn, const jace_group *grp, const jace_conv_shape *s,
                     jace_precision prec, bool group_input) {
    JACE_REQUIRE(a != nullptr, "%s: %s is NULL", fn, an);
    JACE_REQUIRE(b != nullptr, "%s: %s is NULL", fn, bn);
    JACE_REQUIRE(c != nullptr, "%s: %s is NULL", fn, cn);
    JACE_TRY(jace_check_group(fn, grp));
    JACE_REQUIRE(s != nullptr, "%s: shape is NULL", fn);
    JACE_REQUIRE(prec == JACE_PRECISION_FP32 || prec == JACE_PRECISION_TF32 || prec == JACE_PRECISION_BF16,
                 "%s: precision %d is not FP32 (0), TF32 (1) or BF16 (2)", fn, (int)prec);
    const int G = grp->order;
    JACE_REQUIRE(s->n >= 1, "%s: shape n = %d (want >= 1)", fn, s->n);
    JACE_REQUIRE(s->cin >= 1, "%s: shape cin = %d (want >= 1)", fn, s->cin);
    JACE_REQUIRE(s->cout >= 1, "%s: shape cout = %d (want >= 1)", fn, s->cout);
    JACE_REQUIRE(s->h >= 1, "%s: shape h = %d (want >= 1)", fn, s->h);
    JACE_REQUIRE(s->w >= 1, "%s: shape w = %d (want >= 1)", fn, s->w);
    JACE_REQUIRE(s->k >= 1, "%s: shape k = %d (want >= 1)", fn, s->k);
    JACE_REQUIRE(s->pad >= 0 && s->pad < (1 << 20), "%s: shape pad = %d (want 0 <= pad < 2^20)", fn, s->pad);
    const long long ho = (long long)s->h + 2LL * s->pad - s->k + 1, wo = (long long)s->w + 2LL * s->pad - s->k + 1;
    JACE_REQUIRE(ho >= 1 && wo >= 1, "%s: output extent %lld x %lld from h = %d, w = %d, k = %d, pad = %d is empty",
                 fn, ho, wo, s->h, s->w, s->k, s->pad);
    const long long gin = group_input ? G : 1, kk2 = (long long)s->k * s->k;
    const long long xs = jace_count({s->n, s->cin, gin, s->h, s->w});
    const long long ys = jace_count({s->n, s->cout, G, ho, wo});
    const long long wexp = jace_count({s->cout, G, s->cin, gin, kk2}); /* also bounds w and the workspace */
    JACE_TRY(jace_require_count(fn, mode == MODE_BWD_DATA ? "dx" : "x", xs));
    JACE_TRY(jace_require_count(fn, mode == MODE_BWD_DATA ? "dy" : "y", ys));
    JACE_TRY(jace_require_count(fn, "the expanded filter", wexp));
    if (xs > JACE_MAX_EXTENT || ys > JACE_MAX_EXTENT || wexp > JACE_MAX_EXTENT) {
        return jace_fail(JACE_ERROR_UNSUPPORTED,
                         "%s: tensors beyond %lld elements are not supported (x %lld, y %lld, expanded filter %lld)",
                         fn, JACE_MAX_EXTENT, xs, ys, wexp);
    }
    const long long m_tiles = ((long long)s->n * (ho * wo > (long long)s->h * s->w ? ho * wo : (long long)s->h * s->w)
                               + BM - 1) / BM;
    const long long nb1 = (s->cin * gin * kk2 + BN - 1) / BN, nb2 = ((long long)s->cout * G + BN - 1) / BN;
    const long long n_tiles = nb1 > nb2 ? nb1 : nb2; /* grid.y of every mode */
    if (m_tiles > INT_MAX || n_tiles > 65535) {
        return jace_fail(JACE_ERROR_UNSUPPORTED, "%s: problem too large for one launch (%lld x %lld tiles)", fn,
                         m_tiles, n_tiles);
    }
    const long long ws = wexp / G;
    const long long size_a = mode == MODE_BWD_DATA ? ys : xs;
    const long long size_b = mode == MODE_FWD || mode == MODE_BWD_DATA ? ws : ys;
    const long long size_c = mode == MODE_FWD ? ys : mode == MODE_BWD_DATA ? xs : ws;
    return jace_require_apart(fn, {jace_floats(cn, c, size_c)},
                              {jace_floats(an, a, size_a), jace_floats(bn, b, size_b)});
}

template <int MODE>
jace_status launch_gemm(const char *fn, const ConvParams &p, int splits, const float *a, const float *b, float *c,
                        jace_precision prec, cudaStream_t stream) {
    const dim3 grid((unsigned)(((long long)p.M + BM - 1) / BM), (unsigned)(((long long)p.N + BN - 1) / BN),
                    (unsigned)splits);
    const IgemmDivisors d = igemm_divisors(p);
    switch (prec) {
    case JACE_PRECISION_TF32:
        conv_igemm_kernel<MODE, PREC_TF32><<<grid, THREADS, 0, stream>>>(p, d, a, b, c);
        break;
    case JACE_PRECISION_BF16:
        conv_igemm_kernel<MODE, PREC_BF16><<<grid, THREADS, 0, stream>>>(p, d, a, b, c);
        break;
    default:
        conv_igemm_kernel<MODE, PREC_FP32><<<grid, THREADS, 0, stream>>>(p, d, a, b, c);
        break;
    }
    cudaError_t err = cudaGetLastError();
    if (err != cudaSuccess) {
        return jace_fail(JACE_ERROR_CUDA, "%s: conv_igemm_kernel<%d,%d> launch (grid %u x %u x %u) failed: %s (%s)", fn,
                         MODE, (int)prec, grid.x, grid.y, grid.z, cudaGetErrorName(err), cudaGetErrorString(err));
    }
    return JACE_SUCCESS;
}

/* The status of the kernel launch just made (what names it). */
jace_status launch_status(const char *fn, const char *what) {
    cudaError_t err = cudaGetLastError();
    if (err == cudaSuccess) return JACE_SUCCESS;
    return jace_fail(JACE_ERROR_CUDA, "%s: %s launch failed: %s (%s)", fn, what, cudaGetErrorName(err),
                     cudaGetErrorString(err));
}

/* Frees a stream-ordered workspace behind the launches that use it. st is the status of those launches: their
 * failure is reported before a failure to free. */
jace_status free_workspace(const char *fn, void *ws, const char *what, jace_status st, cudaStream_t stream) {
    cudaError_t ferr = cudaFreeAsync(ws, stream);
    if (ferr != cudaSuccess) {
        (void)cudaGetLastError(); /* reported below (or superseded by st), as JACE_CUDA_CHECK does */
    }
    if (st != JACE_SUCCESS) return st;
    if (ferr != cudaSuccess) {
        return jace_fail(JACE_ERROR_CUDA, "%s: cudaFreeAsync of the %s failed: %s (%s)", fn, what,
                         cudaGetErrorName(ferr), cudaGetErrorString(ferr));
    }
    return JACE_SUCCESS;
}

/* A workspace carved into 256-byte aligned parts. */
struct Carve {
    size_t bytes = 0;
    size_t take(size_t n) {
        const size_t at = bytes;
        bytes += (n + 255) / 256 * 256;
        return at;
    }
};

/* A fold's threads an output (fold_lanes) and blocks, for `entries` outputs of `partials` partial sums each on `sms`
 * SMs. */
struct FoldGrid {
    int lanes;
    unsigned blocks;
};

FoldGrid fold_grid(long long entries, long long partials, int sms) {
    const int lanes = fold_lanes(entries, partials, sms);
    return FoldGrid{lanes, jace_grid_for(entries * lanes)};
}

/* A filter fold's grid: dw's entries, each of G x `splits` partial sums. */
FoldGrid filter_fold_grid(const ConvParams &p, int splits, int sms) {
    return fold_grid(fold_size(p), (long long)p.G * splits, sms);
}

/* out = the sum of `splits` partial sums of `size` floats each (conv_fold_splits_kernel), on `sms` SMs. */
jace_status fold_splits(const char *fn, const float *part, int splits, long long size, float *out, int sms,
                        cudaStream_t stream) {
    const FoldGrid g = fold_grid(size, splits, sms);
    conv_fold_splits_kernel<<<g.blocks, JACE_THREADS, 0, stream>>>(part, splits, size, g.lanes, out);
    return launch_status(fn, "conv_fold_splits_kernel");
}

/* launch(out) writes `splits` partial sums of `size` floats each from out on: into c itself where there is one, else
 * into a stream-ordered workspace, folded into c behind it (fold_splits on `sms` SMs). */
template <class Launch>
jace_status into_split_partials(const char *fn, int splits, long long size, float *c, int sms, cudaStream_t stream,
                                Launch launch) {
    if (splits == 1) return launch(c);
    float *part = nullptr;
    JACE_CUDA_CHECK(fn, cudaMallocAsync((void **)&part, (size_t)splits * (size_t)size * sizeof(float), stream));
    jace_status st = launch(part);
    if (st == JACE_SUCCESS) st = fold_splits(fn, part, splits, size, c, sms, stream);
    return free_workspace(fn, part, "split-K partial sums", st, stream);
}

/* Forward / backward_data on the implicit GEMM, K cut into at most `most_splits` chunks (into_split_partials). */
template <int MODE>
jace_status launch_data_gemm(const char *fn, ConvParams p, int most_splits, const float *a, const float *w, float *c,
                             jace_precision prec, int sms, cudaStream_t stream) {
    const int splits = set_splits(p, most_splits);
    return into_split_partials(fn, splits, (long long)p.M * p.N, c, sms, stream, [&](float *out) {
        return launch_gemm<MODE>(fn, p, splits, a, w, out, prec, stream);
    });
}

/* The kernels JACE_CONV_KERNELS asks for, read at every call before anything is enqueued, so that an unknown value is
 * refused as an argument is: unset, empty or `auto` the packed, channels-last and narrow kernels where they apply,
 * forward's and backward_data's K split where their grid would leave SMs idle (wave_splits, narrow_splits);
 * `implicit-gemm` the implicit GEMM in every pass, forward's and backward_data's K whole (to time it against them in
 * one process); `unsplit` as auto, but forward's and backward_data's K whole (to time the split against it); `wgmma` as
 * auto, but the TF32 and BF16 passes that auto gives the packed and channels-last kernels, on Hopper (compute
 * capability 9.0), through the warpgroup-MMA kernels (conv_wgmma.cu), in tiles of as many rows as the pass's rule
 * chooses (data_wgmma_rows, filter_wgmma_grid); `wgmma-128`, `wgmma-192` and `wgmma-256` the same in tiles of that many
 * rows (to time one against the other; backward_filter has no 192-row tiles and keeps its rule under `wgmma-192`);
 * `wgmma-tma` as wgmma, but on the main loop fed by tensor copies (conv_wgmma_tma.cuh: 128 x 128 tiles; to time it
 * against wgmma's). */
enum ConvKernels {
    KERNELS_AUTO,
    KERNELS_IMPLICIT_GEMM,
    KERNELS_UNSPLIT,
    KERNELS_WGMMA,
    KERNELS_WGMMA_128,
    KERNELS_WGMMA_192,
    KERNELS_WGMMA_256,
    KERNELS_WGMMA_TMA
};

/* JACE_CONV_KERNELS's value as ConvKernels; false where it is none of them. */
bool read_conv_kernels(ConvKernels *kernels) {
    static const struct {
        const char *value;
        ConvKernels kernels;
    } kValues[] = {{"auto", KERNELS_AUTO},           {"implicit-gemm", KERNELS_IMPLICIT_GEMM},
                   {"unsplit", KERNELS_UNSPLIT},     {"wgmma", KERNELS_WGMMA},
                   {"wgmma-128", KERNELS_WGMMA_128}, {"wgmma-192", KERNELS_WGMMA_192},
                   {"wgmma-256", KERNELS_WGMMA_256}, {"wgmma-tma", KERNELS_WGMMA_TMA}};
    const char *value = std::getenv("JACE_CONV_KERNELS");
    *kernels = KERNELS_AUTO;
    if (value == nullptr || *value == '\0') return true;
    for (const auto &v : kValues) {
        if (std::strcmp(value, v.value) == 0) {
            *kernels = v.kernels;
            return true;
        }
    }
    return false;
}

jace_status conv_kernels(const char *fn, ConvKernels *kernels) {
    if (read_conv_kernels(kernels)) return JACE_SUCCESS;
    return jace_fail(JACE_ERROR_INVALID_ARGUMENT,
                     "%s: JACE_CONV_KERNELS is '%.64s'; expected auto (the default: the packed, channels-last and "
                     "narrow kernels where they apply), implicit-gemm (the implicit GEMM for every pass), unsplit "
                     "(auto with forward's and backward_data's K whole), wgmma (auto, with those TF32 and BF16 passes "
                     "on Hopper's warpgroup MMA), wgmma-128, wgmma-192 or wgmma-256 (wgmma in tiles of that many "
                     "rows), wgmma-tma (wgmma, its main loop fed by tensor copies), or unset it",
                     fn, std::getenv("JACE_CONV_KERNELS"));
}

/* Whether a pass that the packed or channels-last kernels would take goes to the wgmma kernels instead: asked for,
 * TF32 or BF16, and a Hopper device (their only image is sm_90a's). */
jace_status takes_wgmma(const char *fn, ConvKernels kernels, jace_precision prec, bool *take) {
    *take = false;
    if (kernels < KERNELS_WGMMA || (prec != JACE_PRECISION_TF32 && prec != JACE_PRECISION_BF16)) return JACE_SUCCESS;
    return jace_conv_wgmma_device(fn, take);
}

/* Forward and backward_data take the packed filter when the input has at least PBK channels and the output at least
 * 32 (with fewer, most of a tile would be padding) and the packed filter fits int offsets. */
bool takes_packed(const PackedParams &q) { return q.C >= PBK && q.N >= 32 && packed_filter_size(q) <= INT_MAX; }

/* Every packed kernel's dynamic shared memory limit raised to what it is launched with (above 48 KiB the launch
 * fails without it). */
template <int PREC, int BM, int BN>
jace_status allow_packed_tile(const char *fn) {
    JACE_CUDA_CHECK(fn, cudaFuncSetAttribute(conv_packed_kernel<PREC, BM, BN>,
                                             cudaFuncAttributeMaxDynamicSharedMemorySize,
                                             conv_packed_smem_bytes<PREC, BM, BN>()));
    JACE_CUDA_CHECK(fn, cudaFuncSetAttribute(conv_packed_filter_kernel<PREC, BM, BN>,
                                             cudaFuncAttributeMaxDynamicSharedMemorySize,
                                             conv_packed_filter_smem_bytes<PREC, BM, BN>()));
    return JACE_SUCCESS;
}

template <int PREC>
jace_status allow_packed_precision(const char *fn) {
#define JACE_ALLOW_TILE(BM, BN) JACE_TRY((allow_packed_tile<PREC, BM, BN>(fn)));
    JACE_PACKED_TILES(JACE_ALLOW_TILE)
#undef JACE_ALLOW_TILE
    return JACE_SUCCESS;
}

template <int PREC, int BM>
void launch_packed_tiles(const PackedParams &q, int splits, const float *a, const typename SmemType<PREC>::type *bp,
                         float *c, cudaStream_t stream) {
    const dim3 grid((unsigned)((q.M + BM - 1) / BM), (unsigned)(q.Npad / q.BN), (unsigned)splits);
    if (q.BN == 128) {
        conv_packed_kernel<PREC, BM, 128><<<grid, PTHREADS, conv_packed_smem_bytes<PREC, BM, 128>(), stream>>>(
            q, a, bp, c);
    } else {
        conv_packed_kernel<PREC, BM, 64><<<grid, PTHREADS, conv_packed_smem_bytes<PREC, BM, 64>(), stream>>>(
            q, a, bp, c);
    }
}

/* The packed GEMM's tile rows: 128 where their grid still has a block for every SM, 64 (twice the blocks)
 * otherwise. */
int packed_rows(const PackedParams &q, int sms) { return packed_tiles(q, 128) >= sms ? 128 : 64; }

/* Packs the filter into a stream-ordered workspace, then runs the packed GEMM in tiles of packed_rows rows (on `sms`
 * SMs), 64 columns where N <= 64, else 128, with K cut into at most `most_splits` chunks; where there are several,
 * their partial sums go to the same workspace, folded into c behind them. */
template <int PREC>
jace_status launch_packed(const char *fn, const ConvParams &p, PackedParams q, int sms, int most_splits,
                          const float *a, const float *w, float *c, cudaStream_t stream) {
    typedef typename SmemType<PREC>::type T;
    JACE_TRY(jace_conv_allow_shared_memory(fn));
    const int splits = set_packed_splits(q, most_splits);
    const long long size = packed_filter_size(q), out = packed_output_size(q);
    Carve carve;
    const size_t bp_at = carve.take((size_t)size * sizeof(T));
    const size_t part_at = splits > 1 ? carve.take((size_t)splits * (size_t)out * sizeof(float)) : 0;
    unsigned char *base = nullptr;
    JACE_CUDA_CHECK(fn, cudaMallocAsync((void **)&base, carve.bytes, stream));
    T *bp = reinterpret_cast<T *>(base + bp_at);
    float *part = splits > 1 ? reinterpret_cast<float *>(base + part_at) : c;
    const auto launches = [&]() -> jace_status {
        conv_pack_filter_kernel<PREC><<<jace_rows_grid(q.ktiles * PBK, q.Npad), JACE_THREADS, 0, stream>>>(
            p, q, pack_divisors(p, q), w, bp);
        JACE_TRY(launch_status(fn, "conv_pack_filter_kernel"));
        if (packed_rows(q, sms) == 128) {
            launch_packed_tiles<PREC, 128>(q, splits, a, bp, part, stream);
        } else {
            launch_packed_tiles<PREC, 64>(q, splits, a, bp, part, stream);
        }
        JACE_TRY(launch_status(fn, "conv_packed_kernel"));
        return splits > 1 ? fold_splits(fn, part, splits, out, c, sms, stream) : JACE_SUCCESS;
    };
    return free_workspace(fn, base, "packed workspace", launches(), stream);
}

/* backward_filter takes the channels-last copies when both dy and x have at least 32 channels (with fewer, most of a
 * tile would be padding), its grids' y and z extents stay within 65535 and every buffer fits int offsets. */
bool takes_channels_last(const FilterParams &f) {
    const long long grid_y = (long long)f.kk2 * (f.CePad / f.BN);
    const long long copies_y = (f.NePad > f.CePad ? f.NePad : f.CePad) / TRANSPOSE_TILE;
    return f.Ne >= 32 && f.Ce >= 32 && f.n <= 65535 && grid_y <= 65535 && copies_y <= 65535 &&
           filter_dyt_size(f) <= INT_MAX && filter_xp_size(f) <= INT_MAX && filter_part_size(f) <= INT_MAX;
}

template <int PREC, int BM>
void launch_filter_tiles(const FilterParams &f, int splits, const typename SmemType<PREC>::type *dyt,
                         const typename SmemType<PREC>::type *xp, const int *pix, float *part, cudaStream_t stream) {
    const dim3 grid((unsigned)(f.NePad / BM), (unsigned)(f.kk2 * (f.CePad / f.BN)), (unsigned)splits);
    if (f.BN == 128) {
        conv_packed_filter_kernel<PREC, BM, 128><<<grid, PTHREADS, conv_packed_filter_smem_bytes<PREC, BM, 128>(),
                                                   stream>>>(f, dyt, xp, pix, part);
    } else {
        conv_packed_filter_kernel<PREC, BM, 64><<<grid, PTHREADS, conv_packed_filter_smem_bytes<PREC, BM, 64>(),
                                                  stream>>>(f, dyt, xp, pix, part);
    }
}

/* backward_filter's workspace, carved into 256-byte aligned parts: the copies of dy and x (their layouts the GEMM's),
 * the split-K partials and the pixel rows. */
struct FilterWorkspace {
    unsigned char *base = nullptr;
    size_t dyt = 0, xp = 0, part = 0, pix = 0;
    template <typename T>
    T *at(size_t offset) const {
        return reinterpret_cast<T *>(base + offset);
    }
};

/* conv_to_channels_last_kernel<PREC> of `in` (n images of C channels, H x W) into out, [n][H + 2 pad][W + 2 pad][Cpad],
 * zeroed first where it has padding, which the kernel does not write; `what` names the launch in an error. */
template <int PREC>
jace_status to_channels_last(const char *fn, const char *what, const float *in, int n, int C, int H, int W, int pad,
                             int Cpad, typename SmemType<PREC>::type *out, cudaStream_t stream) {
    if (pad > 0) {
        const size_t size = (size_t)n * (H + 2 * pad) * (W + 2 * pad) * Cpad;
        JACE_CUDA_CHECK(fn, cudaMemsetAsync(out, 0, size * sizeof(*out), stream));
    }
    const dim3 grid((unsigned)((H * W + TRANSPOSE_TILE - 1) / TRANSPOSE_TILE),
                    (unsigned)((Cpad + TRANSPOSE_TILE - 1) / TRANSPOSE_TILE), (unsigned)n);
    conv_to_channels_last_kernel<PREC>
        <<<grid, TRANSPOSE_THREADS, 0, stream>>>(in, C, H, jace_make_fast_divisor((unsigned)W), pad, Cpad, out);
    return launch_status(fn, what);
}

/* The channels-last copies of dy and x (their padding zeroed) and the GEMM of their tiles into the partials. */
template <int PREC>
jace_status channels_last_gemm(const char *fn, const FilterParams &f, int splits, const float *x, const float *dy,
                               const FilterWorkspace &w, cudaStream_t stream) {
    typedef typename SmemType<PREC>::type T;
    T *dyt_p = w.at<T>(w.dyt), *xp_p = w.at<T>(w.xp);
    if (f.Ppad > f.P) {
        JACE_CUDA_CHECK(fn, cudaMemsetAsync(dyt_p + (size_t)f.P * f.NePad, 0,
                                            (size_t)(f.Ppad - f.P) * f.NePad * sizeof(T), stream));
    }
    JACE_TRY(to_channels_last<PREC>(fn, "conv_to_channels_last_kernel (dy)", dy, f.n, f.Ne, f.HO, f.WO, 0, f.NePad,
                                    dyt_p, stream));
    JACE_TRY(to_channels_last<PREC>(fn, "conv_to_channels_last_kernel (x)", x, f.n, f.Ce, f.H, f.W, f.pad, f.CePad,
                                    xp_p, stream));
    if (f.BM == 128) {
        launch_filter_tiles<PREC, 128>(f, splits, dyt_p, xp_p, w.at<int>(w.pix), w.at<float>(w.part), stream);
    } else {
        launch_filter_tiles<PREC, 64>(f, splits, dyt_p, xp_p, w.at<int>(w.pix), w.at<float>(w.part), stream);
    }
    return launch_status(fn, "conv_packed_filter_kernel");
}

/* The copies a backward_filter GEMM makes of dy (filter_dyt_size) and x: their elements' bytes, the elements of x's,
 * and whether it reads the pixel rows (pix). */
struct FilterCopies {
    size_t elem;
    long long x_elems;
    bool pixels;
};

/* backward_filter through the copies of dy and x, split over K (the pixels) into at most `most_splits` chunks of whole
 * K tiles: the pixel rows where the GEMM reads them, then gemm(f, splits, workspace) (the copies and the GEMM into the
 * partials), then the fold into dw, in a stream-ordered workspace freed behind them. */
template <class Gemm>
jace_status launch_filter_gemm(const char *fn, const ConvParams &p, FilterParams f, int most_splits,
                               const FilterCopies &copies, float *dw, int sms, cudaStream_t stream, Gemm gemm) {
    JACE_TRY(jace_conv_allow_shared_memory(fn));
    const int splits = set_filter_splits(f, most_splits);
    Carve carve;
    FilterWorkspace w;
    w.dyt = carve.take((size_t)filter_dyt_size(f) * copies.elem);
    w.xp = carve.take((size_t)copies.x_elems * copies.elem);
    w.part = carve.take((size_t)splits * filter_part_size(f) * sizeof(float));
    w.pix = copies.pixels ? carve.take((size_t)f.Ppad * sizeof(int)) : 0;
    JACE_CUDA_CHECK(fn, cudaMallocAsync((void **)&w.base, carve.bytes, stream));
    const auto launches = [&]() -> jace_status {
        if (copies.pixels) {
            conv_filter_pixels_kernel<<<jace_grid_for(f.Ppad), JACE_THREADS, 0, stream>>>(f, w.at<int>(w.pix));
            JACE_TRY(launch_status(fn, "conv_filter_pixels_kernel"));
        }
        JACE_TRY(gemm(f, splits, w));
        const FoldGrid g = filter_fold_grid(p, splits, sms);
        conv_filter_fold_kernel<<<g.blocks, JACE_THREADS, 0, stream>>>(p, f, fold_divisors(p), w.at<float>(w.part),
                                                                        splits, g.lanes, dw);
        return launch_status(fn, "conv_filter_fold_kernel");
    };
    return free_workspace(fn, w.base, "filter-gradient workspace", launches(), stream);
}

template <int PREC>
jace_status launch_filter_packed(const char *fn, const ConvParams &p, const FilterParams &f, int sms, const float *x,
                                 const float *dy, float *dw, cudaStream_t stream) {
    const FilterCopies copies{sizeof(typename SmemType<PREC>::type), filter_xp_size(f), true};
    return launch_filter_gemm(fn, p, f, filter_wave_splits(f, sms), copies, dw, sms, stream,
                              [&](const FilterParams &fs, int splits, const FilterWorkspace &w) {
                                  return channels_last_gemm<PREC>(fn, fs, splits, x, dy, w, stream);
                              });
}

/* TF32 or BF16 backward_filter on Hopper's warpgroup MMA (conv_wgmma.cu) on the grid g: dy K-major and x's shifted
 * planes by output rows of whole vectors (conv_wgmma_layout.cuh), g from wgmma_filter_grid of wgmma_rows_params<PREC>'
 * view; or (TMA) by images, for the main loop fed by tensor copies, g from filter_tma_grid. */
template <int PREC, bool TMA>
jace_status launch_filter_wgmma(const char *fn, const ConvParams &p, const WgmmaFilterGrid &g, const float *x,
                                const float *dy, float *dw, int sms, cudaStream_t stream) {
    typedef typename SmemType<PREC>::type T;
    const FilterCopies copies{sizeof(T), filter_xs_size(g.f), false};
    return launch_filter_gemm(fn, p, g.f, g.splits, copies, dw, sms, stream,
                              [&](const FilterParams &fs, int splits, const FilterWorkspace &w) {
                                  return jace_conv_launch_wgmma_filter<PREC, TMA>(fn, fs, splits, x, dy,
                                                                                  w.at<T>(w.dyt), w.at<T>(w.xp),
                                                                                  w.at<float>(w.part), stream);
                              });
}

/* The wgmma path of forward / backward_data reads a channels-last copy of its input, which needs a padding that does
 * not crop, a grid of at most 65535 images for the copy, and int offsets into both workspaces. */
bool takes_wgmma_data(const PackedParams &q) {
    return q.pad >= 0 && packed_images(q) <= 65535 && packed_channels_last_size(q) <= INT_MAX &&
           wgmma_filter_size(q) <= INT_MAX;
}

/* Whether forward / backward_data of the wgmma view qw take the tensor-copy loop under wgmma-tma: its K-major filter,
 * each tap's channels padded to that loop's K tile, fits int offsets too. */
template <int PREC>
bool takes_tma_data(const PackedParams &qw) {
    return wgmma_filter_size(wgmma_tma_packed_filter<PREC>(wgmma_tma_data_params<PREC>(qw))) <= INT_MAX;
}

/* The tile height `kernels` forces (wgmma-128, wgmma-192, wgmma-256); 0 where the pass's rule chooses. */
int forced_rows(ConvKernels kernels) {
    if (kernels == KERNELS_WGMMA_128) return 128;
    if (kernels == KERNELS_WGMMA_192) return 192;
    if (kernels == KERNELS_WGMMA_256) return 256;
    return 0;
}

/* The rows of the wgmma tiles of forward / backward_data (q: make_packed_params') under a wgmma value of `kernels`:
 * as asked, or under `wgmma` as wgmma_data_rows rates the grid; 0 where the pass keeps other kernels. */
int data_wgmma_rows(ConvKernels kernels, const PackedParams &q, int sms) {
    const PackedParams qw = wgmma_packed_params(q);
    if (!takes_packed(q) || !takes_wgmma_data(qw)) return 0;
    const int forced = forced_rows(kernels);
    return forced != 0 ? forced : wgmma_data_rows(qw.M, qw.Npad / WGMMA_BN, sms);
}

/* backward_filter's wgmma grid of f (wgmma_rows_params' view) under a wgmma value of `kernels` (wgmma_filter_grid, of
 * the tile heights asked for; it has no 192-row tiles, so wgmma-192 leaves it its rule) into g; false where the pass
 * keeps other kernels, as where an xS plane's offsets (RowsCursor's) would not fit an int. */
bool filter_wgmma_grid(ConvKernels kernels, const FilterParams &f, int sms, WgmmaFilterGrid *g) {
    if (!takes_channels_last(f)) return false;
    const int forced = forced_rows(kernels);
    *g = wgmma_filter_grid(f, sms, forced == 192 ? 0 : forced);
    return takes_channels_last(g->f) && rows_plane(g->f) <= INT_MAX;
}

/* backward_filter's grid on the tensor-copy loop (wgmma_tma_filter_params' view of f, 128-row tiles) into g, with the
 * splits wgmma_filter_splits chooses among wave_splits', each split keeping as many pixels at least as the other
 * loops' (FILTER_SPLIT_KTILES tiles of PBK); false where the pass keeps other kernels, as filter_wgmma_grid says. */
template <int PREC>
bool filter_tma_grid(const FilterParams &f, int sms, WgmmaFilterGrid *g) {
    if (!takes_channels_last(f)) return false;
    const FilterParams ft = wgmma_tma_filter_params<PREC>(f);
    const long long tiles = filter_tiles(ft);
    const int least = FILTER_SPLIT_KTILES * PBK / WgmmaTmaTile<PREC>::BK;
    const int most = wave_splits(sms, tiles, ft.ktiles, filter_part_size(ft), least);
    *g = {ft, wgmma_filter_splits(tiles, ft.ktiles, most, sms, WGMMA_TMA_BM)};
    return takes_channels_last(ft) && rows_plane(ft) <= INT_MAX;
}

/* Forward / backward_data on Hopper's warpgroup MMA (conv_wgmma.cu) in tiles of `rows` rows, or (TMA) on the loop fed
 * by tensor copies: a's channels-last copy, rounded to PREC (TF32 or BF16), and the filter packed K-major, in a
 * stream-ordered workspace freed behind the GEMM. q is wgmma_packed_params' view. */
template <int PREC, bool TMA>
jace_status launch_packed_wgmma(const char *fn, const ConvParams &p, const PackedParams &q, int rows, const float *a,
                                const float *w, float *c, cudaStream_t stream) {
    typedef typename SmemType<PREC>::type T;
    JACE_TRY(jace_conv_allow_shared_memory(fn));
    Carve carve;
    const size_t ap_at = carve.take((size_t)packed_channels_last_size(q) * sizeof(T));
    const PackedParams filter = TMA ? wgmma_tma_packed_filter<PREC>(wgmma_tma_data_params<PREC>(q)) : q;
    const size_t bt_at = carve.take((size_t)wgmma_filter_size(filter) * sizeof(T));
    unsigned char *base = nullptr;
    JACE_CUDA_CHECK(fn, cudaMallocAsync((void **)&base, carve.bytes, stream));
    T *ap = reinterpret_cast<T *>(base + ap_at), *bt = reinterpret_cast<T *>(base + bt_at);
    const auto launches = [&]() -> jace_status {
        JACE_TRY(to_channels_last<PREC>(fn, "conv_to_channels_last_kernel (input)", a, packed_images(q), q.C, q.H, q.W,
                                        q.pad, q.Cpad, ap, stream));
        return TMA ? jace_conv_launch_wgmma_tma_data<PREC>(fn, p, q, ap, w, bt, c, stream)
                   : jace_conv_launch_wgmma<PREC>(fn, p, q, rows, ap, w, bt, c, stream);
    };
    return free_workspace(fn, base, "wgmma workspace", launches(), stream);
}

/* Whether forward / backward_data go to the implicit GEMM rather than the packed kernels under `kernels`. */
bool data_takes_gemm(ConvKernels kernels, const PackedParams &q) {
    return kernels == KERNELS_IMPLICIT_GEMM || !takes_packed(q);
}

/* Lines of K a split of the narrow kernel takes when K is cut into at most `most` splits; sets *splits to how many
 * that makes. */
int narrow_split_lines(const ConvParams &p, int most, int *splits) {
    const int lines = narrow_lines(p), per = tiles_per_split(lines, most);
    *splits = (lines + per - 1) / per;
    return per;
}

/* The K splits the narrow kernel asks for: wave_splits's two waves of blocks with NARROW_BLOCKS_PER_SM / 2 blocks in
 * each SM's share of a wave, so about NARROW_BLOCKS_PER_SM blocks an SM in all. */
int narrow_splits(const ConvParams &p, int sms) {
    return wave_splits(NARROW_BLOCKS_PER_SM / 2 * sms, narrow_blocks(p), narrow_lines(p), (long long)p.M * p.N,
                       NARROW_SPLIT_LINES);
}

template <int MODE, int PREC>
void launch_narrow_width(const ConvParams &p, int split_lines, int splits, const float *a, const float *w, float *c,
                         cudaStream_t stream) {
    const dim3 grid((unsigned)narrow_blocks(p), 1, (unsigned)splits);
    const IgemmDivisors d = igemm_divisors(p);
    switch (narrow_width(p.N)) {
    case 4:
        conv_narrow_kernel<MODE, PREC, 4><<<grid, NARROW_THREADS, 0, stream>>>(p, d, split_lines, a, w, c);
        break;
    case 8:
        conv_narrow_kernel<MODE, PREC, 8><<<grid, NARROW_THREADS, 0, stream>>>(p, d, split_lines, a, w, c);
        break;
    default:
        conv_narrow_kernel<MODE, PREC, 16><<<grid, NARROW_THREADS, 0, stream>>>(p, d, split_lines, a, w, c);
        break;
    }
}

/* Forward / backward_data on the narrow kernel, K's lines cut into at most `most_splits` chunks
 * (into_split_partials). */
template <int MODE>
jace_status launch_narrow(const char *fn, const ConvParams &p, int most_splits, const float *a, const float *w,
                          float *c, jace_precision prec, int sms, cudaStream_t stream) {
    int splits = 1;
    const int split_lines = narrow_split_lines(p, most_splits, &splits);
    return into_split_partials(fn, splits, (long long)p.M * p.N, c, sms, stream, [&](float *out) {
        switch (prec) {
        case JACE_PRECISION_TF32:
            launch_narrow_width<MODE, PREC_TF32>(p, split_lines, splits, a, w, out, stream);
            break;
        case JACE_PRECISION_BF16:
            launch_narrow_width<MODE, PREC_BF16>(p, split_lines, splits, a, w, out, stream);
            break;
        default:
            launch_narrow_width<MODE, PREC_FP32>(p, split_lines, splits, a, w, out, stream);
            break;
        }
        return launch_status(fn, "conv_narrow_kernel");
    });
}

/* Whether forward / backward_data go to the narrow kernel under `kernels`: every value but implicit-gemm. */
bool data_takes_narrow(ConvKernels kernels, const ConvParams &p) {
    return kernels != KERNELS_IMPLICIT_GEMM && narrow_fits(p);
}

/* The K splits forward / backward_data ask for under `kernels` on the implicit GEMM or the packed kernels
 * (data_takes_gemm): wave_splits of that grid; 1 under implicit-gemm and unsplit. */
int data_splits(ConvKernels kernels, const ConvParams &p, const PackedParams &q, int sms) {
    if (kernels == KERNELS_IMPLICIT_GEMM || kernels == KERNELS_UNSPLIT) return 1;
    if (data_takes_gemm(kernels, q)) {
        return wave_splits(sms, gemm_tiles(p), p.K / BK, (long long)p.M * p.N, DATA_SPLIT_KTILES);
    }
    return wave_splits(sms, packed_tiles(q, packed_rows(q, sms)), q.ktiles, packed_output_size(q),
                       DATA_SPLIT_KTILES);
}

/* FWD (a = x, c = y) or BWD_DATA (a = dy, c = dx) of the validated shape p. */
template <int MODE>
jace_status launch_data_pass(const char *fn, const ConvParams &p, const float *a, const float *w, float *c,
                             jace_precision prec, cudaStream_t stream) {
    const PackedParams q = make_packed_params(p);
    ConvKernels kernels = KERNELS_AUTO;
    JACE_TRY(conv_kernels(fn, &kernels));
    int sms = 0;
    JACE_TRY(jace_multiprocessors(fn, &sms));
    if (data_takes_narrow(kernels, p)) {
        return launch_narrow<MODE>(fn, p, kernels == KERNELS_UNSPLIT ? 1 : narrow_splits(p, sms), a, w, c, prec,
                                   sms, stream);
    }
    const int splits = data_splits(kernels, p, q, sms);
    if (data_takes_gemm(kernels, q)) return launch_data_gemm<MODE>(fn, p, splits, a, w, c, prec, sms, stream);
    bool wgmma = false;
    JACE_TRY(takes_wgmma(fn, kernels, prec, &wgmma));
    const int rows = wgmma ? data_wgmma_rows(kernels, q, sms) : 0;
    if (rows > 0) {
        const PackedParams qw = wgmma_packed_params(q);
        if (prec == JACE_PRECISION_BF16) {
            return kernels == KERNELS_WGMMA_TMA && takes_tma_data<PREC_BF16>(qw)
                       ? launch_packed_wgmma<PREC_BF16, true>(fn, p, qw, rows, a, w, c, stream)
                       : launch_packed_wgmma<PREC_BF16, false>(fn, p, qw, rows, a, w, c, stream);
        }
        return kernels == KERNELS_WGMMA_TMA && takes_tma_data<PREC_TF32>(qw)
                   ? launch_packed_wgmma<PREC_TF32, true>(fn, p, qw, rows, a, w, c, stream)
                   : launch_packed_wgmma<PREC_TF32, false>(fn, p, qw, rows, a, w, c, stream);
    }
    switch (prec) {
    case JACE_PRECISION_TF32:
        return launch_packed<PREC_TF32>(fn, p, q, sms, splits, a, w, c, stream);
    case JACE_PRECISION_BF16:
        return launch_packed<PREC_BF16>(fn, p, q, sms, splits, a, w, c, stream);
    default:
        return launch_packed<PREC_FP32>(fn, p, q, sms, splits, a, w, c, stream);
    }
}

jace_status conv_forward(const char *fn, const float *x, const float *w, float *y, const jace_group *grp,
                         bool group_input, const jace_conv_shape *s, jace_precision prec, cudaStream_t stream) {
    jace_status st = validate(fn, MODE_FWD, x, "x", w, "w", y, "y", grp, s, prec, group_input);
    if (st != JACE_SUCCESS) return st;
    const ConvParams p = make_conv_params(MODE_FWD, grp, group_input, s);
    return launch_data_pass<MODE_FWD>(fn, p, x, w, y, prec, stream);
}

jace_status conv_backward_data(const char *fn, const float *dy, const float *w, float *dx, const jace_group *grp,
                               bool group_input, const jace_conv_shape *s, jace_precision prec,
                               cudaStream_t stream) {
    jace_status st = validate(fn, MODE_BWD_DATA, dy, "dy", w, "w", dx, "dx", grp, s, prec, group_input);
    if (st != JACE_SUCCESS) return st;
    const ConvParams p = make_conv_params(MODE_BWD_DATA, grp, group_input, s);
    return launch_data_pass<MODE_BWD_DATA>(fn, p, dy, w, dx, prec, stream);
}

/* The K splits backward_filter asks for on the implicit GEMM: wave_splits of its grid. */
int gemm_filter_splits(const ConvParams &p, int sms) {
    return wave_splits(sms, gemm_tiles(p), p.K / BK, (long long)p.M * p.N, FILTER_SPLIT_KTILES);
}

/* dWexp [cout*G, cin*gin*k*k] = dy-rows x im2col(x), split over K = n*ho*wo into `splits` partial buffers so that
 * small filters still fill the GPU; then a fixed-order gather folds partials and group copies into dw. */
jace_status conv_backward_filter(const char *fn, const float *x, const float *dy, float *dw, const jace_group *grp,
                                 bool group_input, const jace_conv_shape *s, jace_precision prec,
                                 cudaStream_t stream) {
    jace_status st = validate(fn, MODE_BWD_FILTER, x, "x", dy, "dy", dw, "dw", grp, s, prec, group_input);
    if (st != JACE_SUCCESS) return st;
    ConvParams p = make_conv_params(MODE_BWD_FILTER, grp, group_input, s);
    ConvKernels kernels = KERNELS_AUTO;
    JACE_TRY(conv_kernels(fn, &kernels));

    int sms = 0;
    JACE_TRY(jace_multiprocessors(fn, &sms));
    const FilterParams f = make_filter_params(p);
    if (kernels != KERNELS_IMPLICIT_GEMM && takes_channels_last(f)) {
        bool wgmma = false;
        JACE_TRY(takes_wgmma(fn, kernels, prec, &wgmma));
        WgmmaFilterGrid g;
        const bool tma = wgmma && kernels == KERNELS_WGMMA_TMA;
        if (tma && prec == JACE_PRECISION_BF16 && filter_tma_grid<PREC_BF16>(f, sms, &g)) {
            return launch_filter_wgmma<PREC_BF16, true>(fn, p, g, x, dy, dw, sms, stream);
        }
        if (tma && prec == JACE_PRECISION_TF32 && filter_tma_grid<PREC_TF32>(f, sms, &g)) {
            return launch_filter_wgmma<PREC_TF32, true>(fn, p, g, x, dy, dw, sms, stream);
        }
        if (wgmma && prec == JACE_PRECISION_BF16 &&
            filter_wgmma_grid(kernels, wgmma_rows_params<PREC_BF16>(f), sms, &g)) {
            return launch_filter_wgmma<PREC_BF16, false>(fn, p, g, x, dy, dw, sms, stream);
        }
        if (wgmma && prec == JACE_PRECISION_TF32 &&
            filter_wgmma_grid(kernels, wgmma_rows_params<PREC_TF32>(f), sms, &g)) {
            return launch_filter_wgmma<PREC_TF32, false>(fn, p, g, x, dy, dw, sms, stream);
        }
        switch (prec) {
        case JACE_PRECISION_TF32:
            return launch_filter_packed<PREC_TF32>(fn, p, f, sms, x, dy, dw, stream);
        case JACE_PRECISION_BF16:
            return launch_filter_packed<PREC_BF16>(fn, p, f, sms, x, dy, dw, stream);
        default:
            return launch_filter_packed<PREC_FP32>(fn, p, f, sms, x, dy, dw, stream);
        }
    }
    const long long mn = (long long)p.M * p.N;
    const int splits = set_splits(p, gemm_filter_splits(p, sms));

    float *ws = nullptr;
    JACE_CUDA_CHECK(fn, cudaMallocAsync((void **)&ws, (size_t)splits * (size_t)mn * sizeof(float), stream));
    st = launch_gemm<MODE_BWD_FILTER>(fn, p, splits, dy, x, ws, prec, stream);
    if (st == JACE_SUCCESS) {
        const FoldGrid g = filter_fold_grid(p, splits, sms);
        conv_fold_filter_kernel<<<g.blocks, JACE_THREADS, 0, stream>>>(p, fold_divisors(p), ws, splits, g.lanes, dw);
        st = launch_status(fn, "conv_fold_filter_kernel");
    }
    return free_workspace(fn, ws, "filter-gradient workspace", st, stream);
}

/* allow() once per device (bit d of done: done on device d). */
template <class Allow>
jace_status once_per_device(const char *fn, std::atomic<unsigned long long> &done, Allow allow) {
    int dev = 0;
    JACE_CUDA_CHECK(fn, cudaGetDevice(&dev));
    const unsigned long long bit = dev >= 0 && dev < 64 ? 1ULL << dev : 0;
    if ((done.load(std::memory_order_acquire) & bit) != 0) return JACE_SUCCESS;
    JACE_TRY(allow());
    done.fetch_or(bit, std::memory_order_release);
    return JACE_SUCCESS;
}

} // namespace

/* The wgmma kernels' limits are raised only where JACE_CONV_KERNELS asks for them (on a Hopper device), so that
 * nothing of that opt-in path can fail the default kernels; an unknown value is left to the convolution that reads
 * it. Under wgmma-tma the driver's tensor-map encoder is looked up here too (once a device, as the limits are), so
 * that a capture begun after this (jace_stream_begin_capture calls it) does not ask the driver for it in the middle. */
jace_status jace_conv_allow_shared_memory(const char *fn) {
    static std::atomic<unsigned long long> packed{0}, wgmma{0}, tma{0};
    JACE_TRY(once_per_device(fn, packed, [&]() -> jace_status {
        JACE_TRY(allow_packed_precision<PREC_FP32>(fn));
        JACE_TRY(allow_packed_precision<PREC_TF32>(fn));
        return allow_packed_precision<PREC_BF16>(fn);
    }));
    ConvKernels kernels = KERNELS_AUTO;
    if (!read_conv_kernels(&kernels) || kernels < KERNELS_WGMMA) return JACE_SUCCESS;
    JACE_TRY(once_per_device(fn, wgmma, [&]() -> jace_status {
        bool hopper = false;
        JACE_TRY(jace_conv_wgmma_device(fn, &hopper));
        return hopper ? jace_conv_wgmma_allow(fn) : JACE_SUCCESS;
    }));
    if (kernels != KERNELS_WGMMA_TMA) return JACE_SUCCESS;
    return once_per_device(fn, tma, [&]() -> jace_status {
        bool hopper = false;
        JACE_TRY(jace_conv_wgmma_device(fn, &hopper));
        return hopper ? jace_conv_wgmma_find_encoder(fn) : JACE_SUCCESS;
    });
}

jace_status jace_conv_splits(const char *fn, int mode, const jace_group *grp, bool group_input,
                             const jace_conv_shape *s, int *splits) {
    int sms = 0;
    JACE_TRY(jace_multiprocessors(fn, &sms));
    ConvParams p = make_conv_params(mode, grp, group_input, s);
    if (data_takes_narrow(KERNELS_AUTO, p)) {
        narrow_split_lines(p, narrow_splits(p, sms), splits);
        return JACE_SUCCESS;
    }
    if (mode != MODE_BWD_FILTER) {
        PackedParams q = make_packed_params(p);
        const int most = data_splits(KERNELS_AUTO, p, q, sms);
        *splits = data_takes_gemm(KERNELS_AUTO, q) ? set_splits(p, most) : set_packed_splits(q, most);
        return JACE_SUCCESS;
    }
    FilterParams f = make_filter_params(p);
    *splits = takes_channels_last(f) ? set_filter_splits(f, filter_wave_splits(f, sms))
                                     : set_splits(p, gemm_filter_splits(p, sms));
    return JACE_SUCCESS;
}

jace_status jace_conv_wgmma_tiles(const char *fn, int mode, const jace_group *grp, bool group_input,
                                  const jace_conv_shape *s, int *rows, int *splits) {
    int sms = 0;
    JACE_TRY(jace_multiprocessors(fn, &sms));
    const ConvParams p = make_conv_params(mode, grp, group_input, s);
    *rows = 0;
    *splits = 1;
    if (mode != MODE_BWD_FILTER) {
        *rows = data_wgmma_rows(KERNELS_WGMMA, make_packed_params(p), sms);
        return JACE_SUCCESS;
    }
    WgmmaFilterGrid g;
    if (filter_wgmma_grid(KERNELS_WGMMA, wgmma_rows_params<PREC_TF32>(make_filter_params(p)), sms, &g)) {
        *rows = g.f.BM;
        *splits = set_filter_splits(g.f, g.splits);
    }
    return JACE_SUCCESS;
}

/* ------------------------------------------------------------------ plain: lifting over the trivial group */

extern "C" JACE_API jace_status jace_conv2d_forward(const float *x, const float *w, float *y,
                                                    const jace_conv_shape *shape, jace_precision precision,
                                                    cudaStream_t stream) {
    return conv_forward("jace_conv2d_forward", x, w, y, &TRIVIAL_GROUP, false, shape, precision, stream);
}

extern "C" JACE_API jace_status jace_conv2d_backward_data(const float *dy, const float *w, float *dx,
                                                          const jace_conv_shape *shape, jace_precision precision,
                                                          cudaStream_t stream) {
    return conv_backward_data("jace_conv2d_backward_data", dy, w, dx, &TRIVIAL_GROUP, false, shape, precision,
                              stream);
}

extern "C" JACE_API jace_status jace_conv2d_backward_filter(const float *x, const float *dy, float *dw,
                                                            const jace_conv_shape *shape, jace_precision precision,
                                                            cudaStream_t stream) {
    return conv_backward_filter("jace_conv2d_backward_filter", x, dy, dw, &TRIVIAL_GROUP, false, shape, precision,
                                stream);
}

/* ------------------------------------------------------------------ lifting: x [n, cin, h, w], w [cout, cin, k, k] */

extern "C" JACE_API jace_status jace_lifting_conv_forward(const float *x, const float *w, float *y,
                                                          const jace_group *group, const jace_conv_shape *shape,
                                                          jace_precision precision, cudaStream_t stream) {
    return conv_forward("jace_lifting_conv_forward", x, w, y, group, false, shape, precision, stream);
}

extern "C" JACE_API jace_status jace_lifting_conv_backward_data(const float *dy, const float *w, float *dx,
                                                                const jace_group *group,
                                                                const jace_conv_shape *shape,
                                                                jace_precision precision, cudaStream_t stream) {
    return conv_backward_data("jace_lifting_conv_backward_data", dy, w, dx, group, false, shape, precision, stream);
}

extern "C" JACE_API jace_status jace_lifting_conv_backward_filter(const float *x, const float *dy, float *dw,
                                                                  const jace_group *group,
                                                                  const jace_conv_shape *shape,
                                                                  jace_precision precision, cudaStream_t stream) {
    return conv_backward_filter("jace_lifting_conv_backward_filter", x, dy, dw, group, false, shape, precision,
                                stream);
}

/* ------------------------------------------------------------------ group: x [n, cin, G, h, w], w [cout, cin, G, k, k] */

extern "C" JACE_API jace_status jace_group_conv_forward(const float *x, const float *w, float *y,
                                                        const jace_group *group, const jace_conv_shape *shape,
                                                        jace_precision precision, cudaStream_t stream) {
    return conv_forward("jace_group_conv_forward", x, w, y, group, true, shape, precision, stream);
}

extern "C" JACE_API jace_status jace_group_conv_backward_data(const float *dy, const float *w, float *dx,
                                                              const jace_group *group, const jace_conv_shape *shape,
                                                              jace_precision precision, cudaStream_t stream) {
    return conv_backward_data("jace_group_conv_backward_data", dy, w, dx, group, true, shape, precision, stream);
}

extern "C" JACE_API jace_status jace_group_conv_backward_filter(const float *x, const float *dy, float *dw,
                                                                const jace_group *group,
                                                                const jace_conv_shape *shape,
                                                                jace_precision precision, cudaStream_t stream) {
    return conv_backward_filter("jace_group_conv_backward_filter", x, dy, dw, group, true, shape, precision,
                                stream);
}
