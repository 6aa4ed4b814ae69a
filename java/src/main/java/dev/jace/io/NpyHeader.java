package dev.jace.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The header dictionary of an NPY file, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}:
 * a Python literal of strings, booleans, integers, tuples and lists, parsed without evaluating anything.
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

    /** numpy's headers nest two levels (a dictionary of tuples); deeper ones are refused before the stack runs out. */
    static final int MAX_DEPTH = 32;
    /** How much of a header an error message quotes. */
    static final int MAX_QUOTED_CHARS = 200;

    /** Parses the dictionary; problems are reported as {@link IllegalArgumentException}s. */
    static NpyHeader parse(String text) {
        Object parsed = new LiteralParser(text).document();
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw new IllegalArgumentException("header is not a dictionary: " + quote(text));
        }
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw new IllegalArgumentException("header has no '" + key + "': " + quote(text));
            }
        }
        if (dict.size() != 3) {
            throw new IllegalArgumentException("header has unexpected keys: " + quote(text));
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new IllegalArgumentException("structured dtype " + quote(String.valueOf(dict.get("descr")))
                    + " is not supported");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new IllegalArgumentException("fortran_order must be True or False: " + quote(text));
        }
        if (!(dict.get("shape") instanceof List<?> dims) || !dims.stream().allMatch(d -> d instanceof Long l && l >= 0)) {
            throw new IllegalArgumentException("shape must be a tuple of non-negative integers: " + quote(text));
        }
        return new NpyHeader(descr, fortran, dims.stream().mapToLong(d -> (Long) d).toArray());
    }

    /** The header for an error message, cut to {@link #MAX_QUOTED_CHARS} characters where longer. */
    static String quote(String text) {
        String stripped = text.strip();
        return stripped.length() <= MAX_QUOTED_CHARS ? stripped : stripped.substring(0, MAX_QUOTED_CHARS)
                + "... (cut; " + stripped.length() + " characters in all)";
    }

    /** How numpy writes the dictionary: sorted keys, Python reprs, a trailing ", ". */
    static String format(String descr, int[] shape) {
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            tuple.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        tuple.append(shape.length == 1 ? ",)" : ")");
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
    }

    private static final class LiteralParser {
        private final String text;
        private int pos;
        private int depth;

        LiteralParser(String text) {
            this.text = text;
        }

        Object document() {
            Object value = value();
            skipSpace();
            if (pos != text.length()) {
                throw error("unexpected text after the dictionary");
            }
            return value;
        }

        private Object value() {
            skipSpace();
            if (pos >= text.length()) {
                throw error("unexpected end of header");
            }
            char c = text.charAt(pos);
            return switch (c) {
                case '{' -> nested(this::dict);
                case '(' -> nested(() -> sequence(')'));
                case '[' -> nested(() -> sequence(']'));
                case '\'', '"' -> string(c);
                default -> Character.isDigit(c) || c == '-' ? integer() : word();
            };
        }

        private Object nested(Supplier<Object> container) {
            if (++depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
            Object value = container.get();
            depth--;
            return value;
        }

        private Map<Object, Object> dict() {
            pos++;
            Map<Object, Object> map = new LinkedHashMap<>();
            while (!closes('}')) {
                Object key = value();
                skipSpace();
                expect(':');
                map.put(key, value());
                separator('}');
            }
            return map;
        }

        private List<Object> sequence(char close) {
            pos++;
            List<Object> list = new ArrayList<>();
            while (!closes(close)) {
                list.add(value());
                separator(close);
            }
            return list;
        }

        private boolean closes(char close) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == close) {
                pos++;
                return true;
            }
            return false;
        }

        private void separator(char close) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos >= text.length() || text.charAt(pos) != close) {
                throw error("expected ',' or '" + close + "'");
            }
        }

        private String string(char quote) {
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }

        private Long integer() {
            int start = pos;
            pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            try {
                Long value = Long.parseLong(text.substring(start, pos));
                // Python 2 wrote long integers as e.g. 3L.
                if (pos < text.length() && text.charAt(pos) == 'L') {
                    pos++;
                }
                return value;
            } catch (NumberFormatException e) {
                throw error("bad integer '" + text.substring(start, pos) + "'");
            }
        }

        private Boolean word() {
            for (String w : List.of("True", "False")) {
                if (text.startsWith(w, pos)) {
                    pos += w.length();
                    return w.equals("True");
                }
            }
            throw error("unexpected character '" + text.charAt(pos) + "'");
        }

        private void expect(char c) {
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException("malformed header at character " + pos + ": " + problem + " in "
                    + quote(text));
        }
    }
}
