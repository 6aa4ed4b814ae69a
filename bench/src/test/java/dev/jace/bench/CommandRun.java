package dev.jace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** An external command's exit code and its standard output and error together, as the bench tests run them. */
record CommandRun(int exitCode, String output) {

    /**
     * Runs {@code command} in {@code dir}; its output goes to a file, so that a hung one still times out (an
     * {@link IOException} naming it, with what it printed). A command that cannot start throws IOException too.
     */
    static CommandRun run(Path dir, int seconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("bench-command", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " ran over " + seconds + " s:\n"
                        + Files.readString(log));
            }
            return new CommandRun(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
