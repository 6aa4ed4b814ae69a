package dev.jace.cli;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool (git, objcopy) to its end within a time limit. Its output goes to a temporary file, not a pipe read
 * here, so that a hung tool still meets the limit.
 */
final class ChildProcess {

    record Result(int exitCode, String output) {
    }

    private ChildProcess() {
    }

    /**
     * Runs {@code command}, its stderr in the output where {@code withErrors} and discarded otherwise; empty where it
     * cannot be started (not installed). A run over {@code seconds} is killed and, as an interrupted wait, an
     * IOException naming the command.
     */
    static Optional<Result> run(List<String> command, boolean withErrors, int seconds) throws IOException {
        Path log = Files.createTempFile("jace-" + Path.of(command.getFirst()).getFileName(), ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(log.toFile());
            if (withErrors) {
                builder.redirectErrorStream(true);
            } else {
                builder.redirectError(Redirect.DISCARD);
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return Optional.empty();
            }
            try {
                if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(String.join(" ", command) + " ran over " + seconds + " s");
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + String.join(" ", command), e);
            }
            return Optional.of(new Result(process.exitValue(),
                    new String(Files.readAllBytes(log), StandardCharsets.UTF_8)));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
