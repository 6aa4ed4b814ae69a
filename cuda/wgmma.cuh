/*
 * wgmma.cuh — Hopper's warpgroup matrix multiply (sm_90a), the primitives cuda/conv_wgmma.cuh uses:
 *   - wgmma_desc: the 64-bit shared-memory matrix descriptor of a K-major operand without swizzle, whose 8 x 16-byte
 *     core matrices (8 rows of E = 4 TF32 or 8 BF16 values, 128 contiguous bytes) lie `lbo` bytes apart along K and
 *     `sbo` bytes apart along M (or N): element (r, k) of the matrix at start, of s = 16 / E bytes, is at
 *         start + (r / 8) sbo + (k / E) lbo + (r % 8) 16 + (k % E) s bytes
 *     (PTX ISA, "Matrix Descriptor Format" and the K-major canonical layouts; CUTLASS's make_gmma_desc<Major::K>,
 *     INTERLEAVE: ((8,m),(T,2)):((1T,SBO),(1,LBO)), T = E);
 *   - wgmma_tf32_m64n128k8(d, a, b): d[64 x 128] += A[64 x 8] B[128 x 8]^T, both operands in shared memory, their
 *     values already TF32 (rounded: the low 13 bits zero). Thread t of the warpgroup (warp w = t / 32, lane
 *     l = t % 32) holds d[4 j + i] = D[16 w + l / 4 + 8 (i / 2)][8 j + 2 (l % 4) + i % 2], j = 0 .. 15;
 *   - wgmma_bf16_m64n128k16(d, a, b): the same from BF16 operands 16 deep (both K-major: no transposes), into the same
 *     FP32 accumulators at the same positions;
 *   - wgmma_fence (before the first wgmma that reads accumulators the thread wrote), wgmma_commit (closes a group of
 *     the wgmmas issued since the last), wgmma_wait<N> (until at most N of this thread's groups are pending: their
 *     shared-memory reads and accumulator writes done), fence_proxy_async (this thread's writes to shared memory, made
 *     by ordinary or cp.async stores, become visible to wgmma's reads, which go through the async proxy; a barrier
 *     after it publishes them to the warpgroup's wgmmas).
 * On the CPU emulator (JACE_CPU_EMULATOR) the same functions go to jace_emu (emu/include/jace_emu.h), which decodes
 * the descriptors and computes each thread's accumulators when its schedule lands the group.
 */
#ifndef JACE_WGMMA_CUH
#define JACE_WGMMA_CUH

#include <cstdint>

namespace jace_wgmma {

#if defined(JACE_CPU_EMULATOR)

inline std::uint32_t shared_address(const void *p) { return ::jace_emu::shared_offset(p); }
inline void wgmma_fence() { ::jace_emu::wgmma_fence(); }
inline void wgmma_commit() { ::jace_emu::wgmma_commit(); }
template <int N>
inline void wgmma_wait() {
    ::jace_emu::wgmma_wait(N);
}
inline void fence_proxy_async() { ::jace_emu::fence_proxy_async(); }
inline void wgmma_tf32_m64n128k8(float (&d)[64], std::uint64_t a, std::uint64_t b) {
    ::jace_emu::wgmma_tf32_m64n128k8(d, a, b);
}
inline void wgmma_bf16_m64n128k16(float (&d)[64], std::uint64_t a, std::uint64_t b) {
    ::jace_emu::wgmma_bf16_m64n128k16(d, a, b);
}

#else

__device__ __forceinline__ std::uint32_t shared_address(const void *p) {
    return (std::uint32_t)__cvta_generic_to_shared(p);
}

#if defined(__CUDA_ARCH__) && !defined(__CUDA_ARCH_FEAT_SM90_ALL)
#error "wgmma.cuh compiles for sm_90a only (-gencode arch=compute_90a,code=sm_90a): wgmma needs the arch-specific set"
#endif

__device__ __forceinline__ void wgmma_fence() {
#if defined(__CUDA_ARCH__)
    asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory");
#endif
}
__device__ __forceinline__ void wgmma_commit() {
#if defined(__CUDA_ARCH__)
    asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory");
#endif
}
template <int N>
__device__ __forceinline__ void wgmma_wait() {
#if defined(__CUDA_ARCH__)
    asm volatile("wgmma.wait_group.sync.aligned %0;\n" ::"n"(N) : "memory");
#endif
}
__device__ __forceinline__ void fence_proxy_async() {
#if defined(__CUDA_ARCH__)
    asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory");
#endif
}

/* The accumulators are "+f" operands: the compiler keeps all 64 in registers across the asynchronous multiply (an
 * accumulator it moved or spilled would make ptxas serialize the wgmmas, which it reports). */
#define JACE_WGMMA_D64                                                                                                 \
    "{%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, "                                          \
    "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, "                                 \
    "%32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, "                                 \
    "%48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63}, "
#define JACE_WGMMA_D64_OPERANDS(d)                                                                                     \
    "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]), "+f"(d[8]),       \
        "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), "+f"(d[16]),        \
        "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), "+f"(d[24]),       \
        "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]), "+f"(d[32]),       \
        "+f"(d[33]), "+f"(d[34]), "+f"(d[35]), "+f"(d[36]), "+f"(d[37]), "+f"(d[38]), "+f"(d[39]), "+f"(d[40]),       \
        "+f"(d[41]), "+f"(d[42]), "+f"(d[43]), "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]), "+f"(d[48]),       \
        "+f"(d[49]), "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]), "+f"(d[56]),       \
        "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]), "+f"(d[62]), "+f"(d[63])

/* scale-d is a predicate, true: d += A B; the immediates after it scale A and B by 1 (and, for BF16, transpose
 * neither: both K-major). */
__device__ __forceinline__ void wgmma_tf32_m64n128k8(float (&d)[64], std::uint64_t a, std::uint64_t b) {
#if defined(__CUDA_ARCH__)
    asm volatile("{\n"
                 ".reg .pred p;\n"
                 "setp.ne.b32 p, 1, 0;\n"
                 "wgmma.mma_async.sync.aligned.m64n128k8.f32.tf32.tf32 " JACE_WGMMA_D64 "%64, %65, p, 1, 1;\n"
                 "}\n"
                 : JACE_WGMMA_D64_OPERANDS(d)
                 : "l"(a), "l"(b)
                 : "memory");
#endif
}

__device__ __forceinline__ void wgmma_bf16_m64n128k16(float (&d)[64], std::uint64_t a, std::uint64_t b) {
#if defined(__CUDA_ARCH__)
    asm volatile("{\n"
                 ".reg .pred p;\n"
                 "setp.ne.b32 p, 1, 0;\n"
                 "wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16 " JACE_WGMMA_D64 "%64, %65, p, 1, 1, 0, 0;\n"
                 "}\n"
                 : JACE_WGMMA_D64_OPERANDS(d)
                 : "l"(a), "l"(b)
                 : "memory");
#endif
}

#undef JACE_WGMMA_D64
#undef JACE_WGMMA_D64_OPERANDS

#endif

/* Row and column in the 64 x 128 tile of accumulator d[i] of thread t of a warpgroup (the positions above). */
__host__ __device__ __forceinline__ constexpr int wgmma_acc_row(int t, int i) {
    return 16 * (t / 32) + t % 32 / 4 + 8 * (i % 4 / 2);
}
__host__ __device__ __forceinline__ constexpr int wgmma_acc_col(int t, int i) {
    return 8 * (i / 4) + 2 * (t % 4) + i % 2;
}

/* The descriptor of a K-major, unswizzled operand at shared address `start` (16-byte aligned, as lbo and sbo). */
__host__ __device__ __forceinline__ std::uint64_t wgmma_desc(std::uint32_t start, std::uint32_t lbo,
                                                             std::uint32_t sbo) {
    return (std::uint64_t)((start >> 4) & 0x3FFF) | (std::uint64_t)((lbo >> 4) & 0x3FFF) << 16 |
           (std::uint64_t)((sbo >> 4) & 0x3FFF) << 32; /* base offset 0, layout type 0: no swizzle */
}

} // namespace jace_wgmma

#endif
