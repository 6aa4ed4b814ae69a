package dev.jace.cli;

import java.io.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One stderr line that redraws itself in place, at most every 200 ms unless a drawing is forced; closing it ends the
 * line, so that what is printed next starts on a new one.
 */
final class TerminalLine implements AutoCloseable {

    private static final long REDRAW_NANOS = 200_000_000L;
    /** The system property in which the launchers say whether stderr is a terminal ({@code [ -t 2 ]}). */
    static final String STDERR_TTY = "jace.stderr.tty";

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

    /** Where progress goes: stderr where it is a terminal and not {@code quiet}, else nowhere. */
    static PrintStream stream(boolean quiet) {
        return !quiet && isTerminal() ? System.err : new PrintStream(OutputStream.nullOutputStream());
    }

    /** Whether this process's stderr, where progress goes, is a terminal. */
    static boolean isTerminal() {
        return stderrIsTerminal(System.getProperty(STDERR_TTY), stderrTarget(), () -> {
            Console console = System.console();
            return console != null && console.isTerminal();
        });
    }

    /**
     * Whether stderr is a terminal: as the launcher says ({@code launcher} "true" or "false"), else as the file that
     * stderr is ({@code target}, a terminal device /dev/pts/N or /dev/tty*), else, where that is unknown (no /proc),
     * as the {@code console} says, though from JDK 22 on it looks at stdin and stdout instead.
     */
    static boolean stderrIsTerminal(String launcher, Optional<String> target, BooleanSupplier console) {
        if ("true".equals(launcher) || "false".equals(launcher)) {
            return Boolean.parseBoolean(launcher);
        }
        return target.map(t -> t.startsWith("/dev/pts/") || t.startsWith("/dev/tty"))
                .orElseGet(console::getAsBoolean);
    }

    /** Where /proc/self/fd/2 leads (a file, a device, "pipe:[N]"), or empty where there is no such link. */
    private static Optional<String> stderrTarget() {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
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
