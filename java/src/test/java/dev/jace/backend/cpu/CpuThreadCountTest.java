package dev.jace.backend.cpu;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CPU results do not depend on the thread count: the ops that split their work give this JVM's serial bits in child
 * JVMs that see one and eight processors, run in parallel there and serially, not only at the build machine's core
 * count. A split chosen from the processor count is the same in a serial and a parallel run of one JVM, hence the
 * children.
 */
class CpuThreadCountTest {

    @Test
    void oneAndEightProcessorsGiveTheSerialBitsOfThisJvm() throws Exception {
        Map<String, Integer> reference = new LinkedHashMap<>();
        CpuParallel.serially(() -> reference.putAll(CpuThreadCountWorkload.hashes()));
        for (int processors : new int[] {1, 8}) {
            List<String> lines = runChild(processors);
            assertEquals("helpers " + (processors - 1), lines.getFirst(), "at " + processors + " processors");
            List<String> names = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                int serialAt = line.lastIndexOf(' ');
                int parallelAt = line.lastIndexOf(' ', serialAt - 1);
                String name = line.substring(0, parallelAt);
                names.add(name);
                String expected = String.valueOf(reference.get(name));
                assertEquals(expected, line.substring(parallelAt + 1, serialAt), name + " in parallel at "
                        + processors + " processors");
                assertEquals(expected, line.substring(serialAt + 1), name + " serially at " + processors
                        + " processors");
            }
            assertEquals(List.copyOf(reference.keySet()), names, "at " + processors + " processors");
        }
    }

    /** The workload's output lines in a child JVM that sees {@code processors} processors. */
    private static List<String> runChild(int processors) throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-XX:ActiveProcessorCount=" + processors, "-cp", System.getProperty("java.class.path"),
                CpuThreadCountWorkload.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        child.getOutputStream().close();
        // stderr goes to this test's log, so that JVM notes (JAVA_TOOL_OPTIONS) do not mix into the results
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not end:\n" + output);
        assertEquals(0, child.exitValue(), output);
        return output.lines().toList();
    }
}
