/* Launcher of the primal-dual step's update (cuda/dual_update.cuh). */
#include "dual_update.cuh"
#include "jace_internal.h"

extern "C" JACE_API jace_status jace_dual_update(const double *plan, double *state, int terms, cudaStream_t stream) {
    const char *fn = "jace_dual_update";
    JACE_REQUIRE_PTR(fn, plan);
    JACE_REQUIRE_PTR(fn, state);
    JACE_REQUIRE(terms >= 0, "%s: terms must be >= 0, got %d", fn, terms);
    JACE_TRY(jace_require_apart(fn, {jace_doubles("state", state, 1 + 4LL * terms)},
                                {jace_doubles("plan", plan, 1 + 15LL * terms)}));
    jace_dual_update_kernel<<<1, 1, 0, stream>>>(plan, state, terms);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
