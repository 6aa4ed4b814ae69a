/* Device helpers shared by the kernel families: grid-stride ranges and deterministic block reductions. */
#ifndef JACE_DEVICE_CUH
#define JACE_DEVICE_CUH

#include <cuda_runtime.h>

#define JACE_GRID_STRIDE(i, n)                                                                    \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n);                 \
         i += (long long)gridDim.x * blockDim.x)

template <typename T>
__device__ __forceinline__ T jace_warp_sum(T v) {
#pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) {
        v += __shfl_down_sync(0xffffffffu, v, offset);
    }
    return v;
}

/* Sum over the block (blockDim.x a multiple of 32, at most 1024); the result is valid in thread 0 only.
 * The order of additions is fixed, so results are bitwise reproducible. Contains __syncthreads(): every thread
 * of the block must call it. */
template <typename T>
__device__ __forceinline__ T jace_block_sum(T v) {
    __shared__ T partial[32];
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    v = jace_warp_sum(v);
    __syncthreads(); /* partial[] may still be read by a previous call */
    if (lane == 0) {
        partial[warp] = v;
    }
    __syncthreads();
    const int warps = (int)(blockDim.x >> 5);
    if (warp == 0) {
        v = lane < warps ? partial[lane] : T(0);
        v = jace_warp_sum(v);
    }
    return v;
}

/* use(i, load(i)) for i = 0 .. count - 1, in that order, load called in that order too (it may keep state). The
 * loads of BATCH values are issued before the first is used: in a loop bounded at run time, even one unrolled, each
 * load waits behind the previous value's exit test, and ptxas kept one or two loads in flight a thread (sm_90 SASS of
 * the deviation's plane kernel and fx gradient, the split folds, batch norm: a load, its use, the branch, the next
 * load), a thread's values as many round trips to memory in a row. Whole batches load without predicates, only the
 * last, short one with them: where every load of a batch had its own bounds test, ptxas sometimes gave them all one
 * predicate register and kept each load behind the previous one's use (the axis sums' SASS). */
template <int BATCH, class Load, class Use>
__device__ __forceinline__ void jace_in_batches(int count, Load load, Use use) {
    int i0 = 0;
    for (; i0 + BATCH <= count; i0 += BATCH) {
        decltype(load(0)) v[BATCH];
#pragma unroll
        for (int u = 0; u < BATCH; u++) v[u] = load(i0 + u);
#pragma unroll
        for (int u = 0; u < BATCH; u++) use(i0 + u, v[u]);
    }
    if (i0 < count) {
        decltype(load(0)) v[BATCH];
#pragma unroll
        for (int u = 0; u < BATCH; u++) {
            if (i0 + u < count) v[u] = load(i0 + u);
        }
#pragma unroll
        for (int u = 0; u < BATCH; u++) {
            if (i0 + u < count) use(i0 + u, v[u]);
        }
    }
}

/* How many of first, first + step, first + 2 step, ... lie below m: a thread's share of a strided loop. */
__device__ __forceinline__ int jace_strided_count(long long m, int first, int step) {
    return first < m ? (int)((m - first + step - 1) / step) : 0;
}

/* The same for an int m (the folds' splits, the axis sums' axis): a 32-bit division, where the 64-bit one is a call of
 * nvcc's routine, for every output of those kernels. */
__device__ __forceinline__ int jace_strided_count(int m, int first, int step) {
    return first < m ? (int)(((unsigned)(m - first) + (unsigned)(step - 1)) / (unsigned)step) : 0;
}

/* Scalar kernel arguments, by value from the launcher (jace_value) or read in device memory when the kernel runs
 * (the jace_*_dev entry points, so a captured graph sees the values published before each replay). Kernels are
 * templated on the source, so both entry points run the same arithmetic. */
template <typename T>
struct jace_value {
    T value;
    __device__ T get() const { return value; }
};
/* (float) *p, rounded to nearest like Java's (float) cast of a double. */
struct jace_device_float {
    const double *p;
    __device__ float get() const { return __double2float_rn(*p); }
};
/* *numerator / divisor in double, correctly rounded. */
struct jace_device_quotient {
    const double *numerator;
    double divisor;
    __device__ double get() const { return __ddiv_rn(*numerator, divisor); }
};

/* True when every pointer is 16-byte aligned (float4 loads and stores are legal). */
__host__ __device__ inline bool jace_aligned16(const void *p) { return ((unsigned long long)p & 15ULL) == 0; }

#endif
