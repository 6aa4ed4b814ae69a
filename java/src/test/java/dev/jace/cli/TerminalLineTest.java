package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TerminalLineTest {

    private static final long MILLI = 1_000_000L;

    private static final long START = 5_000 * MILLI;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong(START);
    /** Buffered, so that what the line does not flush is not seen: a drawing must reach the terminal at once. */
    private final TerminalLine line = new TerminalLine(new PrintStream(new BufferedOutputStream(bytes, 1 << 16),
            false, StandardCharsets.UTF_8), now::get);

    private String drawn() {
        return bytes.toString(StandardCharsets.UTF_8);
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
