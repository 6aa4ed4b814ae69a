/*
 * emu_check.h — shared by the emulator tests (test_*.cpp): device buffers, seeded random inputs, float64
 * comparisons and a failure count. Each test program calls jace's C ABI exactly as the Java backend does, on
 * device memory of the CPU emulator (native/emu), and compares with a float64 reference computed here.
 */
#ifndef JACE_EMU_CHECK_H
#define JACE_EMU_CHECK_H

#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <limits.h>
#include <unistd.h>

#include "jace.h"

namespace emu_check {

typedef std::vector<double> Vec;

inline int &failures() {
    static int n = 0;
    return n;
}
inline int &checks() {
    static int n = 0;
    return n;
}

/* Records one check; prints the failure. */
#define EXPECT(cond, ...)                                                  \
    do {                                                                   \
        ++::emu_check::checks();                                           \
        if (!(cond)) {                                                     \
            ++::emu_check::failures();                                     \
            std::printf("FAIL %s:%d: ", __FILE__, __LINE__);               \
            std::printf(__VA_ARGS__);                                      \
            std::printf("\n");                                             \
        }                                                                  \
    } while (0)

/* A call that must succeed. */
#define EXPECT_OK(call)                                                                                    \
    do {                                                                                                   \
        jace_status st_ = (call);                                                                          \
        EXPECT(st_ == JACE_SUCCESS, "%s returned %d: %s", #call, (int)st_, jace_last_error());             \
    } while (0)

inline std::mt19937_64 &rng() {
    static std::mt19937_64 r(20261130);
    return r;
}

/* Uniform in [lo, hi), rounded to float (the inputs a kernel actually sees). */
inline Vec random(std::size_t n, double lo = -1, double hi = 1) {
    std::uniform_real_distribution<double> u(lo, hi);
    Vec v(n);
    for (auto &e : v) e = (double)(float)u(rng());
    return v;
}

/* Inputs that catch a float accumulator: x[j] is 1 for j < ones, else 2^-25, which a float sum of 1 (or 4) rounds
 * away (below half an ulp); a thread that first adds a 1 and then ~100 such terms loses ~3e-6 of its sum in float. */
inline Vec ones_then_tiny(std::size_t n, std::size_t ones) {
    Vec x(n, std::ldexp(1.0, -25));
    for (std::size_t j = 0; j < ones && j < n; ++j) x[j] = 1;
    return x;
}

/* A CUDA call of the test helpers, which cannot go on when it fails. */
inline void require(cudaError_t e, const char *what) {
    if (e != cudaSuccess) {
        std::printf("FAIL %s: %s\n", what, cudaGetErrorName(e));
        std::exit(1);
    }
}

/* Host values into device memory, there when this returns. cudaMemcpy from pageable memory returns once it staged
 * them; they reach the device on the legacy stream, unordered with jace's non-blocking streams, until it is
 * synchronised. */
inline void to_device(void *dst, const void *src, std::size_t bytes) {
    require(cudaMemcpy(dst, src, bytes, cudaMemcpyHostToDevice), "cudaMemcpy to the device");
    require(cudaStreamSynchronize(nullptr), "cudaStreamSynchronize of the legacy stream");
}

/* Device memory into host memory; cudaMemcpy to the host returns after the copy. Work on other streams that writes
 * it must have been synchronised. */
inline void to_host(void *dst, const void *src, std::size_t bytes) {
    require(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToHost), "cudaMemcpy to the host");
}

/* A buffer of T in emulated device memory, filled and read as doubles. A fresh one holds NaN in every element (the
 * emulator's poison), so an output a kernel leaves unwritten fails the comparison. */
template <typename T>
struct DeviceArray {
    T *p = nullptr;
    std::size_t n = 0;
    explicit DeviceArray(std::size_t count) : n(count) {
        require(cudaMalloc(&p, count * sizeof(T)), "cudaMalloc");
    }
    explicit DeviceArray(const Vec &v) : DeviceArray(v.size()) { set(v); }
    DeviceArray(const DeviceArray &) = delete;
    DeviceArray &operator=(const DeviceArray &) = delete;
    ~DeviceArray() { require(cudaFree(p), "cudaFree"); }
    void set(const Vec &v) {
        std::vector<T> t(v.begin(), v.end());
        to_device(p, t.data(), t.size() * sizeof(T));
    }
    Vec get() const {
        std::vector<T> t(n);
        to_host(t.data(), p, n * sizeof(T));
        return Vec(t.begin(), t.end());
    }
};
typedef DeviceArray<float> Dev;

/* v after `zeros` zeros: a device copy of it, from `zeros` floats into its allocation on, is only 4-byte aligned when
 * zeros is not a multiple of 4. */
inline Vec after_zeros(std::size_t zeros, const Vec &v) {
    Vec out(zeros, 0.0);
    out.insert(out.end(), v.begin(), v.end());
    return out;
}

/* max|got - ref| / max(scale): scale is the reference computed on absolute values where terms may cancel (the
 * bound of the rounding error), or |ref| itself. Infinity on NaN or a size mismatch. */
inline double error(const Vec &got, const Vec &ref, const Vec &scale) {
    if (got.size() != ref.size() || scale.size() != ref.size()) return INFINITY;
    double err = 0, den = 1e-300;
    for (std::size_t i = 0; i < got.size(); ++i) {
        if (std::isnan(got[i]) != std::isnan(ref[i])) return INFINITY;
        err = std::max(err, std::fabs(got[i] - ref[i]));
        den = std::max(den, std::fabs(scale[i]));
    }
    return err / den;
}
inline double error(const Vec &got, const Vec &ref) { return error(got, ref, ref); }

/* Checks got against ref within tol (relative, see error()). */
#define EXPECT_NEAR_VEC(what, got, ref, tol, ...)                                                      \
    do {                                                                                               \
        const double e_ = ::emu_check::error((got), (ref), ##__VA_ARGS__);                             \
        EXPECT(e_ <= (tol), "%s: relative error %.3g > %.1e", (what), e_, (double)(tol));              \
    } while (0)

inline bool contains(const std::string &text, const std::string &part) { return text.find(part) != std::string::npos; }

/* A run of this test program as a child (for what the emulator aborts on): its exit status and its stdout and
 * stderr together. */
struct ChildRun {
    int status;
    std::string output;
};

/* Runs this program as `self mode` with JACE_EMU_SCHEDULE=schedule, or without the variable when schedule is null. */
inline ChildRun run_self(const std::string &mode, const char *schedule) {
    ChildRun c{-1, ""};
    char self[PATH_MAX];
    const ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0) {
        c.output = "cannot find this program (/proc/self/exe)";
        return c;
    }
    self[len] = '\0';
    const std::string env = schedule ? "JACE_EMU_SCHEDULE='" + std::string(schedule) + "'" : "-u JACE_EMU_SCHEDULE";
    const std::string command = "env " + env + " '" + self + "' " + mode + " 2>&1";
    FILE *pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return c;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) c.output.append(buf, n);
    c.status = pclose(pipe);
    return c;
}

/* Prints the summary and returns the exit code. */
inline int finish(const char *program) {
    std::printf("%s: %d checks, %d failures\n", program, checks(), failures());
    return failures() == 0 ? 0 : 1;
}

}  // namespace emu_check

#endif
