package dev.jace.io;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Minimal JSON (RFC 8259) for checkpoint state, summaries and metric lines, with plain Java values:
 *
 * <ul>
 *   <li>object: {@code Map<String, ?>}; parsed as a {@link java.util.LinkedHashMap} in document order,
 *       duplicate keys rejected</li>
 *   <li>array: any {@code Collection<?>}; parsed as a {@link java.util.List}</li>
 *   <li>number: {@code Integer}, {@code Long}, {@code Short}, {@code Byte}, {@code Float}, {@code Double};
 *       parsed as {@code Long} when written without fraction or exponent and within long range, else
 *       {@code Double}. Doubles are written with {@link Double#toString(double)} and floats with
 *       {@link Float#toString(float)}, so both read back bit-exactly (a float after a cast back to float).
 *       NaN and infinities are rejected: JSON has no spelling for them (so is a parsed number beyond double
 *       range, which would read as one).</li>
 *   <li>string, boolean, null: {@code String}, {@code Boolean}, {@code null}</li>
 * </ul>
 *
 * Writing escapes quotes, backslashes, control characters and unpaired surrogates; other characters are written
 * as they are (the caller encodes the text as UTF-8).
 */
public final class Json {

    private Json() {
    }

    /** Compact JSON on one line. Throws {@link IllegalArgumentException} for values JSON cannot hold. */
    public static String write(Object value) {
        return new JsonWriter(null).write(value);
    }

    /** JSON indented by two spaces per level, for files people read. */
    public static String writePretty(Object value) {
        return new JsonWriter("  ").write(value);
    }

    /** Parses one JSON value; anything but whitespace after it is an error. */
    public static Object parse(String text) {
        return new JsonParser(text).parseDocument();
    }

    /** Reads a file holding a JSON object; a malformed one is a {@link FileFormatException} naming the file. */
    public static Map<String, Object> readObject(Path file) throws IOException {
        BinaryIo.requireFile(file, "a JSON file");
        try {
            return parseObject(Files.readString(file));
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "not valid JSON: not UTF-8 text", e);
        } catch (JsonParseException e) {
            throw new FileFormatException(file, "not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Parses a document whose top level must be an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new JsonParseException("expected an object at the top level, found " + JsonParser.kind(value),
                    text, 0);
        }
        return (Map<String, Object>) value;
    }
}
