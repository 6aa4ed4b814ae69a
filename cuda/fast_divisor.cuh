/* jace_fast_divisor, shared by the kernels and the host test (native/test/test_group_index.cpp, built with g++). */
#ifndef JACE_FAST_DIVISOR_CUH
#define JACE_FAST_DIVISOR_CUH

#ifdef __CUDACC__
#define JACE_HD __host__ __device__ __forceinline__
#else
#define JACE_HD inline
#endif

/* Division by a divisor fixed before the launch, as a multiply-high and a shift (Granlund and Montgomery's method
 * in the form CUTLASS's FastDivmod uses): exact for dividends in [0, 2^31) and divisors in [1, 2^31). The kernels
 * that index every element use it in place of a hardware-less integer division (tens of instructions each). */
struct jace_fast_divisor {
    unsigned divisor;
    unsigned multiplier; /* ceil(2^(31 + ceil(log2 divisor)) / divisor); unused for divisor 1 */
    unsigned shift;
};

inline jace_fast_divisor jace_make_fast_divisor(unsigned divisor) {
    if (divisor <= 1) {
        return jace_fast_divisor{1, 0, 0};
    }
    unsigned log2 = 0;
    while ((1ULL << log2) < divisor) {
        log2++;
    }
    const unsigned p = 31 + log2;
    const unsigned multiplier = (unsigned)(((1ULL << p) + divisor - 1) / divisor);
    return jace_fast_divisor{divisor, multiplier, p - 32};
}

JACE_HD unsigned jace_fast_div(const jace_fast_divisor &d, unsigned n) {
#ifdef __CUDA_ARCH__
    const unsigned q = __umulhi(n, d.multiplier) >> d.shift;
#else
    const unsigned q = (unsigned)(((unsigned long long)n * d.multiplier) >> 32) >> d.shift;
#endif
    return d.divisor == 1 ? n : q; /* a select, not a branch, in the kernels' unrolled loops */
}

#endif
