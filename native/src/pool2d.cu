/* Launchers of the 2-D pooling kernels (cuda/pool2d.cuh). */
#include <type_traits>

#include "jace_internal.h"
#include "pool2d.cuh"

namespace {
jace_status pool_geom(const char *fn, int planes, int h, int w, int window, int stride, jace_pool_geom *g) {
    JACE_REQUIRE_POSITIVE(fn, planes);
    JACE_REQUIRE_POSITIVE(fn, h);
    JACE_REQUIRE_POSITIVE(fn, w);
    JACE_REQUIRE_POSITIVE(fn, window);
    JACE_REQUIRE_POSITIVE(fn, stride);
    JACE_REQUIRE(window <= h && window <= w, "%s: window %d does not fit the %dx%d input", fn, window, h, w);
    JACE_REQUIRE_EXTENT(fn, "a plane", (long long)h * w); /* indexed with int within a plane */
    const int oh = (h - window) / stride + 1, ow = (w - window) / stride + 1;
    const int cells_h = (h - 1) / stride + 1, cells_w = (w - 1) / stride + 1;
    *g = jace_pool_geom{h, w, window, stride, oh, ow, cells_h, cells_w,
                        jace_make_fast_divisor((unsigned)w), jace_make_fast_divisor((unsigned)ow),
                        jace_make_fast_divisor((unsigned)stride), jace_make_fast_divisor((unsigned)cells_w)};
    return JACE_SUCCESS;
}

/* Calls launch with the window side as a compile-time constant where it is 2 (cuda/pool2d.cuh says why), else 0. */
template <class Launch>
void with_window(const jace_pool_geom &g, Launch launch) {
    if (g.window == 2) {
        launch(std::integral_constant<int, 2>());
    } else {
        launch(std::integral_constant<int, 0>());
    }
}
}  // namespace

extern "C" JACE_API jace_status jace_max_pool2d(const float *x, float *out, int planes, int h, int w, int window,
                                                int stride, cudaStream_t stream) {
    const char *fn = "jace_max_pool2d";
    JACE_REQUIRE_PTR(fn, x);
    JACE_REQUIRE_PTR(fn, out);
    jace_pool_geom g;
    JACE_TRY(pool_geom(fn, planes, h, w, window, stride, &g));
    const long long total = (long long)planes * g.oh * g.ow;
    JACE_TRY(
        jace_require_apart(fn, {jace_floats("out", out, total)}, {jace_floats("x", x, (long long)planes * h * w)}));
    with_window(g, [&](auto side) {
        constexpr int WINDOW = decltype(side)::value;
        const jace_planes walk = jace_make_planes(planes, g.oh * g.ow);
        jace_max_pool2d_kernel<WINDOW><<<jace_planes_grid(walk), JACE_THREADS, 0, stream>>>(x, out, walk, g);
    });
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_max_pool2d_backward(const float *x, const float *dy, float *dx, int planes,
                                                         int h, int w, int window, int stride, cudaStream_t stream) {
    const char *fn = "jace_max_pool2d_backward";
    JACE_REQUIRE_PTR(fn, x);
    JACE_REQUIRE_PTR(fn, dy);
    JACE_REQUIRE_PTR(fn, dx);
    jace_pool_geom g;
    JACE_TRY(pool_geom(fn, planes, h, w, window, stride, &g));
    const long long total = (long long)planes * h * w;
    JACE_TRY(jace_require_apart(fn, {jace_floats("dx", dx, total)},
                                {jace_floats("x", x, total), jace_floats("dy", dy, (long long)planes * g.oh * g.ow)}));
    if (g.stride >= g.window) {
        const jace_planes walk = jace_make_planes(planes, g.cells_h * g.cells_w);
        if (g.window == 2 && g.stride == 2) {
            jace_max_pool2d_backward_cells_kernel<2>
                <<<jace_planes_grid(walk), JACE_THREADS, 0, stream>>>(x, dy, dx, walk, g);
        } else {
            jace_max_pool2d_backward_cells_kernel<0>
                <<<jace_planes_grid(walk), JACE_THREADS, 0, stream>>>(x, dy, dx, walk, g);
        }
    } else {
        const jace_planes walk = jace_make_planes(planes, h * w);
        with_window(g, [&](auto side) {
            constexpr int WINDOW = decltype(side)::value;
            jace_max_pool2d_backward_kernel<WINDOW>
                <<<jace_planes_grid(walk), JACE_THREADS, 0, stream>>>(x, dy, dx, walk, g);
        });
    }
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_avg_pool2d(const float *x, float *out, int planes, int h, int w, int window,
                                                int stride, cudaStream_t stream) {
    const char *fn = "jace_avg_pool2d";
    JACE_REQUIRE_PTR(fn, x);
    JACE_REQUIRE_PTR(fn, out);
    jace_pool_geom g;
    JACE_TRY(pool_geom(fn, planes, h, w, window, stride, &g));
    const long long total = (long long)planes * g.oh * g.ow;
    JACE_TRY(
        jace_require_apart(fn, {jace_floats("out", out, total)}, {jace_floats("x", x, (long long)planes * h * w)}));
    with_window(g, [&](auto side) {
        constexpr int WINDOW = decltype(side)::value;
        const jace_planes walk = jace_make_planes(planes, g.oh * g.ow);
        jace_avg_pool2d_kernel<WINDOW><<<jace_planes_grid(walk), JACE_THREADS, 0, stream>>>(x, out, walk, g);
    });
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_avg_pool2d_backward(const float *dy, float *dx, int planes, int h, int w,
                                                         int window, int stride, cudaStream_t stream) {
    const char *fn = "jace_avg_pool2d_backward";
    JACE_REQUIRE_PTR(fn, dy);
    JACE_REQUIRE_PTR(fn, dx);
    jace_pool_geom g;
    JACE_TRY(pool_geom(fn, planes, h, w, window, stride, &g));
    const long long total = (long long)planes * h * w;
    JACE_TRY(jace_require_apart(fn, {jace_floats("dx", dx, total)},
                                {jace_floats("dy", dy, (long long)planes * g.oh * g.ow)}));
    with_window(g, [&](auto side) {
        constexpr int WINDOW = decltype(side)::value;
        const jace_planes walk = jace_make_planes(planes, h * w);
        jace_avg_pool2d_backward_kernel<WINDOW><<<jace_planes_grid(walk), JACE_THREADS, 0, stream>>>(dy, dx, walk, g);
    });
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
