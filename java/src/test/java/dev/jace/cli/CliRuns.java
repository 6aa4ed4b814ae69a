package dev.jace.cli;

import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The jace CLI run by tests: in this JVM, or in a child JVM (to signal or limit it). */
final class CliRuns {

    private CliRuns() {
    }

    /** What a run of the CLI in this JVM printed, and its exit code. */
    record Output(int exitCode, String out, String err) {
    }

    /** Runs {@code Main args} in this JVM. */
    static Output inThisJvm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.commandLine(new PrintWriter(out), new PrintWriter(err), false).execute(args);
        return new Output(exitCode, out.toString(), err.toString());
    }

    /** jace's command line as this JVM would run it, its output discarded: for its specs, help texts and parsing. */
    static CommandLine discardingOutput() {
        return Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false);
    }

    /** jace's command and its subcommands, at every depth, as this JVM would run them, their output discarded. */
    static List<CommandLine> commandTree() {
        List<CommandLine> commands = new ArrayList<>();
        addWithSubcommands(discardingOutput(), commands);
        return commands;
    }

    private static void addWithSubcommands(CommandLine command, List<CommandLine> commands) {
        commands.add(command);
        command.getSubcommands().values().forEach(sub -> addWithSubcommands(sub, commands));
    }

    /** Runs {@code Main command more} in this JVM and asserts that it succeeds (its stderr is the message if not). */
    static void succeeds(List<String> command, String... more) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of(more));
        Output output = inThisJvm(args.toArray(String[]::new));
        assertEquals(0, output.exitCode(), output.err());
    }

    /** Starts {@code Main args} in a child JVM with this test's class path, its output going to {@code log}. */
    static Process startChild(List<String> args, Path log) throws IOException {
        return start(javaCommand(args), log);
    }

    /**
     * Runs {@code Main args} in a child JVM that cannot write files beyond {@code kib} KiB (bash's ulimit -f; the JVM
     * ignores SIGXFSZ, so such a write fails with EFBIG, "File too large", as on a full disk); its exit code.
     */
    static int runWithFileSizeLimit(List<String> args, long kib, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -f " + kib + " && exec \"$@\"", "bash"));
        command.addAll(javaCommand(args));
        return run(command, log);
    }

    /** Runs {@code command}, its output going to {@code log}; its exit code, failing if it is not done in 120 s. */
    static int run(List<String> command, Path log) throws Exception {
        Process child = start(command, log);
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("not done in 120 s:\n" + Files.readString(log));
        }
        return child.exitValue();
    }

    /** jace's Main in a child JVM with this one's class path and locale (the build's tests run in Turkish). */
    static List<String> javaCommand(List<String> args) {
        return javaCommand(List.of(), args);
    }

    /** {@link #javaCommand(List)} with {@code jvmOptions} added to the JVM's. */
    static List<String> javaCommand(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Duser.language=" + System.getProperty("user.language"),
                "-Duser.country=" + System.getProperty("user.country")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return command;
    }

    /** Whether script(1), which runs a command in a terminal of its own, is installed (CI machines may lack it). */
    static boolean hasScript() {
        try {
            return new ProcessBuilder("script", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Runs the shell command {@code shellCommand} under script(1), so with a terminal as its stdin, stdout and
     * stderr but where it redirects them, and returns what it wrote to that terminal; fails unless it succeeds in
     * 120 s.
     */
    static String inTerminal(String shellCommand) throws Exception {
        Process script = new ProcessBuilder("script", "-qec", shellCommand, "/dev/null").redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!script.waitFor(120, TimeUnit.SECONDS)) {
            script.destroyForcibly();
            throw new AssertionError("not done in 120 s: " + shellCommand + "\n" + output);
        }
        assertEquals(0, script.exitValue(), shellCommand + "\n" + output);
        return output;
    }

    /** {@code words} as one shell command line, each word single-quoted. */
    static String shellLine(List<String> words) {
        return String.join(" ", words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList());
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
