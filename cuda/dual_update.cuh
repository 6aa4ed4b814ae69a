/* The end of a primal-dual training step on the device: the step's penalty and every term's multiplier, slack and
 * target, from float64 plan and state blocks laid out as dev.jace.backend.DualUpdate describes. The kernel mirrors
 * DualUpdate.apply operation by operation: every double operation a correctly rounded intrinsic, never contracted
 * into an FMA, in the order of the Java code, and Java's comparisons, casts, Math.abs and Math.max, so both give the
 * same state bit for bit. */
#ifndef JACE_DUAL_UPDATE_CUH
#define JACE_DUAL_UPDATE_CUH

#include "jace_device.cuh"

/* DualUpdate's layout (keep in step with the Java constants). */
namespace jace_dual {
enum Kind { PENALTY = 0, SOFTREG = 1, EQUALITY = 2, INEQUALITY = 3, RESILIENT = 4 };
enum Plan {
    DUAL_STEP = 0,
    PLAN_HEADER = 1,
    KIND = 0,
    WEIGHT = 1,
    EPSILON = 2,
    EPSILON_FROM_PLAN = 3,
    DUAL_STEP_SIZE = 4,
    SLACK_STEP_SIZE = 5,
    ALPHA = 6,
    SOFTREG_SCALE = 7,
    SOFTREG_FLOOR = 8,
    SOFTREG_SMOOTHING = 9,
    ADAPTIVE = 10,
    ADAPTIVE_FROM = 11,
    ADAPTIVE_TO = 12,
    ADAPTIVE_DECAY = 13,
    ADAPTIVE_THRESHOLD = 14,
    PLAN_STRIDE = 15
};
enum State {
    PENALTY_SUM = 0,
    STATE_HEADER = 1,
    MULTIPLIER = 0,
    SLACK = 1,
    VALUE = 2,
    STATE_EPSILON = 3,
    STATE_STRIDE = 4
};

/* Java's Math.max(double, double): a NaN argument is returned as is, +0.0 beats -0.0 (fmax does neither). */
__device__ __forceinline__ double java_max(double a, double b) {
    if (a != a) {
        return a;
    }
    if (a == 0.0 && b == 0.0 && __double_as_longlong(a) == __double_as_longlong(-0.0)) {
        return b;
    }
    return a >= b ? a : b;
}

/* Java's (int) of a double: NaN to 0, saturated at the int range, else truncated. */
__device__ __forceinline__ int java_int(double x) {
    if (x != x) {
        return 0;
    }
    if (x >= 2147483647.0) {
        return 2147483647;
    }
    if (x <= -2147483648.0) {
        return -2147483647 - 1;
    }
    return __double2int_rz(x);
}

__device__ __forceinline__ const double *plan_term(const double *plan, int t) {
    return plan + PLAN_HEADER + (long long)t * PLAN_STRIDE;
}

__device__ __forceinline__ double *state_term(double *state, int t) {
    return state + STATE_HEADER + (long long)t * STATE_STRIDE;
}

/* A penalty's weight is in the plan, every other term's is its multiplier. */
__device__ __forceinline__ double weight(const double *p, const double *s) {
    return java_int(p[KIND]) == PENALTY ? p[WEIGHT] : s[MULTIPLIER];
}

__device__ __forceinline__ double epsilon(const double *p, const double *s) {
    return p[EPSILON_FROM_PLAN] != 0.0 ? p[EPSILON] : s[STATE_EPSILON];
}

/* Moves unless the multiplier resists the move by more than the threshold: a falling target is resisted by λ > 0,
 * a rising one by λ < 0. */
__device__ __forceinline__ double adaptive_target(const double *p, double eps, double multiplier) {
    const double to = p[ADAPTIVE_TO];
    const double resistance = to < p[ADAPTIVE_FROM] ? multiplier : -multiplier;
    if (resistance > p[ADAPTIVE_THRESHOLD]) {
        return eps;
    }
    const double next = __dadd_rn(to, __dmul_rn(__dsub_rn(eps, to), p[ADAPTIVE_DECAY]));
    return fabs(__dsub_rn(next, to)) <= __dmul_rn(1e-12, java_max(1.0, fabs(p[ADAPTIVE_FROM]))) ? to : next;
}
}  // namespace jace_dual

/* One thread: the terms are few and the penalty is a sequential sum. No __restrict__: with it the compiler reads
 * state through the read-only cache too, which is right only while no term reads a state value after writing it. */
__global__ void jace_dual_update_kernel(const double *plan, double *state, int terms) {
    using namespace jace_dual;
    const bool dual_step = plan[DUAL_STEP] != 0.0;
    double penalty = 0.0;
    /* One pass: a term's update reads only its own values from before the step. */
    for (int t = 0; t < terms; t++) {
        const double *p = plan_term(plan, t);
        double *s = state_term(state, t);
        const int kind = java_int(p[KIND]);
        const double w = weight(p, s);
        const double eps = epsilon(p, s);
        const double value = s[VALUE];
        const double slack = s[SLACK];
        const double slack_cost =
            kind == RESILIENT ? __dmul_rn(__dmul_rn(__dmul_rn(0.5, p[ALPHA]), slack), slack) : 0.0;
        const double term = kind >= EQUALITY
                                ? __dadd_rn(__dmul_rn(w, __dsub_rn(__dsub_rn(value, eps), slack)), slack_cost)
                                : __dmul_rn(w, value);
        penalty = __dadd_rn(penalty, term);
        double multiplier = w;
        double next_slack = slack;
        double next_eps = eps;
        if (kind == SOFTREG && dual_step) {
            const double smoothing = p[SOFTREG_SMOOTHING];
            const double retuned = __ddiv_rn(__dmul_rn(__dsub_rn(1.0, smoothing), p[SOFTREG_SCALE]),
                                             __dadd_rn(p[SOFTREG_FLOOR], java_max(0.0, value)));
            multiplier = __dadd_rn(__dmul_rn(smoothing, w), retuned);
        }
        if (kind == RESILIENT) {
            next_slack = java_max(
                0.0, __dsub_rn(slack, __dmul_rn(p[SLACK_STEP_SIZE], __dsub_rn(__dmul_rn(p[ALPHA], slack), w))));
        }
        if (kind >= EQUALITY && dual_step) {
            const double next = __dadd_rn(w, __dmul_rn(p[DUAL_STEP_SIZE], __dsub_rn(__dsub_rn(value, eps), slack)));
            multiplier = kind == EQUALITY ? next : java_max(0.0, next);
            if (p[ADAPTIVE] != 0.0) {
                next_eps = adaptive_target(p, eps, multiplier);
            }
        }
        s[MULTIPLIER] = multiplier;
        s[SLACK] = next_slack;
        s[STATE_EPSILON] = next_eps;
    }
    state[PENALTY_SUM] = penalty;
}

#endif /* JACE_DUAL_UPDATE_CUH */
