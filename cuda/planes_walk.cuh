/* jace_planes: kernels over `planes` planes of `size` elements each (the 2-D and group poolings' planes, batch norm's
 * channels, the axis sum's rows of outputs, the filter expansions' rows) walk the elements as one flat 32-bit index, a
 * thread an element whatever the plane size, and find an element's plane by a fast divisor. A flat 64-bit index had
 * taken a 64-bit division an element; a block a plane had left most of its threads idle on the models' 7 x 7 planes.
 * The grid's rows (blockIdx.y) hold per_row planes each, so that a row's index stays below 2^31: a tensor of fewer
 * elements is one row. */
#ifndef JACE_PLANES_WALK_CUH
#define JACE_PLANES_WALK_CUH

#include <climits>

#include "fast_divisor.cuh"

struct jace_planes {
    long long planes, rows;
    int size, per_row;
    jace_fast_divisor by_size;
};

/* Host: the walk over planes x size elements (both >= 1, size below 2^31), at most row_limit elements a row (INT_MAX
 * but in tests, which make rows small to reach the grid's later rows). */
inline jace_planes jace_make_planes(long long planes, int size, int row_limit = INT_MAX) {
    const int fit = row_limit / size < 1 ? 1 : row_limit / size, per_row = planes < fit ? (int)planes : fit;
    return jace_planes{planes, (planes - 1) / per_row + 1, size, per_row, jace_make_fast_divisor((unsigned)size)};
}

/* body(plane, element) for every element of every plane: the grid's rows by blockIdx.y and a row's elements by x,
 * grid-stride both ways; launched on jace_planes_grid (jace_internal.h). The index is unsigned: below 2^31 + a grid's
 * threads, it does not wrap. */
template <class Body>
__device__ __forceinline__ void jace_walk_planes(const jace_planes &w, Body body) {
    for (long long row = blockIdx.y; row < w.rows; row += gridDim.y) {
        const long long first = row * w.per_row;
        const unsigned n = (unsigned)min((long long)w.per_row, w.planes - first) * (unsigned)w.size;
        for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
            const unsigned q = jace_fast_div(w.by_size, i);
            body(first + q, (int)(i - q * (unsigned)w.size));
        }
    }
}

/* body(row, i) for rows 0 .. rows - 1 by blockIdx.y and each row's i = 0 .. length - 1 by x, grid-stride both ways
 * (jace_rows_grid, jace_internal.h): for kernels whose rows are long (the convolutions' packed and K-major copies);
 * short rows leave most of a block idle, and take jace_walk_planes. Index: int, or long long for a longer row. */
template <class Index, class Body>
__device__ __forceinline__ void jace_for_rows(int rows, Index length, Body body) {
    for (int row = blockIdx.y; row < rows; row += gridDim.y) {
        for (Index i = (Index)blockIdx.x * blockDim.x + threadIdx.x; i < length; i += (Index)gridDim.x * blockDim.x) {
            body(row, i);
        }
    }
}

#endif
