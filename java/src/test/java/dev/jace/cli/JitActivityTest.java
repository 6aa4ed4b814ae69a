package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class JitActivityTest {

    /** utime and stime are fields 14 and 15, counted after the last ')': a name's own parentheses do not shift them. */
    @Test
    void readsUserAndSystemTicksPastTheThreadName() {
        String rest = " S 1 1 1 0 -1 4194624 17 0 0 0 7 5 0 0 20 0 20 0 100 0 0";
        assertEquals(12, JitActivity.cpuTicks("4242 (C2 CompilerThre)" + rest));
        assertEquals(12, JitActivity.cpuTicks("4243 (odd) name) )" + rest));
    }

    /**
     * A JVM that has started JUnit has compiled for a while: its compiler threads' ticks are above 0 (32–34 ticks of
     * 10 ms in a JVM that ran this class alone), and they do not go back.
     */
    @Test
    void findsHotSpotsCompilerThreadsOnLinux() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "not Linux: no /proc/self/task to read");
        var ticks = JitActivity.compilerTicks();
        assertTrue(ticks.isPresent(), "no thread named '... CompilerThread' in /proc/self/task");
        long first = ticks.get().getAsLong();
        assertTrue(first > 0 && ticks.get().getAsLong() >= first, "compiler ticks " + first);
    }

    /**
     * The kernel keeps a thread's name cut at 15 bytes, here in the middle of an 'é' (two bytes in UTF-8): reading it
     * as UTF-8 failed (MalformedInputException), which hid the compiler threads from the first read and, on a later
     * one, ended jace bench. A thread that ends between the open and the read of its file ("No such process") is the
     * same failure: the thread is skipped.
     */
    @Test
    void aThreadNameCutInsideACharacterIsSkipped() throws InterruptedException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "not Linux: no /proc/self/task to read");
        CountDownLatch end = new CountDownLatch(1);
        Thread named = new Thread(() -> {
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9-worker");
        named.start();
        try {
            var ticks = JitActivity.compilerTicks();
            assertTrue(ticks.isPresent(), "the compiler threads were not found beside a thread whose name is cut");
            long first = ticks.get().getAsLong();
            assertTrue(ticks.get().getAsLong() >= first);
        } finally {
            end.countDown();
            named.join();
        }
    }
}
