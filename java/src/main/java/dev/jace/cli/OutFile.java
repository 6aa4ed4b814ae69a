package dev.jace.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;

/** A file a command writes when its work is done, checked before the work so that a mistyped path costs no run. */
final class OutFile {

    private OutFile() {
    }

    /**
     * Refuses {@code file}, the value of {@code option}, as bad usage (exit code 2) unless it can be written: its
     * folder exists and is writable, and it is not itself a folder. A device or FIFO is written in place, so it is
     * the file that must be writable, not its folder (/dev).
     */
    static void check(CommandLine command, String option, Path file) {
        if (file.toString().isEmpty()) {
            throw new ParameterException(command, option + " must name a file, got ''");
        }
        if (Files.isDirectory(file)) {
            throw new ParameterException(command, option + " " + file + " is a folder; give the file to write");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            if (!Files.isWritable(file)) {
                throw new ParameterException(command, option + " " + file + ": cannot write to it (permission"
                        + " denied); choose another path");
            }
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.exists(folder)) {
            throw new ParameterException(command, option + " " + file + ": no such folder " + folder
                    + "; create it first or choose another path");
        }
        if (!Files.isDirectory(folder)) {
            throw new ParameterException(command, option + " " + file + ": " + folder + " is not a folder; choose"
                    + " another path");
        }
        if (!Files.isWritable(folder)) {
            throw new ParameterException(command, option + " " + file + ": cannot write in " + folder
                    + " (permission denied); choose another path");
        }
    }
}
