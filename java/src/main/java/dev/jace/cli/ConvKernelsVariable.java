package dev.jace.cli;

import java.util.Map;

/**
 * What {@code JACE_CONV_KERNELS} in an environment makes libjace's convolutions run (native/include/jace.h): unset or
 * empty the default kernels, as {@code auto}, else the value ({@code implicit-gemm}, {@code wgmma}, …; libjace refuses
 * one it does not know). libjace reads the variable itself at every call; a bench run records it, so that its file says
 * which kernels it timed.
 */
final class ConvKernelsVariable {

    static final String NAME = "JACE_CONV_KERNELS";
    /** The value of the default kernels, and what unset or empty stand for. */
    static final String DEFAULT = "auto";

    private ConvKernelsVariable() {
    }

    /** The variable's value in {@code env} as libjace reads it: {@link #DEFAULT} where it is unset or empty. */
    static String of(Map<String, String> env) {
        String value = env.get(NAME);
        return value == null || value.isEmpty() ? DEFAULT : value;
    }
}
