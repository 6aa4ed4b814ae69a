/* Elementwise kernels: grid-stride loops with a float4 path when every pointer is 16-byte aligned.
 * Outputs may alias inputs (each index is read before it is written, by the same thread). Products and sums are
 * rounded separately (__fmul_rn/__fadd_rn) so results match the plain-Java backend bit for bit. */
#ifndef JACE_ELEMENTWISE_CUH
#define JACE_ELEMENTWISE_CUH

#include "fast_divisor.cuh"
#include "jace_device.cuh"

struct jace_op_fill {
    float value;
    __device__ float operator()(float) const { return value; }
};
struct jace_op_scale {
    float s;
    __device__ float operator()(float a) const { return __fmul_rn(s, a); }
};
/* The factor is read from device memory, so a learned scalar scales without a host round trip. */
struct jace_op_scale_by {
    const float *s;
    __device__ float operator()(float a) const { return __fmul_rn(__ldg(s), a); }
};
/* max(a, 0) like the CPU backend's Math.max(x, 0f): NaN stays NaN (a diverged value shows), -0 becomes +0. */
struct jace_op_relu {
    __device__ float operator()(float a) const { return a > 0.f || a != a ? a : 0.f; }
};
struct jace_op_add {
    __device__ float operator()(float a, float b) const { return __fadd_rn(a, b); }
};
struct jace_op_mul {
    __device__ float operator()(float a, float b) const { return __fmul_rn(a, b); }
};
/* (x, y) -> y + alpha * x; Alpha is a scalar source of jace_device.cuh giving a float */
template <class Alpha>
struct jace_op_axpy {
    Alpha alpha;
    __device__ float operator()(float x, float y) const { return __fadd_rn(y, __fmul_rn(alpha.get(), x)); }
};
/* (x, y) -> y + alpha * sign(x), sign(+-0) = +-0 and sign(NaN) = NaN like Java's Math.signum */
template <class Alpha>
struct jace_op_axpy_sign {
    Alpha alpha;
    __device__ float operator()(float x, float y) const {
        const float s = x > 0.f ? 1.f : (x < 0.f ? -1.f : x);
        return __fadd_rn(y, __fmul_rn(alpha.get(), s));
    }
};
/* (x, dy) -> dy * [x > 0] */
struct jace_op_relu_backward {
    __device__ float operator()(float x, float dy) const { return x > 0.f ? dy : 0.f; }
};

template <class Op>
__device__ __forceinline__ float4 jace_apply4(const Op &op, float4 a) {
    return make_float4(op(a.x), op(a.y), op(a.z), op(a.w));
}
template <class Op>
__device__ __forceinline__ float4 jace_apply4(const Op &op, float4 a, float4 b) {
    return make_float4(op(a.x, b.x), op(a.y, b.y), op(a.z, b.z), op(a.w, b.w));
}

/* out[i] = op(a[i]); a may be NULL for ops that ignore their input (fill). */
template <class Op>
__global__ void jace_unary_kernel(const float *a, float *out, long long n, bool vec, Op op) {
    if (vec) {
        const long long n4 = n >> 2;
        const float4 *a4 = reinterpret_cast<const float4 *>(a);
        float4 *o4 = reinterpret_cast<float4 *>(out);
        JACE_GRID_STRIDE(i, n4) { o4[i] = jace_apply4(op, a ? a4[i] : make_float4(0.f, 0.f, 0.f, 0.f)); }
        const long long t = n4 * 4 + (long long)blockIdx.x * blockDim.x + threadIdx.x;
        if (t < n) {
            out[t] = op(a ? a[t] : 0.f);
        }
    } else {
        JACE_GRID_STRIDE(i, n) { out[i] = op(a ? a[i] : 0.f); }
    }
}

/* out[i] = op(a[i], b[i]) */
template <class Op>
__global__ void jace_binary_kernel(const float *a, const float *b, float *out, long long n, bool vec, Op op) {
    if (vec) {
        const long long n4 = n >> 2;
        const float4 *a4 = reinterpret_cast<const float4 *>(a);
        const float4 *b4 = reinterpret_cast<const float4 *>(b);
        float4 *o4 = reinterpret_cast<float4 *>(out);
        JACE_GRID_STRIDE(i, n4) { o4[i] = jace_apply4(op, a4[i], b4[i]); }
        const long long t = n4 * 4 + (long long)blockIdx.x * blockDim.x + threadIdx.x;
        if (t < n) {
            out[t] = op(a[t], b[t]);
        }
    } else {
        JACE_GRID_STRIDE(i, n) { out[i] = op(a[i], b[i]); }
    }
}

/* The channel of vector v of out[outer, channels, inner] taken VEC elements at a time (VEC divides inner): (v / run) %
 * channels, with run = inner / VEC. FAST (fewer than 2^31 vectors): by fast divisors; otherwise by 64-bit divisions,
 * a software routine of tens of instructions each, which had made the bias add's loop 69 instructions an element. */
template <bool FAST>
__device__ __forceinline__ int jace_bias_channel(long long v, const jace_fast_divisor &run,
                                                 const jace_fast_divisor &channels) {
    if (FAST) {
        const unsigned q = jace_fast_div(run, (unsigned)v);
        return (int)(q - jace_fast_div(channels, q) * channels.divisor);
    }
    return (int)((v / run.divisor) % channels.divisor);
}

/* out[o, c, i] = x[o, c, i] + bias[c] over `vectors` vectors of VEC elements (4: x and out 16-byte aligned, inner a
 * multiple of 4, so that a vector lies in one channel). */
template <int VEC, bool FAST>
__global__ void jace_add_channel_bias_kernel(const float *x, const float *__restrict__ bias, float *out,
                                             long long vectors, jace_fast_divisor run, jace_fast_divisor channels) {
    JACE_GRID_STRIDE(v, vectors) {
        const float b = bias[jace_bias_channel<FAST>(v, run, channels)];
        if (VEC == 4) {
            const float4 a = reinterpret_cast<const float4 *>(x)[v];
            reinterpret_cast<float4 *>(out)[v] =
                make_float4(__fadd_rn(a.x, b), __fadd_rn(a.y, b), __fadd_rn(a.z, b), __fadd_rn(a.w, b));
        } else {
            out[v] = __fadd_rn(x[v], b);
        }
    }
}

#endif
