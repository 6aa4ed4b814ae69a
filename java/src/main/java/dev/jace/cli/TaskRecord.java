package dev.jace.cli;

import dev.jace.data.TaskConfig;
import dev.jace.data.Tasks;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A task configuration as JSON fields, {@code config.json}'s and {@code summary.json}'s "task_config": each record
 * component under its name in snake case as the files' other keys ({@code trainCount}: "train_count"), numbers as they
 * are, enums in lower case, paths as text; and back, also from the component names themselves, which jace wrote before
 * 2026-12-02.
 */
final class TaskRecord {

    /** The key of the fields in {@code config.json} and {@code summary.json}. */
    static final String TASK_CONFIG = "task_config";

    private TaskRecord() {
    }

    static Map<String, Object> fields(TaskConfig config) {
        Record r = (Record) config;
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent rc : r.getClass().getRecordComponents()) {
            try {
                Object v = rc.getAccessor().invoke(r);
                out.put(field(rc.getName()), v instanceof Number ? v
                        : v instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : String.valueOf(v));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + rc, e);
            }
        }
        return out;
    }

    /**
     * The configuration of task {@code name} with {@code fields} (as {@link #fields} wrote them); a missing or mistyped
     * field, or values the task refuses, are an {@link IllegalArgumentException} naming it.
     */
    static TaskConfig read(String name, Map<String, Object> fields) {
        Class<?> type = Tasks.byName(name).getClass();
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            String field = field(components[i].getName());
            Object value = fields.containsKey(field) ? fields.get(field) : fields.get(components[i].getName());
            try {
                args[i] = value(types[i], value);
            } catch (ClassCastException | NullPointerException | IllegalArgumentException | ArithmeticException e) {
                throw new IllegalArgumentException(name + " field '" + field + "' is "
                        + (value == null ? "missing" : value + ", not " + expected(types[i])));
            }
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return (TaskConfig) canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof IllegalArgumentException bad ? bad
                    : new IllegalStateException("cannot make a " + name + " configuration", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + name + " configuration", e);
        }
    }

    /** The JSON field of a record component: {@code trainCount} is "train_count"; a field's own name stays. */
    static String field(String component) {
        return component.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    /** {@code fields} under their JSON names, as {@link #fields} writes them, whichever form they were written in. */
    static Map<String, Object> withFieldNames(Map<String, Object> fields) {
        Map<String, Object> named = new LinkedHashMap<>();
        fields.forEach((key, value) -> named.put(field(key), value));
        return named;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object value(Class<?> type, Object value) {
        if (type == int.class) {
            return Math.toIntExact(whole((Number) value));
        }
        if (type == long.class) {
            return whole((Number) value);
        }
        if (type == double.class) {
            return ((Number) value).doubleValue();
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class<? extends Enum>) type, ((String) value).toUpperCase(Locale.ROOT));
        }
        if (type == Path.class) {
            return Path.of((String) value);
        }
        throw new IllegalStateException("a task configuration field of type " + type.getName());
    }

    /**
     * A whole number as JSON gives it: a Long, or a Double (an exponent or a fraction in the text) that is whole and
     * in range; a narrowing conversion would have taken 1e12 as 2147483647.
     */
    private static long whole(Number n) {
        if (n instanceof Long l) {
            return l;
        }
        double d = n.doubleValue();
        if (d != Math.rint(d) || d < -0x1p63 || d >= 0x1p63) {
            throw new ArithmeticException("not a whole number in range: " + n);
        }
        return (long) d;
    }

    /** What a field of {@code type} must hold, for an error. */
    private static String expected(Class<?> type) {
        if (type == int.class || type == long.class) {
            return "a whole number (" + type.getName() + ")";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()
                    .toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
        return type == double.class ? "a number" : "a path (text)";
    }
}
