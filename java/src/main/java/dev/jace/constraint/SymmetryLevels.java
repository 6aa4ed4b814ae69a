package dev.jace.constraint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Discovered symmetry levels": per symmetry type, the final multiplier (or penalty/softreg strength), slack and
 * deviation. When a type has several terms (e.g. one per layer) their values are summed. Relaxation magnitudes
 * (|γ| of the layers, typed by the group's name) are levels too, of their own {@link QuantityKind}.
 *
 * <p>A level's {@code resistance} is its multiplier read as how hard the data resisted the symmetry: a constraint's λ
 * (grows while c stays above its target), minus a softreg strength (which falls as the deviation grows), and 0 for a
 * penalty, whose weight is set, not learned.
 */
public record SymmetryLevels(List<Level> levels) {

    public record Level(String type, QuantityKind kind, double multiplier, double slack, double deviation,
                        double resistance) {
    }

    record Entry(String type, QuantityKind kind, ConstraintState state, double resistance) {
    }

    public SymmetryLevels {
        levels = List.copyOf(levels);
    }

    static SymmetryLevels of(List<Entry> entries) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, QuantityKind> kinds = new LinkedHashMap<>();
        for (Entry e : entries) {
            kinds.putIfAbsent(e.type(), e.kind());
            double[] s = sums.computeIfAbsent(e.type(), k -> new double[4]);
            s[0] += e.state().multiplier();
            s[1] += e.state().slack();
            s[2] += e.state().value();
            s[3] += e.resistance();
        }
        List<Level> levels = new ArrayList<>();
        sums.forEach((type, s) -> levels.add(new Level(type, kinds.get(type), s[0], s[1], s[2], s[3])));
        return new SymmetryLevels(levels);
    }

    public Level level(String type) {
        return levels.stream().filter(l -> l.type().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no symmetry type '" + type + "'; have "
                        + levels.stream().map(Level::type).toList()));
    }

    /**
     * The symmetry types whose equivariance deviation is constrained, from most to least broken: by final deviation,
     * then slack, then resistance (all descending). Slack and deviation grow with how much the data resists a
     * symmetry. Relaxation magnitudes are left out: they measure the layers, not a symmetry type.
     */
    public List<String> mostBrokenFirst() {
        return levels.stream()
                .filter(l -> l.kind() == QuantityKind.EQUIVARIANCE_DEVIATION)
                .sorted(Comparator.comparingDouble(Level::deviation)
                        .thenComparingDouble(Level::slack)
                        .thenComparingDouble(Level::resistance)
                        .reversed())
                .map(Level::type)
                .toList();
    }

    /** E.g. "reflection > rotation (most broken first)". */
    public String describeRanking() {
        List<String> ranking = mostBrokenFirst();
        return ranking.isEmpty() ? "none (no symmetry type's deviation is constrained)"
                : String.join(" > ", ranking) + " (most broken first)";
    }
}
