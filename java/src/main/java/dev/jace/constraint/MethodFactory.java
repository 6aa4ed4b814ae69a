package dev.jace.constraint;

import java.util.Arrays;
import java.util.List;

/** Looks methods up by their command-line names. */
public final class MethodFactory {

    private MethodFactory() {
    }

    public static List<String> names() {
        return Arrays.stream(Method.values()).map(Method::id).toList();
    }

    public static Method byName(String name) {
        for (Method m : Method.values()) {
            if (m.id().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "'; valid methods: " + String.join(", ", names()));
    }
}
