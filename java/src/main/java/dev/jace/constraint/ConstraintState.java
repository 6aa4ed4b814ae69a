package dev.jace.constraint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-term optimisation state. {@code multiplier} is the term's weight as the step left it: the penalty weight for
 * penalty methods (the one that multiplied the step's gradient), and for constraints (the dual variable λ) and softreg
 * (the tuned strength) the value after a dual step's update, which the next step's gradient uses.
 * {@code value} is the last measured c. {@code epsilon} is the target ε: in a step's record
 * ({@link PrimalDualLoop.StepReport}) the one in force when c was measured; in the loop's own state
 * ({@link PrimalDualLoop#states}, checkpoints) an adaptive target as the step's dual update left it (the one the next
 * step uses), a timed one as it was in force at that step (the next step reads its own from the schedule). The two
 * differ only where the step's dual update moved an adaptive target.
 */
public record ConstraintState(double multiplier, double slack, double value, double epsilon) {

    private static final String[] KEYS = {"multiplier", "slack", "value", "epsilon"};

    public ConstraintState withEpsilon(double eps) {
        return new ConstraintState(multiplier, slack, value, eps);
    }

    public Map<String, Double> toMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put(KEYS[0], multiplier);
        map.put(KEYS[1], slack);
        map.put(KEYS[2], value);
        map.put(KEYS[3], epsilon);
        return map;
    }

    public static ConstraintState fromMap(Map<String, Double> map) {
        double[] v = new double[KEYS.length];
        for (int i = 0; i < KEYS.length; i++) {
            Double x = map.get(KEYS[i]);
            if (x == null) {
                throw new IllegalArgumentException("constraint state is missing '" + KEYS[i] + "' (has " + map.keySet() + ")");
            }
            v[i] = x;
        }
        return new ConstraintState(v[0], v[1], v[2], v[3]);
    }
}
