package dev.jace.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PyTorch driver's own tests ({@code bench/pytorch/tests}, Python's unittest) run here so that CI runs them. Most
 * need neither torch nor numpy; those that do skip where the interpreter lacks them, with the reason in the printed
 * listing. The interpreter is {@code $PYTHON}, else the first of python3 and /usr/bin/python3 with torch, as
 * parity.sh picks it, else python3.
 */
class PytorchDriverTest {

    private static final Path DRIVER = Path.of("pytorch").toAbsolutePath();

    @Test
    void theDriversUnitTestsPass() throws IOException, InterruptedException {
        String python = python();
        assumeTrue(python != null, "no python3 runs here (nor $PYTHON): the PyTorch driver's tests are not run");
        CommandRun r = CommandRun.run(DRIVER, 120, python, "-B", "-m", "unittest", "discover", "-v", "-s", "tests");
        System.out.println("bench/pytorch/tests with " + python + ":\n" + r.output());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("\nOK"), r.output());
    }

    private static String python() throws InterruptedException {
        String chosen = System.getenv("PYTHON");
        if (chosen != null && !chosen.isBlank()) {
            return chosen;
        }
        String runs = null;
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                if (CommandRun.run(DRIVER, 60, candidate, "-c", "import torch, numpy").exitCode() == 0) {
                    return candidate;
                }
                runs = runs == null ? candidate : runs;
            } catch (IOException e) {
                // not installed: the next candidate
            }
        }
        return runs;
    }
}
