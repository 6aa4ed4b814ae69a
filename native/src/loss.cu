/* Launcher of the softmax cross-entropy (cuda/loss.cuh). */
#include "jace_internal.h"
#include "loss.cuh"

extern "C" JACE_API jace_status jace_softmax_cross_entropy(const float *logits, const float *labels, float *loss,
                                                           float *dlogits, int n, int k, cudaStream_t stream) {
    const char *fn = "jace_softmax_cross_entropy";
    JACE_REQUIRE_PTR(fn, logits);
    JACE_REQUIRE_PTR(fn, labels);
    JACE_REQUIRE_PTR(fn, loss);
    JACE_REQUIRE_PTR(fn, dlogits);
    JACE_REQUIRE_POSITIVE(fn, n);
    JACE_REQUIRE_POSITIVE(fn, k);
    JACE_REQUIRE_EXTENT(fn, "a row (k)", k); /* the kernel's lanes step through a row in int */
    const long long nk = (long long)n * k;
    /* A row's warp reads each logit before writing its gradient (lane by lane, same column), so dlogits may be
     * logits; the loss, written while other rows are still read, may not. */
    JACE_TRY(jace_require_same_or_apart(fn, jace_floats("dlogits", dlogits, nk), jace_floats("logits", logits, nk)));
    JACE_TRY(jace_require_apart(fn, {jace_floats("loss", loss, n), jace_floats("dlogits", dlogits, nk)},
                                {jace_floats("labels", labels, n)}));
    JACE_TRY(jace_require_apart(fn, {jace_floats("loss", loss, n)}, {jace_floats("logits", logits, nk)}));
    const unsigned blocks = (unsigned)(((long long)n + JACE_CE_WARPS - 1) / JACE_CE_WARPS); /* n near INT_MAX */
    jace_softmax_ce_kernel<<<blocks, JACE_CE_WARPS * 32, 0, stream>>>(logits, labels, loss, dlogits, n, k);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
