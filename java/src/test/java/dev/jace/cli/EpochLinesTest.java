package dev.jace.cli;

import dev.jace.train.Metrics;
import dev.jace.train.Split;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EpochLinesTest {

    private static final long SECOND = 1_000_000_000L;

    private static Metrics.Epoch epoch(int index, Map<String, Double> deviation) {
        return new Metrics.Epoch(index, 8, 0.40156, 0.40156, new Metrics.Evaluation(Split.TEST, 0.37762, 0.37762,
                deviation), Map.of(), Map.of());
    }

    @Test
    void eachEpochIsOneLineWithItsScoresAndAnEtaFromThisProcesssPace() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong(1_000 * SECOND);
        EpochLines lines = new EpochLines(new PrintWriter(text), "ace seed 0", 12, "mse", now::get);
        Map<String, Double> deviation = new LinkedHashMap<>();
        deviation.put("rotation", 2.2550840365832988E-4);
        deviation.put("reflection", 0.0017153704838707054);
        // A run resumed after epoch 2 (index 1): epochs 3 and 4 take 5 s each, so the 8 left take 40 s.
        now.addAndGet(5 * SECOND);
        lines.onEpoch(epoch(2, deviation));
        now.addAndGet(5 * SECOND);
        lines.onEpoch(epoch(3, deviation));
        assertEquals("ace seed 0: epoch 3/12, train loss 0.4016, test mse 0.3776, deviation rotation 0.0002255,"
                + " reflection 0.001715, 5.0 s, ETA 0:45" + System.lineSeparator() + "ace seed 0: epoch 4/12, train"
                + " loss 0.4016, test mse 0.3776, deviation rotation 0.0002255, reflection 0.001715, 10.0 s, ETA 0:40"
                + System.lineSeparator(), text.toString());
    }

    @Test
    void aRunWithoutDeviationsLeavesThemOutAndTheLastEpochHasNoTimeLeft() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        EpochLines lines = new EpochLines(new PrintWriter(text), "strict seed 1", 3, "accuracy", now::get);
        // From the first epoch: 2 s, then 6 s, so the pace is 4 s an epoch; then 4 s more.
        now.addAndGet(2 * SECOND);
        lines.onEpoch(epoch(0, Map.of()));
        now.addAndGet(6 * SECOND);
        lines.onEpoch(epoch(1, Map.of()));
        now.addAndGet(4 * SECOND);
        lines.onEpoch(epoch(2, Map.of()));
        String n = System.lineSeparator();
        assertEquals("strict seed 1: epoch 1/3, train loss 0.4016, test accuracy 0.3776, 2.0 s, ETA 0:04" + n
                + "strict seed 1: epoch 2/3, train loss 0.4016, test accuracy 0.3776, 8.0 s, ETA 0:04" + n
                + "strict seed 1: epoch 3/3, train loss 0.4016, test accuracy 0.3776, 12.0 s, ETA 0:00" + n,
                text.toString());
    }

    @Test
    void quietWritesNothing() {
        StringWriter text = new StringWriter();
        EpochLines.writer(true, new PrintWriter(text)).println("x");
        assertEquals("", text.toString());
    }
}
