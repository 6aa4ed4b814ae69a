package dev.jace.cli;

import dev.jace.constraint.Method;
import dev.jace.constraint.Schedule;
import dev.jace.data.TaskKind;
import dev.jace.train.OptimizerSpec;
import dev.jace.train.Task;
import dev.jace.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The flags shared by train and compare, as the trainer configuration they make (parsed only; nothing is trained). */
class TrainingOptionsTest {

    private static TrainingOptions parse(String... args) {
        return CommandLine.populateCommand(new TrainingOptions(), args);
    }

    @Test
    void withoutEpochsAClassifierTrainsForFourAndARegressionForTwelve() {
        TrainingOptions options = parse();
        assertEquals(4, options.config(Method.ACE, TaskKind.CLASSIFICATION, 0).epochs());
        assertEquals(12, options.config(Method.ACE, TaskKind.REGRESSION, 0).epochs());
        TrainingOptions given = parse("--epochs", "3");
        assertEquals(3, given.config(Method.ACE, TaskKind.CLASSIFICATION, 0).epochs());
        assertEquals(3, given.config(Method.ACE, TaskKind.REGRESSION, 0).epochs());
    }

    @Test
    void theFlagsReachTheTrainerConfiguration() {
        TrainerConfig config = parse("--batch", "5", "--lr", "0.25", "--probe-samples", "3", "--slack-cost", "2")
                .config(Method.ACE_RESILIENT, TaskKind.CLASSIFICATION, 7);
        assertEquals(Method.ACE_RESILIENT, config.method());
        assertInstanceOf(Task.Classification.class, config.task());
        assertEquals(5, config.batchSize());
        assertEquals(7, config.seed());
        assertEquals(OptimizerSpec.Adam.withLr(0.25), config.optimizer());
        assertEquals(new Schedule.Cosine(1.0, 0.0), config.lrScale());
        assertEquals(3, config.probeSamples());
        assertEquals(2.0, config.settings().alpha());
        assertInstanceOf(Task.Regression.class, parse().config(Method.ACE, TaskKind.REGRESSION, 0).task());
    }

    @Test
    void probeSamplesAreACountOfAtLeastOneOrAll() {
        assertEquals(TrainerConfig.WHOLE_BATCH, parse("--probe-samples", "all").probeSamples);
        assertEquals(1, parse("--probe-samples", "1").probeSamples);
        assertEquals(8, parse().probeSamples);
        assertEquals(3, parse("--probe-samples", " 3").probeSamples, "trimmed, as --batch is");
        assertEquals(TrainerConfig.WHOLE_BATCH, parse("--probe-samples", " ALL ").probeSamples);
        assertEquals(List.of(TrainingOptions.Constrained.OUTPUT), parse("--constrain", "OUTPUT").constrain);
        for (String[] bad : new String[][] {{"0", "must be at least 1 (or 'all'), got 0"},
                {"x", "'x' is not a sample count or 'all'"},
                {"2147483648", "'2147483648' is beyond the integers this takes, -2147483648 to 2147483647"}}) {
            var e = assertThrows(CommandLine.ParameterException.class, () -> parse("--probe-samples", bad[0]));
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void aProbeLargerThanTheBatchIsNamed() {
        StringWriter err = new StringWriter();
        parse("--probe-samples", "40", "--batch", "16").warnIfProbeExceedsBatch(256, new PrintWriter(err));
        assertEquals("jace: --probe-samples 40 is more than --batch 16, so the probe runs each batch's 16 samples (as"
                + " --probe-samples all)\n", err.toString());
        StringWriter capped = new StringWriter();
        parse("--probe-samples", "100", "--batch", "64").warnIfProbeExceedsBatch(16, new PrintWriter(capped));
        assertEquals("jace: --probe-samples 100 is more than the training split's 16 samples, which each batch holds,"
                + " so the probe runs each batch's 16 samples (as --probe-samples all)\n", capped.toString());
        StringWriter none = new StringWriter();
        parse("--probe-samples", "16", "--batch", "16").warnIfProbeExceedsBatch(256, new PrintWriter(none));
        parse("--probe-samples", "all", "--batch", "1").warnIfProbeExceedsBatch(256, new PrintWriter(none));
        parse("--probe-samples", "16", "--batch", "64").warnIfProbeExceedsBatch(16, new PrintWriter(none));
        assertEquals("", none.toString());
    }

    @Test
    void minusZeroIsZero() {
        assertEquals("0.0", Double.toString(new Numbers.NonNegative().convert("-0")));
        assertEquals("0.0", Double.toString(new Numbers.NonNegative().convert(" -0.0 ")));
    }
}
