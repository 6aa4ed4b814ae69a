package dev.jace.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.List;

/** Plain stride-1 convolution on device pointers: cuDNN or libjace's kernels. */
interface ConvEngine extends AutoCloseable {

    /** y = x ⋆ w. */
    void forward(MemorySegment x, MemorySegment w, MemorySegment y, ConvGeometry g);

    /** dx from dy and w. */
    void backwardData(MemorySegment dy, MemorySegment w, MemorySegment dx, ConvGeometry g);

    /** dw from x and dy. */
    void backwardFilter(MemorySegment x, MemorySegment dy, MemorySegment dw, ConvGeometry g);

    /** For {@code name()}, e.g. "cuDNN 90100". */
    String description();

    /**
     * The algorithms chosen so far, one line per geometry and direction, for engines that choose (cuDNN); empty for
     * those that do not.
     */
    default List<String> choices() {
        return List.of();
    }

    /** Checks, before any native call, that this engine can run the geometry; throws if not. */
    void checkSupported(String op, ConvGeometry g);

    @Override
    void close();
}
