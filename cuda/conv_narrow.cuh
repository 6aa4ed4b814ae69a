/*
 * conv_narrow.cuh — forward and backward_data of convolutions whose GEMM has few columns: N = cout*G (forward) or
 * cin*gin (backward_data) at most NARROW_MAX_N, with k at most NARROW_MAX_K. A lifting layer's input gradient of an
 * RGB image is 3 columns, which the implicit GEMM's 64-column tiles computed as 61 columns of zeros (session 47's H200:
 * 0.32 ms, 7x cuDNN's time, on `jace bench`'s 16x3x16x28x5 D4 layer).
 *
 * conv_narrow_kernel<MODE, PREC, NW>: each of NARROW_THREADS threads sums NARROW_RUN consecutive output pixels of one
 * row for all N columns (padded to NW: 4, 8 or 16) over its split's K lines (blockIdx.z). A line is one source channel
 * and one filter row u, its k taps v the same source row shifted: the thread loads that row's NARROW_RUN + k - 1
 * pixels once into registers (a sliding window) and multiplies each by the k x NW filter values, which the block
 * stages in shared memory a chunk of lines at a time (the same address for every thread: a broadcast). In both passes
 * output r's tap v reads window element r + t with t the tap in window order: t = v forward (source column j + v -
 * pad), k - 1 - v backward_data (j + pad - v); the staged filter is held in window order. TF32 and BF16 round both
 * operands to their precision and multiply them with FFMA (the products exact in FP32), as the tensor cores would.
 * Each output is one thread's fixed-order sum (lines, then taps), written to the output or, where K is split, to
 * split z's partial sums in the output's layout, which conv_fold_splits_kernel sums in split order: no atomics.
 */
#ifndef JACE_CONV_NARROW_CUH
#define JACE_CONV_NARROW_CUH

#include "conv_index.cuh"
#include "conv_precision.cuh"
#include "fast_divisor.cuh"

namespace jace_conv {

constexpr int NARROW_THREADS = 128;
/* Blocks an SM the kernel is compiled for (at most 128 registers a thread), as many as narrow_splits (conv.cu) sizes
 * the grid for. Without it ptxas spilled 4 to 12 bytes of the 8-column kernels at 72 to 80 registers (CUDA 13.0). */
constexpr int NARROW_BLOCKS_PER_SM = 4;
constexpr int NARROW_RUN = 4;
constexpr int NARROW_MAX_N = 16;
constexpr int NARROW_MAX_K = 7;
/* The fewest of K's lines a split keeps (narrow_splits in conv.cu): a split adds a fold launch and its partial sums. */
constexpr int NARROW_SPLIT_LINES = 8;
/* Floats of staged filter a block holds: a chunk of lines of k x NW values each. */
constexpr int NARROW_STAGE_FLOATS = 4096;

/* Whether the narrow kernel takes forward / backward_data of p. */
JACE_HD bool narrow_fits(const ConvParams &p) {
    return p.mode != MODE_BWD_FILTER && p.N <= NARROW_MAX_N && p.k <= NARROW_MAX_K;
}

/* The output's and the source's rows and columns: forward y [ho, wo] from x [h, w], backward_data dx [h, w] from
 * dy [ho, wo]. */
JACE_HD int narrow_out_h(const ConvParams &p) { return p.mode == MODE_FWD ? p.ho : p.h; }
JACE_HD int narrow_out_w(const ConvParams &p) { return p.mode == MODE_FWD ? p.wo : p.w; }
JACE_HD int narrow_src_h(const ConvParams &p) { return p.mode == MODE_FWD ? p.h : p.ho; }
JACE_HD int narrow_src_w(const ConvParams &p) { return p.mode == MODE_FWD ? p.w : p.wo; }

/* A thread's runs of NARROW_RUN output pixels: ceil(ow / NARROW_RUN) a row, over every row of every sample. */
JACE_HD int narrow_runs_per_row(const ConvParams &p) { return (narrow_out_w(p) + NARROW_RUN - 1) / NARROW_RUN; }
JACE_HD long long narrow_runs(const ConvParams &p) {
    return (long long)p.n * narrow_out_h(p) * narrow_runs_per_row(p);
}
JACE_HD long long narrow_blocks(const ConvParams &p) {
    return (narrow_runs(p) + NARROW_THREADS - 1) / NARROW_THREADS;
}

/* K's lines (source channel, filter row): K / k. */
JACE_HD int narrow_lines(const ConvParams &p) { return p.K / p.k; }

/* The columns a thread's window holds, NW for N columns. */
JACE_HD int narrow_width(int n) { return n <= 4 ? 4 : n <= 8 ? 8 : 16; }

/* Lines of a chunk of staged filter: its k x NW values each. */
JACE_HD int narrow_chunk_lines(const ConvParams &p, int nw) { return NARROW_STAGE_FLOATS / (p.k * nw); }

/* kc_init(p, line * k + v) by d (IgemmDivisors' k and r1; written plainly, a staged filter value took four of nvcc's
 * integer division routines): forward's and backward_data's last two radices are both k (make_conv_params). */
JACE_HD KCounter narrow_line_counter(const ConvParams &p, const IgemmDivisors &d, int line, int v) {
    const int ch = (int)jace_fast_div(d.k, (unsigned)line), d0 = (int)jace_fast_div(d.r1, (unsigned)ch);
    return KCounter{line * p.k + v, d0, ch - d0 * p.R1, line - ch * p.k, v};
}

/* An operand as the multiply takes it: FP32 as is, TF32 and BF16 rounded to their precision (held in a float). */
template <int PREC>
__device__ __forceinline__ float narrow_operand(float v) {
    if constexpr (PREC == PREC_BF16) {
        return __bfloat162float(__float2bfloat16_rn(v));
    } else {
        return to_smem<PREC>(v);
    }
}

/* acc[r][n] += sum over the k taps t of the source row's pixel col0 + r + t times filter[t][n] (window order): the
 * row's NARROW_RUN + k - 1 pixels loaded once, as a window in registers. */
template <int PREC, int NW>
__device__ __forceinline__ void narrow_line(const float *row_src, int col0, int sw, int k, const float4 *filter,
                                            float (&acc)[NARROW_RUN][NW]) {
    constexpr int WINDOW = NARROW_RUN + NARROW_MAX_K - 1;
    float win[WINDOW];
#pragma unroll
    for (int t = 0; t < WINDOW; ++t) {
        const int col = col0 + t;
        win[t] = t < NARROW_RUN + k - 1 && (unsigned)col < (unsigned)sw ? narrow_operand<PREC>(__ldg(row_src + col))
                                                                        : 0.f;
    }
#pragma unroll
    for (int t = 0; t < NARROW_MAX_K; ++t) {
        if (t >= k) break;
#pragma unroll
        for (int q = 0; q < NW / 4; ++q) {
            const float4 f = filter[t * (NW / 4) + q];
#pragma unroll
            for (int r = 0; r < NARROW_RUN; ++r) {
                const float x = win[r + t];
                acc[r][4 * q] = fmaf(x, f.x, acc[r][4 * q]);
                acc[r][4 * q + 1] = fmaf(x, f.y, acc[r][4 * q + 1]);
                acc[r][4 * q + 2] = fmaf(x, f.z, acc[r][4 * q + 2]);
                acc[r][4 * q + 3] = fmaf(x, f.w, acc[r][4 * q + 3]);
            }
        }
    }
}

/* MODE's output (or split blockIdx.z's partial sums of it, M x N each) = A (x forward, dy backward_data) times the
 * expanded filter w, over the lines [z * split_lines, (z + 1) * split_lines). */
template <int MODE, int PREC, int NW>
__global__ void __launch_bounds__(NARROW_THREADS, NARROW_BLOCKS_PER_SM)
    conv_narrow_kernel(const __grid_constant__ ConvParams p, const IgemmDivisors d, int split_lines,
                       const float *__restrict__ a, const float *__restrict__ w, float *__restrict__ c) {
    static_assert(MODE == MODE_FWD || MODE == MODE_BWD_DATA, "forward and backward_data only");
    static_assert(NW % 4 == 0 && NARROW_THREADS % NW == 0, "float4 filter reads; a thread stages one column");
    __shared__ __align__(16) float staged[NARROW_STAGE_FLOATS];

    const int tid = threadIdx.x, k = p.k;
    const int oh = narrow_out_h(p), ow = narrow_out_w(p), sh = narrow_src_h(p), sw = narrow_src_w(p);
    const int per_row = narrow_runs_per_row(p);
    const int run = blockIdx.x * NARROW_THREADS + tid;
    const bool live = run < narrow_runs(p);
    const int row_of_all = live ? run / per_row : 0, nb = row_of_all / oh, i = row_of_all - nb * oh;
    const int j0 = (live ? run - row_of_all * per_row : 0) * NARROW_RUN;
    const int channels = p.K / p.kk2; /* of the source: cin_e forward, cout_e backward_data */
    const float *src = a + (long long)nb * channels * sh * sw;
    /* Source row of filter row u: i + u - pad forward, i + pad - u backward_data; window column 0. */
    const int row0 = MODE == MODE_FWD ? i - p.pad : i + p.pad, row_step = MODE == MODE_FWD ? 1 : -1;
    const int col0 = MODE == MODE_FWD ? j0 - p.pad : j0 + p.pad - (k - 1);

    const int lines = narrow_lines(p), l0 = blockIdx.z * split_lines, l1 = min(lines, l0 + split_lines);
    const int chunk = narrow_chunk_lines(p, NW);
    /* The column a thread stages (NARROW_THREADS is a multiple of NW) and its fixed part. */
    const int n_staged = tid % NW;
    const Fix fb = fix_b<MODE>(p, d, n_staged);
    const GroupTables tables{p.hmap, p.fb, p.fda, p.fdb};

    float acc[NARROW_RUN][NW];
#pragma unroll
    for (int r = 0; r < NARROW_RUN; ++r)
#pragma unroll
        for (int n = 0; n < NW; ++n) acc[r][n] = 0.f;

    for (int c0 = l0; c0 < l1; c0 += chunk) {
        const int c1 = min(l1, c0 + chunk), values = (c1 - c0) * k * NW;
        if (c0 > l0) __syncthreads(); /* every thread done with the previous chunk */
        /* staged[((line - c0) k + t) NW + n]: the filter at K index line k + v, column n, t = v's window order. */
        for (int e = tid; e < values; e += NARROW_THREADS) {
            const int lt = e / NW, q = (int)jace_fast_div(d.k, (unsigned)lt), line = c0 + q, t = lt - q * k;
            const int v = MODE == MODE_FWD ? t : k - 1 - t;
            bool ok;
            const int off = off_b<MODE>(p, fb, narrow_line_counter(p, d, line, v), p.K, tables, ok);
            staged[e] = narrow_operand<PREC>(ok ? __ldg(w + off) : 0.f);
        }
        __syncthreads();
        if (!live) continue;
        /* Line c0 is filter row u of source channel c0 / k, whose plane starts at `plane`; both stepped below. */
        const int channel0 = (int)jace_fast_div(d.k, (unsigned)c0);
        int u = c0 - channel0 * k;
        const float *plane = src + (long long)channel0 * sh * sw;
        for (int line = c0; line < c1; ++line) {
            const int row = row0 + row_step * u;
            if ((unsigned)row < (unsigned)sh) /* else the whole line reads zero padding */
                narrow_line<PREC, NW>(plane + (long long)row * sw, col0, sw, k,
                                      reinterpret_cast<const float4 *>(staged + (line - c0) * k * NW), acc);
            if (++u == k) {
                u = 0;
                plane += (long long)sh * sw;
            }
        }
    }
    if (!live) return;
    const int out0 = out_row<MODE>(p, d, (nb * oh + i) * ow + j0, blockIdx.z); /* the run's pixels: one image row */
#pragma unroll
    for (int r = 0; r < NARROW_RUN; ++r) {
        if (j0 + r >= ow) break;
#pragma unroll
        for (int n = 0; n < NW; ++n) {
            if (n < p.N) c[out0 + r + out_col<MODE>(p, n)] = acc[r][n];
        }
    }
}

} // namespace jace_conv

#endif
