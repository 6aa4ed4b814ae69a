package dev.jace.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file that could be read but whose content is malformed or unsupported. The message names the file. */
public final class FileFormatException extends IOException {

    private final transient Path file;
    private final String problem;

    public FileFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    public FileFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** What was wrong, without the file's name. */
    public String problem() {
        return problem;
    }
}
