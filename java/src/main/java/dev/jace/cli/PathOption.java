package dev.jace.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;

/**
 * Path options that refuse an empty (or blank) value when the flags are parsed: it would name the current folder, so
 * {@code --input ""} read "." ("jace: : is a folder, not an NPY file") and {@code --out ""} wrote there.
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
        return Path.of(value);
    }
}
