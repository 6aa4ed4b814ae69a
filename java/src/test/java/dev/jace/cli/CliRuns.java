package dev.jace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The jace CLI run by tests that interrupt it: in a child JVM (to signal it), or in this one. */
final class CliRuns {

    private CliRuns() {
    }

    /** Runs {@code Main command more} in this JVM and asserts that it succeeds (its stderr is the message if not). */
    static void succeeds(List<String> command, String... more) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of(more));
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err), false)
                .execute(args.toArray(String[]::new));
        assertEquals(0, code, err.toString());
    }

    /** Starts {@code Main args} in a child JVM with this test's class path, its output going to {@code log}. */
    static Process startChild(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
