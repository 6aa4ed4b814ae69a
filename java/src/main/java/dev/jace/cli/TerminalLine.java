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
 * One stderr line that redraws itself in place, at most every 200 ms unless a drawing is forced, never wider than
 * the terminal; closing it ends the line, so that what is printed next starts on a new one.
 */
final class TerminalLine implements AutoCloseable {

    private static final long REDRAW_NANOS = 200_000_000L;
    /** The system property in which the launchers say whether stderr is a terminal ({@code [ -t 2 ]}). */
    static final String STDERR_TTY = "jace.stderr.tty";
    /**
     * The system property in which the launchers give stderr's terminal width in columns, where they found it
     * (bin/lib/stderr-terminal.sh): the JVM has no call that asks a terminal its size.
     */
    static final String STDERR_COLUMNS = "jace.stderr.columns";
    /** The terminal width taken where neither the launcher nor COLUMNS gives one. */
    static final int DEFAULT_COLUMNS = 80;

    private final PrintStream err;
    private final LongSupplier clock;
    private final int columns;
    private long lastDraw;
    /** The length of the last drawing, which a shorter one overwrites with spaces. */
    private int drawnLength = -1;

    /** {@code clock} gives nanoseconds, as {@link System#nanoTime}. */
    TerminalLine(PrintStream err, LongSupplier clock) {
        this(err, columns(), clock);
    }

    /** A line on a terminal {@code columns} wide. */
    TerminalLine(PrintStream err, int columns, LongSupplier clock) {
        this.err = err;
        this.clock = clock;
        this.columns = columns;
        this.lastDraw = clock.getAsLong();
    }

    /** The width of the terminal that stderr is, in columns. */
    static int columns() {
        return columns(System.getProperty(STDERR_COLUMNS), System.getenv("COLUMNS"));
    }

    /**
     * The terminal's width: as the launcher says ({@code launcher}), else as the environment's COLUMNS says
     * ({@code environment}; where jace runs without its launcher), else {@link #DEFAULT_COLUMNS}; each only where it
     * is a positive whole number.
     */
    static int columns(String launcher, String environment) {
        return positive(launcher).or(() -> positive(environment)).orElse(DEFAULT_COLUMNS);
    }

    private static Optional<Integer> positive(String columns) {
        try {
            return Optional.ofNullable(columns).map(c -> Integer.parseInt(c.strip())).filter(c -> c > 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The most characters a drawing shows: one short of the terminal's width, since some terminals wrap as soon as
     * the last column is written, and the carriage return would then go to the start of the next line instead.
     */
    int width() {
        return Math.max(1, columns - 1);
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

    /**
     * Draws {@code text} in place of the line's last drawing, where {@code force} or {@link #due()}; cut to
     * {@link #width()}, as a wider line would wrap and could not be drawn over (callers fit it more gracefully first).
     */
    void draw(String text, boolean force) {
        if (!force && !due()) {
            return;
        }
        String shown = text.length() <= width() ? text : text.substring(0, width());
        lastDraw = now();
        err.print("\r" + shown + " ".repeat(Math.max(0, drawnLength - shown.length())));
        err.flush();
        drawnLength = shown.length();
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
