package dev.jace.constraint;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleTest {

    private static final double TOL = 1e-12;
    private static final long T = 101; // steps 0..100, middle at 50

    @Test
    void startMiddleEnd() {
        assertValues(new Schedule.Constant(0.3), 0.3, 0.3, 0.3);
        assertValues(new Schedule.Linear(1e-2, 0), 1e-2, 0.5e-2, 0);
        assertValues(new Schedule.Cosine(0.1, 0), 0.1, 0.05, 0);
        double r = 4;
        assertValues(new Schedule.Exponential(1, 0, r), 1, 1 / (Math.exp(r / 2) + 1), 0);
        assertValues(new Schedule.Exponential(0, 10, r), 0, 10 - 10 / (Math.exp(r / 2) + 1), 10);
        assertValues(new Schedule.Step(List.of(0.1, 0.01, 0.0), List.of(0L, 30L, 100L)), 0.1, 0.01, 0);
        // Rising ones too: ace refuses a target whose final value is not 0.
        assertValues(new Schedule.Linear(0.02, 0.1), 0.02, 0.06, 0.1);
        assertValues(new Schedule.Cosine(0.02, 0.1), 0.02, 0.06, 0.1);
        assertValues(new Schedule.Step(List.of(0.0, 0.05), List.of(0L, 40L)), 0, 0.05, 0.05);
        Schedule.Step step = new Schedule.Step(List.of(0.1, 0.01), List.of(0L, 50L));
        assertEquals(0.1, step.value(49, T), TOL);
        assertEquals(0.01, step.value(50, T), TOL);
    }

    @Test
    void anExponentialOfAnyRateMatchesItsSinhForm() {
        // (e^{-rs} − e^{-r}) / (1 − e^{-r}) = e^{-rs/2} sinh(r(1 − s)/2) / sinh(r/2), which does not cancel. Down at
        // r = 1e-17, e^{-r} rounds to 1 and the first form is 0/0 = NaN; at 1e-9 its error is 1e-7; small r gives
        // the linear schedule.
        for (double rate : new double[] {1e-300, 1e-17, 1e-9, 1e-3, 4, 50}) {
            Schedule.Exponential exp = new Schedule.Exponential(1, 0, rate);
            for (long step = 0; step < T - 1; step += 10) {
                double s = step / (T - 1.0);
                double want = Math.exp(-rate * s / 2) * Math.sinh(rate * (1 - s) / 2) / Math.sinh(rate / 2);
                assertEquals(want, exp.value(step, T), TOL, exp + " at step " + step);
            }
        }
    }

    /** Near their end, where the values are small, cosine and exp keep their relative precision. */
    @Test
    void valuesNearTheEndKeepTheirRelativePrecision() {
        long total = 1001;
        Schedule.Exponential exp = new Schedule.Exponential(1, 0, 40);
        Schedule.Cosine cosine = new Schedule.Cosine(1, 0);
        for (long step = 900; step < total - 1; step += 7) {
            double s = step / (total - 1.0);
            double exponential = Math.exp(-40 * s / 2) * Math.sinh(40 * (1 - s) / 2) / Math.sinh(40 / 2.0);
            assertEquals(1, exp.value(step, total) / exponential, 1e-12, exp + " at step " + step);
            double left = Math.cos(Math.PI * s / 2);
            assertEquals(1, cosine.value(step, total) / (left * left), 1e-12, cosine + " at step " + step);
        }
    }

    private static void assertValues(Schedule.Timed s, double start, double middle, double end) {
        assertEquals(start, s.value(0, T), TOL, s + " at start");
        assertEquals(start, s.initial(T), TOL);
        assertEquals(middle, s.value(50, T), TOL, s + " in the middle");
        assertEquals(end, s.value(100, T), 0.0, s + " at the end (exact)");
        assertEquals(end, s.value(1000, T), 0.0, s + " after the end");
        assertEquals(end, s.finalValue(), 0.0);
    }

    @Test
    void adaptiveStartsAtFromAndEndsAtTo() {
        Schedule.Adaptive a = new Schedule.Adaptive(1.0, 0.0, 0.5, 0.1);
        assertEquals(1.0, a.initial(T), 0.0);
        assertEquals(0.0, a.finalValue(), 0.0);
        Schedule.Adaptive up = new Schedule.Adaptive(0.02, 0.05, 0.5, 0);
        assertEquals(0.05, up.finalValue(), 0.0);
        assertEquals(0.02, up.lowest(), 0.0);
        assertEquals(0.02, new Schedule.Constant(0.02).lowest(), 0.0);
    }

    /** Against the closed form ⌈ln(1e-12·max(1, |from|)/|from − to|) / ln decay⌉, away from its integer boundaries. */
    @Test
    void adaptiveCountsTheFewestMovesToItsEnd() {
        assertEquals(256, new Schedule.Adaptive(0.5, 0.0, 0.9, 0).fewestMoves(), "ln(2e-12)/ln 0.9 = 255.67");
        assertEquals(263, new Schedule.Adaptive(3.0, 0.0, 0.9, 0.5).fewestMoves(), "ln(1e-12/3)/ln 0.9 = 262.25");
        assertEquals(38, new Schedule.Adaptive(0.2, 0.0, 0.5, 0).fewestMoves(), "ln(5e-12)/ln 0.5 = 37.54");
        assertEquals(35, new Schedule.Adaptive(0.02, 0.05, 0.5, 0).fewestMoves(),
                "rising: ln(1e-12/0.03)/ln 0.5 = 34.8");
        assertEquals(1, new Schedule.Adaptive(0.1, 0.0, 1e-13, 0).fewestMoves(), "within the snap after one move");
        assertEquals(0, new Schedule.Adaptive(0.0, 0.0, 0.5, 0).fewestMoves(), "already at its end");
        double decay = 1 - 1e-9;
        double slow = Math.log(2e-12) / Math.log1p(decay - 1);
        assertEquals(Math.ceil(slow), new Schedule.Adaptive(0.5, 0.0, decay, 0).fewestMoves(), 1.0,
                "past the counted moves, the closed form (" + slow + ")");
    }

    @Test
    void parsesEveryForm() {
        assertEquals(new Schedule.Constant(0.5), Schedule.parse("0.5"));
        assertEquals(new Schedule.Constant(0.5), Schedule.parse("const:0.5"));
        assertEquals(new Schedule.Linear(1e-2, 0), Schedule.parse("linear:1e-2->0"));
        assertEquals(new Schedule.Cosine(0.1, 0), Schedule.parse(" cosine:0.1->0 "));
        assertEquals(new Schedule.Exponential(0.1, 0, 3), Schedule.parse("exp:1e-1->0:3"));
        assertEquals(new Schedule.Exponential(0.1, 0, 5), Schedule.parse("exp:1e-1->0"));
        assertEquals(new Schedule.Step(List.of(0.1, 0.01, 0.0), List.of(0L, 100L, 200L)),
                Schedule.parse("step:0.1@0,0.01@100,0@200"));
        assertEquals(new Schedule.Adaptive(0.1, 0, 0.9, 0), Schedule.parse("adaptive:0.1->0"));
        assertEquals(new Schedule.Adaptive(0.1, 0, 0.5, 1e-3), Schedule.parse("adaptive:0.1->0:0.5:1e-3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "linear:1", "linear:1->", "linear:a->0", "linear:1->0:2", "foo:1->0",
            "exp:1->0:-1", "exp:1->0:x", "step:0.1@5", "step:0.1@0,0.2@0", "step:0.1", "step:0.1@x",
            "adaptive:1->0:1.5", "adaptive:1->0:0.5:-1", "const:NaN", "cosine:1->Infinity", "exp:1->0:0",
            "const:1:2", "cosine:1->0:2", "exp:1->0:2:3", "step:0.1@0:5", "adaptive:1->0:0.5:0:1", "adaptive:1->0:0",
            "adaptive:1->0:1"})
    void rejectsBadText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse(text));
        assertTrue(e.getMessage().startsWith("bad schedule '" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("expected one of"), e.getMessage());
    }

    @Test
    void errorNamesTheProblem() {
        assertTrue(message("foo:1->0").contains("unknown schedule kind 'foo'"));
        assertTrue(message("linear:a->0").contains("from 'a' is not a number"));
        assertTrue(message("step:0.1@0,0.2@0").contains("strictly increase"));
        assertTrue(message("exp:1->0:-1").contains("rate > 0"));
    }

    @Test
    void spacesAroundTheKindAreAccepted() {
        assertEquals(new Schedule.Linear(1, 0), Schedule.parse("linear : 1 -> 0"));
        assertEquals(new Schedule.Adaptive(0.1, 0, 0.5, 0.05), Schedule.parse(" Adaptive :0.1->0: 0.5 :0.05"));
    }

    /** Unquoted, {@code linear:0.1->0.01} reaches the parser as {@code linear:0.1-}: the shell took ">0.01". */
    @Test
    void aRangeCutAtTheArrowAsksForQuotes() {
        for (String cut : List.of("linear:0.1-", "adaptive:0.1-", "exp:0.1 -")) {
            assertTrue(message(cut).contains("expected FROM->TO, got '" + cut.substring(cut.indexOf(':') + 1)
                    + "' (quote the schedule: the shell reads '>' as a redirection)"), message(cut));
        }
        assertFalse(message("linear:1").contains("quote"), message("linear:1"));
    }

    @Test
    void nonFiniteFieldsAreRefusedNamingTheScheduleAndTheField() {
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        assertRefused("constant schedule: value must be finite, got Infinity", () -> new Schedule.Constant(inf));
        assertRefused("constant schedule: value must be finite, got NaN", () -> new Schedule.Constant(nan));
        assertRefused("linear schedule: from must be finite, got NaN", () -> new Schedule.Linear(nan, 0));
        assertRefused("linear schedule: to must be finite, got Infinity", () -> new Schedule.Linear(0, inf));
        assertRefused("cosine schedule: from must be finite, got -Infinity", () -> new Schedule.Cosine(-inf, 0));
        assertRefused("cosine schedule: to must be finite, got NaN", () -> new Schedule.Cosine(1, nan));
        assertRefused("exponential schedule: from must be finite, got Infinity",
                () -> new Schedule.Exponential(inf, 0, 5));
        assertRefused("exponential schedule: to must be finite, got NaN", () -> new Schedule.Exponential(1, nan, 5));
        assertRefused("exponential schedule: rate must be finite, got Infinity",
                () -> new Schedule.Exponential(1, 0, inf));
        assertRefused("linear schedule: to - from must be finite (the values in between are computed from it), got"
                + " Infinity", () -> new Schedule.Linear(-1e308, 1e308));
        assertRefused("cosine schedule: to - from must be finite (the values in between are computed from it), got"
                + " -Infinity", () -> new Schedule.Cosine(1e308, -1e308));
        assertRefused("exponential schedule: to - from must be finite (the values in between are computed from it),"
                + " got -Infinity", () -> new Schedule.Exponential(1.7e308, -1.7e308, 5));
        assertEquals(0.0, new Schedule.Linear(-8e307, 8e307).value(5, 11));
        assertRefused("step schedule: the value from step 100 must be finite, got NaN",
                () -> new Schedule.Step(List.of(0.1, nan), List.of(0L, 100L)));
        assertRefused("adaptive schedule: from must be finite, got Infinity",
                () -> new Schedule.Adaptive(inf, 0, 0.5, 0));
        assertRefused("adaptive schedule: to must be finite, got NaN", () -> new Schedule.Adaptive(1, nan, 0.5, 0));
        assertRefused("adaptive schedule: decay must be finite, got NaN", () -> new Schedule.Adaptive(1, 0, nan, 0));
        assertRefused("adaptive schedule: threshold must be finite, got Infinity",
                () -> new Schedule.Adaptive(1, 0, 0.5, inf));
    }

    private static void assertRefused(String expected, Executable construction) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, construction).getMessage());
    }

    private static String message(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Schedule.parse(text)).getMessage();
    }

    @Property
    void timedSchedulesStayBetweenEndpointsAndAreMonotone(@ForAll @DoubleRange(min = -10, max = 10) double from,
                                                          @ForAll @DoubleRange(min = -10, max = 10) double to,
                                                          @ForAll @LongRange(min = 2, max = 10_000) long total) {
        for (Schedule.Timed s : List.of(new Schedule.Linear(from, to), new Schedule.Cosine(from, to),
                new Schedule.Exponential(from, to, 3))) {
            double previous = s.value(0, total);
            assertEquals(from, previous, 0.0, s + " starts at from");
            for (long t = 1; t < total; t += Math.max(1, total / 50)) {
                double v = s.value(t, total);
                assertTrue(Math.min(from, to) <= v && v <= Math.max(from, to), s + " at " + t + ": " + v);
                assertTrue(from >= to ? v <= previous + 1e-9 : v >= previous - 1e-9, s + " not monotone at " + t);
                previous = v;
            }
            assertEquals(to, s.value(total - 1, total), 0.0);
            assertEquals(Math.min(from, to), s.lowest(), 0.0);
            assertEquals(s, Schedule.parse(s.text()), s.text());
        }
    }

    @Test
    void textIsParsedBackToTheSameSchedule() {
        for (String text : List.of("const:0.05", "linear:0->100", "cosine:0.1->0", "exp:1->0.001:4",
                "step:0.1@0,0.01@500,0@1000", "adaptive:0.1->0:0.5:0.001", "linear:1.0E-4->0")) {
            Schedule s = Schedule.parse(text);
            assertEquals(text, s.text());
            assertEquals(s, Schedule.parse(s.text()));
        }
        assertEquals("const:3", Schedule.parse("3.0").text());
        assertEquals(0.01, Schedule.parse("step:0.1@0,0.01@500,0.2@1000").lowest(), 0.0);
    }

    @Test
    void singleStepRunIsAtTheEnd() {
        assertInstanceOf(Schedule.Linear.class, Schedule.parse("linear:1->0"));
        assertEquals(0.0, new Schedule.Linear(1, 0).value(0, 1), 0.0);
    }

    @Test
    void minusZeroIsReadAndWrittenAsZero() {
        assertEquals("const:0", Schedule.parse("const:-0").text());
        assertEquals("linear:0->1", Schedule.parse("linear:-0->1").text());
        assertEquals(new Schedule.Constant(0), new Schedule.Constant(-0.0));
        assertEquals("step:0@0,1@5", new Schedule.Step(List.of(-0.0, 1.0), List.of(0L, 5L)).text());
    }
}
