package dev.jace.cli;

import dev.jace.io.FileFormatException;
import dev.jace.io.Json;
import dev.jace.io.JsonParseException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed access to one object of a parsed JSON file ({@link Json}) for the readers of result files: a missing field or
 * a value of the wrong kind is a {@link FileFormatException} naming the file, where in it ({@code rows[3]}) and the
 * field.
 *
 * @param where the object's place in the file, e.g. {@code rows[3]}; empty for the top level
 */
record JsonFields(Path file, String where, Map<String, Object> map) {

    /** The file's one JSON value; not UTF-8 or malformed JSON is a {@link FileFormatException}. */
    static Object parseFile(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "not UTF-8 text", e);
        }
        try {
            return Json.parse(text);
        } catch (JsonParseException e) {
            throw new FileFormatException(file, "malformed JSON: " + e.getMessage(), e);
        }
    }

    /** {@code value} as an object found at {@code where} in {@code file}. */
    @SuppressWarnings("unchecked")
    static JsonFields of(Path file, String where, Object value) throws FileFormatException {
        if (!(value instanceof Map)) {
            throw new FileFormatException(file, (where.isEmpty() ? "the top level" : where)
                    + " should be a JSON object, found " + kind(value));
        }
        return new JsonFields(file, where, (Map<String, Object>) value);
    }

    /** The top-level object of {@code file}. */
    static JsonFields readObject(Path file) throws IOException {
        return of(file, "", parseFile(file));
    }

    /** {@code value} as an array found at {@code where} in {@code file}. */
    static List<?> list(Path file, String where, Object value) throws FileFormatException {
        if (!(value instanceof List<?> list)) {
            throw new FileFormatException(file, (where.isEmpty() ? "the top level" : where)
                    + " should be a JSON array, found " + kind(value));
        }
        return list;
    }

    boolean has(String key) {
        return map.get(key) != null;
    }

    String string(String key) throws FileFormatException {
        if (!(required(key) instanceof String s)) {
            throw wrong(key, "a string");
        }
        return s;
    }

    double number(String key) throws FileFormatException {
        if (!(required(key) instanceof Number n)) {
            throw wrong(key, "a number");
        }
        return n.doubleValue();
    }

    boolean bool(String key) throws FileFormatException {
        if (!(required(key) instanceof Boolean b)) {
            throw wrong(key, "true or false");
        }
        return b;
    }

    /** True or false, or null when absent or null. */
    Boolean boolOrNull(String key) throws FileFormatException {
        return has(key) ? bool(key) : null;
    }

    /** A number, or null when the field is absent, null or not a number (JMH writes "NaN" as a string). */
    Double numberOrNull(String key) {
        return map.get(key) instanceof Number n ? n.doubleValue() : null;
    }

    /** A string, or null when absent or null. */
    String stringOrNull(String key) throws FileFormatException {
        return has(key) ? string(key) : null;
    }

    /** The object {@code key} as a map of its string fields, in file order; empty when the field is absent or null. */
    Map<String, String> stringsOrEmpty(String key) throws FileFormatException {
        Map<String, String> strings = new LinkedHashMap<>();
        if (has(key)) {
            JsonFields object = object(key);
            for (String field : object.map().keySet()) {
                strings.put(field, object.string(field));
            }
        }
        return strings;
    }

    /** The array {@code key} of strings, in file order; empty when the field is absent or null. */
    List<String> stringListOrEmpty(String key) throws FileFormatException {
        List<String> strings = new ArrayList<>();
        for (Object value : has(key) ? list(key) : List.of()) {
            if (!(value instanceof String text)) {
                throw problem(key + " should hold strings, found " + value);
            }
            strings.add(text);
        }
        return strings;
    }

    JsonFields object(String key) throws FileFormatException {
        return of(file, path(key), required(key));
    }

    List<?> list(String key) throws FileFormatException {
        return list(file, path(key), required(key));
    }

    /** Each element of the array {@code key} as an object. */
    List<JsonFields> objects(String key) throws FileFormatException {
        List<?> values = list(key);
        List<JsonFields> objects = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            objects.add(of(file, path(key) + "[" + i + "]", values.get(i)));
        }
        return objects;
    }

    /** A problem with this object's content, naming the file and the object. */
    FileFormatException problem(String what) {
        return new FileFormatException(file, (where.isEmpty() ? "" : where + ": ") + what);
    }

    private Object required(String key) throws FileFormatException {
        Object value = map.get(key);
        if (value == null) {
            throw problem(map.containsKey(key) ? "field '" + key + "' is null" : "field '" + key + "' is missing");
        }
        return value;
    }

    private FileFormatException wrong(String key, String expected) {
        return problem("field '" + key + "' should be " + expected + ", found " + kind(map.get(key)));
    }

    private String path(String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    private static String kind(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
            case Boolean b -> "a boolean";
            default -> "a number";
        };
    }
}
