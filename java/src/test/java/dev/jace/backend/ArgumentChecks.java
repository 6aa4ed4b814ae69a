package dev.jace.backend;

import dev.jace.backend.cpu.CpuBackend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the argument-check tests share: tensors of a shape (the checks read nothing else) and refused calls. */
final class ArgumentChecks {

    /** Never closed, as the CPU tests' backend: it holds heap arrays only. */
    private static final CpuBackend CPU = new CpuBackend();

    private ArgumentChecks() {
    }

    static Tensor t(int... dims) {
        return CPU.allocate(Shape.of(dims));
    }

    /** A call whose arguments break one rule, and the whole message that names it. */
    record Refused(String message, Runnable call) {

        void check() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
            assertEquals(message, e.getMessage());
        }

        @Override
        public String toString() {
            return message;
        }
    }
}
