/*
 * conv_packed_filter.cuh — backward_filter through channels-last copies (the view and its index arithmetic in
 * conv_packed_index.cuh, the GEMM's main loop in conv_packed_gemm.cuh):
 *   - conv_to_channels_last_kernel<PREC> copies an NCHW tensor to [n][H + 2 pad][W + 2 pad][Cpad] (32 x 32 tiles
 *     through shared memory, rounded to the precision; the caller zeroes what it does not write: the padding);
 *   - conv_filter_pixels_kernel writes pix[p], pixel p's row in xP;
 *   - conv_packed_filter_kernel<PREC, BM, BN>: dWexp^T partials, one block per BM x BN tile and K split, both operand
 *     tiles copied 16 bytes at a time with cp.async (packed_gemm's ring of stages) and no bounds checks;
 * conv_filter_fold_kernel (conv_fold.cuh) then sums the partials and group copies into dw.
 */
#ifndef JACE_CONV_PACKED_FILTER_CUH
#define JACE_CONV_PACKED_FILTER_CUH

#include "conv_packed_gemm.cuh"

namespace jace_conv {

constexpr int TRANSPOSE_TILE = 32;
constexpr int TRANSPOSE_THREADS = 256; /* a 32 x 8 block: lane tx = tid % 32 moves along the tile's rows */

/* out[nb][i + pad][j + pad][c] = in[nb][c][i][j] for c < C, 0 for C <= c < Cpad; grid (pixel tiles, Cpad tiles, n).
 * A pixel's row i by the fast divisor by_w (of W, the width): with a division there, a stored element took 54-58 sm_90
 * instructions, without it 34-38 (9-13 on the loop nvcc unrolls by 4 for TF32 and BF16). Bounded to 8 blocks an SM,
 * where FP32's copy had taken 36 registers (6 blocks) for a loop unrolled likewise. */
template <int PREC>
__global__ void __launch_bounds__(TRANSPOSE_THREADS, 8)
    conv_to_channels_last_kernel(const float *__restrict__ in, int C, int H, const jace_fast_divisor by_w, int pad,
                                 int Cpad, typename SmemType<PREC>::type *__restrict__ out) {
    __shared__ float tile[TRANSPOSE_TILE][TRANSPOSE_TILE + 1];
    const int W = (int)by_w.divisor, hw = H * W, nb = blockIdx.z;
    const int pix0 = blockIdx.x * TRANSPOSE_TILE, c0 = blockIdx.y * TRANSPOSE_TILE;
    constexpr int ROWS = TRANSPOSE_THREADS / TRANSPOSE_TILE;
    const int tx = threadIdx.x % TRANSPOSE_TILE, ty = threadIdx.x / TRANSPOSE_TILE;
    for (int r = ty; r < TRANSPOSE_TILE; r += ROWS) {
        const int c = c0 + r, pix = pix0 + tx;
        tile[r][tx] = c < C && pix < hw ? __ldg(in + ((long long)nb * C + c) * hw + pix) : 0.f;
    }
    __syncthreads();
    for (int r = ty; r < TRANSPOSE_TILE; r += ROWS) {
        const int pix = pix0 + r, c = c0 + tx;
        if (pix < hw && c < Cpad) {
            const int i = (int)jace_fast_div(by_w, (unsigned)pix), j = pix - i * W;
            out[channels_last_offset(nb, i, j, c, H, W, pad, Cpad)] = to_smem<PREC>(tile[tx][r]);
        }
    }
}

__global__ void __launch_bounds__(256) conv_filter_pixels_kernel(const __grid_constant__ FilterParams f, int *pix) {
    for (int p = blockIdx.x * blockDim.x + threadIdx.x; p < f.Ppad; p += gridDim.x * blockDim.x)
        pix[p] = filter_pixel_row(f, p);
}

/* backward_filter operands: A = PBK rows of dyT, B = the PBK rows of xP at those pixels shifted by the tile's tap.
 * The rows of xP come from the pixel table pix, one load for each vector a thread copies: loaded one tile ahead (at
 * the previous issue, so that the load's latency passes during that tile's multiply), where loading it at the issue
 * had held the copies, and the multiply behind them, for a round trip each K tile (sm_90 SASS: the table's load,
 * then the cp.async that takes its value). */
template <int PREC, int BM, int BN>
struct FilterOperands {
    typedef typename SmemType<PREC>::type T;
    typedef PackedSmem<PREC, BM, BN> S;
    typedef T ALand;
    typedef TileCopy<T, BN> BCopy;
    static constexpr bool CONVERT_A = false, LAND_APART = false, A_PAIRED = false; /* the copies are rounded already */
    const FilterParams &f;
    const T *xp;
    const int *pix;
    int tid, ce0, shift, p;  /* p: the next tile's first pixel */
    TileSource<T, BM> a;     /* dyt's rows from tile p's on */
    int rows[BCopy::LOADS];  /* pix of the rows of tile p that this thread's B vectors lie in */

    __device__ __forceinline__ FilterOperands(const FilterParams &f_, const T *dyt, const T *xp_, const int *pix_,
                                              int m0, int ce0_, int shift_, int p0)
        : f(f_), xp(xp_), pix(pix_), tid(threadIdx.x), ce0(ce0_), shift(shift_), p(p0),
          a(threadIdx.x, dyt, p0, f_.NePad, m0) {
        load_rows();
    }

    /* rows[] for tile p: pix[p + row], where the table has it (a tile past the split's last is never issued). */
    __device__ __forceinline__ void load_rows() {
#pragma unroll
        for (int r = 0; r < BCopy::LOADS; ++r) {
            const int at = p + BCopy::row(tid, r);
            rows[r] = BCopy::moves(tid, r) && at < f.Ppad ? __ldg(pix + at) : 0;
        }
    }

    __device__ __forceinline__ void issue(T *As, T *Bs) {
        a.issue(tid, As, S::LDA);
        BCopy::issue(tid, [&](int r, int) { return xp + (rows[r] + shift) * f.CePad + ce0; }, Bs, S::LDB);
        a.next(f.NePad);
        p += PBK;
        load_rows();
    }
};

/* The dynamic shared memory conv_packed_filter_kernel<PREC, BM, BN> is launched with. */
template <int PREC, int BM, int BN>
constexpr int conv_packed_filter_smem_bytes() {
    return PackedSmem<PREC, BM, BN>::template BYTES<FilterOperands<PREC, BM, BN>::LAND_APART>;
}

/* part[z][col][ne] = sum over split z's pixels of dyT[p][ne] xP[pix[p] + shift][ce] (col = t * CePad + ce). */
template <int PREC, int BM, int BN>
__global__ void __launch_bounds__(PTHREADS, packed_min_blocks<BM, BN>())
    conv_packed_filter_kernel(const __grid_constant__ FilterParams f, const typename SmemType<PREC>::type *__restrict__ dyt,
                              const typename SmemType<PREC>::type *__restrict__ xp, const int *__restrict__ pix,
                              float *__restrict__ part) {
    const int m0 = blockIdx.x * BM, t = filter_tap_of(f, blockIdx.y), col0 = filter_col0(f, blockIdx.y);
    const int kbeg = blockIdx.z * f.kchunk, ktiles = min(f.ktiles, kbeg + f.kchunk) - kbeg;
    FilterOperands<PREC, BM, BN> ops(f, dyt, xp, pix, m0, col0 - t * f.CePad, filter_tap_shift(f, t), kbeg * PBK);
    float *out = part + blockIdx.z * (int)filter_part_size(f) + col0 * f.NePad + m0;
    packed_gemm<PREC, BM, BN>(ops, ktiles, [&](int nl, int ml, float v) { out[nl * f.NePad + ml] = v; });
}

} // namespace jace_conv

#endif
