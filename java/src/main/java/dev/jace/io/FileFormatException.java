package dev.jace.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file that could be read but whose content is malformed or unsupported. The message names the file. */
public final class FileFormatException extends IOException {

    private final transient Path file;

    public FileFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public FileFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
