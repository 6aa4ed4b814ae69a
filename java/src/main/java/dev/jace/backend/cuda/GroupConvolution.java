package dev.jace.backend.cuda;

import java.lang.foreign.MemorySegment;

/**
 * One algorithm for the six group-convolution operations on device pointers. {@code g} is the geometry without
 * the group axis (cin, cout as in the Backend shapes; square kernel); {@code group} a host jace_group.
 */
interface GroupConvolution {

    void run(GroupConvOp op, MemorySegment first, MemorySegment second, MemorySegment out, MemorySegment group,
             int order, ConvGeometry g);
}
