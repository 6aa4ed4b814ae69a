package dev.jace.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The CPU time HotSpot's JIT compiler threads ("C1 CompilerThread", "C2 CompilerThread") have used, in clock ticks,
 * read from Linux's {@code /proc/self/task}: while it changes, compiles are taking cores from the op being timed (a
 * large C2 compile held one of two cores for ~200 ms, halving a two-thread convolution's pace). Where {@code /proc}
 * cannot be read it never changes, and timing falls back to its lengths alone.
 */
final class JitActivity implements LongSupplier {

    private static final Path TASKS = Path.of("/proc/self/task");
    /** The thread names as the kernel keeps them, cut to 15 characters. */
    private static final String COMPILER_THREAD = "CompilerThre";

    /**
     * Which of this process's threads are compiler threads, by thread id: a name is read once per thread, and an id
     * gone from the listing is forgotten (the kernel may give it to another thread).
     */
    private Map<String, Boolean> compilerThreads = new HashMap<>();

    private JitActivity() {
    }

    /** The compiler threads' ticks, where they can be read (Linux), each read a fresh sum. */
    static Optional<LongSupplier> compilerTicks() {
        JitActivity activity = new JitActivity();
        try {
            activity.ticks();
            return activity.compilerThreads.containsValue(true) ? Optional.of(activity) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public long getAsLong() {
        try {
            return ticks();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the JIT compiler threads' CPU time in " + TASKS, e);
        }
    }

    private long ticks() throws IOException {
        long sum = 0;
        Map<String, Boolean> listed = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String id = task.getFileName().toString();
                Boolean compiler = compilerThreads.get(id);
                if (compiler == null) {
                    String name = readOrNull(task.resolve("comm"));
                    if (name == null) {
                        continue;
                    }
                    compiler = name.contains(COMPILER_THREAD);
                }
                listed.put(id, compiler);
                if (compiler) {
                    String stat = readOrNull(task.resolve("stat"));
                    if (stat != null) {
                        sum += cpuTicks(stat);
                    }
                }
            }
        }
        compilerThreads = listed;
        return sum;
    }

    /** utime + stime, fields 14 and 15 of a stat line, counted after the command name's closing parenthesis. */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * A thread's file, or null where it cannot be read: the thread ended since the directory was listed (no such
     * file, or "No such process" where it ended between the open and the read). Read as Latin-1: the kernel cuts a
     * name at 15 bytes, which can split a UTF-8 character, and only ASCII is matched.
     */
    private static String readOrNull(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
    }
}
