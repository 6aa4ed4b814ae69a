/*
 * mma.h of the CPU emulator: nvcuda::wmma on whole tiles. Every lane of a warp loads the full A and B tiles; lane l
 * owns the accumulator elements l, l + 32, ...: mma_sync computes and store_matrix_sync writes only those, so the
 * warp's 32 lanes together write the tile once (a tile stored by only some lanes stays partly unwritten, as on the
 * GPU). A fragment's element order is not the hardware's: code that indexes fragment elements by lane would not
 * be checked by this emulation (jace's kernels do not).
 * Loads and stores check the alignment rules of the real instructions: a 256-bit aligned pointer and a leading
 * dimension that is a multiple of 16 bytes.
 */
#ifndef JACE_EMU_MMA_H
#define JACE_EMU_MMA_H

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "cuda_bf16.h"
#include "jace_emu.h"

namespace nvcuda {
namespace wmma {

struct matrix_a {};
struct matrix_b {};
struct accumulator {};
struct row_major {};
struct col_major {};
namespace precision {
struct tf32 {};
}  // namespace precision
enum layout_t { mem_row_major, mem_col_major };

/* tf32: round to nearest, ties away from zero, to 10 explicit mantissa bits (cvt.rna.tf32.f32). */
inline float __float_to_tf32(float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    if ((u & 0x7f800000u) != 0x7f800000u) {
        u = (u + 0x1000u) & 0xffffe000u;
    }
    std::memcpy(&f, &u, sizeof f);
    return f;
}

namespace detail {
template <typename T>
struct element {
    typedef T storage;
    static float value(T v) { return (float)v; }
};
template <>
struct element<precision::tf32> {
    typedef float storage;
    static float value(float v) { return v; }
};
template <>
struct element<__nv_bfloat16> {
    typedef __nv_bfloat16 storage;
    static float value(__nv_bfloat16 v) { return __bfloat162float(v); }
};

inline void check_tile(const char *what, const void *p, unsigned ldm, std::size_t element_bytes) {
    if (((std::uintptr_t)p & 31u) != 0) {
        ::jace_emu::fatal("wmma::%s: pointer %p is not 256-bit aligned", what, p);
    }
    if ((ldm * element_bytes) % 16 != 0) {
        ::jace_emu::fatal("wmma::%s: leading dimension %u is not a multiple of 16 bytes", what, ldm);
    }
}
}  // namespace detail

template <typename Use, int M, int N, int K, typename T, typename Layout = void>
struct fragment;

/* A tile stored row-major: rows x cols values of `storage` (float for tf32 and the accumulator). */
template <typename T, int ROWS, int COLS>
struct tile {
    typedef typename detail::element<T>::storage storage_type;
    static constexpr int rows = ROWS, cols = COLS, num_elements = ROWS * COLS;
    storage_type x[ROWS * COLS];
    float at(int r, int c) const { return detail::element<T>::value(x[r * COLS + c]); }
};

template <int M, int N, int K, typename T, typename Layout>
struct fragment<matrix_a, M, N, K, T, Layout> : tile<T, M, K> {};
template <int M, int N, int K, typename T, typename Layout>
struct fragment<matrix_b, M, N, K, T, Layout> : tile<T, K, N> {};
template <int M, int N, int K>
struct fragment<accumulator, M, N, K, float, void> : tile<float, M, N> {};

template <typename Frag, typename V>
inline void fill_fragment(Frag &f, V v) {
    for (int i = 0; i < Frag::num_elements; ++i) f.x[i] = v;
}

/* Row-major layout: element (r, c) at p[r * ldm + c]; column-major: p[c * ldm + r]. */
template <typename Use, int M, int N, int K, typename T, typename Layout, typename P>
inline void load_matrix_sync(fragment<Use, M, N, K, T, Layout> &f, const P *p, unsigned ldm) {
    typedef fragment<Use, M, N, K, T, Layout> F;
    detail::check_tile("load_matrix_sync", p, ldm, sizeof(P));
    const bool row = std::is_same<Layout, row_major>::value;
    for (int r = 0; r < F::rows; ++r)
        for (int c = 0; c < F::cols; ++c) f.x[r * F::cols + c] = p[row ? r * ldm + c : c * ldm + r];
}

template <int M, int N, int K>
inline void store_matrix_sync(float *p, const fragment<accumulator, M, N, K, float, void> &f, unsigned ldm,
                              layout_t layout) {
    detail::check_tile("store_matrix_sync", p, ldm, sizeof(float));
    for (int i = ::jace_emu::lane_id(); i < M * N; i += 32) {
        const int r = i / N, c = i % N;
        p[layout == mem_row_major ? r * ldm + c : c * ldm + r] = f.x[i];
    }
}

/* d = a * b + c on this lane's accumulator elements, accumulated in float in k order (d may be c). */
template <int M, int N, int K, typename T, typename LA, typename LB>
inline void mma_sync(fragment<accumulator, M, N, K, float, void> &d, const fragment<matrix_a, M, N, K, T, LA> &a,
                     const fragment<matrix_b, M, N, K, T, LB> &b, const fragment<accumulator, M, N, K, float, void> &c) {
    for (int i = ::jace_emu::lane_id(); i < M * N; i += 32) {
        const int m = i / N, n = i % N;
        float acc = c.x[i];
        for (int k = 0; k < K; ++k) acc += a.at(m, k) * b.at(k, n);
        d.x[i] = acc;
    }
}

}  // namespace wmma
}  // namespace nvcuda

#endif
