package dev.jace.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What train and compare may do with their {@code --out} folder, decided before any work: a new or empty folder is
 * written; one holding the command's previous output only with {@code --resume} (continue it) or {@code --force}
 * (remove that output first, keeping other files); any other non-empty folder never, so that a mistyped path cannot
 * mix two runs or lose files.
 */
record OutFolder(Path out, Outputs kind, Action action) {

    enum Action {
        /** Nothing there yet. */
        CREATE,
        /** --resume of a previous output. */
        CONTINUE,
        /** --resume with nothing to resume in an existing folder: a new start, said on stderr. */
        START_OVER,
        /** --force over a previous output: its files are removed before the new output is written. */
        REPLACE
    }

    /** The plan for {@code out}; a refusal is an {@link IllegalArgumentException} that names the way out. */
    static OutFolder plan(CommandLine command, Path out, Outputs kind, boolean resume, boolean force)
            throws IOException {
        if (resume && force) {
            throw new ParameterException(command, "--resume and --force exclude each other: --resume continues the"
                    + " previous output in --out, --force replaces it");
        }
        if (!Files.exists(out)) {
            if (Files.isSymbolicLink(out)) {
                throw new IllegalArgumentException(out + " is a link to " + Files.readSymbolicLink(out) + ", which does"
                        + " not exist; create that folder first, or choose another --out");
            }
            if (resume) {
                throw new IllegalArgumentException("nothing to resume: " + out + " does not exist; check --out, or"
                        + " leave out --resume to start a new " + noun(kind));
            }
            return new OutFolder(out, kind, Action.CREATE);
        }
        if (!Files.isDirectory(out)) {
            throw new IllegalArgumentException(out + " exists and is not a folder; choose another --out");
        }
        if (OutFolderLock.holdsNothingElse(out)) {
            return new OutFolder(out, kind, resume ? Action.START_OVER : Action.CREATE);
        }
        if (kind.foundIn(out)) {
            if (resume) {
                boolean nothingToResume = kind == Outputs.RUN && !Files.isRegularFile(Outputs.checkpointState(out));
                if (nothingToResume) {
                    Outputs.requireNothingLostToResume(out);
                }
                return new OutFolder(out, kind, nothingToResume ? Action.START_OVER : Action.CONTINUE);
            }
            if (force) {
                return new OutFolder(out, kind, Action.REPLACE);
            }
            throw new IllegalArgumentException(out + " already holds " + kind.description() + "; --resume continues"
                    + " it, --force replaces it (removing its files first), or choose another --out");
        }
        for (Outputs other : Outputs.values()) {
            if (other != kind && other.foundIn(out)) {
                throw new IllegalArgumentException(out + " holds " + other.description() + ", not "
                        + kind.description() + "; choose another --out (--resume and --force apply to "
                        + kind.description() + " only)");
            }
        }
        throw new IllegalArgumentException(out + " is not empty and holds no jace output; choose a new or empty"
                + " folder for --out (--resume and --force apply to " + kind.description() + " only)");
    }

    /** Whether the command continues the previous output. */
    boolean resume() {
        return action == Action.CONTINUE;
    }

    /**
     * {@link #prepare} as the action a run takes before it writes, done by the first of several runs only: the runs
     * call it once their model and trainer are built, so that settings or data these refuse leave a replaced output.
     * It locks the folder first ({@link OutFolderLock}), until the preparation is closed at the command's end.
     */
    Preparation preparation(PrintWriter err) {
        return new Preparation(err);
    }

    /** The folder's preparation and, once it has run, the folder's lock. */
    final class Preparation implements TrainingRun.BeforeWriting, AutoCloseable {
        private final PrintWriter err;
        private Optional<OutFolderLock> lock = Optional.empty();

        private Preparation(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void run() throws IOException {
            if (lock.isEmpty()) {
                // A compare rewrites or removes its runs/ folders, where a train may be writing already.
                List<Path> writtenIn = kind == Outputs.COMPARE ? List.of(out.resolve(Outputs.RUNS)) : List.of();
                lock = Optional.of(OutFolderLock.acquire(out, writtenIn));
                lock.get().unlockedBecause().ifPresent(why -> err.println("jace: warning: cannot lock " + out + " ("
                        + why + "); another jace process could write it at the same time"));
                requireAsPlanned();
                prepare(err);
            }
        }

        @Override
        public void close() throws IOException {
            if (lock.isPresent()) {
                lock.get().close();
            }
        }
    }

    /**
     * The folder was planned for when the command started, and locked only now, before its first write: a folder that
     * another command has written since, where this one found nothing to keep, is refused rather than removed.
     */
    private void requireAsPlanned() throws IOException {
        boolean unchanged = switch (action) {
            case CREATE -> OutFolderLock.holdsNothingElse(out);
            case START_OVER -> kind == Outputs.RUN ? !Files.exists(Outputs.checkpointState(out))
                    : OutFolderLock.holdsNothingElse(out);
            case CONTINUE, REPLACE -> true;
        };
        if (!unchanged) {
            throw new IllegalArgumentException(out + " was written by another jace command while this one was getting"
                    + " ready; run this command again to decide on the folder as it is now");
        }
    }

    /** Makes the folder ready: removes a replaced output, or says on {@code err} that nothing was there to resume. */
    private void prepare(PrintWriter err) throws IOException {
        switch (action) {
            case REPLACE -> kind.removeFrom(out);
            case CONTINUE -> kind.removeLeftovers(out);
            case START_OVER -> err.println("jace: " + (kind == Outputs.RUN ? "no checkpoint in " + out
                    : "nothing to resume in " + out) + ": starting a new " + noun(kind));
            case CREATE -> {
            }
        }
        err.flush();
    }

    private static String noun(Outputs kind) {
        return kind == Outputs.RUN ? "run" : "compare";
    }
}
