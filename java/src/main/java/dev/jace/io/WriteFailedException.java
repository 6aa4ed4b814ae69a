package dev.jace.io;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Writing to a file failed part-way (the disk or a quota full, a device error): the JDK's exception for that names no
 * file, this one names the file being written.
 */
public final class WriteFailedException extends FileSystemException {

    public WriteFailedException(Path file, IOException cause) {
        super(file.toString(), null, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        initCause(cause);
    }

    /**
     * {@code error}, an error of writing {@code file}, as this exception; a closed or interrupted channel is no failure
     * of the file's and is returned as it is.
     */
    static IOException of(Path file, IOException error) {
        return error instanceof ClosedChannelException ? error : new WriteFailedException(file, error);
    }

    /** Whether {@code error} or one of its causes is a failed write. */
    public static boolean isCauseOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof WriteFailedException) {
                return true;
            }
        }
        return false;
    }
}
