/* jace_fast_divisor, shared by the kernels and the host test (native/test/test_group_index.cpp, built with g++). */
#ifndef JACE_FAST_DIVISOR_CUH
#define JACE_FAST_DIVISOR_CUH

#ifdef __CUDACC__
#define JACE_HD __host__ __device__ __forceinline__
#else
#define JACE_HD inline
#endif

/* Division by a divisor fixed before the launch, as a multiply-high, an add and a shift (Granlund and Montgomery's
 * method with a 33-bit multiplier 2^32 + multiplier = ceil(2^(32 + shift) / divisor), shift = ceil(log2 divisor)):
 * exact for dividends in [0, 2^31), where the add cannot wrap, and divisors in [1, 2^31]. The kernels that index every
 * element use it in place of a hardware-less integer division (tens of instructions each). Divisor 1 is multiplier 0
 * and shift 0, no special case: a 32-bit multiplier cannot express it, and the select that form took instead left a
 * predicate that nvcc kept alive (the implicit GEMM's main loop saved predicates into registers) or copied loops for. */
struct jace_fast_divisor {
    unsigned divisor;
    unsigned multiplier;
    unsigned shift;
};

inline jace_fast_divisor jace_make_fast_divisor(unsigned divisor) {
    if (divisor == 0) {
        divisor = 1; /* taken as 1 rather than divided by below */
    }
    unsigned log2 = 0;
    while ((1ULL << log2) < divisor) {
        log2++;
    }
    const unsigned long long magic = ((1ULL << (32 + log2)) + divisor - 1) / divisor; /* in [2^32, 2^33) */
    return jace_fast_divisor{divisor, (unsigned)(magic - (1ULL << 32)), log2};
}

JACE_HD unsigned jace_fast_div(const jace_fast_divisor &d, unsigned n) {
#ifdef __CUDA_ARCH__
    return (__umulhi(n, d.multiplier) + n) >> d.shift;
#else
    return ((unsigned)(((unsigned long long)n * d.multiplier) >> 32) + n) >> d.shift;
#endif
}

#endif
