package dev.jace.cli;

import dev.jace.io.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The series that the plots draw, read out of epoch records as metrics.jsonl holds them. */
class EpochSeriesTest {

    /** Two epochs of an ace-resilient run as metrics.jsonl writes them, the second with a NaN loss spelled as text. */
    private static final List<Map<String, Object>> RUN = List.of(Json.parseObject("""
            {"type":"epoch","epoch":0,"test_metric":0.40787458419799805,
             "test_deviation":{"rotation":0.008514813272562647,"reflection":0.007407909824256656},
             "terms":{"output.rotation":{"multiplier":0.005706941225614288,"slack":1.5936588885867605E-4},
                      "lift.relaxation":{"multiplier":0.019000000506639483,"slack":0.0010000000149011613}},
             "relaxation":{"lift":0.08305786550045013}}"""), Json.parseObject("""
            {"type":"epoch","epoch":1,"test_metric":"NaN",
             "test_deviation":{"rotation":0.25,"reflection":"Infinity"},
             "terms":{"output.rotation":{"multiplier":2},
                      "lift.relaxation":{"multiplier":0.5}},
             "relaxation":{"lift":0.75}}"""));

    @Test
    void numbersAreReadFromJsonNumbersAndFromTheTextOfNonFiniteOnes() {
        assertEquals(3.0, EpochSeries.number(3L));
        assertEquals(0.25, EpochSeries.number(0.25));
        assertEquals(Double.NaN, EpochSeries.number("NaN"));
        assertEquals(Double.POSITIVE_INFINITY, EpochSeries.number("Infinity"));
        assertEquals(Double.NEGATIVE_INFINITY, EpochSeries.number("-Infinity"));
        assertEquals(Double.NaN, EpochSeries.number(null), "a missing field");
        assertEquals(Double.NaN, EpochSeries.number(true), "a field that holds no number");
    }

    @Test
    void aTopLevelFieldIsOneValuePerEpoch() {
        assertArrayEquals(new double[] {0.40787458419799805, Double.NaN}, EpochSeries.values(RUN, "test_metric"));
        assertArrayEquals(new double[] {0, 1}, EpochSeries.values(RUN, "epoch"));
    }

    @Test
    void aMapValuedFieldIsOneSeriesPerEntryInItsOrder() {
        Map<String, double[]> deviation = EpochSeries.nested(RUN, "test_deviation", "dev ");
        assertEquals(List.of("dev rotation", "dev reflection"), List.copyOf(deviation.keySet()));
        assertArrayEquals(new double[] {0.008514813272562647, 0.25}, deviation.get("dev rotation"));
        assertArrayEquals(new double[] {0.007407909824256656, Double.POSITIVE_INFINITY},
                deviation.get("dev reflection"));
        assertArrayEquals(new double[] {0.08305786550045013, 0.75},
                EpochSeries.nested(RUN, "relaxation", "|γ| ").get("|γ| lift"));
    }

    @Test
    void eachTermsMultiplierIsASeriesNamedByTheTerm() {
        Map<String, double[]> multipliers = EpochSeries.multipliers(RUN, "seed 0 ");
        assertEquals(List.of("seed 0 λ output.rotation", "seed 0 λ lift.relaxation"),
                List.copyOf(multipliers.keySet()));
        assertArrayEquals(new double[] {0.005706941225614288, 2}, multipliers.get("seed 0 λ output.rotation"));
        assertArrayEquals(new double[] {0.019000000506639483, 0.5}, multipliers.get("seed 0 λ lift.relaxation"));
    }

    /**
     * A resumed run whose log lost epoch 1's records (before the checkpoint it resumed from): every series has its
     * values at their epochs and NaN at epoch 1, which the plots draw as a gap, not later epochs shifted left.
     */
    @Test
    void everySeriesIsIndexedByTheRecordsEpochWithNaNWhereTheLogLacksOne() {
        List<Map<String, Object>> cut = List.of(RUN.getFirst(), Json.parseObject("""
                {"type":"epoch","epoch":2,"test_metric":0.125,
                 "test_deviation":{"rotation":0.5,"reflection":0.25},
                 "terms":{"output.rotation":{"multiplier":3},"lift.relaxation":{"multiplier":4}},
                 "relaxation":{"lift":0.0625}}"""));
        assertArrayEquals(new double[] {0.40787458419799805, Double.NaN, 0.125},
                EpochSeries.values(cut, "test_metric"));
        assertArrayEquals(new double[] {0.008514813272562647, Double.NaN, 0.5},
                EpochSeries.nested(cut, "test_deviation", "").get("rotation"));
        assertArrayEquals(new double[] {0.08305786550045013, Double.NaN, 0.0625},
                EpochSeries.nested(cut, "relaxation", "").get("lift"));
        assertArrayEquals(new double[] {0.019000000506639483, Double.NaN, 4},
                EpochSeries.multipliers(cut, "").get("λ lift.relaxation"));
    }

    /** An epoch record as metrics.jsonl holds it, with its test metric only. */
    private static Map<String, Object> epoch(int epoch, Object testMetric) {
        return Map.of("type", "epoch", "epoch", (long) epoch, "test_metric", testMetric);
    }

    @Test
    void theMeanOverRunsIsTakenPerEpoch() {
        List<Map<String, Object>> other = List.of(epoch(0, 0.5), epoch(1, 0.125));
        List<Map<String, Object>> third = List.of(epoch(0, 1.25), epoch(1, 0.0625));
        double[] mean = EpochSeries.mean(List.of(other, third, RUN), "test_metric");
        assertEquals((0.5 + 1.25 + 0.40787458419799805) / 3, mean[0], 1e-15);
        assertEquals(Double.NaN, mean[1], "a NaN run makes its epoch's mean NaN");
        assertArrayEquals(new double[] {0.875, 0.09375}, EpochSeries.mean(List.of(other, third), "test_metric"),
                1e-15);
    }

    /**
     * A resumed run whose log lost the records of an epoch before its checkpoint (a crash before they reached the disk)
     * has a gap there: the mean is left out at that epoch (a gap in the curve), not taken over fewer seeds or shifted.
     */
    @Test
    void theMeanIsKeyedByEachRecordsEpochAndLeftOutWhereAnyRunLacksIt() {
        List<Map<String, Object>> whole = List.of(epoch(0, 0.5), epoch(1, 0.25), epoch(2, 0.125), epoch(3, 0.0625));
        List<Map<String, Object>> cut = List.of(epoch(0, 1.5), epoch(1, 0.75), epoch(3, 0.1875));
        assertArrayEquals(new double[] {1, 0.5, Double.NaN, 0.125},
                EpochSeries.mean(List.of(whole, cut), "test_metric"));
        assertArrayEquals(new double[] {1, 0.5, Double.NaN, 0.125},
                EpochSeries.mean(List.of(cut, whole), "test_metric"), "whichever run comes first");
        assertArrayEquals(new double[] {Double.NaN, 0.5, Double.NaN, 0.125},
                EpochSeries.mean(List.of(cut.subList(1, 3), whole), "test_metric"), "one that lacks its first epochs");
        assertArrayEquals(new double[] {0.5, 0.25, Double.NaN, Double.NaN},
                EpochSeries.mean(List.of(whole, whole.subList(0, 2)), "test_metric"), "one that stopped early");
    }
}
