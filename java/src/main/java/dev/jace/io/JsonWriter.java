package dev.jace.io;

import java.util.Collection;
import java.util.Map;

/** Serialises the values {@link Json} describes. {@code indent == null} means compact output. */
final class JsonWriter {

    private final String indent;
    private final StringBuilder out = new StringBuilder();

    JsonWriter(String indent) {
        this.indent = indent;
    }

    String write(Object value) {
        value(value, 0);
        return out.toString();
    }

    private void value(Object value, int depth) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(s);
            case Boolean b -> out.append(b);
            case Double d -> out.append(finite(d, d.isNaN() || d.isInfinite()));
            case Float f -> out.append(finite(f, f.isNaN() || f.isInfinite()));
            case Long l -> out.append(l);
            case Integer i -> out.append(i);
            case Short s -> out.append(s);
            case Byte b -> out.append(b);
            case Map<?, ?> m -> object(m, depth);
            case Collection<?> c -> array(c, depth);
            default -> throw new IllegalArgumentException("cannot write a " + value.getClass().getName()
                    + " as JSON (supported: Map, Collection, String, Boolean, Integer, Long, Short, Byte, Float, "
                    + "Double, null)");
        }
    }

    private static String finite(Number n, boolean notFinite) {
        if (notFinite) {
            throw new IllegalArgumentException("cannot write " + n + " as JSON: JSON numbers must be finite");
        }
        return n.toString();
    }

    private void object(Map<?, ?> map, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, found "
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
            }
            separator(first, depth + 1);
            first = false;
            string(key);
            out.append(indent == null ? ":" : ": ");
            value(e.getValue(), depth + 1);
        }
        close(first, depth, '}');
    }

    private void array(Collection<?> items, int depth) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            separator(first, depth + 1);
            first = false;
            value(item, depth + 1);
        }
        close(first, depth, ']');
    }

    private void separator(boolean first, int depth) {
        if (!first) {
            out.append(',');
        }
        newline(depth);
    }

    private void close(boolean empty, int depth, char bracket) {
        if (!empty) {
            newline(depth);
        }
        out.append(bracket);
    }

    private void newline(int depth) {
        if (indent != null) {
            out.append('\n').append(indent.repeat(depth));
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || unpairedSurrogate(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A lone surrogate cannot be encoded as UTF-8; escaped, it survives a round trip. */
    private static boolean unpairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
