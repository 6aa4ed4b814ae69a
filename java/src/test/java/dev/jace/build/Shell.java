package dev.jace.build;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs the launcher scripts for their tests: in a given environment only, nothing inherited. */
final class Shell {

    /** The repository's root. */
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    record Result(int exitCode, String stdout, String stderr) {

        /** For assertion messages. */
        String output() {
            return "exit code " + exitCode + "\nstdout:\n" + stdout + "stderr:\n" + stderr;
        }
    }

    private Shell() {
    }

    /** Where {@code program} is on this JVM's PATH. */
    static Path which(String program) {
        return onPath(program).orElseThrow(() -> new IllegalStateException(program + " is not on the PATH"));
    }

    static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(folder -> !folder.isEmpty())
                .map(folder -> Path.of(folder, program)).filter(Files::isExecutable).findFirst();
    }

    /** {@code command} run in {@code workingDirectory} with {@code environment} alone, no input. */
    static Result run(List<String> command, Path workingDirectory, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("shell", ".out");
        Path err = Files.createTempFile("shell", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(command + " did not end within 60 s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
