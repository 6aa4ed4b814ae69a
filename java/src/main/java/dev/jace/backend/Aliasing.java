package dev.jace.backend;

import dev.jace.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The memory rule of the C ABI (jace.h, "Memory"), checked before an op runs: an output never shares a byte with an
 * input or another output, while inputs may share memory with each other. Where an op computes in place, an output may
 * be exactly an input (the same bytes: the tensor itself or a view of all of it), never a partial overlap. Tensors an
 * op updates in place (an optimizer's state, running statistics, axpy's y) count as outputs. Each check throws
 * {@link IllegalArgumentException} naming the op and both arguments; {@link OpAliasing} applies them op by op.
 */
public final class Aliasing {

    private static final String APART = "an output must not share memory with an input or another output";

    private Aliasing() {
    }

    /** A tensor argument of an op, by its name there; a null tensor (an absent optional one) shares nothing. */
    public record Arg(String name, Tensor tensor) {
    }

    public static Arg arg(String name, Tensor tensor) {
        return new Arg(name, tensor);
    }

    /** Whether the two tensors' elements share a byte (a view shares its owner's memory). */
    public static boolean overlap(Tensor a, Tensor b) {
        return a.data().asOverlappingSlice(b.data()).isPresent();
    }

    /** Refuses an output that shares memory with another output or with an input. */
    public static void requireApart(String op, List<Arg> outputs, List<Arg> inputs) {
        for (int i = 0; i < outputs.size(); i++) {
            Arg out = outputs.get(i);
            for (Arg other : outputs.subList(i + 1, outputs.size())) {
                refuseOverlap(op, out, other, APART);
            }
            for (Arg in : inputs) {
                refuseOverlap(op, out, in, APART);
            }
        }
    }

    /** {@link #requireApart(String, List, List)} for an op with one output. */
    public static void requireApart(String op, Arg out, Arg... inputs) {
        requireApart(op, List.of(out), List.of(inputs));
    }

    /** Allows {@code out} to be exactly each of {@code inputs} (in place), refuses any other overlap with them. */
    public static void requireSameOrApart(String op, Arg out, Arg... inputs) {
        for (Arg in : inputs) {
            if (!same(out, in)) {
                refuseOverlap(op, out, in, out.name() + " may be exactly " + in.name()
                        + " (in place), but not overlap it otherwise");
            }
        }
    }

    private static boolean same(Arg a, Arg b) {
        if (a.tensor() == null || b.tensor() == null) {
            return false;
        }
        MemorySegment x = a.tensor().data();
        MemorySegment y = b.tensor().data();
        return x.byteSize() == y.byteSize()
                && x.asOverlappingSlice(y).filter(common -> common.byteSize() == x.byteSize()).isPresent();
    }

    private static void refuseOverlap(String op, Arg a, Arg b, String rule) {
        if (a.tensor() != null && b.tensor() != null && overlap(a.tensor(), b.tensor())) {
            throw new IllegalArgumentException(op + ": " + a.name() + " (" + describe(a.tensor()) + ") and "
                    + b.name() + " (" + describe(b.tensor()) + ") overlap; " + rule);
        }
    }

    private static String describe(Tensor t) {
        return t.shape() + ", " + t.data().byteSize() + " bytes";
    }
}
