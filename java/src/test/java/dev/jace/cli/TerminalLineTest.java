package dev.jace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TerminalLineTest {

    private static final long MILLI = 1_000_000L;

    private static final long START = 5_000 * MILLI;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong(START);
    /** Buffered, so that what the line does not flush is not seen: a drawing must reach the terminal at once. */
    private final TerminalLine line = new TerminalLine(new PrintStream(new BufferedOutputStream(bytes, 1 << 16),
            false, StandardCharsets.UTF_8), 80, now::get);

    private String drawn() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Typed in a terminal with stderr to a file ({@code jace train ... 2>train.log}), the log gets a line per epoch
     * and no redrawn progress line, though stdin and stdout are the terminal; with only stdout to a file, the terminal
     * gets the progress line. Here without a launcher (as a Java API user or a test runs jace), so as /proc says.
     */
    @Test
    void progressGoesWhereStderrIsATerminalAndEpochLinesWhereItIsNot(@TempDir Path dir) throws Exception {
        assumeTrue(CliRuns.hasScript(), "script(1) is not installed, so no terminal to run jace in");
        List<String> train = List.of("train", "--task", "teacher", "--method", "strict", "--size", "9", "--train",
                "8", "--test", "4", "--batch", "4", "--epochs", "2", "--out");
        Path log = dir.resolve("train.log");
        String terminal = CliRuns.inTerminal(CliRuns.shellLine(CliRuns.javaCommand(concat(train, dir.resolve("a"))))
                + " 2>" + CliRuns.shellLine(List.of(log.toString())));
        String logged = Files.readString(log);
        assertTrue(logged.contains("strict seed 0: epoch 1/2, train loss ") && logged.contains("epoch 2/2"), logged);
        assertFalse(logged.contains("\r"), logged);
        assertFalse(terminal.contains("epoch 1/2") || terminal.contains("] 100% loss"), terminal);

        terminal = CliRuns.inTerminal(CliRuns.shellLine(CliRuns.javaCommand(concat(train, dir.resolve("b"))))
                + " >" + CliRuns.shellLine(List.of(dir.resolve("out.txt").toString())));
        assertTrue(terminal.contains("] 100% loss"), terminal);
        assertFalse(terminal.contains("epoch 1/2"), terminal);
    }

    /** The launcher's word first, then where stderr leads, and the console only where neither is known. */
    @Test
    void stderrIsATerminalAsTheLauncherSaysElseAsItsDeviceElseAsTheConsole() {
        BooleanSupplier unasked = () -> {
            throw new AssertionError("the console asked though stderr is known");
        };
        Optional<String> pts = Optional.of("/dev/pts/3");
        assertTrue(TerminalLine.stderrIsTerminal("true", Optional.of("/tmp/train.log"), unasked));
        assertFalse(TerminalLine.stderrIsTerminal("false", pts, unasked));
        assertTrue(TerminalLine.stderrIsTerminal(null, pts, unasked));
        assertTrue(TerminalLine.stderrIsTerminal("yes", Optional.of("/dev/tty1"), unasked), "not the launcher's");
        assertFalse(TerminalLine.stderrIsTerminal(null, Optional.of("/tmp/train.log"), unasked));
        assertFalse(TerminalLine.stderrIsTerminal(null, Optional.of("pipe:[81723]"), unasked));
        assertFalse(TerminalLine.stderrIsTerminal(null, Optional.of("/dev/null"), unasked));
        assertTrue(TerminalLine.stderrIsTerminal(null, Optional.empty(), () -> true));
        assertFalse(TerminalLine.stderrIsTerminal(null, Optional.empty(), () -> false));
    }

    /** The launcher's width first, then COLUMNS, each where it is a positive number, else 80 columns. */
    @Test
    void theWidthIsTheLaunchersElseColumnsElseEighty() {
        assertEquals(132, TerminalLine.columns("132", "100"));
        assertEquals(100, TerminalLine.columns(null, "100"));
        assertEquals(100, TerminalLine.columns("", "100"), "the launcher found no width");
        assertEquals(100, TerminalLine.columns("0", " 100 "));
        assertEquals(80, TerminalLine.columns("-5", "wide"));
        assertEquals(80, TerminalLine.columns(null, null));
    }

    /** A text wider than the terminal would wrap, and the next drawing could not go back over its first part. */
    @Test
    void aDrawingIsCutOneColumnShortOfTheTerminalsWidth() {
        TerminalLine narrow = new TerminalLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), 10, now::get);
        assertEquals(9, narrow.width());
        narrow.draw("loading the plume data ...", true);
        narrow.draw("ace", true);
        assertEquals("\rloading t\race      ", drawn());
        assertEquals(1, new TerminalLine(new PrintStream(bytes), 1, now::get).width());
    }

    /**
     * The launchers' stderr-terminal.sh, under a terminal of 57 columns: its width, unless COLUMNS says otherwise; no
     * width where stderr is not a terminal.
     */
    @Test
    void theLauncherFindsTheWidthOfTheTerminalThatStderrIs(@TempDir Path dir) throws Exception {
        Path typescript = dir.resolve("typescript");
        Path input = Files.createFile(dir.resolve("input"));
        Path versionOutput = dir.resolve("version");
        boolean hasScript;
        try {
            hasScript = new ProcessBuilder("script", "--version").redirectErrorStream(true)
                    .redirectOutput(versionOutput.toFile()).start().waitFor() == 0;
        } catch (IOException e) {
            hasScript = false;
        }
        assumeTrue(hasScript, "script(1) is not installed, so no terminal to run the launcher's script in");
        Path sh = Path.of(TerminalLine.class.getResource("bundle/bin/lib/stderr-terminal.sh").toURI());
        String say = "bash -c " + CliRuns.shellLine(List.of("set -euo pipefail; . " + CliRuns.shellLine(List.of(
                sh.toString())) + "; printf '<%s %s>' \"$stderr_tty\" \"$stderr_columns\""));
        // COLUMNS of no width (0, a leading zero, past 9999) is passed over for the terminal's own, as "wide" is.
        String command = "stty cols 57; " + say + "; COLUMNS=132 " + say + "; COLUMNS=wide " + say + "; COLUMNS=0 "
                + say + "; COLUMNS=00 " + say + "; COLUMNS=99999999999 " + say + "; " + say + " 2>"
                + CliRuns.shellLine(List.of(dir.resolve("err").toString()));
        Process script = new ProcessBuilder("script", "-qec", command, typescript.toString()).redirectErrorStream(true)
                .redirectInput(input.toFile()).start();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, script.waitFor(), output);
        assertEquals("<true 57><true 132><true 57><true 57><true 57><true 57><false >",
                output.replaceAll("[\r\n]", ""));
    }

    private static List<String> concat(List<String> words, Path last) {
        List<String> all = new ArrayList<>(words);
        all.add(last.toString());
        return all;
    }

    @Test
    void aShorterDrawingCoversTheRestOfTheLongerOneWithSpaces() {
        now.set(START + 200 * MILLI);
        line.draw("evaluating 10/20", false);
        now.addAndGet(200 * MILLI);
        line.draw("step 3", false);
        now.addAndGet(200 * MILLI);
        line.draw("step 4", false);
        assertEquals("\revaluating 10/20\rstep 3          \rstep 4", drawn());
    }

    @Test
    void drawsOnceIn200MillisecondsUnlessForced() {
        now.set(START + 199 * MILLI);
        line.draw("a", false);
        assertEquals("", drawn(), "199 ms after the line was made");
        now.set(START + 200 * MILLI);
        line.draw("b", false);
        now.set(START + 399 * MILLI);
        line.draw("c", false);
        line.draw("d", true);
        now.set(START + 598 * MILLI);
        line.draw("e", false);
        assertEquals("\rb\rd", drawn());
    }

    @Test
    void closingEndsADrawnLineOnceAndLeavesAnUndrawnOneAlone() {
        line.close();
        assertEquals("", drawn());
        line.draw("done", true);
        line.close();
        line.close();
        assertEquals("\rdone" + System.lineSeparator(), drawn());
    }

    @Test
    void clearingBlanksTheLastDrawingAndLeavesNothingToEnd() {
        line.clear();
        assertEquals("", drawn());
        line.draw("loading the plume data ...", true);
        line.clear();
        line.close();
        assertEquals("\rloading the plume data ...\r" + " ".repeat(26) + "\r", drawn());
        line.draw("ace", true);
        assertEquals("\rloading the plume data ...\r" + " ".repeat(26) + "\r\race", drawn(), "drawn afresh");
    }

    @Test
    void anEmptyDrawingIsALineToEndToo() {
        line.draw("", true);
        line.close();
        assertEquals("\r" + System.lineSeparator(), drawn());
    }
}
