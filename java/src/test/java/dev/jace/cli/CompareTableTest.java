package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareTableTest {

    private static final CompareTable TABLE = new CompareTable("mse", List.of("rotation"), List.of(
            new CompareTable.Row("ace", 2, new double[] {0.25, 0.01}, Map.of("rotation", new double[] {0.001, 2e-4}),
                    Map.of("rotation", new double[] {0.5, 0.1}), Map.of("rotation", new double[] {0, 0}),
                    Optional.of(new double[] {0.01, 0.001}), Optional.of(new int[] {2, 2}), 1.5)));

    /** Each cell's mean and sample std over the seeds: 1, 2 and 4 have mean 7/3 and variance 21/9 (n − 1 = 2). */
    @Test
    void statsAreTheMeanAndTheSampleStandardDeviation() {
        double[] s = CompareTable.stats(new double[] {1, 2, 4});
        assertEquals(7.0 / 3, s[0], 1e-15);
        assertEquals(Math.sqrt(7.0 / 3), s[1], 1e-15);
        double[] one = CompareTable.stats(new double[] {0.25});
        assertEquals(0.25, one[0]);
        assertTrue(Double.isNaN(one[1]), "one seed measures no spread");
    }

    /** compare.md was the bare table: a reader of the file alone could not tell what "±", "dev" or "λ/u" meant. */
    @Test
    void theMarkdownTableIsFollowedByALegendOfItsColumns() {
        assertEquals("""
                | method | seeds | test mse | dev rotation | λ/u rotation | projection change | ranking | wall s |
                |---|---|---|---|---|---|---|---|
                | ace | 2 | 0.2500 ± 0.010 | 0.001000 ± 0.00020 | 0.500 / 0.00 | 0.01000 ± 0.0010 | 2/2 right | 1.5 |

                Mean ± sample std (n − 1) over seeds; one seed shows the mean alone.

                - dev: final relative output deviation per symmetry type.
                - λ/u: discovered levels per symmetry type, multiplier λ (a penalty's weight, softreg's \
                strength) / slack u (means over seeds).
                - projection change: how far the projecting methods were from equivariant before projecting.
                - ranking: in how many of the seeds checked the discovered levels ranked the symmetry types as the \
                task's ground truth does; "-" where none was: no ground truth, levels for fewer than two types, an \
                unbroken target, or constraints never active.
                - wall s: wall time per run (mean over seeds); the first run also carries the JVM's warm-up, so the \
                first method's is high.
                """, TABLE.markdown());
    }

    /**
     * The legend called every λ/u a multiplier λ and explained a ranking of "-" only by a task without ground truth,
     * while penalty's λ/u shows its weight, softreg's its strength, and strict's ranking on the teacher (which has
     * a ground truth) reads "-" too.
     */
    @Test
    void theLegendIsTrueOfPenaltySoftregAndAnUncheckedRanking() {
        String legend = TABLE.markdown().substring(TABLE.markdown().indexOf("\n\n") + 2).replaceAll("\\s+", " ");
        assertTrue(legend.contains("multiplier λ (a penalty's weight, softreg's strength)"), legend);
        assertTrue(legend.contains("\"-\" where none was: no ground truth, levels for fewer than two types"), legend);
    }

    /** The legend is compare.md's: the table printed on the terminal stays the table alone. */
    @Test
    void theTextTableHasNoLegend() {
        assertEquals(List.of(
                "method  seeds  test mse        dev rotation        λ/u rotation  projection change  ranking    wall s",
                "ace     2      0.2500 ± 0.010  0.001000 ± 0.00020  0.500 / 0.00  0.01000 ± 0.0010   2/2 right  "
                        + "1.5   "),
                TABLE.text().lines().toList());
    }
}
