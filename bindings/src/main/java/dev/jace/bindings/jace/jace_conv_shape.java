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
 * {@code typedef struct jace_conv_shape { int n, cin, cout, h, w, k, pad; } jace_conv_shape;}
 */
@SuppressWarnings({"unused", "restricted"})
public class jace_conv_shape {

    jace_conv_shape() {
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        C_INT.withName("n"),
        C_INT.withName("cin"),
        C_INT.withName("cout"),
        C_INT.withName("h"),
        C_INT.withName("w"),
        C_INT.withName("k"),
        C_INT.withName("pad")
    ).withName("jace_conv_shape");

    /** The layout of this struct. */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt n$LAYOUT = (OfInt) $LAYOUT.select(groupElement("n"));

    public static final OfInt n$layout() {
        return n$LAYOUT;
    }

    private static final long n$OFFSET = $LAYOUT.byteOffset(groupElement("n"));

    public static final long n$offset() {
        return n$OFFSET;
    }

    public static int n(MemorySegment struct) {
        return struct.get(n$LAYOUT, n$OFFSET);
    }

    public static void n(MemorySegment struct, int fieldValue) {
        struct.set(n$LAYOUT, n$OFFSET, fieldValue);
    }

    private static final OfInt cin$LAYOUT = (OfInt) $LAYOUT.select(groupElement("cin"));

    public static final OfInt cin$layout() {
        return cin$LAYOUT;
    }

    private static final long cin$OFFSET = $LAYOUT.byteOffset(groupElement("cin"));

    public static final long cin$offset() {
        return cin$OFFSET;
    }

    public static int cin(MemorySegment struct) {
        return struct.get(cin$LAYOUT, cin$OFFSET);
    }

    public static void cin(MemorySegment struct, int fieldValue) {
        struct.set(cin$LAYOUT, cin$OFFSET, fieldValue);
    }

    private static final OfInt cout$LAYOUT = (OfInt) $LAYOUT.select(groupElement("cout"));

    public static final OfInt cout$layout() {
        return cout$LAYOUT;
    }

    private static final long cout$OFFSET = $LAYOUT.byteOffset(groupElement("cout"));

    public static final long cout$offset() {
        return cout$OFFSET;
    }

    public static int cout(MemorySegment struct) {
        return struct.get(cout$LAYOUT, cout$OFFSET);
    }

    public static void cout(MemorySegment struct, int fieldValue) {
        struct.set(cout$LAYOUT, cout$OFFSET, fieldValue);
    }

    private static final OfInt h$LAYOUT = (OfInt) $LAYOUT.select(groupElement("h"));

    public static final OfInt h$layout() {
        return h$LAYOUT;
    }

    private static final long h$OFFSET = $LAYOUT.byteOffset(groupElement("h"));

    public static final long h$offset() {
        return h$OFFSET;
    }

    public static int h(MemorySegment struct) {
        return struct.get(h$LAYOUT, h$OFFSET);
    }

    public static void h(MemorySegment struct, int fieldValue) {
        struct.set(h$LAYOUT, h$OFFSET, fieldValue);
    }

    private static final OfInt w$LAYOUT = (OfInt) $LAYOUT.select(groupElement("w"));

    public static final OfInt w$layout() {
        return w$LAYOUT;
    }

    private static final long w$OFFSET = $LAYOUT.byteOffset(groupElement("w"));

    public static final long w$offset() {
        return w$OFFSET;
    }

    public static int w(MemorySegment struct) {
        return struct.get(w$LAYOUT, w$OFFSET);
    }

    public static void w(MemorySegment struct, int fieldValue) {
        struct.set(w$LAYOUT, w$OFFSET, fieldValue);
    }

    private static final OfInt k$LAYOUT = (OfInt) $LAYOUT.select(groupElement("k"));

    public static final OfInt k$layout() {
        return k$LAYOUT;
    }

    private static final long k$OFFSET = $LAYOUT.byteOffset(groupElement("k"));

    public static final long k$offset() {
        return k$OFFSET;
    }

    public static int k(MemorySegment struct) {
        return struct.get(k$LAYOUT, k$OFFSET);
    }

    public static void k(MemorySegment struct, int fieldValue) {
        struct.set(k$LAYOUT, k$OFFSET, fieldValue);
    }

    private static final OfInt pad$LAYOUT = (OfInt) $LAYOUT.select(groupElement("pad"));

    public static final OfInt pad$layout() {
        return pad$LAYOUT;
    }

    private static final long pad$OFFSET = $LAYOUT.byteOffset(groupElement("pad"));

    public static final long pad$offset() {
        return pad$OFFSET;
    }

    public static int pad(MemorySegment struct) {
        return struct.get(pad$LAYOUT, pad$OFFSET);
    }

    public static void pad(MemorySegment struct, int fieldValue) {
        struct.set(pad$LAYOUT, pad$OFFSET, fieldValue);
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
