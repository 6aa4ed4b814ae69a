/*
 * mma.h of the CPU emulator: what jace takes from CUDA's mma.h, the TF32 rounding of nvcuda::wmma (the kernels'
 * to_smem<PREC_TF32> in cuda/conv_precision.cuh, and the emulated cuBLAS and cuDNN). jace's tensor-core multiplies
 * are mma.sync and wgmma, emulated in jace_emu.h; it has no wmma fragments.
 */
#ifndef JACE_EMU_MMA_H
#define JACE_EMU_MMA_H

#include <cstdint>
#include <cstring>

namespace nvcuda {
namespace wmma {

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

}  // namespace wmma
}  // namespace nvcuda

#endif
