package dev.jace.backend.cuda;

import dev.jace.backend.GroupTable;
import dev.jace.bindings.jace.jace_group;
import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/** {@link GroupTable}s as host {@code jace_group} structs, built once per table in the backend's arena. */
final class NativeGroups {

    private final Arena arena;
    private final Map<GroupTable, MemorySegment> structs = new HashMap<>();

    NativeGroups(Arena arena) {
        this.arena = arena;
    }

    synchronized MemorySegment of(GroupTable group) {
        return structs.computeIfAbsent(group, this::build);
    }

    private MemorySegment build(GroupTable group) {
        int order = group.order();
        if (order > jace_h.JACE_MAX_GROUP_ORDER()) {
            throw new IllegalArgumentException("group " + group + " has more than JACE_MAX_GROUP_ORDER = "
                    + jace_h.JACE_MAX_GROUP_ORDER() + " elements, which libjace does not support");
        }
        MemorySegment g = jace_group.allocate(arena);
        g.fill((byte) 0);
        jace_group.order(g, order);
        for (int e = 0; e < order; e++) {
            jace_group.rotation(g, e, group.rotationOf(e));
            jace_group.flip(g, e, group.flipOf(e));
            jace_group.inverse(g, e, group.inverseOf(e));
            for (int b = 0; b < order; b++) {
                jace_group.compose(g, (long) e * order + b, group.compose(e, b));
            }
        }
        return g;
    }
}
