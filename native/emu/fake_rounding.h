/*
 * How the emulated cuBLAS and cuDNN reduce float inputs to TF32 or BF16. Neither library says how (their documentation
 * "allows down-converting"): rounding to nearest is one way (TF32 here with ties away from zero, as cvt.rna.tf32.f32 and
 * nvcuda::wmma::__float_to_tf32; jace's own kernels break ties to even), while tensor cores fed float bits ignore the
 * low ones. The fakes round to nearest unless a Java test asks them to truncate, so that the bounds the real libraries
 * must meet on a GPU are checked both ways. Each fake library holds its own switch.
 */
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>

#include "cuda_bf16.h"

namespace {

enum class Reduction { nearest, truncated };

std::atomic<bool> truncate_inputs{false};

/* Read when a call is made, so work already enqueued keeps the reduction it was called with. */
inline Reduction reduction() { return truncate_inputs ? Reduction::truncated : Reduction::nearest; }

/* v with the low `bits` mantissa bits cleared (infinities and NaNs kept). */
inline float truncated(float v, int bits) {
    std::uint32_t u;
    std::memcpy(&u, &v, sizeof u);
    if ((u & 0x7f800000u) != 0x7f800000u) u &= ~((1u << bits) - 1u);
    std::memcpy(&v, &u, sizeof v);
    return v;
}

/* Ties away from zero (cvt.rna.tf32.f32). */
inline float rounded_tf32(float v) {
    std::uint32_t u;
    std::memcpy(&u, &v, sizeof u);
    if ((u & 0x7f800000u) != 0x7f800000u) u = (u + 0x1000u) & 0xffffe000u;
    std::memcpy(&v, &u, sizeof v);
    return v;
}

inline float to_tf32(float v, Reduction r) { return r == Reduction::nearest ? rounded_tf32(v) : truncated(v, 13); }

inline float to_bf16(float v, Reduction r) {
    return r == Reduction::nearest ? __bfloat162float(__float2bfloat16_rn(v)) : truncated(v, 16);
}

}  // namespace
