package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

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

    @Test
    void findsHotSpotsCompilerThreadsOnLinux() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "not Linux: no /proc/self/task to read");
        var ticks = JitActivity.compilerTicks();
        assertTrue(ticks.isPresent(), "no thread named '... CompilerThread' in /proc/self/task");
        long first = ticks.get().getAsLong();
        assertTrue(first >= 0 && ticks.get().getAsLong() >= first);
    }
}
