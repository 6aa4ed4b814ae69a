/* Emulator test of jace_dual_update (cuda/dual_update.cuh): every branch on hand-computed single terms (penalty
 * weight from the plan, softreg retuning, equality vs inequality projection and its signed zero, resilient slack and
 * its clamp, target from plan or state, adaptive targets decaying, holding and snapping, dual vs primal-only steps),
 * then bit for bit against a port of dev.jace.backend.DualUpdate.apply over random plans of every kind, odd kinds,
 * NaN/infinite/signed-zero states, and steps of sum_to_scalar + dual_update replayed from a CUDA graph with the plan
 * and values published before each replay (DualUpdateSteps); and the argument checks. */
#include "emu_bits.h"

using namespace emu_check;

namespace {

enum Kind { PENALTY = 0, SOFTREG = 1, EQUALITY = 2, INEQUALITY = 3, RESILIENT = 4 };
enum Plan {
    KIND = 0, WEIGHT, EPSILON, EPSILON_FROM_PLAN, DUAL_STEP_SIZE, SLACK_STEP_SIZE, ALPHA, SOFTREG_SCALE,
    SOFTREG_FLOOR, SOFTREG_SMOOTHING, ADAPTIVE, ADAPTIVE_FROM, ADAPTIVE_TO, ADAPTIVE_DECAY, ADAPTIVE_THRESHOLD,
    PLAN_STRIDE
};
enum State { MULTIPLIER = 0, SLACK, VALUE, STATE_EPSILON, STATE_STRIDE };

std::size_t plan_at(int t, int field) { return 1 + (std::size_t)t * PLAN_STRIDE + field; }
std::size_t state_at(int t, int field) { return 1 + (std::size_t)t * STATE_STRIDE + field; }

/* Java's Math.max: NaN if either is NaN, -0.0 below +0.0. */
double java_max(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return NAN;
    if (a == 0 && b == 0) return std::signbit(a) ? b : a;
    return a > b ? a : b;
}

/* Java's (int) of a double. */
int java_int(double x) {
    if (std::isnan(x)) return 0;
    if (x >= 2147483647.0) return 2147483647;
    if (x <= -2147483648.0) return -2147483647 - 1;
    return (int)x;
}

/* DualUpdate.apply, line by line (volatile keeps each product rounded on its own, whatever the FMA flags). */
void java_apply(const Vec &plan, Vec &state, int terms) {
    const bool dual_step = plan[0] != 0.0;
    volatile double penalty = 0.0;
    for (int t = 0; t < terms; t++) {
        auto p = [&](int f) { return plan[plan_at(t, f)]; };
        const int kind = java_int(p(KIND));
        const double w = kind == PENALTY ? p(WEIGHT) : state[state_at(t, MULTIPLIER)];
        const double epsilon = p(EPSILON_FROM_PLAN) != 0.0 ? p(EPSILON) : state[state_at(t, STATE_EPSILON)];
        const double value = state[state_at(t, VALUE)];
        const double slack = state[state_at(t, SLACK)];
        volatile double a = 0.5 * p(ALPHA), b = a * slack, slack_cost = kind == RESILIENT ? b * slack : 0.0;
        volatile double gap = value - epsilon, gap2 = gap - slack, wg = w * gap2, wv = w * value;
        penalty = penalty + (kind >= EQUALITY ? wg + slack_cost : wv);
        double multiplier = w, next_slack = slack, next_epsilon = epsilon;
        if (kind == SOFTREG && dual_step) {
            volatile double keep = p(SOFTREG_SMOOTHING) * w, rest = (1.0 - p(SOFTREG_SMOOTHING)) * p(SOFTREG_SCALE);
            volatile double retuned = rest / (p(SOFTREG_FLOOR) + java_max(0.0, value));
            multiplier = keep + retuned;
        }
        if (kind == RESILIENT) {
            volatile double au = p(ALPHA) * slack, step = p(SLACK_STEP_SIZE) * (au - w);
            next_slack = java_max(0.0, slack - step);
        }
        if (kind >= EQUALITY && dual_step) {
            volatile double step = p(DUAL_STEP_SIZE) * gap2, next = w + step;
            multiplier = kind == EQUALITY ? (double)next : java_max(0.0, next);
            const double to = p(ADAPTIVE_TO);
            const double resistance = to < p(ADAPTIVE_FROM) ? multiplier : -multiplier;
            if (p(ADAPTIVE) != 0.0 && !(resistance > p(ADAPTIVE_THRESHOLD))) {
                volatile double moved = (epsilon - to) * p(ADAPTIVE_DECAY), decayed = to + moved;
                volatile double snap = 1e-12 * java_max(1.0, std::fabs(p(ADAPTIVE_FROM)));
                next_epsilon = std::fabs(decayed - to) <= snap ? to : (double)decayed;
            }
        }
        state[state_at(t, MULTIPLIER)] = multiplier;
        state[state_at(t, SLACK)] = next_slack;
        state[state_at(t, STATE_EPSILON)] = next_epsilon;
    }
    state[0] = penalty;
}

Vec run_update(const Vec &plan, const Vec &state, int terms) {
    DevDoubles P(plan), S(state);
    EXPECT_OK(jace_dual_update(P.p, S.p, terms, nullptr));
    return S.get();
}

/* One term: plan fields and state (multiplier, slack, value, epsilon) in, expected state out. */
struct Scenario {
    const char *what;
    bool dual_step;
    std::vector<std::pair<int, double>> plan;
    Vec state, expected; /* penalty then the term's four fields */
};

void scenario(const Scenario &s) {
    Vec plan(1 + PLAN_STRIDE, 0.0), state{0.0};
    plan[0] = s.dual_step ? 1 : 0;
    for (auto [field, v] : s.plan) plan[plan_at(0, field)] = v;
    state.insert(state.end(), s.state.begin(), s.state.end());
    Vec java = state;
    java_apply(plan, java, 1);
    const Vec got = run_update(plan, state, 1);
    EXPECT_BITWISE(std::string(s.what) + " (by hand)", got, s.expected);
    EXPECT_BITWISE(std::string(s.what) + " (DualUpdate.apply)", got, java);
}

void scenarios() {
    const double z = -0.0;
    const std::vector<Scenario> all = {
        {"penalty: the plan's weight, written as the multiplier", true, {{KIND, PENALTY}, {WEIGHT, 2}},
         {7, 0.5, 3, 0.25}, {6, 2, 0.5, 3, 0.25}},
        {"softreg dual step retunes", true,
         {{KIND, SOFTREG}, {SOFTREG_SMOOTHING, 0.5}, {SOFTREG_SCALE, 4}, {SOFTREG_FLOOR, 1}},
         {2, 0.5, 3, 0.25}, {6, 1.5, 0.5, 3, 0.25}},
        {"softreg with a negative value uses max(0, c)", true,
         {{KIND, SOFTREG}, {SOFTREG_SMOOTHING, 0.5}, {SOFTREG_SCALE, 4}, {SOFTREG_FLOOR, 1}},
         {2, 0, -1, 0}, {-2, 3, 0, -1, 0}},
        {"softreg keeps its strength off dual steps", false,
         {{KIND, SOFTREG}, {SOFTREG_SMOOTHING, 0.5}, {SOFTREG_SCALE, 4}, {SOFTREG_FLOOR, 1}},
         {2, 0, 3, 0}, {6, 2, 0, 3, 0}},
        {"equality ascends, target from the plan", true,
         {{KIND, EQUALITY}, {EPSILON, 1}, {EPSILON_FROM_PLAN, 1}, {DUAL_STEP_SIZE, 0.5}},
         {1, 0.5, 0.25, 9}, {-1.25, 0.375, 0.5, 0.25, 1}},
        {"equality may go negative", true,
         {{KIND, EQUALITY}, {EPSILON, 1}, {EPSILON_FROM_PLAN, 1}, {DUAL_STEP_SIZE, 2}},
         {1, 0.5, 0.25, 9}, {-1.25, -1.5, 0.5, 0.25, 1}},
        {"inequality is projected to 0", true,
         {{KIND, INEQUALITY}, {EPSILON, 1}, {EPSILON_FROM_PLAN, 1}, {DUAL_STEP_SIZE, 2}},
         {1, 0.5, 0.25, 9}, {-1.25, 0, 0.5, 0.25, 1}},
        {"inequality target from the state", true, {{KIND, INEQUALITY}, {EPSILON, 9}, {DUAL_STEP_SIZE, 0.5}},
         {1, 0, 2, 0.5}, {1.5, 1.75, 0, 2, 0.5}},
        {"inequality keeps its multiplier off dual steps", false, {{KIND, INEQUALITY}, {DUAL_STEP_SIZE, 0.5}},
         {1, 0, 2, 0.5}, {1.5, 1, 0, 2, 0.5}},
        {"equality keeps -0.0", true, {{KIND, EQUALITY}, {DUAL_STEP_SIZE, 1}}, {z, 0, z, 0}, {0, z, 0, z, 0}},
        {"inequality turns -0.0 into +0.0", true, {{KIND, INEQUALITY}, {DUAL_STEP_SIZE, 1}}, {z, 0, z, 0},
         {0, 0, 0, z, 0}},
        {"resilient: slack cost, slack and multiplier steps", true,
         {{KIND, RESILIENT}, {ALPHA, 2}, {SLACK_STEP_SIZE, 0.25}, {DUAL_STEP_SIZE, 0.5}},
         {2, 0.5, 1, 0.25}, {0.75, 2.125, 0.75, 1, 0.25}},
        {"resilient slack is clamped at 0, also off dual steps", false,
         {{KIND, RESILIENT}, {ALPHA, 4}, {SLACK_STEP_SIZE, 1}, {DUAL_STEP_SIZE, 0.5}},
         {0, 1, 1, 0}, {2, 0, 0, 1, 0}},
        {"resilient multiplier is projected to 0", true,
         {{KIND, RESILIENT}, {ALPHA, 0}, {SLACK_STEP_SIZE, 1}, {DUAL_STEP_SIZE, 4}},
         {1, 1, 0.5, 0}, {-0.5, 0, 2, 0.5, 0}},
        {"adaptive target decays while multiplier <= threshold", true,
         {{KIND, INEQUALITY}, {DUAL_STEP_SIZE, 0.5}, {ADAPTIVE, 1}, {ADAPTIVE_FROM, 2}, {ADAPTIVE_TO, 0.5},
          {ADAPTIVE_DECAY, 0.5}, {ADAPTIVE_THRESHOLD, 1}},
         {1, 0, 0.25, 1}, {-0.75, 0.625, 0, 0.25, 0.75}},
        {"adaptive target decays at multiplier = threshold", true,
         {{KIND, INEQUALITY}, {DUAL_STEP_SIZE, 0.5}, {ADAPTIVE, 1}, {ADAPTIVE_FROM, 2}, {ADAPTIVE_TO, 0.5},
          {ADAPTIVE_DECAY, 0.5}, {ADAPTIVE_THRESHOLD, 0.625}},
         {1, 0, 0.25, 1}, {-0.75, 0.625, 0, 0.25, 0.75}},
        {"adaptive target holds above the threshold", true,
         {{KIND, INEQUALITY}, {DUAL_STEP_SIZE, 0.5}, {ADAPTIVE, 1}, {ADAPTIVE_FROM, 2}, {ADAPTIVE_TO, 0.5},
          {ADAPTIVE_DECAY, 0.5}, {ADAPTIVE_THRESHOLD, 0.5}},
         {1, 0, 0.25, 1}, {-0.75, 0.625, 0, 0.25, 1}},
        {"adaptive target falls below an equality's negative multiplier", true,
         {{KIND, EQUALITY}, {DUAL_STEP_SIZE, 0.5}, {ADAPTIVE, 1}, {ADAPTIVE_FROM, 2}, {ADAPTIVE_TO, 0.5},
          {ADAPTIVE_DECAY, 0.5}, {ADAPTIVE_THRESHOLD, 0}},
         {0.25, 0, 0.25, 1}, {-0.1875, -0.125, 0, 0.25, 0.75}},
        {"rising adaptive target moves above a positive multiplier", true,
         {{KIND, INEQUALITY}, {DUAL_STEP_SIZE, 0.5}, {ADAPTIVE, 1}, {ADAPTIVE_FROM, 0.5}, {ADAPTIVE_TO, 2},
          {ADAPTIVE_DECAY, 0.5}, {ADAPTIVE_THRESHOLD, 0.5}},
         {1, 0, 2, 1}, {1, 1.5, 0, 2, 1.5}},
        {"rising adaptive target holds below a negative multiplier", true,
         {{KIND, EQUALITY}, {DUAL_STEP_SIZE, 0.5}, {ADAPTIVE, 1}, {ADAPTIVE_FROM, 0.5}, {ADAPTIVE_TO, 2},
          {ADAPTIVE_DECAY, 0.5}, {ADAPTIVE_THRESHOLD, 0.5}},
         {-1, 0, 0.5, 1}, {0.5, -1.25, 0, 0.5, 1}},
        {"adaptive target holds off dual steps", false,
         {{KIND, INEQUALITY}, {DUAL_STEP_SIZE, 0.5}, {ADAPTIVE, 1}, {ADAPTIVE_TO, 0.5}, {ADAPTIVE_DECAY, 0.5},
          {ADAPTIVE_THRESHOLD, 1}},
         {1, 0, 0.25, 1}, {-0.75, 1, 0, 0.25, 1}},
        {"adaptive target snaps within 1e-12 max(1, |from|)", true,
         {{KIND, EQUALITY}, {ADAPTIVE, 1}, {ADAPTIVE_FROM, 4}, {ADAPTIVE_TO, 0.5}, {ADAPTIVE_DECAY, 0.5},
          {ADAPTIVE_THRESHOLD, 1}},
         {0, 0, 0, 0.5 + 0x1p-40}, {0, 0, 0, 0, 0.5}},
        {"adaptive target snaps at exactly 1e-12 max(1, |from|)", true,
         {{KIND, EQUALITY}, {ADAPTIVE, 1}, {ADAPTIVE_FROM, 1}, {ADAPTIVE_TO, 0}, {ADAPTIVE_DECAY, 1},
          {ADAPTIVE_THRESHOLD, 1}},
         {0, 0, 0, 1e-12}, {0, 0, 0, 0, 0}},
        {"adaptive target does not snap from further", true,
         {{KIND, EQUALITY}, {ADAPTIVE, 1}, {ADAPTIVE_FROM, 0}, {ADAPTIVE_TO, 0.5}, {ADAPTIVE_DECAY, 0.5},
          {ADAPTIVE_THRESHOLD, 1}},
         {0, 0, 0, 0.5 + 0x1p-36}, {0, 0, 0, 0, 0.5 + 0x1p-37}},
        {"a kind of NaN is a penalty", true, {{KIND, NAN}, {WEIGHT, 3}}, {1, 0, 2, 0}, {6, 3, 0, 2, 0}},
        /* The other codes jace.h documents: truncated, below PENALTY a fixed weight, above RESILIENT an inequality. */
        {"a kind of 2.9 is an equality", true,
         {{KIND, 2.9}, {EPSILON, 1}, {EPSILON_FROM_PLAN, 1}, {DUAL_STEP_SIZE, 2}},
         {1, 0.5, 0.25, 9}, {-1.25, -1.5, 0.5, 0.25, 1}},
        {"a negative kind weighs by the multiplier, never retuned", true,
         {{KIND, -1}, {WEIGHT, 3}, {SOFTREG_SMOOTHING, 0.5}, {SOFTREG_SCALE, 4}, {SOFTREG_FLOOR, 1}},
         {2, 0, 3, 0}, {6, 2, 0, 3, 0}},
        {"a kind above resilient is an inequality", true,
         {{KIND, 7}, {EPSILON, 1}, {EPSILON_FROM_PLAN, 1}, {DUAL_STEP_SIZE, 2}, {ALPHA, 4}, {SLACK_STEP_SIZE, 1}},
         {1, 0.5, 0.25, 9}, {-1.25, 0, 0.5, 0.25, 1}},
    };
    for (const Scenario &s : all) scenario(s);
}

/* DualUpdatePlans.plan: term t has kind t % 5 and a configuration fixed by t; weights, targets and steps drawn anew. */
Vec random_plan(std::mt19937_64 &r, int terms, bool dual_step) {
    std::uniform_real_distribution<double> u(0, 1);
    Vec plan(1 + (std::size_t)terms * PLAN_STRIDE);
    plan[0] = dual_step ? 1 : 0;
    for (int t = 0; t < terms; t++) {
        std::mt19937_64 config((std::uint64_t)t);
        auto set = [&](int f, double v) { plan[plan_at(t, f)] = v; };
        set(KIND, t % 5);
        set(EPSILON_FROM_PLAN, config() & 1 ? 1.0 : 0.0);
        set(SOFTREG_SCALE, u(config));
        set(SOFTREG_FLOOR, 1e-3 + u(config));
        set(SOFTREG_SMOOTHING, u(config));
        set(ADAPTIVE, config() & 1 ? 1.0 : 0.0);
        set(ADAPTIVE_FROM, config() & 1 ? 0.5 : 0.0); /* falling or rising */
        set(ADAPTIVE_TO, 0.1 * u(config));
        set(ADAPTIVE_DECAY, 0.6 * u(config));
        set(ADAPTIVE_THRESHOLD, 4 * u(config));
        set(WEIGHT, 2 * u(r));
        set(EPSILON, 0.5 * u(r));
        set(DUAL_STEP_SIZE, u(r));
        set(SLACK_STEP_SIZE, u(r));
        set(ALPHA, 4 * u(r));
    }
    return plan;
}

/* DualUpdatePlans.value: mostly in [-0.5, 1.5) as a float, sometimes +-0 or tiny. */
float random_value(std::mt19937_64 &r) {
    switch (r() % 20) {
        case 0: return 0.0f;
        case 1: return -0.0f;
        case 2: return 1e-45f;
        case 3: return -1e-30f;
        default: return (float)(2 * std::uniform_real_distribution<double>(0, 1)(r) - 0.5);
    }
}

Vec random_state(std::mt19937_64 &r, int terms) {
    std::uniform_real_distribution<double> u(0, 1);
    Vec state(1 + (std::size_t)terms * STATE_STRIDE, 0.0);
    for (int t = 0; t < terms; t++) {
        state[state_at(t, MULTIPLIER)] = u(r);
        state[state_at(t, SLACK)] = u(r);
        state[state_at(t, VALUE)] = random_value(r);
        state[state_at(t, STATE_EPSILON)] = 0.5 * u(r);
    }
    return state;
}

/* Single updates of random and special blocks, bit for bit. */
void single_updates() {
    std::mt19937_64 r(41);
    for (int terms : {0, 1, 5, 23, 1024}) {
        for (bool dual_step : {true, false}) {
            const Vec plan = random_plan(r, terms, dual_step);
            Vec java = random_state(r, terms);
            const Vec got = run_update(plan, java, terms);
            java_apply(plan, java, terms);
            EXPECT_BITWISE(std::to_string(terms) + " random terms, dual step " + std::to_string(dual_step), got, java);
        }
    }
    const double special[] = {NAN, INFINITY, -INFINITY, -0.0, 0.0, 1e300, -1e-300, 4.9e-324};
    for (bool dual_step : {true, false}) {
        const int terms = 200;
        Vec plan = random_plan(r, terms, dual_step), java = random_state(r, terms);
        for (std::size_t i = 1; i < java.size(); ++i)
            if (r() % 3 == 0) java[i] = special[r() % 8];
        const double odd_kinds[] = {2.7, 4.999, -0.5, 5, 1e10, -1e10, NAN, -3};
        for (int t = 0; t < 8; ++t) plan[plan_at(t * 7, KIND)] = odd_kinds[t];
        const Vec got = run_update(plan, java, terms);
        java_apply(plan, java, terms);
        EXPECT_BITWISE(std::string("special states and odd kinds, dual step ") + (dual_step ? "1" : "0"), got, java);
    }
}

/* DualUpdateSteps: each term's value is sum_to_scalar of a one-element tensor into the state, then the update; eagerly
 * and replayed from one graph captured before any plan exists, with plan and values published before each step. */
void steps(bool captured, int terms, int count) {
    std::mt19937_64 r(40 + (std::uint64_t)terms);
    Vec java = random_state(r, terms);
    DevDoubles P(1 + (std::size_t)terms * PLAN_STRIDE), S(java);
    Dev values((std::size_t)terms);
    cudaStream_t stream = nullptr;
    EXPECT_OK(jace_stream_create(&stream));
    auto enqueue = [&] {
        for (int t = 0; t < terms; t++) {
            const float *part = values.p + t;
            EXPECT_OK(jace_sum_to_scalar(&part, 1, 0, 1.0, S.p + state_at(t, VALUE), stream));
        }
        EXPECT_OK(jace_dual_update(P.p, S.p, terms, stream));
    };
    cudaGraphExec_t graph = nullptr;
    if (captured) {
        EXPECT_OK(jace_stream_begin_capture(stream));
        enqueue();
        EXPECT_OK(jace_stream_end_capture(stream, &graph));
    }
    for (int step = 0; step < count; step++) {
        const Vec plan = random_plan(r, terms, step % 4 != 3);
        std::vector<float> measured((std::size_t)terms);
        for (float &m : measured) m = random_value(r);
        for (int t = 0; t < terms; t++) java[state_at(t, VALUE)] = 1.0 * (0.0 + (double)measured[(std::size_t)t]);
        java_apply(plan, java, terms);
        EXPECT_OK(jace_memcpy_htod_async(values.p, measured.data(), terms * 4LL, stream));
        EXPECT_OK(jace_memcpy_htod_async(P.p, plan.data(), (long long)plan.size() * 8, stream));
        if (captured) {
            EXPECT_OK(jace_graph_launch(graph, stream));
        } else {
            enqueue();
        }
        EXPECT_OK(jace_stream_synchronize(stream));
        EXPECT_BITWISE(std::to_string(terms) + " terms" + (captured ? " replayed" : "") + ", step " +
                           std::to_string(step),
                       S.get(), java);
    }
    EXPECT_OK(jace_graph_destroy(graph));
    EXPECT_OK(jace_stream_destroy(stream));
}

void argument_checks() {
    DevDoubles plan(16), state(5);
    const char *fn = "jace_dual_update";
    EXPECT_REFUSED(fn, "plan is NULL", jace_dual_update(nullptr, state.p, 1, nullptr));
    EXPECT_REFUSED(fn, "state is NULL", jace_dual_update(plan.p, nullptr, 1, nullptr));
    EXPECT_REFUSED(fn, "terms must be >= 0, got -1", jace_dual_update(plan.p, state.p, -1, nullptr));
    /* Zero terms writes a zero penalty only. */
    EXPECT_OK(jace_dual_update(plan.p, state.p, 0, nullptr));
    const Vec got = state.get();
    EXPECT(bits_of(got[0]) == 0 && std::isnan(got[1]), "0 terms: state[0] = %g, state[1] = %g", got[0], got[1]);
}

}  // namespace

int main() {
    scenarios();
    single_updates();
    for (int terms : {0, 1, 5, 23}) steps(false, terms, 60);
    steps(false, 1024, 4);
    steps(true, 23, 60);
    argument_checks();
    return finish("test_dual_update");
}
