/* Emulator test of the warp-level MMA and matrix loads (cuda/mma_sync.cuh on jace_emu): a warp's mma.m16n8k8 TF32 and
 * mma.m16n8k16 BF16 add A B to the accumulators each lane holds, from operands each lane loads at the fragment
 * positions the PTX ISA documents (written out here, apart from the emulator's own), exactly as a float64 product of
 * small integers; ldmatrix.x4.trans gives each lane the documented pair of each of four 8 x 8 matrices, and feeds
 * the BF16 multiply from k-by-m and k-by-n arrays as conv_packed_gemm.cuh's PackedMma loads them. What the hardware
 * leaves undefined or the emulator does not model aborts naming it: a TF32 operand with mantissa bits below TF32's, an
 * ldmatrix row address off 16 bytes, a warp of fewer than 32 threads, a lane that exited before the others' mma.
 * conv_gpu_check runs the convolution kernels built on these. */
#include <cstdint>
#include <cstring>
#include <string>

#include "emu_check.h"
#include "mma_sync.cuh"

using namespace emu_check;
using namespace jace_mma;

namespace {

/* Small integers, exact in BF16 and TF32 and in every partial sum of the products. */
double a_value(int m, int k) { return (double)((3 * m + 5 * k) % 11 - 5); }
double b_value(int k, int n) { return (double)((7 * k + 2 * n) % 9 - 4); }
double c_value(int m, int n) { return (double)((m + 3 * n) % 7); }

/* C + A B at (m, n), C's columns the same in every 16 x 8 tile (start_d's). */
double product(int m, int n, int depth) {
    double s = c_value(m, n % 8);
    for (int k = 0; k < depth; ++k) s += a_value(m, k) * b_value(k, n);
    return s;
}

std::uint32_t bf16_bits(double v) {
    const float f = (float)v;
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u >> 16; /* exact: the values have at most 8 significant bits */
}
std::uint32_t bf16_pair(double lo, double hi) { return bf16_bits(lo) | bf16_bits(hi) << 16; }

/* Lane (g, t)'s accumulators start at C and end at C + A B, written to out[m][n] (16 x 8). */
void store_d(float *out, const float (&d)[4]) {
    const int lane = threadIdx.x % 32, g = lane / 4, t = lane % 4;
    for (int e = 0; e < 4; ++e) out[(g + 8 * (e / 2)) * 8 + 2 * t + e % 2] = d[e];
}
void start_d(float (&d)[4]) {
    const int lane = threadIdx.x % 32, g = lane / 4, t = lane % 4;
    for (int e = 0; e < 4; ++e) d[e] = (float)c_value(g + 8 * (e / 2), 2 * t + e % 2);
}

void tf32_kernel(float *out) {
    const int lane = threadIdx.x % 32, g = lane / 4, t = lane % 4;
    const float a[4] = {(float)a_value(g, t), (float)a_value(g + 8, t), (float)a_value(g, t + 4),
                        (float)a_value(g + 8, t + 4)};
    const float b[2] = {(float)b_value(t, g), (float)b_value(t + 4, g)};
    float d[4];
    start_d(d);
    mma_tf32_m16n8k8(d, a, b);
    store_d(out, d);
}

void bf16_kernel(float *out) {
    const int lane = threadIdx.x % 32, g = lane / 4, t = lane % 4;
    std::uint32_t a[4], b[2];
    for (int i = 0; i < 4; ++i) {
        const int m = g + 8 * (i % 2), k = 2 * t + 8 * (i / 2);
        a[i] = bf16_pair(a_value(m, k), a_value(m, k + 1));
    }
    for (int i = 0; i < 2; ++i) b[i] = bf16_pair(b_value(2 * t + 8 * i, g), b_value(2 * t + 8 * i + 1, g));
    float d[4];
    start_d(d);
    mma_bf16_m16n8k16(d, a, b);
    store_d(out, d);
}

/* As PackedMma: A stored k-by-m (16 x 16, rows of kLd elements), B k-by-n (16 x 16), both BF16 in dynamic shared
 * memory, loaded by ldmatrix.x4.trans (B's x4 takes two 8-column tiles, n 0-7 and 8-15, into out's two 16 x 8). */
constexpr int kLd = 24; /* elements a row: 48 bytes, 16-byte aligned rows */
void ldmatrix_mma_kernel(float *out) {
    extern __shared__ __align__(128) unsigned char smem[];
    __nv_bfloat16 *As = reinterpret_cast<__nv_bfloat16 *>(smem), *Bs = As + 16 * kLd;
    const int lane = threadIdx.x % 32;
    for (int e = lane; e < 16 * 16; e += 32) {
        const int k = e / 16, i = e % 16;
        As[k * kLd + i] = __float2bfloat16_rn((float)a_value(i, k));
        Bs[k * kLd + i] = __float2bfloat16_rn((float)b_value(k, i));
    }
    __syncthreads();
    const int r = lane % 8, j = lane / 8;
    std::uint32_t a[4], bb[4];
    ldmatrix_x4_trans(a, As + (r + 8 * (j / 2)) * kLd + 8 * (j % 2));
    ldmatrix_x4_trans(bb, Bs + (r + 8 * (j % 2)) * kLd + 8 * (j / 2));
    const std::uint32_t b0[2] = {bb[0], bb[1]}, b1[2] = {bb[2], bb[3]};
    float d0[4], d1[4];
    start_d(d0);
    start_d(d1);
    mma_bf16_m16n8k16(d0, a, b0);
    mma_bf16_m16n8k16(d1, a, b1);
    store_d(out, d0);
    store_d(out + 16 * 8, d1);
}

/* Lane l's registers of an ldmatrix.x4.trans over a 32 x 8 array M (rows 8 j .. 8 j + 7: matrix j) of BF16 M[r][c] =
 * 8 r + c: out[4 l + j] holds the pair's low half + 1000 * its high half. */
void ldmatrix_kernel(float *out) {
    extern __shared__ __align__(128) unsigned char smem[];
    __nv_bfloat16 *M = reinterpret_cast<__nv_bfloat16 *>(smem);
    const int lane = threadIdx.x % 32;
    for (int c = 0; c < 8; ++c) M[lane * 8 + c] = __float2bfloat16_rn((float)(8 * lane + c));
    __syncthreads();
    std::uint32_t r[4];
    ldmatrix_x4_trans(r, M + lane * 8);
    for (int j = 0; j < 4; ++j) {
        const std::uint32_t wide_lo = (r[j] & 0xffffu) << 16, wide_hi = r[j] & 0xffff0000u;
        float flo, fhi;
        std::memcpy(&flo, &wide_lo, sizeof flo);
        std::memcpy(&fhi, &wide_hi, sizeof fhi);
        out[4 * lane + j] = flo + 1000.f * fhi;
    }
}

/* The elements of got (tiles of 16 x 8, tile i holding columns 8 i .. 8 i + 7 of C + A B) that are not exact. */
int wrong_products(const Vec &got, int depth, int tiles) {
    int wrong = 0;
    for (int tile = 0; tile < tiles; ++tile)
        for (int m = 0; m < 16; ++m)
            for (int n = 0; n < 8; ++n) wrong += got[tile * 128 + m * 8 + n] != product(m, 8 * tile + n, depth);
    return wrong;
}

void product_cases() {
    Dev out(2 * 16 * 8);
    jace_emu::launch([&] { tf32_kernel(out.p); }, dim3(1), dim3(32));
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    EXPECT(wrong_products(out.get(), 8, 1) == 0, "TF32 m16n8k8: %d of 128 elements of C + A B wrong",
           wrong_products(out.get(), 8, 1));
    jace_emu::launch([&] { bf16_kernel(out.p); }, dim3(1), dim3(32));
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    EXPECT(wrong_products(out.get(), 16, 1) == 0, "BF16 m16n8k16: %d of 128 elements of C + A B wrong",
           wrong_products(out.get(), 16, 1));
    jace_emu::launch([&] { ldmatrix_mma_kernel(out.p); }, dim3(1), dim3(32), 32 * kLd * 2);
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    EXPECT(wrong_products(out.get(), 16, 2) == 0, "BF16 through ldmatrix.trans: %d of 256 elements wrong",
           wrong_products(out.get(), 16, 2));
}

void ldmatrix_case() {
    Dev out(4 * 32);
    jace_emu::launch([&] { ldmatrix_kernel(out.p); }, dim3(1), dim3(32), 32 * 8 * 2);
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    const Vec got = out.get();
    int wrong = 0;
    for (int l = 0; l < 32; ++l)
        for (int j = 0; j < 4; ++j) {
            const int g = l / 4, t = l % 4; /* elements (2 t, g) and (2 t + 1, g) of matrix j */
            wrong += got[4 * l + j] != (8 * (8 * j + 2 * t) + g) + 1000.0 * (8 * (8 * j + 2 * t + 1) + g);
        }
    EXPECT(wrong == 0, "ldmatrix.x4.trans: %d of 128 registers wrong", wrong);
}

/* The children: what aborts. 0: a TF32 operand with a mantissa bit below TF32's (lane 5's a2, A[1][5]); 1: an
 * ldmatrix row 8 bytes off; 2: an mma in a block of 16 threads; 3: lane 3 exits before the others' mma; 4: lanes
 * 16-31 at an ldmatrix while lanes 0-15 are at an mma. */
void refused_kernel(int mode) {
    extern __shared__ __align__(128) unsigned char smem[];
    const int lane = threadIdx.x % 32;
    if (mode == 1) {
        std::uint32_t r[4];
        ldmatrix_x4_trans(r, reinterpret_cast<const __nv_bfloat16 *>(smem + 16 * lane + (lane == 9 ? 8 : 0)));
        return;
    }
    if (mode == 3 && lane == 3) return;
    if (mode == 4 && lane >= 16) {
        std::uint32_t r[4];
        ldmatrix_x4_trans(r, reinterpret_cast<const __nv_bfloat16 *>(smem + 16 * lane));
        return;
    }
    float a[4] = {1.f, 1.f, 1.f, 1.f}, b[2] = {1.f, 1.f}, d[4] = {};
    if (mode == 0 && lane == 5) a[2] = 1.f + 1.f / 4096;
    mma_tf32_m16n8k8(d, a, b);
}

int child_refused(int mode) {
    jace_emu::launch([&] { refused_kernel(mode); }, dim3(1), dim3(mode == 2 ? 16 : 32), 1024);
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    return 0;
}

void refusal_cases() {
    const char *messages[] = {"mma.sync TF32 operand A[1][5] = 0x3f800800 has mantissa bits below TF32's 10",
                              "ldmatrix: row address", "mma.sync.m16n8k8.tf32 in warp 0, which has 16 threads",
                              "mma.sync.m16n8k8.tf32: lane 3 of the warp exited before it",
                              "of the warp is at"};
    for (int mode = 0; mode < 5; ++mode) {
        for (const char *schedule : {"forward", "reverse"}) {
            const ChildRun c = run_self("refused" + std::to_string(mode), schedule);
            EXPECT(c.status != 0 && contains(c.output, messages[mode]), "refused %d, %s: status %d:\n%s", mode,
                   schedule, c.status, c.output.c_str());
        }
    }
}

}  // namespace

int main(int argc, char **argv) {
    if (argc > 1 && std::strncmp(argv[1], "refused", 7) == 0) return child_refused(std::atoi(argv[1] + 7));
    product_cases();
    ldmatrix_case();
    refusal_cases();
    return finish("test_mma_sync");
}
