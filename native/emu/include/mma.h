/*
 * mma.h of the CPU emulator: nvcuda::wmma on whole tiles. Lane l owns the accumulator elements l, l + 32, ...:
 * mma_sync computes and store_matrix_sync writes only those, so the warp's 32 lanes together write the tile once (a
 * tile stored by only some lanes stays partly unwritten, as on the GPU). A lane loads only the rows of A and the
 * column of B that its elements read (so the warp's lanes together read every element of both), the rest of its
 * fragments staying as they were. A fragment holds its elements as floats, whatever their type, and not in the
 * hardware's order: code that indexes fragment elements would not be checked by this emulation, unless it does the
 * same to every element (jace's kernels index none).
 * The *_sync operations must be done alike by every lane of a full warp (jace_emu::warp_collective says how it is
 * checked). Loads and stores check the alignment rules of the real instructions: a 256-bit aligned pointer and
 * a leading dimension that is a multiple of 16 bytes.
 */
#ifndef JACE_EMU_MMA_H
#define JACE_EMU_MMA_H

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "cuda_bf16.h"
#include "jace_emu.h"

/* The tiles' arithmetic is the emulator's own, its indices in bounds by construction: UBSan's checks there would
 * only slow the kernels' tests (check_tile checks what the hardware requires of the kernel's pointers). */
#define JACE_EMU_UNCHECKED __attribute__((no_sanitize("undefined")))

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
/* A tile element's value as the tensor cores read it (tf32 operands are rounded where the kernel stages them). */
template <typename T>
struct element {
    JACE_EMU_UNCHECKED static float value(T v) { return (float)v; }
};
template <>
struct element<precision::tf32> {
    JACE_EMU_UNCHECKED static float value(float v) { return v; }
};
template <>
struct element<__nv_bfloat16> {
    JACE_EMU_UNCHECKED static float value(__nv_bfloat16 v) { return __bfloat162float(v); }
};

/* A tile operation's pointer, leading dimension and layout as one value, for jace_emu::warp_collective. */
inline std::size_t operands(const void *p, unsigned ldm, int layout) {
    return (std::size_t)(std::uintptr_t)p * 1099511628211ULL ^ (std::size_t)ldm << 1 ^ (std::size_t)layout;
}

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

/* A tile stored row-major: rows x cols values of element type T, each held as the float it stands for. */
template <typename T, int ROWS, int COLS>
struct tile {
    typedef T element_type;
    static constexpr int rows = ROWS, cols = COLS, num_elements = ROWS * COLS;
    float x[ROWS * COLS];
};

template <int M, int N, int K, typename T, typename Layout>
struct fragment<matrix_a, M, N, K, T, Layout> : tile<T, M, K> {};
template <int M, int N, int K, typename T, typename Layout>
struct fragment<matrix_b, M, N, K, T, Layout> : tile<T, K, N> {};
template <int M, int N, int K>
struct fragment<accumulator, M, N, K, float, void> : tile<float, M, N> {};

template <typename Frag, typename V>
JACE_EMU_UNCHECKED inline void fill_fragment(Frag &f, V v) {
    for (int i = 0; i < Frag::num_elements; ++i) f.x[i] = detail::element<typename Frag::element_type>::value(v);
}

/* Row-major layout: element (r, c) at p[r * ldm + c]; column-major: p[c * ldm + r]. Lane l's accumulator elements
 * l + 32j lie in rows l / N + j * (32 / N), all in column l % N (N divides 32 in every wmma shape): of A it loads those
 * rows, of B that column. */
template <typename Use, int M, int N, int K, typename T, typename Layout, typename P>
JACE_EMU_UNCHECKED inline void load_matrix_sync(fragment<Use, M, N, K, T, Layout> &f, const P *p, unsigned ldm) {
    typedef fragment<Use, M, N, K, T, Layout> F;
    static_assert(32 % N == 0, "a wmma shape's N divides the warp");
    detail::check_tile("load_matrix_sync", p, ldm, sizeof(P));
    ::jace_emu::warp_collective("wmma::load_matrix_sync", __PRETTY_FUNCTION__, detail::operands(p, ldm, 0));
    constexpr bool row = std::is_same<Layout, row_major>::value;
    constexpr bool a = std::is_same<Use, matrix_a>::value;
    static_assert(a || std::is_same<Use, matrix_b>::value, "an accumulator load takes a layout (not emulated)");
    const int lane = ::jace_emu::lane_id();
    const int r0 = a ? lane / N : 0, r_step = a ? 32 / N : 1;
    const int c0 = a ? 0 : lane % N, c_end = a ? F::cols : c0 + 1;
    for (int r = r0; r < F::rows; r += r_step)
        for (int c = c0; c < c_end; ++c)
            f.x[r * F::cols + c] = detail::element<T>::value(p[row ? r * ldm + c : c * ldm + r]);
}

template <int M, int N, int K>
JACE_EMU_UNCHECKED inline void store_matrix_sync(float *p, const fragment<accumulator, M, N, K, float, void> &f,
                                                 unsigned ldm, layout_t layout) {
    detail::check_tile("store_matrix_sync", p, ldm, sizeof(float));
    ::jace_emu::warp_collective("wmma::store_matrix_sync", __PRETTY_FUNCTION__, detail::operands(p, ldm, layout));
    for (int i = ::jace_emu::lane_id(); i < M * N; i += 32) {
        const int r = i / N, c = i % N;
        p[layout == mem_row_major ? r * ldm + c : c * ldm + r] = f.x[i];
    }
}

/* d = a * b + c on this lane's accumulator elements, accumulated in float in k order (d may be c). */
template <int M, int N, int K, typename T, typename LA, typename LB>
JACE_EMU_UNCHECKED inline void mma_sync(fragment<accumulator, M, N, K, float, void> &d,
                                        const fragment<matrix_a, M, N, K, T, LA> &a,
                                        const fragment<matrix_b, M, N, K, T, LB> &b,
                                        const fragment<accumulator, M, N, K, float, void> &c) {
    ::jace_emu::warp_collective("wmma::mma_sync", __PRETTY_FUNCTION__, 0);
    for (int i = ::jace_emu::lane_id(); i < M * N; i += 32) {
        const int m = i / N, n = i % N;
        float acc = c.x[i];
        for (int k = 0; k < K; ++k) acc += a.x[m * K + k] * b.x[k * N + n];
        d.x[i] = acc;
    }
}

}  // namespace wmma
}  // namespace nvcuda

#endif
