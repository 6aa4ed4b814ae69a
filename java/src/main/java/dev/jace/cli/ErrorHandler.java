package dev.jace.cli;

import dev.jace.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.function.BooleanSupplier;

/**
 * Reports a failed command as one line, {@code jace: <message>}, and exit code 1; a train or compare that failed to
 * write, ran out of memory or failed in a GPU call, or a train that diverged, adds a second, on what it kept
 * ({@link ResumeHint.Failure}). Bad arguments, I/O errors, a diverged training run and a full heap are the user's to
 * fix, so they get no stack trace unless {@code verbose}; anything else may be a bug and gets one (a failed GPU call
 * too: the device, the driver or jace's own launch).
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    private final BooleanSupplier verbose;

    ErrorHandler(BooleanSupplier verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        Throwable error = ex instanceof ResumeHint.Failure failure ? failure.getCause() : ex;
        Throwable cause = error instanceof UncheckedIOException unchecked ? unchecked.getCause() : error;
        boolean expected = cause instanceof IllegalArgumentException || cause instanceof IOException
                || cause instanceof TrainingDivergedException || cause instanceof OutOfMemoryError;
        PrintWriter err = commandLine.getErr();
        err.println("jace: " + message(error));
        if (ex instanceof ResumeHint.Failure failure) {
            err.println("jace: " + failure.hint());
        }
        if (!expected || verbose.getAsBoolean()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnExecutionException();
    }

    private static String message(Throwable error) {
        if (error instanceof OutOfMemoryError) {
            return Main.outOfMemory(Runtime.getRuntime().maxMemory());
        }
        if (error instanceof UncheckedIOException unchecked) {
            // Made from the cause alone, its message is the cause's toString; one of its own says what was being done.
            String cause = message(unchecked.getCause());
            return unchecked.getMessage().equals(unchecked.getCause().toString()) ? cause
                    : unchecked.getMessage() + ": " + cause;
        }
        if (error instanceof FileSystemException file && file.getReason() == null) {
            // The JDK's common file exceptions carry only the path; say what went wrong with it.
            return file.getFile() + ": " + switch (file) {
                case NoSuchFileException e -> "no such file or directory";
                case AccessDeniedException e -> "permission denied";
                case FileAlreadyExistsException e -> "already exists";
                case NotDirectoryException e -> "not a directory";
                case DirectoryNotEmptyException e -> "directory not empty";
                default -> file.getClass().getSimpleName();
            } + (file.getOtherFile() == null ? "" : " (" + file.getOtherFile() + ")");
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }
}
