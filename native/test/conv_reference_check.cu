/*
 * conv_reference_check.cu — host-only self-check of the index arithmetic of the implicit-GEMM convolutions.
 *
 * No GPU needed: this program never launches a kernel. It replays, on the CPU and in float64, exactly what every
 * thread of conv_igemm_kernel does (same thread -> element mapping, same K counters initialised once and stepped
 * by BK, same gather/offset functions from cuda/conv_index.cuh, same epilogue scatter, same split-K ranges and
 * fold), and compares with brute-force references that materialise g . w with explicit numpy-style rot90 / flip:
 *   - forward (plain, lifting, group) against conv(x, Wexp) elementwise;
 *   - backward_data / backward_filter elementwise against scatter references AND via the adjoint identities
 *     <dy, conv(x, w)> = <conv^T_data(dy), x> = <conv^T_filter(x, dy), w>;
 *   - equivariance of the reference (and of the replayed forward): L(g.x) = g.L(x), Gc(g.F) = g.Gc(F);
 *   - every output written exactly once, every gathered offset in bounds, src_map_inverse o src_map = id.
 * Groups: trivial, C2, C4, D4 (all 8 elements), and the mirror group {e, m}; random sizes incl. odd/even k,
 * odd h/w, batch 1, channels not multiple of 8, padding 0..k, several split-K factors.
 */
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "../../cuda/conv_fold.cuh"
#include "../../cuda/conv_index.cuh"
#include "../../cuda/conv_narrow.cuh"
#include "../../cuda/conv_packed_index.cuh"
#include "../../cuda/conv_wgmma_layout.cuh"
#include "conv_reference.h"

using namespace jace_conv;

static int g_failures = 0;
static double g_worst[3][3]; /* [rounding][fwd, bwd_data, bwd_filter] worst max|err|/max|ref| */
static double g_worst_l2[3][3]; /* same, ||err||_2 / ||ref||_2 */
static double rel_l2(const Vec &a, const Vec &b) {
    double num = 0, den = 1e-300;
    for (size_t i = 0; i < a.size(); ++i) {
        num += (a[i] - b[i]) * (a[i] - b[i]);
        den += b[i] * b[i];
    }
    return std::sqrt(num / den);
}
static long long g_checks = 0;

#define CHECK(cond, ...)                                                                                   \
    do {                                                                                                   \
        ++g_checks;                                                                                        \
        if (!(cond)) {                                                                                     \
            if (++g_failures <= 30) {                                                                      \
                std::printf("FAIL %s:%d: ", __FILE__, __LINE__);                                           \
                std::printf(__VA_ARGS__);                                                                  \
                std::printf("\n");                                                                         \
            }                                                                                              \
        }                                                                                                  \
    } while (0)

/* ------------------------------------------------------------------ replay of conv_igemm_kernel on the host */

/* Rounding applied while staging into shared memory: 0 none (FP32), 1 TF32, 2 BF16 (both to nearest even). */
static int g_round = 0;
static double stage_round(double v) { return g_round == 0 ? v : round_to_precision(g_round, v); }

/* Mirrors conv_igemm_kernel<MODE, *> thread by thread (staging map, counters, gathers, epilogue). */
template <int MODE>
static void replay_gemm(const ConvParams &p, int splits, const Vec &Asrc, const Vec &Bsrc, Vec &C,
                        std::vector<int> &writes) {
    const GroupTables tables{p.hmap, p.fb, p.fda, p.fdb};
    const IgemmDivisors d = igemm_divisors(p);
    const int gx = (p.M + BM - 1) / BM, gy = (p.N + BN - 1) / BN;
    constexpr bool A_MFAST = MODE != MODE_BWD_FILTER;
    for (int z = 0; z < splits; ++z) {
        const int kbeg = z * p.kchunk, kend = std::min(p.K, kbeg + p.kchunk);
        const int num_k = (kend - kbeg + BK - 1) / BK;
        CHECK(num_k >= 1, "split %d of %d is empty (K %d, kchunk %d)", z, splits, p.K, p.kchunk);
        for (int bx = 0; bx < gx; ++bx)
            for (int by = 0; by < gy; ++by) {
                const int m0 = bx * BM, n0 = by * BN;
                /* As[stage][k][m], Bs[stage][k][n] as staged by the 256 threads */
                std::vector<double> As((size_t)num_k * BK * BM, NAN), Bs((size_t)num_k * BK * BN, NAN);
                for (int tid = 0; tid < THREADS; ++tid) {
                    const int a_lo = A_MFAST ? tid % BM : tid % BK;
                    const int a_hi = A_MFAST ? tid / BM : tid / BK;
                    const int b_k = tid % BK, b_n = tid / BK;
                    Fix fa[4];
                    KCounter ca[4];
                    if (A_MFAST) {
                        fa[0] = fix_a<MODE>(p, d, m0 + a_lo);
                        for (int r = 0; r < 4; ++r) ca[r] = kc_init(p, d, kbeg + a_hi + 4 * r);
                    } else {
                        for (int r = 0; r < 4; ++r) fa[r] = fix_a<MODE>(p, d, m0 + a_hi + 16 * r);
                        ca[0] = kc_init(p, d, kbeg + a_lo);
                    }
                    Fix fb[4];
                    for (int r = 0; r < 4; ++r) fb[r] = fix_b<MODE>(p, d, n0 + b_n + 16 * r);
                    KCounter cb = kc_init(p, d, kbeg + b_k);
                    for (int st = 0; st < num_k; ++st) {
                        for (int r = 0; r < 4; ++r) {
                            bool ok;
                            int off = A_MFAST ? off_a<MODE>(p, fa[0], ca[r], kend, ok)
                                              : off_a<MODE>(p, fa[r], ca[0], kend, ok);
                            int kl = A_MFAST ? a_hi + 4 * r : a_lo, ml = A_MFAST ? a_lo : a_hi + 16 * r;
                            int kk = kbeg + st * BK + kl;
                            const KCounter &cc = A_MFAST ? ca[r] : ca[0];
                            CHECK(cc.kk == kk, "A counter kk %d, expected %d", cc.kk, kk);
                            if (ok) CHECK(off >= 0 && off < (int)Asrc.size(), "A offset %d outside [0,%zu)", off,
                                          Asrc.size());
                            As[((size_t)st * BK + kl) * BM + ml] =
                                ok && off >= 0 && off < (int)Asrc.size() ? stage_round(Asrc[off]) : 0.0;
                        }
                        for (int r = 0; r < 4; ++r) {
                            bool ok;
                            int off = off_b<MODE>(p, fb[r], cb, kend, tables, ok);
                            CHECK(cb.kk == kbeg + st * BK + b_k, "B counter kk %d", cb.kk);
                            if (ok) CHECK(off >= 0 && off < (int)Bsrc.size(), "B offset %d outside [0,%zu)", off,
                                          Bsrc.size());
                            Bs[((size_t)st * BK + b_k) * BN + b_n + 16 * r] =
                                ok && off >= 0 && off < (int)Bsrc.size() ? stage_round(Bsrc[off]) : 0.0;
                        }
                        for (int r = 0; r < (A_MFAST ? 4 : 1); ++r) kc_advance(p, ca[r]);
                        kc_advance(p, cb);
                    }
                }
                for (size_t i = 0; i < As.size(); ++i) CHECK(!std::isnan(As[i]), "A tile element not staged");
                for (size_t i = 0; i < Bs.size(); ++i) CHECK(!std::isnan(Bs[i]), "B tile element not staged");
                std::vector<double> Cs((size_t)BM * BN, 0.0); /* Cs[m][n] */
                for (int st = 0; st < num_k; ++st)
                    for (int kl = 0; kl < BK; ++kl)
                        for (int ml = 0; ml < BM; ++ml) {
                            double a = As[((size_t)st * BK + kl) * BM + ml];
                            if (a == 0.0) continue;
                            for (int nl = 0; nl < BN; ++nl) Cs[ml * BN + nl] += a * Bs[((size_t)st * BK + kl) * BN + nl];
                        }
                /* epilogue, same thread mapping as the kernel */
                for (int tid = 0; tid < THREADS; ++tid) {
                    if (MODE != MODE_BWD_FILTER) {
                        const int ml = tid % BM, m = m0 + ml;
                        if (m >= p.M) continue;
                        const int row = out_row<MODE>(p, d, m, z);
                        for (int r = 0; r < BN / (THREADS / BM); ++r) {
                            const int nl = tid / BM + (THREADS / BM) * r, n = n0 + nl;
                            if (n < p.N) {
                                int o = row + out_col<MODE>(p, n);
                                CHECK(o >= 0 && o < (int)C.size(), "output offset %d outside [0,%zu)", o, C.size());
                                if (o >= 0 && o < (int)C.size()) {
                                    C[o] = Cs[ml * BN + nl];
                                    writes[o]++;
                                }
                            }
                        }
                    } else {
                        const int nl = tid % BN, n = n0 + nl;
                        if (n >= p.N) continue;
                        for (int r = 0; r < BM / (THREADS / BN); ++r) {
                            const int ml = tid / BN + (THREADS / BN) * r, m = m0 + ml;
                            if (m < p.M) {
                                int o = out_row<MODE>(p, d, m, z) + n;
                                CHECK(o >= 0 && o < (int)C.size(), "ws offset %d outside [0,%zu)", o, C.size());
                                if (o >= 0 && o < (int)C.size()) {
                                    C[o] = Cs[ml * BN + nl];
                                    writes[o]++;
                                }
                            }
                        }
                    }
                }
            }
    }
}

static void check_writes(const std::vector<int> &writes, const char *what) {
    int bad = 0;
    for (int v : writes) bad += v != 1;
    CHECK(bad == 0, "%s: %d entries not written exactly once", what, bad);
}

/* Sums `splits` partials of out.size() floats each into out, as conv_fold_splits_kernel does. */
static void fold_splits(const Vec &part, int splits, Vec &out) {
    for (size_t i = 0; i < out.size(); ++i) {
        double sum = 0;
        for (int z = 0; z < splits; ++z) sum += part[(size_t)z * out.size() + i];
        out[i] = sum;
    }
}

/* Forward (a = x, the output y) or backward_data (a = dy, the output dx) on the implicit GEMM, K cut into at most
 * want_splits chunks (their partials each written exactly once, then folded) as conv.cu's launch_data_gemm does. */
template <int MODE>
static Vec replay_data(ConvParams p, int want_splits, const Vec &a, const Vec &w) {
    const size_t size = MODE == MODE_FWD ? (size_t)p.n * p.cout_e * p.ho * p.wo : (size_t)p.n * p.cin_e * p.h * p.w;
    CHECK(size == (size_t)p.M * p.N, "output of %zu elements is not M x N = %d x %d", size, p.M, p.N);
    const int splits = set_splits(p, want_splits);
    Vec part(splits * size, NAN), out(size, NAN);
    std::vector<int> wr(part.size(), 0);
    replay_gemm<MODE>(p, splits, a, w, part, wr);
    check_writes(wr, MODE == MODE_FWD ? "forward partials" : "backward_data partials");
    fold_splits(part, splits, out);
    return out;
}

static Vec replay_forward(const ConvParams &p, const Vec &x, const Vec &w, int want_splits = 1) {
    return replay_data<MODE_FWD>(p, want_splits, x, w);
}

static Vec replay_backward_data(const ConvParams &p, const Vec &dy, const Vec &w, int want_splits = 1) {
    return replay_data<MODE_BWD_DATA>(p, want_splits, dy, w);
}

static Vec replay_backward_filter(ConvParams p, int want_splits, const Vec &x, const Vec &dy) {
    int splits = set_splits(p, want_splits);
    CHECK(splits >= 1 && (long long)(splits - 1) * p.kchunk < p.K && (long long)splits * p.kchunk >= p.K,
          "split-K %d x %d does not tile K %d", splits, p.kchunk, p.K);
    Vec ws((size_t)splits * p.M * p.N, NAN);
    std::vector<int> wr(ws.size(), 0);
    replay_gemm<MODE_BWD_FILTER>(p, splits, dy, x, ws, wr);
    check_writes(wr, "backward_filter workspace");
    /* conv_fold_filter_kernel */
    Vec dw((size_t)fold_size(p), 0.0);
    std::vector<int> hits(ws.size() / splits, 0);
    const FoldDivisors fd = fold_divisors(p);
    for (int idx = 0; idx < fold_size(p); ++idx) {
        double sum = 0;
        const FoldEntry e = fold_entry(p, fd, idx);
        for (int g = 0; g < p.G; ++g) {
            int off = fold_offset(p, p.hfwd, p.ib, p.ida, p.idb, e, g);
            CHECK(off >= 0 && off < p.M * p.N, "fold offset %d outside [0,%d)", off, p.M * p.N);
            if (off < 0 || off >= p.M * p.N) continue;
            hits[off]++;
            for (int z = 0; z < splits; ++z) sum += ws[(size_t)z * p.M * p.N + off];
        }
        dw[idx] = sum;
    }
    int bad = 0;
    for (int h : hits) bad += h != 1;
    CHECK(bad == 0, "fold: %d dWexp entries not gathered exactly once", bad);
    return dw;
}

/* ------------------------------------------------------------------ replay of the packed-filter kernels */

/* Mirrors conv_pack_filter_kernel and conv_packed_kernel<*, BM, q.BN> thread by thread (the packed filter, each
 * thread's row and tap, its gathers, the epilogue's chunks of 64 columns) for FWD (src = x) or BWD_DATA (src = dy),
 * K cut into at most want_splits chunks (blockIdx.z; their partials folded as conv_fold_splits_kernel does). */
template <int BM>
static Vec replay_packed(const ConvParams &p, const Vec &src, const Vec &w, size_t out_size, int want_splits = 1) {
    PackedParams q = make_packed_params(p);
    const int splits = set_packed_splits(q, want_splits);
    CHECK(splits >= 1 && (splits - 1) * q.kchunk < q.ktiles && splits * q.kchunk >= q.ktiles &&
              (size_t)packed_output_size(q) == out_size,
          "packed split-K %d x %d does not tile %d K tiles, or M x N %lld is not the output's %zu", splits, q.kchunk,
          q.ktiles, packed_output_size(q), out_size);
    CHECK(q.Cpad % PBK == 0 && q.Cpad >= q.C && q.Cpad - q.C < PBK && (q.BN == 64) == (q.N <= 64) &&
              q.Npad % q.BN == 0 && q.Npad >= q.N && q.Npad - q.N < q.BN,
          "packed padding: C %d -> %d, N %d -> %d (BN %d)", q.C, q.Cpad, q.N, q.Npad, q.BN);
    const long long size = packed_filter_size(q);
    Vec bp((size_t)size);
    std::vector<int> uses(w.size(), 0);
    const PackDivisors d = pack_divisors(p, q);
    for (long long idx = 0; idx < size; ++idx) {
        const int s = packed_filter_source(p, q, d, (int)(idx / q.Npad), (int)(idx % q.Npad));
        CHECK(s >= -1 && s < (int)w.size(), "packed filter source %d outside [-1,%zu)", s, w.size());
        const bool ok = s >= 0 && s < (int)w.size();
        bp[(size_t)idx] = ok ? stage_round(w[s]) : 0.0;
        if (ok) uses[s]++;
    }
    int bad = 0;
    for (int u : uses) bad += u != p.G;
    CHECK(bad == 0, "packed filter: %d filter entries not used exactly G = %d times", bad, p.G);

    Vec part(splits * out_size, NAN);
    std::vector<int> writes(part.size(), 0);
    const int astep = PTHREADS / BM, plane = q.H * q.W, hw = q.HO * q.WO;
    for (int z = 0; z < splits; ++z)
        for (int bx = 0; bx < (q.M + BM - 1) / BM; ++bx)
            for (int by = 0; by < q.Npad / q.BN; ++by) {
                const int m0 = bx * BM, n0 = by * q.BN;
                const int kbeg = z * q.kchunk, kend = std::min(q.ktiles, kbeg + q.kchunk), ktotal = (kend - kbeg) * PBK;
                std::vector<double> As((size_t)ktotal * BM, NAN); /* As[k][m] over the split's tiles */
                std::vector<int> staged(As.size(), 0);
                /* each thread's elements as GatherMap gives them (DataOperands<PREC_TF32, ...>::A_PAIRED: paired) */
                const auto stage = [&](auto map) {
                    typedef decltype(map) Map;
                    for (int tid = 0; tid < PTHREADS; ++tid) {
                        const int ml = Map::column(tid), kr0 = Map::first_row(tid);
                        const PackedRow row = packed_row(q, m0 + ml);
                        PackedTap tap = packed_tap_at(q, kbeg);
                        for (int kt = kbeg; kt < kend; ++kt) {
                            CHECK(((tap.u * q.k + tap.v) * q.Cpad + tap.c0) == kt * PBK,
                                  "tap (%d, %d, %d) is not tile %d", tap.u, tap.v, tap.c0, kt);
                            const int off = packed_a_offset(q, row, tap);
                            for (int r = 0; r < Map::AROWS; ++r) {
                                const int kr = kr0 + Map::row_step(r);
                                const bool ok = off >= 0 && tap.c0 + kr < q.C;
                                const long long at = (long long)off + (long long)kr * plane;
                                if (ok) {
                                    CHECK(at < (long long)src.size(), "A offset %lld outside [0,%zu)", at, src.size());
                                }
                                const size_t e = ((size_t)(kt - kbeg) * PBK + kr) * BM + ml;
                                As[e] = ok && at < (long long)src.size() ? stage_round(src[at]) : 0.0;
                                staged[e]++;
                            }
                            packed_tap_advance(q, tap);
                        }
                    }
                };
                if (g_round == JACE_PRECISION_TF32) {
                    stage(GatherMap<BM, true>{});
                } else {
                    stage(GatherMap<BM, false>{});
                }
                int restaged = 0;
                for (int n : staged) restaged += n != 1;
                CHECK(restaged == 0, "%d packed A tile elements not staged exactly once", restaged);
                std::vector<double> Cs((size_t)BM * q.BN, 0.0); /* Cs[m][n] */
                for (int kk = 0; kk < ktotal; ++kk)
                    for (int ml = 0; ml < BM; ++ml) {
                        const double a = As[(size_t)kk * BM + ml];
                        if (a == 0.0) continue;
                        const size_t brow = (size_t)(kbeg * PBK + kk) * q.Npad + n0;
                        for (int nl = 0; nl < q.BN; ++nl) Cs[(size_t)ml * q.BN + nl] += a * bp[brow + nl];
                    }
                for (int h = 0; h < q.BN / 64; ++h)
                    for (int tid = 0; tid < PTHREADS; ++tid) {
                        const int ml = tid % BM, kr0 = tid / BM, m = m0 + ml;
                        if (!packed_row(q, m).ok) continue;
                        for (int r = 0; r < 64 / astep; ++r) {
                            const int nl = kr0 + astep * r + 64 * h, n = n0 + nl;
                            if (n >= q.N) continue;
                            const long long o = (long long)packed_out_row(q, m) + (long long)n * hw;
                            CHECK(o >= 0 && o < (long long)out_size, "packed output offset %lld outside [0,%zu)", o,
                                  out_size);
                            if (o < 0 || o >= (long long)out_size) continue;
                            part[z * out_size + (size_t)o] = Cs[(size_t)ml * q.BN + nl];
                            writes[z * out_size + (size_t)o]++;
                        }
                    }
            }
    check_writes(writes, p.mode == MODE_FWD ? "packed forward partials" : "packed backward_data partials");
    Vec out(out_size, NAN);
    fold_splits(part, splits, out);
    return out;
}

/* Both tile heights: exact staging against the reference; TF32 / BF16 staging against the implicit GEMM's replay with
 * the same staging (the same rounded products, summed in another order in float64). */
static void check_packed(const char *tag, const ConvParams &p, const Vec &src, const Vec &w, const Vec &ref) {
    const char *what = p.mode == MODE_FWD ? "forward" : "backward_data";
    for (int r = 0; r <= 2; ++r) {
        g_round = r;
        const Vec want = r == 0 ? ref : p.mode == MODE_FWD ? replay_forward(p, src, w) : replay_backward_data(p, src, w);
        const double e64 = max_rel(replay_packed<64>(p, src, w, ref.size()), want);
        const double e128 = max_rel(replay_packed<128>(p, src, w, ref.size()), want);
        CHECK(e64 < 1e-12 && e128 < 1e-12, "%s: packed %s (staging %d) max rel err %.3g (64 rows), %.3g (128 rows)",
              tag, what, r, e64, e128);
    }
    g_round = 0;
    for (int want : {3, 1000}) {
        const double e64 = max_rel(replay_packed<64>(p, src, w, ref.size(), want), ref);
        const double e128 = max_rel(replay_packed<128>(p, src, w, ref.size(), want), ref);
        CHECK(e64 < 1e-12 && e128 < 1e-12, "%s: packed %s (splits %d) max rel err %.3g (64 rows), %.3g (128 rows)",
              tag, what, want, e64, e128);
    }
}

/* conv_to_channels_last_kernel into out, which the launcher zeroed: out[nb][i + pad][j + pad][c] = in[nb, c, i, j]. */
static void to_channels_last(const Vec &in, int n, int C, int H, int W, int pad, int Cpad, Vec &out) {
    for (int nb = 0; nb < n; ++nb)
        for (int c = 0; c < Cpad; ++c)
            for (int i = 0; i < H; ++i)
                for (int j = 0; j < W; ++j) {
                    const long long o = channels_last_offset(nb, i, j, c, H, W, pad, Cpad);
                    CHECK(o >= 0 && o < (long long)out.size(), "channels-last offset %lld outside [0,%zu)", o,
                          out.size());
                    if (o >= 0 && o < (long long)out.size())
                        out[(size_t)o] = c < C ? stage_round(in[(((size_t)nb * C + c) * H + i) * W + j]) : 0.0;
                }
}

/* The wgmma kernel's A (conv_wgmma.cuh): every element of every row and K tile read from the channels-last copy at
 * packed_channels_last_row + packed_channels_last_shift is the packed kernels' gathered one (zero outside the image
 * and past C), and the reads stay inside the copy. */
static void check_packed_channels_last(const char *tag, const ConvParams &p, const Vec &src) {
    const PackedParams q = make_packed_params(p);
    if (q.pad < 0) return; /* cropping: conv.cu does not take the wgmma path */
    const long long size = packed_channels_last_size(q);
    Vec ap((size_t)size, 0.0);
    to_channels_last(src, packed_images(q), q.C, q.H, q.W, q.pad, q.Cpad, ap);
    const int plane = q.H * q.W;
    long long wrong = 0, outside = 0;
    for (int m = 0; m < q.M; ++m) {
        const PackedRow row = packed_row(q, m);
        const long long base = packed_channels_last_row(q, m);
        PackedTap tap = packed_tap_at(q, 0);
        for (int kt = 0; kt < q.ktiles; ++kt) {
            const int off = packed_a_offset(q, row, tap);
            const long long at = base + packed_channels_last_shift(q, tap);
            for (int kr = 0; kr < PBK; ++kr) {
                const double gathered = off >= 0 && tap.c0 + kr < q.C ? src[(size_t)off + (size_t)kr * plane] : 0.0;
                if (at + kr < 0 || at + kr >= size) {
                    ++outside;
                } else if (ap[(size_t)(at + kr)] != gathered) {
                    ++wrong;
                }
            }
            packed_tap_advance(q, tap);
        }
    }
    CHECK(wrong == 0 && outside == 0, "%s: channels-last A of %s: %lld elements differ from the gathered ones, %lld "
          "read outside the copy", tag, p.mode == MODE_FWD ? "forward" : "backward_data", wrong, outside);
}

/* dw from dWexp^T's split-K partials (conv_filter_fold_kernel), checking that every entry of dWexp^T but the padding's
 * is gathered exactly once. */
static Vec fold_filter(const ConvParams &p, const FilterParams &f, const Vec &part, int splits) {
    const long long psize = filter_part_size(f);
    Vec dw((size_t)fold_size(p), 0.0);
    std::vector<int> hits((size_t)psize, 0);
    const FoldDivisors fd = fold_divisors(p);
    for (int idx = 0; idx < fold_size(p); ++idx) {
        double sum = 0;
        const FoldEntry e = fold_entry(p, fd, idx);
        for (int g = 0; g < p.G; ++g) {
            const int off = filter_fold_offset(p, f, p.hfwd, p.ib, p.ida, p.idb, e, g);
            CHECK(off >= 0 && off < psize, "filter fold offset %d outside [0,%lld)", off, psize);
            if (off < 0 || off >= psize) continue;
            hits[(size_t)off]++;
            for (int z = 0; z < splits; ++z) sum += part[(size_t)(z * psize + off)];
        }
        dw[(size_t)idx] = sum;
    }
    int bad = 0;
    for (long long o = 0; o < psize; ++o) {
        const int uv = (int)(o / ((long long)f.CePad * f.NePad)), ce = (int)(o / f.NePad % f.CePad);
        const int ne = (int)(o % f.NePad);
        bad += hits[(size_t)o] != (uv < f.kk2 && ce < f.Ce && ne < f.Ne ? 1 : 0);
    }
    CHECK(bad == 0, "filter fold: %d dWexp^T entries not gathered exactly once (or padding gathered)", bad);
    return dw;
}

/* Mirrors backward_filter's channels-last path: the copies (conv_to_channels_last_kernel, the launcher's zeroing),
 * pix, conv_packed_filter_kernel<*, f.BM, f.BN> block by block and thread by thread, and conv_filter_fold_kernel. */
static Vec replay_filter(const ConvParams &p, int want_splits, const Vec &x, const Vec &dy) {
    FilterParams f = make_filter_params(p);
    const int splits = set_filter_splits(f, want_splits);
    CHECK(splits >= 1 && (splits - 1) * f.kchunk < f.ktiles && splits * f.kchunk >= f.ktiles,
          "filter split-K %d x %d does not tile %d K tiles", splits, f.kchunk, f.ktiles);
    Vec dyt((size_t)filter_dyt_size(f), 0.0), xp((size_t)filter_xp_size(f), 0.0);
    to_channels_last(dy, p.n, f.Ne, f.HO, f.WO, 0, f.NePad, dyt);
    to_channels_last(x, p.n, f.Ce, f.H, f.W, f.pad, f.CePad, xp);
    std::vector<int> pix(f.Ppad);
    for (int q = 0; q < f.Ppad; ++q) pix[q] = filter_pixel_row(f, q);

    const long long psize = filter_part_size(f);
    Vec part((size_t)(splits * psize), NAN);
    std::vector<int> writes(part.size(), 0);
    const int cols = f.kk2 * (f.CePad / f.BN);
    for (int z = 0; z < splits; ++z)
        for (int bx = 0; bx < f.NePad / f.BM; ++bx)
            for (int by = 0; by < cols; ++by) {
                const int m0 = bx * f.BM, t = filter_tap_of(f, by), col0 = filter_col0(f, by);
                const int ce0 = col0 - t * f.CePad, shift = filter_tap_shift(f, t);
                CHECK(t == (col0 / f.CePad) && ce0 >= 0 && ce0 + f.BN <= f.CePad && shift == (t / f.k) * f.Wp + t % f.k,
                      "column block %d: tap %d, first column %d", by, t, col0);
                const int kbeg = z * f.kchunk, ktiles = std::min(f.ktiles, kbeg + f.kchunk) - kbeg;
                std::vector<double> Cs((size_t)f.BM * f.BN, 0.0);
                for (int kk = 0; kk < ktiles * PBK; ++kk) {
                    const int q = kbeg * PBK + kk;
                    const long long arow = (long long)q * f.NePad + m0;
                    const long long brow = ((long long)pix[q] + shift) * f.CePad + ce0;
                    CHECK(arow + f.BM <= (long long)dyt.size() && brow >= 0 && brow + f.BN <= (long long)xp.size(),
                          "filter tile rows %lld, %lld outside dyT (%zu) or xP (%zu)", arow, brow, dyt.size(), xp.size());
                    if (arow + f.BM > (long long)dyt.size() || brow < 0 || brow + f.BN > (long long)xp.size()) continue;
                    for (int ml = 0; ml < f.BM; ++ml) {
                        const double a = dyt[(size_t)(arow + ml)];
                        if (a == 0.0) continue;
                        for (int nl = 0; nl < f.BN; ++nl) Cs[(size_t)ml * f.BN + nl] += a * xp[(size_t)(brow + nl)];
                    }
                }
                for (int nl = 0; nl < f.BN; ++nl)
                    for (int ml = 0; ml < f.BM; ++ml) {
                        const long long o = z * psize + (long long)(col0 + nl) * f.NePad + m0 + ml;
                        CHECK(o >= 0 && o < (long long)part.size(), "partial offset %lld outside [0,%zu)", o,
                              part.size());
                        if (o < 0 || o >= (long long)part.size()) continue;
                        part[(size_t)o] = Cs[(size_t)ml * f.BN + nl];
                        writes[(size_t)o]++;
                    }
            }
    check_writes(writes, "filter partials");
    return fold_filter(p, f, part, splits);
}

/* RowsCursor from the start of each split of K (as the wgmma kernel's splits start) at each of a thread's k in the tile
 * and each tap row, stepped to the split's end, against rows_offset. */
template <int E>
static void check_rows_cursor(FilterParams f) {
    long long wrong = 0;
    for (int want : {1, 3, 7}) {
        const int splits = set_filter_splits(f, want);
        for (int z = 0; z < splits; ++z) {
            const int kbeg = z * f.kchunk, kend = std::min(f.ktiles, kbeg + f.kchunk);
            for (int u = 0; u < f.k; ++u)
                for (int k0 = 0; k0 < PBK; k0 += E)
                    for (RowsCursor b(f, kbeg * PBK + k0, u); b.p < kend * PBK; b.advance(f))
                        wrong += b.offset(f) != rows_offset(f, b.p, u);
        }
    }
    CHECK(wrong == 0, "RowsCursor (vectors of %d pixels, rows of %d): %lld offsets not rows_offset's", E, f.WOr, wrong);
}

/* The copies' index math by fast divisors (rows_pixel, images_dy_source, rows_x_source with FilterDivisors) against
 * the same decompositions by plain division, over every K index and xS element of f (rows view) and of its
 * tensor-copy view. */
template <int PREC>
static void check_filter_divisors(const FilterParams &f) {
    long long wrong = 0;
    const FilterDivisors d = filter_divisors(f);
    for (int q = 0; q < f.P; ++q) {
        const RowsPixel fast = rows_pixel(f, d, q), plain = rows_pixel(f, q);
        wrong += fast.nb != plain.nb || fast.i != plain.i || fast.j != plain.j;
    }
    const long long plane = rows_plane(f);
    for (int v = 0; v < f.k; ++v)
        for (int ce = 0; ce < f.CePad; ce += 7)
            for (int e = 0; e < plane; ++e) {
                const int j = e % f.WOr, r = e / f.WOr % f.Hp, nb = e / f.WOr / f.Hp;
                const int i = r - f.pad, jx = j + v - f.pad;
                const bool in = ce < f.Ce && i >= 0 && i < f.H && jx >= 0 && jx < f.W;
                const long long want = in ? (((long long)nb * f.Ce + ce) * f.H + i) * f.W + jx : -1;
                wrong += rows_x_source(f, d, v, ce, e) != want;
            }
    const FilterParams t = wgmma_tma_filter_params<PREC>(f);
    const FilterDivisors dt = filter_divisors(t);
    const int image = t.P / t.n, ne = t.Ne - 1;
    for (int q = 0; q < t.P; ++q) {
        const int nb = q / image, i = q % image / t.WOr, j = q % image % t.WOr;
        const bool in = i < t.HO && j < t.WO;
        wrong += images_dy_source(t, dt, ne, q) != (in ? (((long long)nb * t.Ne + ne) * t.HO + i) * t.WO + j : -1);
    }
    CHECK(wrong == 0, "backward_filter copies' index math by fast divisors (rows of %d): %lld differ from division",
          f.WOr, wrong);
}

/* Mirrors wgmma backward_filter's copies by output rows of whole vectors of PREC's (conv_wgmma_layout.cuh): dyK and
 * xS through rows_dy_source and rows_x_source, each vector of B at rows_offset (aligned to the vector, inside its
 * plane), the products summed over K into dWexp^T and folded into dw. The padding's channels add zeros and are
 * skipped. */
template <int PREC>
static Vec replay_rows_filter(const ConvParams &p, const Vec &x, const Vec &dy) {
    constexpr int E = WgmmaSmem<PREC>::PER_ROW;
    const FilterParams f = wgmma_filter_params(wgmma_rows_params<PREC>(make_filter_params(p)), 128);
    CHECK(f.WOr % E == 0 && f.WOr >= f.WO && f.WOr < f.WO + E && f.Ppad % PBK == 0, "rows of %d pixels for %d, K %d",
          f.WOr, f.WO, f.Ppad);
    const FilterDivisors d = filter_divisors(f);
    Vec dyk((size_t)filter_dyt_size(f)), xs((size_t)filter_xs_size(f));
    for (int ne = 0; ne < f.NePad; ++ne)
        for (int q = 0; q < f.Ppad; ++q) {
            const long long src = rows_dy_source(f, d, ne, q);
            dyk[(size_t)ne * f.Ppad + q] = src < 0 ? 0.0 : dy[(size_t)src];
        }
    const long long plane = rows_plane(f), psize = filter_part_size(f);
    for (int v = 0; v < f.k; ++v)
        for (int ce = 0; ce < f.CePad; ++ce)
            for (int e = 0; e < plane; ++e) {
                const long long src = rows_x_source(f, d, v, ce, e);
                xs[(size_t)(((long long)v * f.CePad + ce) * plane + e)] = src < 0 ? 0.0 : x[(size_t)src];
            }
    Vec part((size_t)psize, 0.0);
    long long misplaced = 0;
    for (int t = 0; t < f.kk2; ++t)
        for (int ce = 0; ce < f.Ce; ++ce) {
            const double *xplane = &xs[(size_t)(((long long)(t % f.k) * f.CePad + ce) * plane)];
            for (int k0 = 0; k0 < PBK; k0 += E) /* a thread's vectors, from its k in the tile */
                for (RowsCursor b(f, k0, t / f.k); b.p < f.Ppad; b.advance(f)) {
                    const long long off = b.offset(f);
                    if (off < 0 || off % E != 0 || off + E > plane) {
                        ++misplaced;
                        continue;
                    }
                    for (int ne = 0; ne < f.Ne; ++ne) {
                        double sum = 0;
                        for (int k = 0; k < E; ++k) sum += dyk[(size_t)ne * f.Ppad + b.p + k] * xplane[off + k];
                        part[(size_t)(((long long)t * f.CePad + ce) * f.NePad + ne)] += sum;
                    }
                }
        }
    CHECK(misplaced == 0 && plane % E == 0, "backward_filter by rows of %d-pixel vectors: %lld vectors of B unaligned "
          "or outside a plane of %lld", E, misplaced, plane);
    check_rows_cursor<E>(f);
    check_filter_divisors<PREC>(f);
    return fold_filter(p, f, part, 1);
}

/* Whether two K counters stand at the same kk with the same digits. */
static bool same_counter(const KCounter &a, const KCounter &b) {
    return a.kk == b.kk && a.d0 == b.d0 && a.d1 == b.d1 && a.d2 == b.d2 && a.d3 == b.d3;
}

/* The narrow kernel's staging finds a filter value's K counter by fast divisors (narrow_line_counter): the same as
 * kc_init's by division, at every line and tap. */
static void check_narrow_counters(const char *tag, const ConvParams &p) {
    const IgemmDivisors d = igemm_divisors(p);
    long long wrong = 0;
    for (int line = 0; line < narrow_lines(p); ++line)
        for (int v = 0; v < p.k; ++v) {
            wrong += !same_counter(narrow_line_counter(p, d, line, v), kc_init(p, line * p.k + v));
        }
    CHECK(wrong == 0, "%s: the narrow kernel's K counters by fast divisors: %lld of %d differ from kc_init", tag, wrong,
          p.K);
}

/* The implicit GEMM's splits by fast divisors (IgemmDivisors) against division: every K counter against kc_init, and
 * every row's fix_a and out_row and column's fix_b (and a row and a column past the end) against the same fields
 * computed by division here. */
template <int MODE>
static void check_igemm_splits(const char *tag, const ConvParams &p) {
    const IgemmDivisors d = igemm_divisors(p);
    long long wrong = 0;
    for (int kk = 0; kk < p.K; ++kk) wrong += !same_counter(kc_init(p, d, kk), kc_init(p, kk));
    const bool fwd = MODE == MODE_FWD, data = MODE == MODE_BWD_DATA;
    const int map_h = fwd ? p.ho : p.h, map_w = fwd ? p.wo : p.w;
    for (int m = 0; m <= p.M; ++m) {
        const Fix f = fix_a<MODE>(p, d, m);
        const int mm = m < p.M ? m : 0, nb = mm / (map_h * map_w), pix = mm % (map_h * map_w);
        const int shift = fwd ? -p.pad : p.pad;
        const Fix e = fwd || data ? Fix{nb * (fwd ? p.cin_e * p.h * p.w : p.cout_e * p.ho * p.wo), pix / map_w + shift,
                                        pix % map_w + shift, m < p.M}
                                  : Fix{mm * p.ho * p.wo, 0, 0, m < p.M};
        wrong += f.base != e.base || f.a != e.a || f.b != e.b || f.ok != e.ok;
        if (m < p.M) {
            const int row = fwd || data ? 2 * p.M * p.N + nb * (fwd ? p.cout_e : p.cin_e) * map_h * map_w + pix
                                        : (2 * p.M + m) * p.N;
            wrong += out_row<MODE>(p, d, m, 2) != row;
        }
    }
    for (int n = 0; n <= p.N; ++n) {
        const Fix f = fix_b<MODE>(p, d, n);
        const int nn = n < p.N ? n : 0, uv = nn % p.kk2;
        const Fix e = fwd    ? Fix{nn / p.G * p.cin_e * p.kk2, nn % p.G, 0, n < p.N}
                      : data ? Fix{nn / p.gin * p.gin * p.kk2, nn % p.gin, 0, n < p.N}
                             : Fix{nn / p.kk2 * p.h * p.w, uv / p.k - p.pad, uv % p.k - p.pad, n < p.N};
        wrong += f.base != e.base || f.a != e.a || f.b != e.b || f.ok != e.ok;
    }
    CHECK(wrong == 0, "%s: the implicit GEMM's splits by fast divisors (mode %d): %lld of %d K counters, %d rows and "
          "%d columns differ from division", tag, MODE, wrong, p.K, p.M + 1, p.N + 1);
}

/* ------------------------------------------------------------------ one case */

static void run_case(const Group &G, bool group_input, int n, int cin, int cout, int h, int w, int k, int pad,
                     bool check_equivariance) {
    const jace_group &grp = G.g;
    jace_conv_shape s{n, cin, cout, h, w, k, pad};
    Dims d{n, cin, cout, h, w, k, pad, h + 2 * pad - k + 1, w + 2 * pad - k + 1, grp.order,
           group_input ? grp.order : 1, group_input};
    if (d.ho < 1 || d.wo < 1) return;
    char tag[256];
    std::snprintf(tag, sizeof tag, "%s %s n%d cin%d cout%d h%d w%d k%d pad%d", G.name.c_str(),
                  group_input ? "group" : "lifting", n, cin, cout, h, w, k, pad);
    const int kk2 = k * k;
    Vec x = randv((size_t)n * cin * d.gin * h * w);
    Vec wt = randv((size_t)cout * cin * d.gin * kk2);
    Vec dy = randv((size_t)n * cout * d.G * d.ho * d.wo);

    /* reference */
    Vec we = materialise(d, grp, wt);
    Vec y_ref = plain_conv(d, cin * d.gin, cout * d.G, x, we);
    Vec dx_ref = plain_conv_bwd_data(d, cin * d.gin, cout * d.G, dy, we);
    Vec dw_ref = materialise_adjoint(d, grp, plain_conv_bwd_filter(d, cin * d.gin, cout * d.G, x, dy));

    /* replayed kernels */
    ConvParams pf = make_conv_params(MODE_FWD, &grp, group_input, &s);
    ConvParams pd = make_conv_params(MODE_BWD_DATA, &grp, group_input, &s);
    ConvParams pw = make_conv_params(MODE_BWD_FILTER, &grp, group_input, &s);
    Vec y = replay_forward(pf, x, wt);
    Vec dx = replay_backward_data(pd, dy, wt);
    double ef = max_rel(y, y_ref), ed = max_rel(dx, dx_ref);
    CHECK(ef < 1e-12, "%s: forward max rel err %.3g", tag, ef);
    CHECK(ed < 1e-12, "%s: backward_data max rel err %.3g", tag, ed);
    for (int want : {3, 1000}) { /* chunks of unequal length; one K tile each */
        ef = max_rel(replay_forward(pf, x, wt, want), y_ref);
        ed = max_rel(replay_backward_data(pd, dy, wt, want), dx_ref);
        CHECK(ef < 1e-12 && ed < 1e-12, "%s: split-K (%d) forward max rel err %.3g, backward_data %.3g", tag, want, ef,
              ed);
    }
    check_packed(tag, pf, x, wt, y_ref);
    check_packed(tag, pd, dy, wt, dx_ref);
    check_packed_channels_last(tag, pf, x);
    check_packed_channels_last(tag, pd, dy);
    check_narrow_counters(tag, pf);
    check_narrow_counters(tag, pd);
    check_igemm_splits<MODE_FWD>(tag, pf);
    check_igemm_splits<MODE_BWD_DATA>(tag, pd);
    check_igemm_splits<MODE_BWD_FILTER>(tag, pw);

    /* adjoint identities (bilinear form) */
    double lhs = dot(dy, y_ref);
    double scale = 0;
    for (size_t i = 0; i < dy.size(); ++i) scale += std::fabs(dy[i] * y_ref[i]);
    scale = std::max(scale, 1e-300);
    double rd = dot(dx, x);
    CHECK(std::fabs(lhs - rd) / scale < 1e-12, "%s: <dy, conv x> %.15g != <conv^T dy, x> %.15g", tag, lhs, rd);
    for (int want : {1, 2, 3, 7, 1000}) {
        Vec dw = replay_backward_filter(pw, want, x, dy);
        double ew = max_rel(dw, dw_ref);
        CHECK(ew < 1e-12, "%s: backward_filter (splits %d) max rel err %.3g", tag, want, ew);
        const double ec = max_rel(replay_filter(pw, want, x, dy), dw_ref);
        CHECK(ec < 1e-12, "%s: channels-last backward_filter (splits %d) max rel err %.3g", tag, want, ec);
        if (want == 1) {
            const double e4 = max_rel(replay_rows_filter<PREC_TF32>(pw, x, dy), dw_ref);
            const double e8 = max_rel(replay_rows_filter<PREC_BF16>(pw, x, dy), dw_ref);
            CHECK(e4 < 1e-12 && e8 < 1e-12, "%s: wgmma backward_filter by rows of 4k pixels (TF32) max rel err %.3g, "
                  "8k (BF16) %.3g", tag, e4, e8);
        }
        double rw = dot(dw, wt);
        CHECK(std::fabs(lhs - rw) / scale < 1e-12, "%s: <dy, conv x> %.15g != <dW, w> %.15g (splits %d)", tag, lhs,
              rw, want);
    }

    /* reduced-precision staging (inputs rounded as the TF32 / BF16 kernels do; accumulation exact here) */
    for (int r = 1; r <= 2; ++r) {
        g_round = r;
        Vec ry = replay_forward(pf, x, wt), rdx = replay_backward_data(pd, dy, wt);
        Vec rdw = replay_backward_filter(pw, 4, x, dy);
        const double ec = max_rel(replay_filter(pw, 4, x, dy), rdw);
        CHECK(ec < 1e-12, "%s: channels-last backward_filter (staging %d) differs from the implicit GEMM's by %.3g", tag,
              r, ec);
        double e0 = max_rel(ry, y_ref), e1 = max_rel(rdx, dx_ref), e2 = max_rel(rdw, dw_ref);
        g_round = 0;
        g_worst_l2[r][0] = std::max(g_worst_l2[r][0], rel_l2(ry, y_ref));
        g_worst_l2[r][1] = std::max(g_worst_l2[r][1], rel_l2(rdx, dx_ref));
        g_worst_l2[r][2] = std::max(g_worst_l2[r][2], rel_l2(rdw, dw_ref));
        g_worst[r][0] = std::max(g_worst[r][0], e0);
        g_worst[r][1] = std::max(g_worst[r][1], e1);
        g_worst[r][2] = std::max(g_worst[r][2], e2);
    }

    /* equivariance (square images): out(g . in) = g . out(in), reference and replay */
    if (check_equivariance && h == w) {
        for (int g = 0; g < grp.order; ++g) {
            Vec gx = group_input ? act_group_maps(grp, g, x, n * cin, h) : act_images(grp, g, x, n * cin, h);
            Vec lhs_ref = plain_conv(d, cin * d.gin, cout * d.G, gx, we);
            Vec rhs = act_group_maps(grp, g, y_ref, n * cout, d.ho);
            double e1 = max_rel(lhs_ref, rhs);
            CHECK(e1 < 1e-12, "%s: reference not equivariant for element %d (err %.3g)", tag, g, e1);
            Vec lhs_rep = replay_forward(pf, gx, wt);
            double e2 = max_rel(lhs_rep, rhs);
            CHECK(e2 < 1e-12, "%s: replayed forward not equivariant for element %d (err %.3g)", tag, g, e2);
        }
    }
}

/* src_map / src_map_inverse against the explicit numpy action, for every element and k. */
static void check_maps() {
    for (int k = 1; k <= 8; ++k)
        for (int rot = 0; rot < 4; ++rot)
            for (int fl = 0; fl < 2; ++fl) {
                std::vector<double> f(k * k), gf(k * k);
                for (int i = 0; i < k * k; ++i) f[i] = i;
                act_plane(rot, fl, f.data(), gf.data(), k);
                Affine a = src_map(rot, fl, k), b = src_map_inverse(rot, fl, k);
                for (int u = 0; u < k; ++u)
                    for (int v = 0; v < k; ++v) {
                        int r = a.r0 + a.ra * u + a.rb * v, c = a.c0 + a.ca * u + a.cb * v;
                        CHECK(r >= 0 && r < k && c >= 0 && c < k && gf[u * k + v] == f[r * k + c],
                              "src_map rot %d flip %d k %d at (%d,%d)", rot, fl, k, u, v);
                        int u2 = b.r0 + b.ra * r + b.rb * c, v2 = b.c0 + b.ca * r + b.cb * c;
                        CHECK(u2 == u && v2 == v, "src_map_inverse rot %d flip %d k %d at (%d,%d)", rot, fl, k, u, v);
                    }
            }
}

/* Counter stepping against direct decomposition for many radices. */
static void check_counters() {
    jace_group triv{1, {0}, {0}, {0}, {0}};
    for (int k = 1; k <= 7; ++k)
        for (int h = 1; h <= 9; h += 2) {
            jace_conv_shape s{2, 3, 2, h, h + 1, k, k / 2};
            if (h + 2 * (k / 2) - k + 1 < 1) continue;
            for (int mode = 0; mode < 3; ++mode) {
                ConvParams p = make_conv_params(mode, &triv, false, &s);
                for (int start = 0; start < BK; ++start) {
                    KCounter c = kc_init(p, start);
                    for (int t = 0; t < 64; ++t) {
                        KCounter e = kc_init(p, c.kk);
                        CHECK(same_counter(c, e), "counter mode %d k %d h %d kk %d", mode, k, h, c.kk);
                        kc_advance(p, c);
                    }
                }
            }
        }
}

/* The rows the busiest of `sms` SMs multiplies when the tiles of a grid go to them one at a time, each to the SM that
 * has multiplied the fewest rows so far: the even spread wgmma_data_cost assumes, counted tile by tile. */
static long long busiest_sm_rows(long long m, long long nt, int sms, int bm) {
    std::vector<long long> rows(sms, 0);
    for (long long t = 0; t < (m + bm - 1) / bm * nt; ++t) {
        long long *least = &rows[0];
        for (long long &r : rows) least = r < *least ? &r : least;
        *least += bm;
    }
    long long most = 0;
    for (long long r : rows) most = std::max(most, r);
    return most;
}

/* wgmma_data_rows (conv_wgmma_layout.cuh): its cost is the tile-by-tile spread's, it takes the cheapest height and
 * the tallest of a tie, and on an H100's / H200's 132 SMs the bench's layers take the heights its comment gives. */
static void check_wgmma_rows() {
    const int heights[] = {128, 192, 256};
    for (int sms : {1, 7, 66, 132})
        for (long long m : {1LL, 64LL, 1600LL, 6272LL, 12544LL, 25088LL, 33792LL})
            for (long long nt : {1LL, 2LL, 8LL}) {
                const long long cost[] = {wgmma_data_cost<128>(m, nt, sms), wgmma_data_cost<192>(m, nt, sms),
                                          wgmma_data_cost<256>(m, nt, sms)};
                int best = 0;
                for (int i = 0; i < 3; ++i) {
                    CHECK(cost[i] == busiest_sm_rows(m, nt, sms, heights[i]),
                          "wgmma_data_cost<%d>(%lld, %lld, %d) = %lld, the spread tile by tile %lld", heights[i], m,
                          nt, sms, cost[i], busiest_sm_rows(m, nt, sms, heights[i]));
                    best = cost[i] <= cost[best] ? i : best;
                }
                CHECK(wgmma_data_rows(m, nt, sms) == heights[best], "wgmma_data_rows(%lld, %lld, %d) = %d, not %d", m,
                      nt, sms, wgmma_data_rows(m, nt, sms), heights[best]);
            }
    const struct {
        long long m, nt;
        int rows;
    } h200[] = {{128 * 7 * 7, 8, 192}, {32 * 28 * 28, 2, 192}, {16 * 28 * 28, 1, 128}, {256 * 132, 1, 256}};
    for (const auto &c : h200) {
        CHECK(wgmma_data_rows(c.m, c.nt, 132) == c.rows, "wgmma_data_rows(%lld, %lld, 132) = %d, not %d", c.m, c.nt,
              wgmma_data_rows(c.m, c.nt, 132), c.rows);
    }
}

/* The most rows x K tiles an SM multiplies when `blocks` blocks of bm rows and `chunk` K tiles go to `sms` SMs one at
 * a time, each to the SM that has the least so far (busiest_sm_rows with K). */
static long long busiest_sm_work(long long blocks, int sms, int bm, int chunk) {
    return busiest_sm_rows(blocks, 1, sms, 1) * bm * chunk;
}

/* wgmma_filter_cost against the spread block by block, wgmma_filter_splits against every split count up to its bound,
 * and wgmma_filter_grid on the bench's two large D4 layers on 132 SMs (their comments' heights and splits). */
static void check_wgmma_filter_grid() {
    for (int sms : {1, 7, 132})
        for (long long tiles : {1LL, 18LL, 36LL, 288LL, 576LL})
            for (int ktiles : {1, 9, 392, 1568}) {
                int best = 1;
                for (int s = 1; s <= 16; ++s) {
                    const int chunk = tiles_per_split(ktiles, s), chunks = (ktiles + chunk - 1) / chunk;
                    const long long cost = wgmma_filter_cost(tiles, ktiles, s, sms, 256);
                    CHECK(cost == busiest_sm_work(tiles * chunks, sms, 256, chunk),
                          "wgmma_filter_cost(%lld, %d, %d, %d) = %lld, the spread block by block %lld", tiles, ktiles,
                          s, sms, cost, busiest_sm_work(tiles * chunks, sms, 256, chunk));
                    best = cost < wgmma_filter_cost(tiles, ktiles, best, sms, 256) ? s : best;
                }
                CHECK(wgmma_filter_splits(tiles, ktiles, 16, sms, 256) == best,
                      "wgmma_filter_splits(%lld, %d, 16, %d) = %d, not %d", tiles, ktiles, sms,
                      wgmma_filter_splits(tiles, ktiles, 16, sms, 256), best);
            }
    const std::vector<Group> groups = standard_groups();
    const Group &D4 = groups[4];
    const struct {
        jace_conv_shape s;
        int rows, splits;
    } layers[] = {{{128, 128, 128, 7, 7, 3, 1}, 128, 1}, {{32, 32, 32, 28, 28, 3, 1}, 256, 7}};
    for (const auto &l : layers) {
        const FilterParams f = make_filter_params(make_conv_params(MODE_BWD_FILTER, &D4.g, true, &l.s));
        const WgmmaFilterGrid g = wgmma_filter_grid(f, 132, 0);
        CHECK(g.f.BM == l.rows && g.splits == l.splits, "wgmma_filter_grid of n%d c%d %dx%d: %d rows, %d splits, not "
              "%d and %d", l.s.n, l.s.cin, l.s.h, l.s.w, g.f.BM, g.splits, l.rows, l.splits);
        CHECK(wgmma_filter_grid(f, 132, 256).f.BM == 256, "wgmma_filter_grid asked for 256 rows");
    }
}

/* fold_lanes: a power of two up to 32, doubled only while the fold's threads do not fill the SMs and each lane keeps at
 * least 4 partial sums; `jace bench`'s lifting layer (1200 entries, 8 group elements x 64 splits) gets a warp an
 * entry, a large layer's (1,179,648 entries) one thread. */
static void check_fold_lanes() {
    for (int sms : {1, 8, 132})
        for (long long entries : {1LL, 100LL, 1200LL, 4608LL, 1179648LL})
            for (long long partials : {1LL, 7LL, 8LL, 16LL, 100LL, 512LL, 4096LL}) {
                const int lanes = fold_lanes(entries, partials, sms);
                const bool power = lanes >= 1 && lanes <= 32 && (lanes & (lanes - 1)) == 0;
                const bool enough = lanes == 1 || partials >= 4LL * lanes;
                const bool stopped = lanes == 32 || entries * lanes >= 2048LL * sms || partials < 8LL * lanes;
                CHECK(power && enough && stopped, "fold_lanes(%lld, %lld, %d) = %d", entries, partials, sms, lanes);
            }
    CHECK(fold_lanes(1200, 8 * 64, 132) == 32, "fold_lanes of the lifting layer: %d", fold_lanes(1200, 512, 132));
    CHECK(fold_lanes(1179648, 8 * 2, 132) == 1, "fold_lanes of a large layer: %d", fold_lanes(1179648, 16, 132));
    CHECK(fold_lanes(100, 8, 132) == 2, "fold_lanes(100, 8, 132) = %d", fold_lanes(100, 8, 132));
}

int main(int argc, char **argv) {
    int trials = argc > 1 ? std::atoi(argv[1]) : 12;
    check_maps();
    check_counters();
    check_wgmma_rows();
    check_wgmma_filter_grid();
    check_fold_lanes();
    std::vector<Group> groups = standard_groups();
    std::uniform_int_distribution<int> U(0, 1 << 30);
    auto pick = [&](int lo, int hi) { return lo + U(rng) % (hi - lo + 1); };
    int cases = 0;
    for (const Group &G : groups) {
        for (int gi = 0; gi < 2; ++gi) {
            bool group_input = gi == 1;
            if (group_input && G.g.order == 1) continue; /* same as lifting */
            /* fixed edge cases */
            run_case(G, group_input, 1, 1, 1, 1, 1, 1, 0, true);
            run_case(G, group_input, 1, 2, 3, 5, 5, 3, 1, true);
            run_case(G, group_input, 2, 3, 9, 7, 7, 5, 2, true);
            run_case(G, group_input, 1, 1, 2, 6, 6, 4, 0, true);  /* even k, valid */
            run_case(G, group_input, 1, 2, 1, 4, 4, 2, 1, true);  /* even k, pad 1 */
            run_case(G, group_input, 1, 1, 1, 3, 3, 7, 3, true);  /* k > h */
            run_case(G, group_input, 1, 5, 11, 9, 9, 1, 0, true); /* 1x1 */
            cases += 7;
            for (int t = 0; t < trials; ++t) {
                int k = std::vector<int>{1, 2, 3, 3, 4, 5, 7}[pick(0, 6)];
                int pad = pick(0, k);
                int h = pick(std::max(1, k - 2 * pad), 11);
                int w = pick(0, 2) == 0 ? h : pick(std::max(1, k - 2 * pad), 11);
                int n = pick(1, 2), cin = pick(1, 5), cout = pick(1, 12);
                run_case(G, group_input, n, cin, cout, h, w, k, pad, t % 3 == 0);
                ++cases;
            }
        }
    }
    /* bigger shapes: several M/N/K tiles, channels not multiples of 8 */
    run_case(groups[4], true, 2, 3, 9, 13, 13, 3, 1, false);
    run_case(groups[4], false, 3, 7, 10, 15, 12, 5, 2, false);
    run_case(groups[0], false, 2, 19, 70, 11, 9, 3, 1, false);
    cases += 3;
    std::printf("emulated TF32 staging, worst rel err: forward %.2e, backward_data %.2e, backward_filter %.2e\n",
                g_worst[1][0], g_worst[1][1], g_worst[1][2]);
    std::printf("emulated BF16 staging, worst rel err: forward %.2e, backward_data %.2e, backward_filter %.2e\n",
                g_worst[2][0], g_worst[2][1], g_worst[2][2]);
    std::printf("  (l2: TF32 %.2e %.2e %.2e, BF16 %.2e %.2e %.2e)\n", g_worst_l2[1][0], g_worst_l2[1][1],
                g_worst_l2[1][2], g_worst_l2[2][0], g_worst_l2[2][1], g_worst_l2[2][2]);
    std::printf("conv_reference_check: %d cases, %lld checks, %d failures\n", cases, g_checks, g_failures);
    return g_failures == 0 ? 0 : 1;
}
