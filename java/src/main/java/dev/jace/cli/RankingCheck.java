package dev.jace.cli;

import dev.jace.constraint.QuantityKind;
import dev.jace.constraint.SymmetryLevels;
import dev.jace.data.DeviationProfile;
import dev.jace.group.SymmetryType;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether a run's discovered symmetry levels ({@link SymmetryLevels#mostBrokenFirst()}) order the symmetry types as
 * the task's known ground truth does (the teacher's per-type mean deviation of its target map), most broken first.
 * Levels that tie (the same deviation, slack and resistance) order nothing: {@code discovered} is then empty, and the
 * check is wrong rather than right by the order in which the terms were listed.
 */
record RankingCheck(List<String> truth, Map<String, Double> truthLevels, List<String> discovered) {

    /** Below this the target keeps every symmetry (up to rounding), so there is no order to find. */
    static final double UNBROKEN = 1e-6;

    boolean correct() {
        return truth.equals(discovered);
    }

    /**
     * Empty without a ground truth, when the method discovered levels for fewer than two of its types, when the
     * ground truth breaks no symmetry, or when every checked type's multiplier and slack is 0 (penalty with weight 0,
     * a resilient ε that no deviation reaches): with no constraint ever active the order comes from the model's own
     * deviations alone, as an unconstrained model's would, and is no level that the method discovered.
     */
    static Optional<RankingCheck> of(Optional<DeviationProfile> groundTruth, SymmetryLevels levels) {
        if (groundTruth.isEmpty()) {
            return Optional.empty();
        }
        List<String> found = levels.levels().stream().map(SymmetryLevels.Level::type).toList();
        Map<String, Double> truthLevels = new LinkedHashMap<>();
        for (SymmetryType type : List.of(SymmetryType.ROTATION, SymmetryType.REFLECTION)) {
            String name = type.name().toLowerCase(Locale.ROOT);
            double level = groundTruth.get().meanRelative(type);
            if (!Double.isNaN(level) && found.contains(name)) {
                truthLevels.put(name, level);
            }
        }
        if (truthLevels.size() < 2 || truthLevels.values().stream().allMatch(v -> v < UNBROKEN)) {
            return Optional.empty();
        }
        List<String> truth = truthLevels.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .map(Map.Entry::getKey).toList();
        List<SymmetryLevels.Level> checked = levels.levels().stream()
                .filter(l -> l.kind() == QuantityKind.EQUIVARIANCE_DEVIATION && truthLevels.containsKey(l.type()))
                .toList();
        if (checked.stream().allMatch(l -> l.multiplier() == 0 && l.slack() == 0)) {
            return Optional.empty();
        }
        boolean tie = checked.stream().map(l -> List.of(l.deviation(), l.slack(), l.resistance())).distinct().count()
                < checked.size();
        List<String> discovered = tie ? List.of()
                : levels.mostBrokenFirst().stream().filter(truthLevels::containsKey).toList();
        return Optional.of(new RankingCheck(truth, truthLevels, discovered));
    }

    /** E.g. "ground truth rotation 0.556 > reflection 0.417; discovered rotation > reflection: correct". */
    String describe() {
        return "ground truth " + truth.stream().map(t -> String.format(Locale.ROOT, "%s %.3g", t, truthLevels.get(t)))
                .collect(Collectors.joining(" > ")) + "; discovered "
                + (discovered.isEmpty() ? "no order (the levels tie)" : String.join(" > ", discovered)) + ": "
                + (correct() ? "correct" : "WRONG");
    }
}
