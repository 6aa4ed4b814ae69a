package dev.jace.testing;

import dev.jace.backend.DualUpdate;

import java.util.Random;
import java.util.SplittableRandom;

import static dev.jace.backend.DualUpdate.*;

/**
 * Random plans and states of {@link DualUpdate} for tests that run the update on a backend: term t has kind t % 5, so
 * every kind appears whatever the seed. A term's configuration (its target's source, adaptive target, softreg
 * constants) depends on t only, as in training, so that a few dozen dual steps bring adaptive targets close enough to
 * their end to snap; weights, targets and step sizes are drawn afresh at every step.
 */
public final class DualUpdatePlans {

    private DualUpdatePlans() {
    }

    public static double[] plan(Random random, int terms, boolean dualStep) {
        double[] plan = new double[planSize(terms)];
        plan[DUAL_STEP] = dualStep ? 1.0 : 0.0;
        for (int t = 0; t < terms; t++) {
            int p = planBase(t);
            SplittableRandom config = new SplittableRandom(t);
            plan[p + KIND] = t % 5;
            plan[p + EPSILON_FROM_PLAN] = config.nextBoolean() ? 1.0 : 0.0;
            plan[p + SOFTREG_SCALE] = config.nextDouble();
            plan[p + SOFTREG_FLOOR] = 1e-3 + config.nextDouble();
            plan[p + SOFTREG_SMOOTHING] = config.nextDouble();
            plan[p + ADAPTIVE] = config.nextBoolean() ? 1.0 : 0.0;
            plan[p + ADAPTIVE_FROM] = config.nextBoolean() ? 0.5 : 0.0; // falling or rising
            plan[p + ADAPTIVE_TO] = 0.1 * config.nextDouble();
            plan[p + ADAPTIVE_DECAY] = 0.6 * config.nextDouble();
            plan[p + ADAPTIVE_THRESHOLD] = 4 * config.nextDouble();
            plan[p + WEIGHT] = 2 * random.nextDouble();
            plan[p + EPSILON] = 0.5 * random.nextDouble();
            plan[p + DUAL_STEP_SIZE] = random.nextDouble();
            plan[p + SLACK_STEP_SIZE] = random.nextDouble();
            plan[p + ALPHA] = 4 * random.nextDouble();
        }
        return plan;
    }

    /** Multipliers, slacks, targets and values to start from. */
    public static double[] state(Random random, int terms) {
        double[] state = new double[stateSize(terms)];
        for (int t = 0; t < terms; t++) {
            int s = stateBase(t);
            state[s + MULTIPLIER] = random.nextDouble();
            state[s + SLACK] = random.nextDouble();
            state[s + VALUE] = value(random);
            state[s + STATE_EPSILON] = 0.5 * random.nextDouble();
        }
        return state;
    }

    /** A measured value: mostly in [-0.5, 1.5) as a float would hold it, sometimes ±0 or tiny. */
    public static float value(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> 0f;
            case 1 -> -0f;
            case 2 -> Float.MIN_VALUE;
            case 3 -> -1e-30f;
            default -> 2 * random.nextFloat() - 0.5f;
        };
    }

    /** States with NaN, infinite, signed-zero and huge entries, for a single update. */
    public static double[] specialState(Random random, int terms) {
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1e300,
                -1e-300, Double.MIN_VALUE};
        double[] state = state(random, terms);
        for (int i = 1; i < state.length; i++) {
            if (random.nextInt(3) == 0) {
                state[i] = special[random.nextInt(special.length)];
            }
        }
        return state;
    }
}
