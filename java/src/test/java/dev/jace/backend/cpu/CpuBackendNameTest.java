package dev.jace.backend.cpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The name that info, bench and the run summaries print: the backend and its thread count, in English. */
class CpuBackendNameTest {

    @Test
    void oneThreadIsSingular() {
        assertEquals("cpu (1 thread)", CpuBackend.name(1));
        assertEquals("cpu (2 threads)", CpuBackend.name(2));
    }

    @Test
    void aBackendCountsTheJvmsProcessors() {
        try (CpuBackend cpu = new CpuBackend()) {
            assertEquals(CpuBackend.name(Runtime.getRuntime().availableProcessors()), cpu.name());
        }
    }
}
