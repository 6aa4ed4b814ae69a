package dev.jace.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;

/**
 * The {@code jace} command. A subcommand is a picocli {@code @Command} class listed in {@code subcommands}; each
 * inherits {@code --help} and {@code --version}.
 * Exit codes: 0 success, 1 error ({@code jace: <message>} on stderr, also where standard output could not be written),
 * 2 bad usage (message and usage on stderr).
 */
@Command(name = "jace", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Approximately equivariant networks by constrained optimization.",
        subcommands = {
                VersionCommand.class,
                BundleCommand.class,
                SelfTestCommand.class,
                InfoCommand.class,
                TrainCommand.class,
                CompareCommand.class,
                EvalCommand.class,
                PredictCommand.class,
                BenchCommand.class,
                GpuReportCommand.class,
                CpuReportCommand.class,
                HelpCommand.class,
        })
public final class Main implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error (also with JACE_DEBUG set).")
    boolean verbose;

    public static void main(String[] args) {
        PrintWriter out = new StandardOutput(new FileOutputStream(FileDescriptor.out), System.out.charset());
        PrintWriter err = new PrintWriter(System.err, true);
        int code;
        try {
            code = commandLine(out, err, System.getenv("JACE_DEBUG") != null).execute(args);
        } catch (OutOfMemoryError e) {
            // An Error passes picocli's handler; without this the JVM prints a bare "Exception in thread main".
            err.println("jace: " + outOfMemory(Runtime.getRuntime().maxMemory()));
            code = 1;
        }
        // jace prints through out alone; a library writing to System.out directly is checked too.
        System.out.flush();
        if (System.out.checkError()) {
            err.println(StandardOutput.message("the write failed"));
            code = Math.max(code, 1);
        }
        System.exit(code);
    }

    static String outOfMemory(long maxHeapBytes) {
        return "out of memory: the Java heap (at most " + maxHeapBytes / (1 << 20) + " MiB) cannot hold this "
                + "run's data; use smaller --train, --test or --size (fashion-mnist: --subset) (train, compare, eval),"
                + " --batch (train, compare, eval, predict) or --probe-samples (train, compare: 'all' runs the whole"
                + " batch once per group element), or a larger heap, e.g. JACE_JAVA_OPTS=-Xmx16g bin/jace ...";
    }

    /** The configured command line; {@code debug} prints stack traces for every error. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean debug) {
        Main main = new Main();
        CommandLine commandLine = new CommandLine(main);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(new ErrorHandler(() -> debug || main.verbose));
        commandLine.setParameterExceptionHandler(Main::badUsage);
        commandLine.setExecutionStrategy(parseResult -> checkedOutput(new CommandLine.RunLast().execute(parseResult),
                commandLine.getOut(), commandLine.getErr()));
        return commandLine;
    }

    /**
     * {@code code}, or 1 where {@code out} could not be written, which is said on {@code err}: results lost to a full
     * disk or a closed pipe would otherwise pass for an empty success.
     */
    private static int checkedOutput(int code, PrintWriter out, PrintWriter err) {
        String failure = StandardOutput.failure(out);
        if (failure == null) {
            return code;
        }
        err.println(StandardOutput.message(failure));
        err.flush();
        return Math.max(code, 1);
    }

    /**
     * Bad flags or commands: the message, any "did you mean" suggestion and where the help is (the help itself is a
     * hundred lines that would bury the message); exit code 2.
     */
    private static int badUsage(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        String name = command.getCommandSpec().qualifiedName();
        boolean commands = !command.getSubcommands().isEmpty();
        err.println("Usage: " + name + (commands ? " COMMAND" : "") + " [OPTIONS]; '" + name + " --help' lists the "
                + (commands ? "commands" : "options"));
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
