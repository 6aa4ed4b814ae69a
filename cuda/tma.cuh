/*
 * tma.cuh — Hopper's (sm_90) transaction barriers and tensor copies, the primitives cuda/conv_wgmma_tma.cuh uses:
 *   - mbarrier_init(bar, count): the barrier (8 bytes of shared memory) completes a phase once `count` arrivals and
 *     the transaction bytes expected of it have come in; fence_barrier_init() makes this thread's inits visible to
 *     the async proxy (the tensor copies), and a __syncthreads() after it to the block;
 *   - mbarrier_arrive(bar); mbarrier_arrive_expect_tx(bar, bytes): adds `bytes` to the phase's transactions, then
 *     arrives;
 *   - mbarrier_wait(bar, parity): returns once the phase of that parity has completed (try_wait.parity in a loop; on
 *     a fresh barrier, parity 1 returns at once). A wait longer than MBARRIER_WAIT_LIMIT_NS traps: a barrier that
 *     nothing completes (a copy's bytes not counted as expected, a wrong parity) then faults the kernel in seconds,
 *     reported by the next CUDA call, where it would hang its process until something killed it;
 *   - tma_load_2d(dst, map, x, y, bar): the tensor map's box whose first element is (x, y: x along the rows) into
 *     shared memory at dst, elements outside the tensor zeros; its bytes complete bar's transactions as they land.
 *     Under CU_TENSOR_MAP_SWIZZLE_128B (dst 1024-byte aligned) the 16-byte chunk c of box row r lands at chunk
 *     c ^ (r % 8) of the row's 128 bytes: the layout of a wgmma operand in 128-byte swizzle (wgmma_desc_sw128);
 *   - tma_load_3d(dst, map, x, y, z, bar), tma_load_4d(dst, map, x, y, z, w, bar): the same of a rank-3 (rank-4)
 *     map, the box's rows (along x) in order of y, then z (then w).
 * PTX ISA: "Parallel Synchronization and Communication Instructions: mbarrier", "cp.async.bulk.tensor"; CUTLASS's
 * ClusterTransactionBarrier and SM90_TMA_LOAD_2D. On the CPU emulator (JACE_CPU_EMULATOR) they go to jace_emu
 * (emu/include/jace_emu.h), which lands each copy when its schedule says.
 */
#ifndef JACE_TMA_CUH
#define JACE_TMA_CUH

#include <cuda.h>

#include <cstdint>

#include "wgmma.cuh"

namespace jace_tma {

#if defined(JACE_CPU_EMULATOR)

inline void mbarrier_init(std::uint64_t *bar, unsigned count) { ::jace_emu::mbarrier_init(bar, count); }
inline void fence_barrier_init() {}
inline void mbarrier_arrive(std::uint64_t *bar) { ::jace_emu::mbarrier_arrive(bar); }
inline void mbarrier_arrive_expect_tx(std::uint64_t *bar, unsigned bytes) {
    ::jace_emu::mbarrier_arrive_expect_tx(bar, bytes);
}
inline void mbarrier_wait(std::uint64_t *bar, unsigned parity) { ::jace_emu::mbarrier_wait(bar, parity); }
inline void tma_load_2d(void *dst, const CUtensorMap *map, int x, int y, std::uint64_t *bar) {
    ::jace_emu::tma_load_2d(dst, map, x, y, bar);
}
inline void tma_load_3d(void *dst, const CUtensorMap *map, int x, int y, int z, std::uint64_t *bar) {
    ::jace_emu::tma_load_3d(dst, map, x, y, z, bar);
}
inline void tma_load_4d(void *dst, const CUtensorMap *map, int x, int y, int z, int w, std::uint64_t *bar) {
    ::jace_emu::tma_load_4d(dst, map, x, y, z, w, bar);
}

#else

__device__ __forceinline__ void mbarrier_init(std::uint64_t *bar, unsigned count) {
#if defined(__CUDA_ARCH__)
    asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;\n" ::"r"(jace_wgmma::shared_address(bar)), "r"(count)
                 : "memory");
#endif
}
__device__ __forceinline__ void fence_barrier_init() {
#if defined(__CUDA_ARCH__)
    asm volatile("fence.mbarrier_init.release.cluster;\n" ::: "memory");
#endif
}
__device__ __forceinline__ void mbarrier_arrive(std::uint64_t *bar) {
#if defined(__CUDA_ARCH__)
    asm volatile("{\n"
                 ".reg .b64 state;\n"
                 "mbarrier.arrive.shared::cta.b64 state, [%0];\n"
                 "}\n" ::"r"(jace_wgmma::shared_address(bar))
                 : "memory");
#endif
}
__device__ __forceinline__ void mbarrier_arrive_expect_tx(std::uint64_t *bar, unsigned bytes) {
#if defined(__CUDA_ARCH__)
    asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;\n" ::"r"(jace_wgmma::shared_address(bar)),
                 "r"(bytes)
                 : "memory");
#endif
}
constexpr unsigned long long MBARRIER_WAIT_LIMIT_NS = 5000000000ULL;

__device__ __forceinline__ bool mbarrier_try_wait(std::uint32_t at, unsigned parity) {
    std::uint32_t done = 0;
#if defined(__CUDA_ARCH__)
    asm volatile("{\n"
                 ".reg .pred p;\n"
                 "mbarrier.try_wait.parity.shared::cta.b64 p, [%1], %2;\n"
                 "selp.u32 %0, 1, 0, p;\n"
                 "}\n"
                 : "=r"(done)
                 : "r"(at), "r"(parity)
                 : "memory");
#endif
    return done != 0;
}
__device__ __forceinline__ unsigned long long global_ns() {
    unsigned long long t = 0;
#if defined(__CUDA_ARCH__)
    asm volatile("mov.u64 %0, %%globaltimer;\n" : "=l"(t));
#endif
    return t;
}
__device__ __forceinline__ void mbarrier_wait(std::uint64_t *bar, unsigned parity) {
#if defined(__CUDA_ARCH__)
    const std::uint32_t at = jace_wgmma::shared_address(bar);
    if (mbarrier_try_wait(at, parity)) return;
    const unsigned long long start = global_ns();
    while (!mbarrier_try_wait(at, parity)) {
        if (global_ns() - start > MBARRIER_WAIT_LIMIT_NS) __trap();
    }
#endif
}
__device__ __forceinline__ void tma_load_2d(void *dst, const CUtensorMap *map, int x, int y, std::uint64_t *bar) {
#if defined(__CUDA_ARCH__)
    asm volatile("cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes [%0], [%1, {%3, "
                 "%4}], [%2];\n" ::"r"(jace_wgmma::shared_address(dst)),
                 "l"(reinterpret_cast<std::uint64_t>(map)), "r"(jace_wgmma::shared_address(bar)), "r"(x), "r"(y)
                 : "memory");
#endif
}
__device__ __forceinline__ void tma_load_3d(void *dst, const CUtensorMap *map, int x, int y, int z,
                                            std::uint64_t *bar) {
#if defined(__CUDA_ARCH__)
    asm volatile("cp.async.bulk.tensor.3d.shared::cluster.global.tile.mbarrier::complete_tx::bytes [%0], [%1, {%3, "
                 "%4, %5}], [%2];\n" ::"r"(jace_wgmma::shared_address(dst)),
                 "l"(reinterpret_cast<std::uint64_t>(map)), "r"(jace_wgmma::shared_address(bar)), "r"(x), "r"(y),
                 "r"(z)
                 : "memory");
#endif
}
__device__ __forceinline__ void tma_load_4d(void *dst, const CUtensorMap *map, int x, int y, int z, int w,
                                            std::uint64_t *bar) {
#if defined(__CUDA_ARCH__)
    asm volatile("cp.async.bulk.tensor.4d.shared::cluster.global.tile.mbarrier::complete_tx::bytes [%0], [%1, {%3, "
                 "%4, %5, %6}], [%2];\n" ::"r"(jace_wgmma::shared_address(dst)),
                 "l"(reinterpret_cast<std::uint64_t>(map)), "r"(jace_wgmma::shared_address(bar)), "r"(x), "r"(y),
                 "r"(z), "r"(w)
                 : "memory");
#endif
}

#endif

/* The descriptor of a K-major wgmma operand in 128-byte swizzle at shared address `start`: 8-row groups of 128-byte
 * rows, 1024 bytes apart (SBO), as tma_load_2d lands a box of 128-byte rows; `start` steps 32 bytes along K for each
 * multiply of a row's 128 bytes. The leading offset is unused in this layout (CUTLASS sets 1, 16 bytes). Layout type
 * 1 (bits 62-63): the 128-byte swizzle. */
__host__ __device__ __forceinline__ std::uint64_t wgmma_desc_sw128(std::uint32_t start) {
    return jace_wgmma::wgmma_desc(start, 16, 1024) | 1ULL << 62;
}

/* acc += A B^T over one 128-byte K tile of 128-byte swizzled operands at shared addresses a (64 rows) and b (128
 * rows), elements of BYTES bytes (4: TF32, 2: BF16): 4 multiplies, the descriptors' start 32 bytes further along K
 * each; between the caller's wgmma_fence and wgmma_commit. */
template <int BYTES>
__device__ __forceinline__ void wgmma_sw128_k_tile(float (&acc)[64], std::uint32_t a, std::uint32_t b) {
    static_assert(BYTES == 4 || BYTES == 2, "TF32 or BF16 operands");
#pragma unroll
    for (int step = 0; step < 4; ++step) {
        if constexpr (BYTES == 2) {
            jace_wgmma::wgmma_bf16_m64n128k16(acc, wgmma_desc_sw128(a + 32 * step), wgmma_desc_sw128(b + 32 * step));
        } else {
            jace_wgmma::wgmma_tf32_m64n128k8(acc, wgmma_desc_sw128(a + 32 * step), wgmma_desc_sw128(b + 32 * step));
        }
    }
}

} // namespace jace_tma

#endif
