/*
 * warp_tile_mma.cuh — the tensor-core multiply of a block's BM x BN output tile (TF32 and BF16) from operand tiles in
 * shared memory, As[k][m] (m fastest, LDA elements a row) and Bs[k][n] (LDB), BK deep, by mma.sync (mma_sync.cuh);
 * the implicit GEMM (conv_implicit_gemm.cuh, 64 x 64) and the packed kernels (conv_packed_gemm.cuh, 64 or 128 each
 * way) multiply with it. 8 warps as 2 x 4: warp (wm, wn) = (warp % 2, warp / 2) owns rows wm BM/2 .. +BM/2-1 and
 * columns wn BN/4 .. +BN/4-1, as MI x NI tiles of 16 x 8; acc[i][j] holds the lane's 4 elements of tile (i, j). Each
 * lane's operands lie at constant distances from one base in a stage (a_lane, b_lane), so that every shared load's
 * address is that base plus an immediate: TF32's elements one LDS each (A's four of a fragment one LDS.128 where the
 * tile is in PairedA's order), BF16's by ldmatrix.trans (A's k pairs lie a row of As apart). nvcuda::wmma had
 * computed each fragment element's address with an instruction of its own, and made TF32's m16n16k8 four HMMA.1684
 * where mma.sync's m16n8k8 is one HMMA.1688 a half of it.
 */
#ifndef JACE_WARP_TILE_MMA_CUH
#define JACE_WARP_TILE_MMA_CUH

#include <cstdint>

#include "conv_precision.cuh"
#include "mma_sync.cuh"

namespace jace_conv {

/*
 * A TF32 A tile of BM columns and 16 rows in fragment order, where its writer places each element on its own (the
 * packed data kernels' gathered inputs): element (k, m), k = 8 q + 4 s + t and m = 16 i + 8 h + g, at word
 *     (4 q + t) LD + 4 (8 i + g) + 2 s + h,
 * so that a lane's four elements of a 16 x 8 fragment (rows g and g + 8, columns t and t + 4) are one 16-byte load,
 * a0 a1 a2 a3 in order. LD = 8 mod 32 keeps a quarter warp's loads (words t LD + 4 g of its 8 lanes) in distinct
 * banks; 32 writes of one row do not (columns m and m + 16 share each bank), 16 columns of rows k and k + 4 do
 * (conv_packed_index.cuh's GatherMap).
 */
template <int BM>
struct PairedA {
    static constexpr int LD = 2 * BM + 8, WORDS = 8 * LD;
    /* The word of (k, m) less its row's (4 q + t) LD: column m's place for k's s. */
    __host__ __device__ static constexpr int column(int m, int s) {
        return 4 * (m / 16 * 8 + m % 8) + 2 * s + m / 8 % 2;
    }
};

/* A_PAIRED (TF32 only): As holds PairedA's layout instead of As[k][m]. */
template <int PREC, int BM, int BN, int LDA, int LDB, int LDC, int BK, bool A_PAIRED = false>
struct WarpTileMma {
    typedef typename SmemType<PREC>::type T;
    static_assert(PREC == PREC_TF32 || PREC == PREC_BF16, "tensor cores for TF32 and BF16");
    static_assert((BM == 64 || BM == 128) && (BN == 64 || BN == 128), "a tile has 64 or 128 rows and columns");
    static_assert(LDA % 8 == 0 && LDB % 8 == 0, "ldmatrix's rows are 16-byte aligned");
    /* A warp's 32 loads (TF32: lane (g, t) at t LDA + g) and ldmatrix's 8 rows of 16 bytes, and its accumulator
     * stores (2 t LDC + g), each in distinct banks. */
    static_assert(PREC == PREC_BF16 || ((LDA % 32 == 8 || LDA % 32 == 24) && (LDB % 32 == 8 || LDB % 32 == 24)),
                  "TF32 fragments free of bank conflicts");
    static_assert(PREC == PREC_TF32 || (LDA / 8 % 2 == 1 && LDB / 8 % 2 == 1), "ldmatrix free of bank conflicts");
    static_assert(LDC % 16 == 4 || LDC % 16 == 12, "accumulator stores free of bank conflicts");
    static_assert(!A_PAIRED || (PREC == PREC_TF32 && BK == 16 && PairedA<BM>::WORDS <= BK * LDA),
                  "a paired A tile is TF32, 16 deep, in the stage of a plain one");
    static constexpr int KS = PREC == PREC_TF32 ? 8 : 16;
    static constexpr int MI = BM / 32, NI = BN / 32, WN = BN / 4;
    float acc[MI][NI][4];
    int wn, a_lane, b_lane, c_lane;

    __device__ __forceinline__ void init(int tid) {
        const int warp = tid / 32, lane = tid % 32, g = lane / 4, t = lane % 4, wm = warp % 2;
        wn = warp / 2;
        if constexpr (PREC == PREC_TF32) { /* A[g][t], B[t][g] */
            a_lane = A_PAIRED ? t * PairedA<BM>::LD + 4 * (wm * (BM / 2) / 16 * 8 + g) : t * LDA + wm * (BM / 2) + g;
            b_lane = t * LDB + WN * wn + g;
        } else {
            /* ldmatrix rows: lane l names row l % 8 of matrix l / 8; A's matrices (k, m) = (0, 0), (0, 8), (8, 0),
             * (8, 8) make a0 .. a3; B's (0, 0), (8, 0), (0, 8), (8, 8) make b of two 8-column tiles */
            const int r = lane % 8, j = lane / 8;
            a_lane = (r + 8 * (j / 2)) * LDA + wm * (BM / 2) + 8 * (j % 2);
            b_lane = (r + 8 * (j % 2)) * LDB + WN * wn + 8 * (j / 2);
        }
        c_lane = 2 * t * LDC + wm * (BM / 2) + g; /* D[g][2 t] in Cs[n][m] */
#pragma unroll
        for (int i = 0; i < MI; ++i)
#pragma unroll
            for (int j = 0; j < NI; ++j)
#pragma unroll
                for (int e = 0; e < 4; ++e) acc[i][j][e] = 0.f;
    }

    /* acc += As^T Bs over the BK rows; As and Bs hold operands rounded to the precision already. */
    __device__ __forceinline__ void compute(const T *As, const T *Bs) {
        const T *a = As + a_lane, *b = Bs + b_lane;
#pragma unroll
        for (int ks = 0; ks < BK; ks += KS) {
            if constexpr (PREC == PREC_TF32) {
                float bf[NI][2];
#pragma unroll
                for (int j = 0; j < NI; ++j) {
                    bf[j][0] = b[ks * LDB + 8 * j];
                    bf[j][1] = b[(ks + 4) * LDB + 8 * j];
                }
#pragma unroll
                for (int i = 0; i < MI; ++i) {
                    float af[4];
                    if constexpr (A_PAIRED) {
                        const float4 v = *reinterpret_cast<const float4 *>(a + ks / 8 * 4 * PairedA<BM>::LD + 32 * i);
                        af[0] = v.x, af[1] = v.y, af[2] = v.z, af[3] = v.w;
                    } else {
                        const float *ai = a + ks * LDA + 16 * i;
                        af[0] = ai[0], af[1] = ai[8], af[2] = ai[4 * LDA], af[3] = ai[4 * LDA + 8];
                    }
#pragma unroll
                    for (int j = 0; j < NI; ++j) jace_mma::mma_tf32_m16n8k8(acc[i][j], af, bf[j]);
                }
            } else {
                std::uint32_t bf[NI][2];
#pragma unroll
                for (int j = 0; j < NI; j += 2) {
                    std::uint32_t r[4];
                    jace_mma::ldmatrix_x4_trans(r, b + ks * LDB + 8 * j);
                    bf[j][0] = r[0], bf[j][1] = r[1], bf[j + 1][0] = r[2], bf[j + 1][1] = r[3];
                }
#pragma unroll
                for (int i = 0; i < MI; ++i) {
                    std::uint32_t af[4];
                    jace_mma::ldmatrix_x4_trans(af, a + ks * LDA + 16 * i);
#pragma unroll
                    for (int j = 0; j < NI; ++j) jace_mma::mma_bf16_m16n8k16(acc[i][j], af, bf[j]);
                }
            }
        }
    }

    /* Chunk h, columns 64 h .. 64 h + 63 (the warps whose columns lie there), into Cs[n - 64 h][m]. */
    __device__ __forceinline__ void store_chunk(float *Cs, int h) {
        if (WN * wn / 64 != h) return;
        float *c = Cs + c_lane + (WN * wn - 64 * h) * LDC;
#pragma unroll
        for (int i = 0; i < MI; ++i)
#pragma unroll
            for (int j = 0; j < NI; ++j)
#pragma unroll
                for (int e = 0; e < 4; ++e) c[(8 * j + e % 2) * LDC + 16 * i + 8 * (e / 2)] = acc[i][j][e];
    }
};

} // namespace jace_conv

#endif
