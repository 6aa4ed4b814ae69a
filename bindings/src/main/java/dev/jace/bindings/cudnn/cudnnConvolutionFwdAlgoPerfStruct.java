// Written in jextract's layout; see bindings/README.md for the jextract command that regenerates it.
package dev.jace.bindings.cudnn;

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
 * {@code typedef struct cudnnConvolutionFwdAlgoPerfStruct { cudnnConvolutionFwdAlgo_t algo; cudnnStatus_t status; float time; size_t memory; cudnnDeterminism_t determinism; cudnnMathType_t mathType; int reserved[3]; } cudnnConvolutionFwdAlgoPerf_t;}
 */
@SuppressWarnings({"unused", "restricted"})
public class cudnnConvolutionFwdAlgoPerfStruct {

    cudnnConvolutionFwdAlgoPerfStruct() {
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        C_INT.withName("algo"),
        C_INT.withName("status"),
        C_FLOAT.withName("time"),
        MemoryLayout.paddingLayout(4),
        C_LONG.withName("memory"),
        C_INT.withName("determinism"),
        C_INT.withName("mathType"),
        MemoryLayout.sequenceLayout(3, C_INT).withName("reserved"),
        MemoryLayout.paddingLayout(4)
    ).withName("cudnnConvolutionFwdAlgoPerfStruct");

    /** The layout of this struct. */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt algo$LAYOUT = (OfInt) $LAYOUT.select(groupElement("algo"));

    public static final OfInt algo$layout() {
        return algo$LAYOUT;
    }

    private static final long algo$OFFSET = $LAYOUT.byteOffset(groupElement("algo"));

    public static final long algo$offset() {
        return algo$OFFSET;
    }

    public static int algo(MemorySegment struct) {
        return struct.get(algo$LAYOUT, algo$OFFSET);
    }

    public static void algo(MemorySegment struct, int fieldValue) {
        struct.set(algo$LAYOUT, algo$OFFSET, fieldValue);
    }

    private static final OfInt status$LAYOUT = (OfInt) $LAYOUT.select(groupElement("status"));

    public static final OfInt status$layout() {
        return status$LAYOUT;
    }

    private static final long status$OFFSET = $LAYOUT.byteOffset(groupElement("status"));

    public static final long status$offset() {
        return status$OFFSET;
    }

    public static int status(MemorySegment struct) {
        return struct.get(status$LAYOUT, status$OFFSET);
    }

    public static void status(MemorySegment struct, int fieldValue) {
        struct.set(status$LAYOUT, status$OFFSET, fieldValue);
    }

    private static final OfFloat time$LAYOUT = (OfFloat) $LAYOUT.select(groupElement("time"));

    public static final OfFloat time$layout() {
        return time$LAYOUT;
    }

    private static final long time$OFFSET = $LAYOUT.byteOffset(groupElement("time"));

    public static final long time$offset() {
        return time$OFFSET;
    }

    public static float time(MemorySegment struct) {
        return struct.get(time$LAYOUT, time$OFFSET);
    }

    public static void time(MemorySegment struct, float fieldValue) {
        struct.set(time$LAYOUT, time$OFFSET, fieldValue);
    }

    private static final OfLong memory$LAYOUT = (OfLong) $LAYOUT.select(groupElement("memory"));

    public static final OfLong memory$layout() {
        return memory$LAYOUT;
    }

    private static final long memory$OFFSET = $LAYOUT.byteOffset(groupElement("memory"));

    public static final long memory$offset() {
        return memory$OFFSET;
    }

    public static long memory(MemorySegment struct) {
        return struct.get(memory$LAYOUT, memory$OFFSET);
    }

    public static void memory(MemorySegment struct, long fieldValue) {
        struct.set(memory$LAYOUT, memory$OFFSET, fieldValue);
    }

    private static final OfInt determinism$LAYOUT = (OfInt) $LAYOUT.select(groupElement("determinism"));

    public static final OfInt determinism$layout() {
        return determinism$LAYOUT;
    }

    private static final long determinism$OFFSET = $LAYOUT.byteOffset(groupElement("determinism"));

    public static final long determinism$offset() {
        return determinism$OFFSET;
    }

    public static int determinism(MemorySegment struct) {
        return struct.get(determinism$LAYOUT, determinism$OFFSET);
    }

    public static void determinism(MemorySegment struct, int fieldValue) {
        struct.set(determinism$LAYOUT, determinism$OFFSET, fieldValue);
    }

    private static final OfInt mathType$LAYOUT = (OfInt) $LAYOUT.select(groupElement("mathType"));

    public static final OfInt mathType$layout() {
        return mathType$LAYOUT;
    }

    private static final long mathType$OFFSET = $LAYOUT.byteOffset(groupElement("mathType"));

    public static final long mathType$offset() {
        return mathType$OFFSET;
    }

    public static int mathType(MemorySegment struct) {
        return struct.get(mathType$LAYOUT, mathType$OFFSET);
    }

    public static void mathType(MemorySegment struct, int fieldValue) {
        struct.set(mathType$LAYOUT, mathType$OFFSET, fieldValue);
    }

    private static final SequenceLayout reserved$LAYOUT = (SequenceLayout) $LAYOUT.select(groupElement("reserved"));

    public static final SequenceLayout reserved$layout() {
        return reserved$LAYOUT;
    }

    private static final long reserved$OFFSET = $LAYOUT.byteOffset(groupElement("reserved"));

    public static final long reserved$offset() {
        return reserved$OFFSET;
    }

    public static MemorySegment reserved(MemorySegment struct) {
        return struct.asSlice(reserved$OFFSET, reserved$LAYOUT.byteSize());
    }

    public static void reserved(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, reserved$OFFSET, reserved$LAYOUT.byteSize());
    }

    private static final long[] reserved$DIMS = { 3 };

    public static long[] reserved$dimensions() {
        return reserved$DIMS.clone();
    }

    private static final VarHandle reserved$ELEM_HANDLE = $LAYOUT.varHandle(groupElement("reserved"), sequenceElement());

    public static int reserved(MemorySegment struct, long index0) {
        return (int) reserved$ELEM_HANDLE.get(struct, 0L, index0);
    }

    public static void reserved(MemorySegment struct, long index0, int fieldValue) {
        reserved$ELEM_HANDLE.set(struct, 0L, index0, fieldValue);
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
