package dev.jace.cli;

import java.io.PrintWriter;

/**
 * While training runs, a shutdown hook that tells a user who stopped it (Ctrl-C, SIGTERM) that the epochs done so far
 * are kept and how to continue; closed when the command ends on its own, so a normal exit prints nothing.
 */
final class ResumeHint implements AutoCloseable {

    private final Thread hook;

    private ResumeHint(Thread hook) {
        this.hook = hook;
    }

    /** {@code kept} says what was kept where, e.g. "the last epoch checkpoint is kept in runs/x/checkpoint". */
    static ResumeHint install(PrintWriter err, String kept) {
        Thread hook = new Thread(() -> {
            err.println();
            err.println("jace: interrupted; " + kept + "; the same command with --resume continues from there");
            err.flush();
        }, "jace-resume-hint");
        Runtime.getRuntime().addShutdownHook(hook);
        return new ResumeHint(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting; the hook runs, which is what an interrupted command wants.
        }
    }
}
