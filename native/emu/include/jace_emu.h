/*
 * jace_emu.h — the CPU emulator's execution model: a kernel launch runs its blocks one after another, and each
 * block's threads as fibers on the calling thread. A fiber runs until it reaches __syncthreads() or a warp
 * shuffle, then the next fiber runs; a barrier opens once every live thread of the block (or warp) reached it.
 *
 * The emulator exists to execute jace's kernels and launch code without a GPU (CI has none): it checks what a
 * kernel computes, not how fast. It reports, and aborts on, what a GPU would make undefined: __syncthreads()
 * reached by only part of a block or at two places, a full-mask shuffle with a lane exited or waiting elsewhere,
 * warp-level operations (mma.sync, ldmatrix, wgmma) not done alike by every lane of a full warp, copies outside an
 * allocation, launch configurations the hardware refuses.
 */
#ifndef JACE_EMU_H
#define JACE_EMU_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>

struct dim3 {
    unsigned x, y, z;
    constexpr dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};
typedef dim3 uint3;

typedef struct CUstream_st *cudaStream_t;

namespace jace_emu {

const dim3 &thread_idx();
const dim3 &block_idx();
const dim3 &block_dim();
const dim3 &grid_dim();

/* __syncthreads() at file:line: waits until every live thread of the block is at this same __syncthreads(). */
void sync_threads(const char *file, int line);

/* One step of a warp shuffle: this lane publishes `bytes` of `value` and, once every lane of its warp has
 * published, reads lane `src_lane`'s into `out`. `mask` is the shuffle's member mask. */
void warp_exchange(unsigned mask, const void *value, void *out, std::size_t bytes, int src_lane);

/* Called by each thread at a __shared__ declaration (emu/shared.pl adds the call): the block's first call for the
 * variable at `p` fills its `bytes` with 0xff (NaN in every float), as a GPU leaves shared memory undefined when a
 * block starts; a read before the block wrote it shows, however the previous block left it. */
void fresh_shared(void *p, std::size_t bytes);

/* A warp-collective operation (`what`: mma.sync's, ldmatrix's and wgmma's instructions; `instance` tells them apart)
 * by this lane, on `operands` (those the warp must share, as wgmma's descriptors, or 0). Every lane of a full warp
 * must do the same ones, in the same order, on the same operands, or the block's next barrier or its end aborts; in a
 * warp of fewer than 32 threads it aborts at once. */
void warp_collective(const char *what, const void *instance, std::size_t operands);

/* cp.async, as cuda_pipeline.h's primitives call it: `bytes` (4, 8 or 16, both pointers aligned to them) from `src`
 * to shared `dst`, the last `zfill` of them zeros (none read). A thread's copies form a group at each async_commit();
 * async_wait(prior) returns once all but the `prior` newest of its groups have landed. Copies land when the schedule
 * says, somewhere in the window the hardware allows: forward at the wait that completes their group (so a read
 * without that wait, or without the barrier after another thread's wait, sees the old contents), reverse at once
 * (so a copy into a buffer that other threads of the interval still read, issued before the barrier that frees it,
 * overwrites it under them), shuffle either way, drawn per copy. */
void async_copy(void *dst, const void *src, std::size_t bytes, std::size_t zfill);
void async_commit();
void async_wait(std::size_t prior);
/* fence.proxy.async.shared::cta: the running thread's landed copies into dynamic shared memory become visible to the
 * async proxy (wgmma's operand reads). A multiply that reads a word a landed copy wrote before such a fence of its
 * thread aborts, naming it; plain stores are not tracked. */
void fence_proxy_async();

/* The running grid's dynamic shared memory (the launch's shared bytes; emu/shared.pl makes each `extern __shared__`
 * array a pointer to it), filled with 0xff bytes at each block's start as __shared__ variables are. */
void *dynamic_shared();

/* The shared-memory address of p (__cvta_generic_to_shared): its byte offset in the running grid's dynamic shared
 * memory, the only shared memory a wgmma descriptor may name here. */
std::uint32_t shared_offset(const void *p);

/* Hopper's warpgroup MMA (cuda/wgmma.cuh), done by each of the 128 threads of a warpgroup (4 whole warps; every lane of
 * a warp alike): wgmma_tf32_m64n128k8 adds A B^T to this thread's 64 accumulators d (its elements of the 64 x 128
 * tile) from the K-major TF32 operands in dynamic shared memory that descriptors a and b describe, unswizzled or in
 * 128-byte swizzle (layout type 1: 8-row groups SBO apart, a row's 128 bytes swizzled as tma_load_2d lands them; the
 * start may step along K within the row) (the sum
 * of the step's 8 products added to each accumulator, an order the hardware leaves open); values with mantissa bits
 * below TF32's abort (round them first). wgmma_bf16_m64n128k16 does the same from BF16 operands, 16 products a step.
 * As cp.async's copies, the multiplies join a group at
 * wgmma_commit() and are computed, reading shared memory and d then, when the schedule says within the window the
 * hardware allows: forward at the wgmma_wait(pending) that completes their group (so shared memory overwritten before
 * it, or accumulators read before it, show), reverse at once, shuffle either way (a thread's later multiplies wait
 * behind its pending ones). Stricter than the hardware, which asks for a wgmma_fence() before the first multiply and
 * after other accesses of its registers: here one is required after every wait too. A thread that ends with multiplies
 * pending aborts. */
void wgmma_fence();
void wgmma_tf32_m64n128k8(float *d, std::uint64_t a, std::uint64_t b);
void wgmma_bf16_m64n128k16(float *d, std::uint64_t a, std::uint64_t b);
void wgmma_commit();
void wgmma_wait(int pending);

/* Hopper's transaction barriers and tensor copies (cuda/tma.cuh). An mbarrier (8 bytes of shared memory, which must
 * keep what mbarrier_init wrote there) completes a phase once `count` arrivals and the bytes its expected
 * transactions named have all come in; then the next phase starts with `count` arrivals pending again.
 * mbarrier_arrive_expect_tx(bar, bytes) adds bytes to the transactions pending, then arrives. mbarrier_wait(bar,
 * parity) returns once the phase of that parity has completed: the current phase's parity differs from it (on a fresh
 * barrier, parity 1 returns at once), as try_wait.parity's loop on a GPU. tma_load_2d (3d, 4d) copies the box of a
 * tensor map of rank 2 (3, 4) (emu_internal.h's TensorMap, from cuTensorMapEncodeTiled) whose first element is
 * (x, y) ((x, y, z), (x, y, z, w)) into dynamic shared memory at dst (1024-byte aligned offset under the 128-byte
 * swizzle, else 128), rows of the box's inner dimension one after another (the outer dimensions' indices in order, y
 * fastest), elements outside the tensor zeros, a map of another rank aborting, and completes the box's bytes of
 * bar's transactions when it lands: forward when a thread waits on bar and its arrivals are in (so a read without the
 * wait sees the old contents), reverse at once, shuffle either, drawn per copy. Under the 128-byte swizzle, byte b of
 * the box (rows of 128 bytes) lands at b ^ ((b >> 7) % 8) << 4 from dst, as the hardware's swizzle of the shared
 * address's bits 4-6 by bits 7-9. Tensor copies write through the async proxy: a wgmma reads them with no
 * fence.proxy.async. A block that ends with copies in flight, a wait that nothing left can complete, an operation on
 * what is not an initialized barrier (or on one whose bytes were overwritten), and a copy onto a barrier, past the
 * launch's shared memory or to a misaligned destination abort. */
void mbarrier_init(void *bar, unsigned count);
void mbarrier_arrive(void *bar);
void mbarrier_arrive_expect_tx(void *bar, unsigned bytes);
void mbarrier_wait(void *bar, unsigned parity);
void tma_load_2d(void *dst, const void *tensor_map, int x, int y, void *bar);
void tma_load_3d(void *dst, const void *tensor_map, int x, int y, int z, void *bar);
void tma_load_4d(void *dst, const void *tensor_map, int x, int y, int z, int w, void *bar);

/* The warp-level MMA and matrix loads of cuda/mma_sync.cuh, done alike by every lane of a full warp (checked as
 * warp_collective's), each lane waiting for the others as at a shuffle, since its results come from their registers.
 * mma_tf32_m16n8k8 adds A B to the lane's 4 accumulators d of a 16 x 8 tile from the 16 x 8 A and 8 x 8 B whose TF32
 * elements the warp's lanes hold in a[4] and b[2], each at the fragment position the PTX ISA gives; an element with
 * mantissa bits below TF32's aborts (round it first). mma_bf16_m16n8k16 does the same 16 deep from BF16 pairs (the
 * lower k in the low half of each register). Each product is added to the accumulator in turn, k ascending (the
 * hardware leaves the order open; wgmma's emulation sums a step's products first). ldmatrix_x4_trans: lanes
 * 8 j .. 8 j + 7 name the 8 rows of matrix j (8 16-bit elements each, 16-byte aligned); lane l gets in r[j] the
 * elements (2 (l % 4), l / 4) and (2 (l % 4) + 1, l / 4) of matrix j, the first in the low half. */
void mma_tf32_m16n8k8(float *d, const std::uint32_t *a, const std::uint32_t *b);
void mma_bf16_m16n8k16(float *d, const std::uint32_t *a, const std::uint32_t *b);
void ldmatrix_x4_trans(std::uint32_t *r, const void *row);

/* Lane of the running thread in its warp. */
int lane_id();

/* Enqueues `body` (the call of the kernel at `kernel`, named `name`) on `stream` as a grid of `grid` x `block` threads
 * with `shared_bytes` of dynamic shared memory, which runs when the host synchronises with it, or records it when the
 * stream is capturing. Sets the last error as cudaLaunchKernel would on a bad configuration, or on more than 48 KiB of
 * dynamic shared memory that cudaFuncSetAttribute did not allow the kernel (emu/chevrons.pl passes its address and
 * name; jace_emu_grids_run counts the grids run by name). */
void launch(const void *kernel, const char *name, std::function<void()> body, dim3 grid, dim3 block,
            std::size_t shared_bytes = 0, cudaStream_t stream = nullptr);
/* The same for a body that names no kernel (the emulator's tests): at most 48 KiB of dynamic shared memory. */
void launch(std::function<void()> body, dim3 grid, dim3 block, std::size_t shared_bytes = 0,
            cudaStream_t stream = nullptr);

/* Reports a use the hardware leaves undefined, naming the kernel position, and aborts. */
[[noreturn]] void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

template <typename T>
T shuffle(unsigned mask, T value, int src_lane) {
    static_assert(sizeof(T) <= 8, "shuffles move at most 8 bytes");
    T out;
    warp_exchange(mask, &value, &out, sizeof(T), src_lane);
    return out;
}

}  // namespace jace_emu

#endif
