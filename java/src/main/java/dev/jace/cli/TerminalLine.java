package dev.jace.cli;

import java.io.Console;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * One stderr line that redraws itself in place, at most every 200 ms unless a drawing is forced; closing it ends the
 * line, so that what is printed next starts on a new one.
 */
final class TerminalLine implements AutoCloseable {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private final LongSupplier clock;
    private long lastDraw;
    /** The length of the last drawing, which a shorter one overwrites with spaces. */
    private int drawnLength = -1;

    /** {@code clock} gives nanoseconds, as {@link System#nanoTime}. */
    TerminalLine(PrintStream err, LongSupplier clock) {
        this.err = err;
        this.clock = clock;
        this.lastDraw = clock.getAsLong();
    }

    /**
     * Where progress goes: stderr where it is a terminal and not {@code quiet}, else nowhere. (From JDK 22 on,
     * System.console() may be there on redirected streams too, depending on the JDK's console provider.)
     */
    static PrintStream stream(boolean quiet) {
        return !quiet && isTerminal() ? System.err : new PrintStream(OutputStream.nullOutputStream());
    }

    /** Whether this process writes to a terminal. */
    static boolean isTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    long now() {
        return clock.getAsLong();
    }

    /** Whether a drawing now would be shown: 200 ms have passed since the last one. */
    boolean due() {
        return now() - lastDraw >= REDRAW_NANOS;
    }

    /** Draws {@code text} in place of the line's last drawing, where {@code force} or {@link #due()}. */
    void draw(String text, boolean force) {
        if (!force && !due()) {
            return;
        }
        lastDraw = now();
        err.print("\r" + text + " ".repeat(Math.max(0, drawnLength - text.length())));
        err.flush();
        drawnLength = text.length();
    }

    /** Blanks out the line's last drawing and returns to its start, so that what follows writes over it. */
    void clear() {
        if (drawnLength >= 0) {
            err.print("\r" + " ".repeat(drawnLength) + "\r");
            err.flush();
            drawnLength = -1;
        }
    }

    @Override
    public void close() {
        if (drawnLength >= 0) {
            err.println();
            err.flush();
            drawnLength = -1;
        }
    }
}
