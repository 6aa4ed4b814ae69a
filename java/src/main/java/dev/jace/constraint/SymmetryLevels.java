package dev.jace.constraint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * "Discovered symmetry levels": per symmetry type, the final multiplier (or penalty/softreg strength), slack and
 * deviation. When a type has several terms (e.g. one per layer) their values are summed.
 */
public record SymmetryLevels(List<Level> levels) {

    public record Level(String type, double multiplier, double slack, double deviation) {
    }

    record Entry(String type, ConstraintState state) {
    }

    public SymmetryLevels {
        levels = List.copyOf(levels);
    }

    static SymmetryLevels of(List<Entry> entries) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Entry e : entries) {
            double[] s = sums.computeIfAbsent(e.type(), k -> new double[3]);
            s[0] += e.state().multiplier();
            s[1] += e.state().slack();
            s[2] += e.state().value();
        }
        List<Level> levels = new ArrayList<>();
        sums.forEach((type, s) -> levels.add(new Level(type, s[0], s[1], s[2])));
        return new SymmetryLevels(levels);
    }

    public Level level(String type) {
        return levels.stream().filter(l -> l.type().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no symmetry type '" + type + "'; have "
                        + levels.stream().map(Level::type).toList()));
    }

    /**
     * Types from most to least broken: by final deviation, then slack, then multiplier (all descending). Slack and
     * deviation grow with how much the data resists a symmetry.
     */
    public List<String> mostBrokenFirst() {
        return levels.stream()
                .sorted(Comparator.comparingDouble(Level::deviation)
                        .thenComparingDouble(Level::slack)
                        .thenComparingDouble(Level::multiplier)
                        .reversed())
                .map(Level::type)
                .toList();
    }

    /** E.g. "reflection > rotation (most broken first)". */
    public String describeRanking() {
        return mostBrokenFirst().stream().collect(Collectors.joining(" > ")) + " (most broken first)";
    }
}
