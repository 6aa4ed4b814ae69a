package dev.jace.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs python3 for optional interoperability checks; {@link #missing} tells a test why to skip. */
final class Python {

    private Python() {
    }

    /** Why {@code module} cannot be imported by python3, or null when it can. */
    static String missing(String module) {
        try {
            Result r = run("import " + module);
            return r.exitCode() == 0 ? null : "python3 cannot import " + module + ": " + r.output().strip();
        } catch (IOException e) {
            return "python3 is not available: " + e.getMessage();
        }
    }

    record Result(int exitCode, String output) {
    }

    static Result run(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("python3 timed out");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
