/*
 * The emulated driver's tensor maps: cudaGetDriverEntryPointByVersion gives cuTensorMapEncodeTiled, which checks its
 * arguments as the driver documents (CUDA 13's cuda.h) and writes the emulator's description of the tensor
 * (emu_internal.h's TensorMap) into the map, for emu_kernel.cpp's tensor copies. What the driver allows but the
 * emulator does not model (other element types, overlapping strides, element strides, swizzles) aborts, naming it.
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

/* Whether index 1 of dimension d + 1 starts past the last of dimension d (strides[d] at least the extent below it):
 * the emulator models tensors whose slices do not overlap only. */
bool disjoint(cuuint32_t rank, const cuuint64_t *dims, const cuuint64_t *strides, int bytes) {
    cuuint64_t below = dims[0] * (cuuint64_t)bytes;
    for (cuuint32_t d = 0; d + 1 < rank; ++d) {
        if (strides[d] < below) return false;
        below = strides[d] * dims[d + 1];
    }
    return true;
}

CUresult encode_tiled(CUtensorMap *map, CUtensorMapDataType type, cuuint32_t rank, void *address,
                      const cuuint64_t *dims, const cuuint64_t *strides, const cuuint32_t *box,
                      const cuuint32_t *element_strides, CUtensorMapInterleave interleave, CUtensorMapSwizzle swizzle,
                      CUtensorMapL2promotion l2, CUtensorMapFloatOOBfill fill) {
    using jace_emu::TensorMap;
    if (map == nullptr || reinterpret_cast<std::uintptr_t>(map) % 64 != 0) return refused("map not 64-byte aligned");
    if (rank == 0 || rank > (cuuint32_t)TensorMap::kMaxRank) return refused("rank outside 1 .. 5");
    const int bytes = element_bytes(type);
    if (address == nullptr || reinterpret_cast<std::uintptr_t>(address) % 16 != 0) {
        return refused("global address null or not 16-byte aligned");
    }
    if (dims == nullptr || (rank > 1 && strides == nullptr) || box == nullptr || element_strides == nullptr) {
        return refused("a null array");
    }
    for (cuuint32_t i = 0; i < rank; ++i) {
        if (dims[i] == 0 || dims[i] > (1ULL << 32)) return refused("a global dimension outside 1 .. 2^32");
        if (box[i] == 0 || box[i] > 256) return refused("a box dimension outside 1 .. 256");
        if (element_strides[i] == 0 || element_strides[i] > 8) return refused("an element stride outside 1 .. 8");
    }
    for (cuuint32_t i = 0; i + 1 < rank; ++i) {
        if (strides[i] % 16 != 0 || strides[i] >= (1ULL << 40)) {
            return refused("global stride not a multiple of 16 below 2^40");
        }
    }
    if (box[0] * bytes % 16 != 0) return refused("the box's inner dimension not a multiple of 16 bytes");
    if (interleave != CU_TENSOR_MAP_INTERLEAVE_NONE) return refused("an interleave the emulator does not know");
    if (swizzle == CU_TENSOR_MAP_SWIZZLE_128B && box[0] * bytes > 128) {
        return refused("the box's inner dimension above the 128-byte swizzle's span");
    }
    for (cuuint32_t i = 0; i < rank; ++i) {
        if (element_strides[i] != 1) {
            jace_emu::fatal("cuTensorMapEncodeTiled with element stride %u in dimension %u: the emulator models 1 only",
                            element_strides[i], i);
        }
    }
    if (!disjoint(rank, dims, strides, bytes)) {
        jace_emu::fatal("cuTensorMapEncodeTiled with strides shorter than the dimension below them: the emulator "
                        "models slices that do not overlap only");
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
    TensorMap t{};
    t.magic = TensorMap::kMagic;
    t.base = static_cast<const unsigned char *>(address);
    for (cuuint32_t i = 0; i < rank; ++i) {
        t.dims[i] = dims[i];
        t.box[i] = box[i];
        if (i + 1 < rank) t.strides[i] = strides[i];
    }
    t.rank = rank;
    t.element_bytes = (std::uint32_t)bytes;
    t.swizzle_bytes = swizzle == CU_TENSOR_MAP_SWIZZLE_128B ? 128u : 0u;
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
