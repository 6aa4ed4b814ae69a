/*
 * The emulated driver's tensor maps: cudaGetDriverEntryPointByVersion gives cuTensorMapEncodeTiled, which checks its
 * arguments as the driver documents (CUDA 13's cuda.h) and writes the emulator's description of the tensor
 * (emu_internal.h's TensorMap2d) into the map, for emu_kernel.cpp's tensor copies. What the driver allows but the
 * emulator does not model (other ranks, element types, strides, swizzles) aborts, naming it.
 */
#include <cuda.h>

#include <cstdio>
#include <cstring>

#include "emu_internal.h"

namespace {

/* The driver's refusal: CUDA_ERROR_INVALID_VALUE, said on stderr as the emulator says a refused launch. */
CUresult refused(const char *why) {
    std::fprintf(stderr, "jace-emu: cuTensorMapEncodeTiled refused: %s\n", why);
    return CUDA_ERROR_INVALID_VALUE;
}

int element_bytes(CUtensorMapDataType type) {
    switch (type) {
        case CU_TENSOR_MAP_DATA_TYPE_FLOAT32: return 4;
        case CU_TENSOR_MAP_DATA_TYPE_BFLOAT16: return 2;
        default:
            jace_emu::fatal("cuTensorMapEncodeTiled of data type %d: the emulator models FLOAT32 and BFLOAT16 only",
                            (int)type);
    }
}

CUresult encode_tiled(CUtensorMap *map, CUtensorMapDataType type, cuuint32_t rank, void *address,
                      const cuuint64_t *dims, const cuuint64_t *strides, const cuuint32_t *box,
                      const cuuint32_t *element_strides, CUtensorMapInterleave interleave, CUtensorMapSwizzle swizzle,
                      CUtensorMapL2promotion l2, CUtensorMapFloatOOBfill fill) {
    if (map == nullptr || reinterpret_cast<std::uintptr_t>(map) % 64 != 0) return refused("map not 64-byte aligned");
    if (rank == 0 || rank > 5) return refused("rank outside 1 .. 5");
    if (rank != 2) jace_emu::fatal("cuTensorMapEncodeTiled of rank %u: the emulator models rank 2 only", rank);
    const int bytes = element_bytes(type);
    if (address == nullptr || reinterpret_cast<std::uintptr_t>(address) % 16 != 0) {
        return refused("global address null or not 16-byte aligned");
    }
    if (dims == nullptr || strides == nullptr || box == nullptr || element_strides == nullptr) {
        return refused("a null array");
    }
    for (int i = 0; i < 2; ++i) {
        if (dims[i] == 0 || dims[i] > (1ULL << 32)) return refused("a global dimension outside 1 .. 2^32");
        if (box[i] == 0 || box[i] > 256) return refused("a box dimension outside 1 .. 256");
        if (element_strides[i] == 0 || element_strides[i] > 8) return refused("an element stride outside 1 .. 8");
    }
    if (strides[0] % 16 != 0 || strides[0] >= (1ULL << 40)) {
        return refused("global stride not a multiple of 16 below 2^40");
    }
    if (box[0] * bytes % 16 != 0) return refused("the box's inner dimension not a multiple of 16 bytes");
    if (interleave != CU_TENSOR_MAP_INTERLEAVE_NONE) return refused("an interleave the emulator does not know");
    if (swizzle == CU_TENSOR_MAP_SWIZZLE_128B && box[0] * bytes > 128) {
        return refused("the box's inner dimension above the 128-byte swizzle's span");
    }
    if (element_strides[0] != 1 || element_strides[1] != 1) {
        jace_emu::fatal("cuTensorMapEncodeTiled with element strides %u, %u: the emulator models 1 only",
                        element_strides[0], element_strides[1]);
    }
    if (strides[0] < dims[0] * bytes) {
        jace_emu::fatal("cuTensorMapEncodeTiled with rows %llu bytes apart, shorter than a row's %llu: the emulator "
                        "models rows that do not overlap only", (unsigned long long)strides[0],
                        (unsigned long long)(dims[0] * bytes));
    }
    if (swizzle != CU_TENSOR_MAP_SWIZZLE_NONE && swizzle != CU_TENSOR_MAP_SWIZZLE_128B) {
        jace_emu::fatal("cuTensorMapEncodeTiled with swizzle %d: the emulator models none and 128 bytes only",
                        (int)swizzle);
    }
    if (swizzle == CU_TENSOR_MAP_SWIZZLE_128B && box[0] * bytes != 128) {
        jace_emu::fatal("cuTensorMapEncodeTiled with a 128-byte swizzle of %u-byte box rows: the emulator models "
                        "rows of 128 bytes only", box[0] * bytes);
    }
    if (fill != CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE) return refused("an out-of-bounds fill the emulator does not know");
    (void)l2; /* how L2 fetches lines: no effect on what lands */
    const jace_emu::TensorMap2d t{jace_emu::TensorMap2d::kMagic,
                                  static_cast<const unsigned char *>(address),
                                  {dims[0], dims[1]},
                                  strides[0],
                                  {box[0], box[1]},
                                  (std::uint32_t)bytes,
                                  swizzle == CU_TENSOR_MAP_SWIZZLE_128B ? 128u : 0u};
    static_assert(sizeof t <= sizeof map->opaque, "the description fits the opaque bytes");
    std::memset(map->opaque, 0, sizeof map->opaque);
    std::memcpy(map->opaque, &t, sizeof t);
    return CUDA_SUCCESS;
}

}  // namespace

cudaError_t cudaGetDriverEntryPointByVersion(const char *symbol, void **funcPtr, unsigned int cudaVersion,
                                             unsigned long long flags, cudaDriverEntryPointQueryResult *driverStatus) {
    if (symbol == nullptr || funcPtr == nullptr || flags != cudaEnableDefault) return cudaErrorInvalidValue;
    const bool known = std::strcmp(symbol, "cuTensorMapEncodeTiled") == 0;
    const bool recent = cudaVersion >= 12000;
    *funcPtr = known && recent ? reinterpret_cast<void *>(&encode_tiled) : nullptr;
    if (driverStatus != nullptr) {
        *driverStatus = !known ? cudaDriverEntryPointSymbolNotFound
                        : recent ? cudaDriverEntryPointSuccess
                                 : cudaDriverEntryPointVersionNotSufficent;
    }
    return cudaSuccess;
}
