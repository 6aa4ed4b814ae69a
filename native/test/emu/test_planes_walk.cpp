/* Emulator test of jace_walk_planes (cuda/planes_walk.cuh), the walk of the poolings, batch norm's evaluation, the
 * axis sum and the filter expansions: every element of every plane is visited once, with its plane and its place in
 * it, for planes smaller and larger than a block, several planes a grid row or one, rows capped small (row_limit) so
 * that the walk has more rows than the grid has in y and strides over them, and grids small enough that each thread
 * steps along its row several times. The same of jace_for_rows (the convolutions' packed and K-major copies), with
 * int and long long indices along a row. */
#include "emu_check.h"
#include "planes_walk.cuh"

using namespace emu_check;

namespace {

/* visits[plane * size + element] += 1, and the element's place as the walk gives it. */
void visit_kernel(jace_planes walk, int *visits, long long *planes, int *elements) {
    jace_walk_planes(walk, [&](long long plane, int element) {
        const long long at = plane * walk.size + element;
        visits[at] += 1;
        planes[at] = plane;
        elements[at] = element;
    });
}

void walk_case(long long planes, int size, int row_limit, dim3 grid, int threads) {
    const jace_planes walk = jace_make_planes(planes, size, row_limit);
    const std::size_t total = (std::size_t)planes * size;
    DeviceArray<int> visits(total), elements(total);
    DeviceArray<long long> where(total);
    std::vector<int> zeros(total, 0);
    to_device(visits.p, zeros.data(), total * sizeof(int));
    int *v = visits.p, *e = elements.p;
    long long *w = where.p;
    jace_emu::launch([&] { visit_kernel(walk, v, w, e); }, grid, dim3(threads));
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    std::vector<int> got_visits(total), got_elements(total);
    std::vector<long long> got_planes(total);
    to_host(got_visits.data(), v, total * sizeof(int));
    to_host(got_elements.data(), e, total * sizeof(int));
    to_host(got_planes.data(), w, total * sizeof(long long));
    long long wrong = 0;
    for (std::size_t i = 0; i < total; ++i) {
        wrong += got_visits[i] != 1 || got_planes[i] != (long long)(i / size) || got_elements[i] != (int)(i % size);
    }
    EXPECT(wrong == 0, "jace_walk_planes: %lld planes of %d, rows of at most %d elements (%d planes a row, %lld rows), "
           "grid %u x %u of %d: %lld elements not visited once at their place", planes, size, row_limit, walk.per_row,
           walk.rows, grid.x, grid.y, threads, wrong);
    const int per_row = row_limit / size < 1 ? 1 : row_limit / size;
    const long long rows = (planes + walk.per_row - 1) / walk.per_row;
    EXPECT(walk.per_row == (planes < per_row ? planes : per_row) && walk.rows == rows,
           "jace_make_planes(%lld, %d, %d): %d planes a row, %lld rows", planes, size, row_limit, walk.per_row,
           walk.rows);
}

/* visits[row * length + i] += 1 and the element's place, as jace_for_rows gives it. */
template <class Index>
void rows_kernel(int rows, Index length, int *visits, long long *places) {
    jace_for_rows(rows, length, [&](int row, Index i) {
        const long long at = (long long)row * length + i;
        visits[at] += 1;
        places[at] = (long long)row << 32 | (long long)i;
    });
}

template <class Index>
void rows_case(int rows, Index length, dim3 grid, int threads) {
    const std::size_t total = (std::size_t)rows * length;
    DeviceArray<int> visits(total);
    DeviceArray<long long> places(total);
    std::vector<int> zeros(total, 0);
    to_device(visits.p, zeros.data(), total * sizeof(int));
    int *v = visits.p;
    long long *w = places.p;
    jace_emu::launch([&] { rows_kernel<Index>(rows, length, v, w); }, grid, dim3(threads));
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    std::vector<int> got_visits(total);
    std::vector<long long> got_places(total);
    to_host(got_visits.data(), v, total * sizeof(int));
    to_host(got_places.data(), w, total * sizeof(long long));
    long long wrong = 0;
    for (std::size_t i = 0; i < total; ++i) {
        const long long row = (long long)(i / length), along = (long long)(i % length);
        wrong += got_visits[i] != 1 || got_places[i] != (row << 32 | along);
    }
    EXPECT(wrong == 0, "jace_for_rows: %d rows of %lld (%zu-byte index), grid %u x %u of %d: %lld elements not "
           "visited once at their place", rows, (long long)length, sizeof(Index), grid.x, grid.y, threads, wrong);
}

}  // namespace

int main() {
    walk_case(70, 49, INT_MAX, dim3(14), 256);    /* 7 x 7 planes: one row, a thread an element */
    walk_case(70, 49, INT_MAX, dim3(2), 64);      /* each thread several elements along the row */
    walk_case(3, 1000, INT_MAX, dim3(3), 128);    /* planes larger than a block */
    walk_case(70, 13, 3 * 13 + 5, dim3(1, 4), 32); /* 3 planes a row, 24 rows over 4 in y */
    walk_case(9, 1000, 999, dim3(2, 3), 64);      /* a plane larger than the row limit: one a row */
    walk_case(1, 1, INT_MAX, dim3(1), 32);
    walk_case(5, 7, 7, dim3(1, 5), 32);           /* one plane a row, exactly */
    rows_case<int>(7, 300, dim3(2, 3), 64);       /* rows over 3 in y, each thread several elements along a row */
    rows_case<int>(2, 100, dim3(1, 2), 128);      /* a row shorter than a block */
    rows_case<long long>(5, 1000LL, dim3(3, 2), 96);
    return finish("test_planes_walk");
}
