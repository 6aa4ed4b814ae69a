package dev.jace.group;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Lookup of the supported groups by name. */
public final class Groups {

    private static final List<Group> ALL = List.of(new Trivial(), new C2(), new C4(), new D4());

    private Groups() {
    }

    /** Every supported group, the trivial one first. */
    public static List<Group> all() {
        return ALL;
    }

    /** The group called {@code name} (case-insensitive: "trivial", "c2", "c4", "d4"). */
    public static Group byName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(g -> g.name().equals(key)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown group '" + name + "'; valid names: "
                        + ALL.stream().map(Group::name).collect(Collectors.joining(", "))));
    }
}
