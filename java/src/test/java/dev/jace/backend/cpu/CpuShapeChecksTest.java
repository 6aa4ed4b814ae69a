package dev.jace.backend.cpu;

import dev.jace.backend.MisshapedCalls;
import dev.jace.backend.MisshapedCalls.Misshaped;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each op refuses an argument of the wrong shape before it computes anything, with a message that names the op and
 * the argument ({@link MisshapedCalls}: one argument per row is misshaped; the output the op would write is filled
 * with 7 and must stay so).
 */
class CpuShapeChecksTest {

    private static final CpuBackend CPU = Cpu.BACKEND;

    static List<Misshaped> misshaped() {
        return MisshapedCalls.on(CPU);
    }

    @ParameterizedTest
    @MethodSource("misshaped")
    void isRefusedNamingTheOpAndTheArgumentBeforeAnythingIsWritten(Misshaped row) {
        float[] before = Cpu.values(row.output()).clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, row.call()::run);
        assertTrue(e.getMessage().startsWith(row.op() + ": " + row.argument()), e.getMessage());
        assertArrayEquals(before, Cpu.values(row.output()), "the refused op wrote its output");
    }
}
