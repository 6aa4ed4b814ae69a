package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Jace#check}'s exception carries the jace_last_error() of the call that failed, on the thread that made it. */
@Tag("gpu")
class JaceTest {

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    @Test
    void theExceptionOfAFailingCallCarriesItsLastError() {
        CudaException e = assertThrows(CudaException.class,
                () -> Jace.check("jace_set_device", jace_h.jace_set_device(4096)));
        assertEquals(jace_h.JACE_ERROR_INVALID_ARGUMENT(), e.status());
        assertTrue(e.getMessage().contains("invalid argument: jace_set_device: device 4096 out of range ("),
                e.getMessage());
    }

    /**
     * jace_last_error() is the C thread's, and a virtual thread that blocks (on a monitor, as a first call's linking
     * takes one) may go on on another carrier thread: 200 at once in a fresh JVM, each reading its error after its
     * first failure, found the error of another thread almost every time while check called jace_status_string first.
     */
    @Test
    void virtualThreadsFailingAtOnceEachGetTheirOwnError() throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Djdk.virtualThreadScheduler.parallelism=4",
                "-cp", System.getProperty("java.class.path"), LastErrorWorkload.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not end:\n" + output);
        assertEquals(0, child.exitValue(), output);
        assertEquals("0 of " + LastErrorWorkload.THREADS + " reported another thread's error",
                output.lines().findFirst().orElse(""), output);
    }
}
