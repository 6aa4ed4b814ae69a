package dev.jace.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;

/**
 * Path options that refuse, when the flags are parsed, an empty (or blank) value: it would name the current folder, so
 * {@code --input ""} read "." ("jace: : is a folder, not an NPY file") and {@code --out ""} wrote there; and a value
 * holding U+FFFD, which is what the JVM makes of bytes that are not UTF-8: the path would name another file
 * ({@code --output $'\xe9.npy'} wrote "\uFFFD.npy" and said so in the same glyph).
 */
final class PathOption {

    private PathOption() {
    }

    /** A file to read or write. */
    static final class File implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            return nonEmpty(value, "file");
        }
    }

    /** A folder to read or write. */
    static final class Folder implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            return nonEmpty(value, "folder");
        }
    }

    /** A run's folder or a file in it (--model). */
    static final class FileOrFolder implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            return nonEmpty(value, "folder or file");
        }
    }

    private static Path nonEmpty(String value, String kind) {
        if (value.isBlank()) {
            throw new TypeConversionException("must name a " + kind + ", got '" + value + "'");
        }
        if (value.indexOf('\uFFFD') >= 0) {
            throw new TypeConversionException("'" + value + "' holds bytes that are not UTF-8 (shown as \uFFFD), and"
                    + " jace reads its arguments as UTF-8, so it cannot name that " + kind + ": rename it with UTF-8"
                    + " characters");
        }
        return Path.of(value);
    }
}
