package dev.jace.bindings;

import dev.jace.bindings.jace.jace_h;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Calls the real libjace.so, extracted from the natives jar on the test classpath, through the FFM bindings.
 * Needs no GPU: the library's host paths (version, status strings, argument checks) run without a device.
 */
class LibjaceFromNativesJarTest {

    @BeforeAll
    static void requireNativesJar() {
        boolean built = LibjaceFromNativesJarTest.class.getClassLoader()
                .getResource("dev/jace/native/linux-x86_64/libjace.so") != null;
        if (!built) {
            System.out.println("[libjace test skipped] the natives jar has no libjace.so (built without nvcc)");
        }
        assumeTrue(built, "the natives jar has no libjace.so (built without nvcc)");
    }

    @SuppressWarnings("restricted") // the pointer is libjace's static version string
    private static String cString(MemorySegment pointer) {
        return pointer.reinterpret(4096).getString(0);
    }

    @Test
    void versionMatchesTheHeader() {
        int expected = jace_h.JACE_VERSION_MAJOR() * 10000 + jace_h.JACE_VERSION_MINOR() * 100
                + jace_h.JACE_VERSION_PATCH();
        assertEquals(expected, jace_h.jace_version());
    }

    @Test
    void deviceCountSucceedsWithoutADevice() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
            count.set(ValueLayout.JAVA_INT, 0, -1);
            assertEquals(jace_h.JACE_SUCCESS(), jace_h.jace_device_count(count));
            assertTrue(count.get(ValueLayout.JAVA_INT, 0) >= 0);
        }
    }

    @Test
    void invalidArgumentsAreReportedWithTheFunctionName() {
        int status = jace_h.jace_fill(MemorySegment.NULL, 16, 1f, MemorySegment.NULL);
        assertEquals(jace_h.JACE_ERROR_INVALID_ARGUMENT(), status);
        String message = cString(jace_h.jace_last_error());
        assertTrue(message.contains("jace_fill"), message);
        assertEquals("invalid argument", cString(jace_h.jace_status_string(status)));
    }
}
