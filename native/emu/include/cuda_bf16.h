/* cuda_bf16.h of the CPU emulator: bfloat16 storage and its round-to-nearest-even conversion. */
#ifndef JACE_EMU_CUDA_BF16_H
#define JACE_EMU_CUDA_BF16_H

#include <cstdint>
#include <cstring>

struct __nv_bfloat16 {
    std::uint16_t bits;
};

inline __nv_bfloat16 __float2bfloat16_rn(float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    if ((u & 0x7fffffffu) > 0x7f800000u) {
        return __nv_bfloat16{(std::uint16_t)((u >> 16) | 0x0040u)}; /* quiet NaN */
    }
    u += 0x7fffu + ((u >> 16) & 1u);
    return __nv_bfloat16{(std::uint16_t)(u >> 16)};
}

inline float __bfloat162float(__nv_bfloat16 b) {
    const std::uint32_t u = (std::uint32_t)b.bits << 16;
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

#endif
