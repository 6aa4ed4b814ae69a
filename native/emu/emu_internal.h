/* Shared between the emulator's grid runner and its runtime API. */
#ifndef JACE_EMU_INTERNAL_H
#define JACE_EMU_INTERNAL_H

#include <cstddef>
#include <cstdint>

#include "cuda_runtime.h"

namespace jace_emu {
/* What the emulated cuTensorMapEncodeTiled (emu_tensor_map.cpp) writes into a CUtensorMap's 128 opaque bytes, and a
 * tensor copy (emu_kernel.cpp's tma_load) reads: a tensor of `rank` (1 .. 5) dimensions of `element_bytes` elements,
 * dims[0] of them along a row, index i of dimension d + 1 strides[d] bytes after index 0, copied in boxes of box[0] x
 * .. x box[rank - 1] elements, unswizzled (swizzle_bytes 0) or in 128-byte swizzle. */
struct TensorMap {
    static constexpr std::uint64_t kMagic = 0x6a6163652d746d61ULL; /* "jace-tma" */
    static constexpr int kMaxRank = 5;
    std::uint64_t magic;
    const unsigned char *base;
    std::uint64_t dims[kMaxRank];
    std::uint64_t strides[kMaxRank - 1];
    std::uint32_t box[kMaxRank];
    std::uint32_t rank;
    std::uint32_t element_bytes;
    std::uint32_t swizzle_bytes;
};

/* The warp's operands of a warp-level instruction `what` (emu_mma_sync.cpp): this lane publishes `bytes` (at most
 * kGatherBytes) of `value` and, once every lane of its full warp has (as at a shuffle), gets the 32 lanes' values,
 * lane l's at the result + l kGatherBytes, there until this lane's next gather. The caller has checked, by
 * warp_collective, that the warp is whole and its lanes do the same instruction. */
constexpr std::size_t kGatherBytes = 32;
const unsigned char *warp_gather(const char *what, const void *value, std::size_t bytes);

/* Runs every block of the grid now, on this thread, with `shared_bytes` of dynamic shared memory. */
void run_grid(const std::function<void()> &body, dim3 grid, dim3 block, std::size_t shared_bytes);
}  // namespace jace_emu

#endif
