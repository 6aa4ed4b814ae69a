package dev.jace.bindings;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;

/**
 * C type layouts on Linux x86-64, named like jextract's {@code C_*} constants and shared by every header class.
 */
@SuppressWarnings("restricted") // FFM: linking and sizing native memory is what this class is for
public final class CTypes {

    private CTypes() {
    }

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    /** {@code long} (LP64), also what jextract uses for {@code size_t}. */
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    /** Any pointer; returned pointers are unbounded so C strings can be read with {@code getString(0)}. */
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, ValueLayout.JAVA_BYTE));
}
