package dev.jace.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ConvCallLoop, whose "loops of calls" bench/RESULTS.md quotes, times its rounds and refuses what it cannot run. */
class ConvCallLoopTest {

    private static final Pattern ROUND = Pattern.compile(
            "round (\\d): ([0-9.]+) ms a call, ([0-9.]+) GFLOP/s \\((\\d+) calls\\)");

    /** Each round's GFLOP/s is the pass's FLOPs over its time a call: 2·N·COUT·|G|·CIN·K²·SIZE² for a lifting layer. */
    @Test
    void printsEachRoundsTimeAndRateOfItsCalls() {
        List<String> lines = run("lifting", "C4", "2x3x4x8x3", "backwardFilter", "0.05", "3").lines().toList();
        assertEquals(3, lines.size(), String.join("\n", lines));
        double flops = 2.0 * 2 * 4 * 4 * 3 * 9 * 64;
        for (int i = 0; i < 3; i++) {
            Matcher m = ROUND.matcher(lines.get(i));
            assertTrue(m.matches(), lines.get(i));
            assertEquals(i + 1, Integer.parseInt(m.group(1)));
            double ms = Double.parseDouble(m.group(2));
            assertTrue(ms > 0 && Long.parseLong(m.group(4)) > 0, lines.get(i));
            assertEquals(flops / (ms * 1e6), Double.parseDouble(m.group(3)), 0.051 + 1e-3 * flops / (ms * 1e6),
                    lines.get(i));
        }
    }

    @Test
    void runsEveryPassOfAGroupConvolution() {
        for (String pass : List.of("forward", "backwardData", "backwardFilter")) {
            String out = run("group", "D4", "1x2x2x6x3", pass, "0.02", "1");
            assertTrue(ROUND.matcher(out.strip()).matches(), pass + ": " + out);
        }
    }

    @Test
    void refusesAnUnknownPassOrKindOrABadDurationNamingIt() {
        assertTrue(refusal("lifting", "C4", "1x3x4x8x3", "backward").contains("pass \"backward\" is not one of"));
        assertTrue(refusal("plain", "C4", "1x3x4x8x3", "forward").contains("kind \"plain\" is not one of"));
        assertTrue(refusal("group", "C4", "1x3x4x8x3", "forward", "0").contains("seconds a round \"0\" is not a"));
        assertTrue(refusal("group", "C4", "1x3x4x8x3").startsWith("usage: ConvCallLoop"));
        assertTrue(refusal("group", "C5", "1x3x4x8x3", "forward").contains("unknown group"));
    }

    private static String run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConvCallLoop.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> run(args)).getMessage();
    }
}
