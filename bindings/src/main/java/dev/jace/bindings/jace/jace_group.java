// Written in jextract's layout; see bindings/README.md for the jextract command that regenerates it.
package dev.jace.bindings.jace;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.ValueLayout.OfFloat;
import java.lang.foreign.ValueLayout.OfInt;
import java.lang.foreign.ValueLayout.OfLong;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

import static dev.jace.bindings.CTypes.*;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.PathElement.sequenceElement;

/**
 * {@code typedef struct jace_group { int order; int rotation[8]; int flip[8]; int compose[64]; int inverse[8]; } jace_group;}
 */
@SuppressWarnings({"unused", "restricted"})
public class jace_group {

    jace_group() {
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        C_INT.withName("order"),
        MemoryLayout.sequenceLayout(8, C_INT).withName("rotation"),
        MemoryLayout.sequenceLayout(8, C_INT).withName("flip"),
        MemoryLayout.sequenceLayout(64, C_INT).withName("compose"),
        MemoryLayout.sequenceLayout(8, C_INT).withName("inverse")
    ).withName("jace_group");

    /** The layout of this struct. */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt order$LAYOUT = (OfInt) $LAYOUT.select(groupElement("order"));

    public static final OfInt order$layout() {
        return order$LAYOUT;
    }

    private static final long order$OFFSET = $LAYOUT.byteOffset(groupElement("order"));

    public static final long order$offset() {
        return order$OFFSET;
    }

    public static int order(MemorySegment struct) {
        return struct.get(order$LAYOUT, order$OFFSET);
    }

    public static void order(MemorySegment struct, int fieldValue) {
        struct.set(order$LAYOUT, order$OFFSET, fieldValue);
    }

    private static final SequenceLayout rotation$LAYOUT = (SequenceLayout) $LAYOUT.select(groupElement("rotation"));

    public static final SequenceLayout rotation$layout() {
        return rotation$LAYOUT;
    }

    private static final long rotation$OFFSET = $LAYOUT.byteOffset(groupElement("rotation"));

    public static final long rotation$offset() {
        return rotation$OFFSET;
    }

    public static MemorySegment rotation(MemorySegment struct) {
        return struct.asSlice(rotation$OFFSET, rotation$LAYOUT.byteSize());
    }

    public static void rotation(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, rotation$OFFSET, rotation$LAYOUT.byteSize());
    }

    private static final long[] rotation$DIMS = { 8 };

    public static long[] rotation$dimensions() {
        return rotation$DIMS.clone();
    }

    private static final VarHandle rotation$ELEM_HANDLE = $LAYOUT.varHandle(groupElement("rotation"), sequenceElement());

    public static int rotation(MemorySegment struct, long index0) {
        return (int) rotation$ELEM_HANDLE.get(struct, 0L, index0);
    }

    public static void rotation(MemorySegment struct, long index0, int fieldValue) {
        rotation$ELEM_HANDLE.set(struct, 0L, index0, fieldValue);
    }

    private static final SequenceLayout flip$LAYOUT = (SequenceLayout) $LAYOUT.select(groupElement("flip"));

    public static final SequenceLayout flip$layout() {
        return flip$LAYOUT;
    }

    private static final long flip$OFFSET = $LAYOUT.byteOffset(groupElement("flip"));

    public static final long flip$offset() {
        return flip$OFFSET;
    }

    public static MemorySegment flip(MemorySegment struct) {
        return struct.asSlice(flip$OFFSET, flip$LAYOUT.byteSize());
    }

    public static void flip(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, flip$OFFSET, flip$LAYOUT.byteSize());
    }

    private static final long[] flip$DIMS = { 8 };

    public static long[] flip$dimensions() {
        return flip$DIMS.clone();
    }

    private static final VarHandle flip$ELEM_HANDLE = $LAYOUT.varHandle(groupElement("flip"), sequenceElement());

    public static int flip(MemorySegment struct, long index0) {
        return (int) flip$ELEM_HANDLE.get(struct, 0L, index0);
    }

    public static void flip(MemorySegment struct, long index0, int fieldValue) {
        flip$ELEM_HANDLE.set(struct, 0L, index0, fieldValue);
    }

    private static final SequenceLayout compose$LAYOUT = (SequenceLayout) $LAYOUT.select(groupElement("compose"));

    public static final SequenceLayout compose$layout() {
        return compose$LAYOUT;
    }

    private static final long compose$OFFSET = $LAYOUT.byteOffset(groupElement("compose"));

    public static final long compose$offset() {
        return compose$OFFSET;
    }

    public static MemorySegment compose(MemorySegment struct) {
        return struct.asSlice(compose$OFFSET, compose$LAYOUT.byteSize());
    }

    public static void compose(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, compose$OFFSET, compose$LAYOUT.byteSize());
    }

    private static final long[] compose$DIMS = { 64 };

    public static long[] compose$dimensions() {
        return compose$DIMS.clone();
    }

    private static final VarHandle compose$ELEM_HANDLE = $LAYOUT.varHandle(groupElement("compose"), sequenceElement());

    public static int compose(MemorySegment struct, long index0) {
        return (int) compose$ELEM_HANDLE.get(struct, 0L, index0);
    }

    public static void compose(MemorySegment struct, long index0, int fieldValue) {
        compose$ELEM_HANDLE.set(struct, 0L, index0, fieldValue);
    }

    private static final SequenceLayout inverse$LAYOUT = (SequenceLayout) $LAYOUT.select(groupElement("inverse"));

    public static final SequenceLayout inverse$layout() {
        return inverse$LAYOUT;
    }

    private static final long inverse$OFFSET = $LAYOUT.byteOffset(groupElement("inverse"));

    public static final long inverse$offset() {
        return inverse$OFFSET;
    }

    public static MemorySegment inverse(MemorySegment struct) {
        return struct.asSlice(inverse$OFFSET, inverse$LAYOUT.byteSize());
    }

    public static void inverse(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, inverse$OFFSET, inverse$LAYOUT.byteSize());
    }

    private static final long[] inverse$DIMS = { 8 };

    public static long[] inverse$dimensions() {
        return inverse$DIMS.clone();
    }

    private static final VarHandle inverse$ELEM_HANDLE = $LAYOUT.varHandle(groupElement("inverse"), sequenceElement());

    public static int inverse(MemorySegment struct, long index0) {
        return (int) inverse$ELEM_HANDLE.get(struct, 0L, index0);
    }

    public static void inverse(MemorySegment struct, long index0, int fieldValue) {
        inverse$ELEM_HANDLE.set(struct, 0L, index0, fieldValue);
    }

    /** The element at {@code index} of an array of these structs. */
    public static MemorySegment asSlice(MemorySegment array, long index) {
        return array.asSlice(layout().byteSize() * index);
    }

    public static long sizeof() {
        return layout().byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(layout());
    }

    public static MemorySegment allocateArray(long elementCount, SegmentAllocator allocator) {
        return allocator.allocate(MemoryLayout.sequenceLayout(elementCount, layout()));
    }

    public static MemorySegment reinterpret(MemorySegment addr, Arena arena, Consumer<MemorySegment> cleanup) {
        return reinterpret(addr, 1, arena, cleanup);
    }

    public static MemorySegment reinterpret(MemorySegment addr, long elementCount, Arena arena,
                                            Consumer<MemorySegment> cleanup) {
        return addr.reinterpret(layout().byteSize() * elementCount, arena, cleanup);
    }
}
