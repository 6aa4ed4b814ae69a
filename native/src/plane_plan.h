/* Whether a launch stages channel blocks in shared memory (cuda/plane.cuh: the deviation's and the group action's plane
 * kernels), with which instance and load width, or leaves the work to the kernel that gathers from global memory. */
#ifndef JACE_PLANE_PLAN_H
#define JACE_PLANE_PLAN_H

#include <cstdint>
#include <type_traits>

#include "group_args.h"
#include "jace_internal.h"
#include "plane.cuh"

/* Shared-memory sizes (floats) of the plane kernels' instances, the largest under the 48 KiB of static shared memory
 * with their slot tables and sums: the smallest that holds a channel block is launched, so that small blocks leave
 * room for more resident blocks per SM. */
constexpr int kJacePlaneSizes[] = {4096, 8192, 11776};

struct jace_plane_plan {
    bool staged;       /* the plane kernel, else the gathering one */
    int staged_floats; /* its instance, from kJacePlaneSizes */
    int vec;           /* floats a global access moves: 4 or 1 */
    jace_plane_geom geom;
};

/* Whether both tensors start 16-byte aligned (then, with rows a multiple of 4 floats, so does every row). */
inline bool jace_plane_aligned(const void *a, const void *b) {
    return ((reinterpret_cast<uintptr_t>(a) | reinterpret_cast<uintptr_t>(b)) & 15u) == 0;
}

/* Staged where the rep is spatial, a channel block fits in shared memory, holds at least one element per thread
 * (smaller ones leave the blocks almost idle; the gathering kernel's chunks cross channels), its rows fit in one block
 * of threads, and the grid of c * n blocks has at least two per SM (fewer leave the memory idle: the chunks split
 * finer). Four floats an access where rows are a multiple of 4 long and the tensors `aligned`. Asks the device for its
 * SM count only where the rest allows staging. */
inline jace_status jace_plan_plane(const char *fn, const jace_sample_geom &geom, int n, int c, bool aligned,
                                   jace_plane_plan *plan) {
    const int slots = geom.group_order > 0 ? geom.group_order : 1;
    const int stride = geom.w % 2 != 0 ? geom.w : geom.w + 1;
    const long long staged = (long long)slots * geom.h * stride;
    plan->staged = false;
    plan->staged_floats = 0;
    for (int size : kJacePlaneSizes) {
        if (plan->staged_floats == 0 && staged <= size) {
            plan->staged_floats = size;
        }
    }
    plan->vec = aligned && geom.w % 4 == 0 ? 4 : 1;
    if (!geom.rep_spatial || geom.w > JACE_PLANE_THREADS || plan->staged_floats == 0 ||
        geom.block < JACE_PLANE_THREADS || (long long)c * n > 0x7fffffffLL) {
        return JACE_SUCCESS;
    }
    const int step = JACE_PLANE_THREADS / (geom.w / plan->vec);
    plan->geom = jace_plane_geom{geom.h, geom.w, stride, slots * geom.h, step, geom.group_order,
                                 jace_make_fast_divisor((unsigned)geom.h)};
    int sms = 0;
    JACE_TRY(jace_multiprocessors(fn, &sms));
    plan->staged = (long long)c * n >= 2LL * sms;
    return JACE_SUCCESS;
}

/* launch(staged, vec) with the plan's instance and access width as std::integral_constant<int, ...> (staged one of
 * kJacePlaneSizes, vec 4 or 1), so that a plane kernel's launcher names its template arguments in one place. */
template <int STAGED, class Launch>
void jace_launch_plane_width(const jace_plane_plan &plan, Launch &launch) {
    if (plan.vec == 4) {
        launch(std::integral_constant<int, STAGED>{}, std::integral_constant<int, 4>{});
    } else {
        launch(std::integral_constant<int, STAGED>{}, std::integral_constant<int, 1>{});
    }
}

template <class Launch>
void jace_launch_plane(const jace_plane_plan &plan, Launch launch) {
    switch (plan.staged_floats) {
    case 4096:
        jace_launch_plane_width<4096>(plan, launch);
        break;
    case 8192:
        jace_launch_plane_width<8192>(plan, launch);
        break;
    default:
        jace_launch_plane_width<11776>(plan, launch);
        break;
    }
}

#endif
