package dev.jace.io;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void writesCompactJsonWithEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", 12L);
        m.put("loss", 0.25);
        m.put("flags", Arrays.asList(true, false, null));
        m.put("text", "q\"b\\s/n\nt\tc\u0001d\u007f");
        m.put("empty", Map.of());
        m.put("none", List.of());
        assertEquals("{\"step\":12,\"loss\":0.25,\"flags\":[true,false,null],"
                + "\"text\":\"q\\\"b\\\\s/n\\nt\\tc\\u0001d\\u007f\",\"empty\":{},\"none\":[]}", Json.write(m));
    }

    @Test
    void writesPretty() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", List.of(2.5f, "x"));
        m.put("c", Map.of());
        assertEquals("""
                {
                  "a": 1,
                  "b": [
                    2.5,
                    "x"
                  ],
                  "c": {}
                }""", Json.writePretty(m));
        assertEquals(m.keySet(), Json.parseObject(Json.writePretty(m)).keySet());
    }

    @Test
    void roundTripsUnicodeAndEscapes() {
        String s = "héllo 世界 🎉 \u2028 \b\f\r \"q\" \\ \u0000 end";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(s, List.of(s, 1L, -2.5e-300, Long.MIN_VALUE, Double.MAX_VALUE, Double.MIN_VALUE, -0.0));
        Object back = Json.parse(Json.write(m));
        assertEquals(m, back);
        assertEquals("\"\\u2028\"", Json.write("\u2028"));
    }

    @Test
    void loneSurrogatesAreEscapedAndSurvive() {
        String s = "a\ud800b\udc00" + "\ud83c";
        String json = Json.write(s);
        assertEquals("\"a\\ud800b\\udc00\\ud83c\"", json);
        assertEquals(s, Json.parse(json));
        assertEquals("🎉", Json.parse("\"\\ud83c\\uDF89\""));
    }

    @Test
    void numberTypes() {
        assertEquals(1L, Json.parse("1"));
        assertEquals(-0L, Json.parse("-0"));
        assertEquals(1.0, Json.parse("1.0"));
        assertEquals(1000.0, Json.parse("1e3"));
        assertEquals(1.5e-7, Json.parse("1.5E-7"));
        assertEquals(9.223372036854775808e18, Json.parse("9223372036854775808"));
        assertInstanceOf(Long.class, Json.parse(Long.toString(Long.MAX_VALUE)));
        assertEquals("1.0E10", Json.write(1e10));
        assertEquals(1e10, Json.parse(Json.write(1e10)));
    }

    @Property(tries = 2000)
    void doublesRoundTripBitExactly(@ForAll long bits) {
        double d = Double.longBitsToDouble(bits);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            assertThrows(IllegalArgumentException.class, () -> Json.write(d));
            return;
        }
        Object back = Json.parse(Json.write(List.of(d)));
        assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) ((List<?>) back).get(0)));
    }

    @Property(tries = 2000)
    void floatsRoundTripBitExactlyThroughACast(@ForAll int bits) {
        float f = Float.intBitsToFloat(bits);
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            return;
        }
        double back = (Double) Json.parse(Json.write(f));
        assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits((float) back));
    }

    @Property(tries = 500)
    void stringsRoundTrip(@ForAll String s) {
        assertEquals(s, Json.parse(Json.write(s)));
    }

    @Test
    void rejectsNonFiniteAndUnsupportedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.write(Map.of("loss", Double.NaN)));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("finite"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.write(Float.NEGATIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
    }

    @Test
    void parseErrorsGivePosition() {
        JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse("{\"a\": 1,\n  \"b\" 2}"));
        assertEquals(2, e.line());
        assertEquals(7, e.column());
        assertEquals(15, e.offset());
        assertTrue(e.getMessage().startsWith("JSON parse error at line 2, column 7 (offset 15): expected ':'"),
                e.getMessage());
    }

    @Test
    void rejectsMalformedDocuments() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", ".5", "1e", "tru", "nul",
                "\"abc", "\"\\x\"", "\"\\u12g4\"", "\"\\u12\"", "\"a\nb\"", "{'a':1}", "[1 2]", "{\"a\" 1}",
                "{1:2}", "1 2", "NaN", "Infinity", "+1")) {
            assertThrows(JsonParseException.class, () -> Json.parse(bad), bad);
        }
        JsonParseException dup = assertThrows(JsonParseException.class, () -> Json.parse("{\"a\":1,\"a\":2}"));
        assertTrue(dup.getMessage().contains("duplicate key \"a\""), dup.getMessage());
        assertEquals(7, dup.offset());
        JsonParseException top = assertThrows(JsonParseException.class, () -> Json.parseObject("[1]"));
        assertTrue(top.getMessage().contains("expected an object"), top.getMessage());
    }

    /** A number beyond double range would read as an infinity, which JSON cannot spell and jace never writes. */
    @Test
    void rejectsNumbersBeyondDoubleRange() {
        for (String big : List.of("1e999", "-1e999", "[0, 2e308]")) {
            JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse(big), big);
            assertTrue(e.getMessage().contains("is beyond the range of a double"), e.getMessage());
        }
        assertEquals(1.7976931348623157e308, Json.parse("1.7976931348623157e308"));
        assertEquals(0.0, Json.parse("1e-999"));
        assertEquals(1e20, Json.parse("100000000000000000000"));
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting deeper"), e.getMessage());
        List<Object> nested = new ArrayList<>();
        Object v = nested;
        for (int i = 0; i < 100; i++) {
            v = List.of(v);
        }
        assertEquals(v, Json.parse(Json.write(v)));
    }

    @Test
    void whitespaceAndNull() {
        assertNull(Json.parse(" \t\r\n null \n"));
        assertEquals(List.of(), Json.parse("[ ]"));
        assertEquals("/", Json.parse("\"\\/\""));
    }

    @Test
    void errorMessagesDescribeWhatWasFound() {
        assertParseError("1 x", "unexpected 'x' after the value", 2);
        assertParseError("1 \u007f", "unexpected U+007F after the value", 2);
        assertParseError("[1", "expected ',' or ']' but found end of input", 2);
        assertParseError("{\"a\":1 ;", "expected ',' or '}' but found ';'", 7);
        assertParseError("\"\\u12 4\"", "invalid hex digit ' ' in \\u escape", 5);
        assertParseError("\"\\u12\u001f4\"", "invalid hex digit U+001F in \\u escape", 5);
        assertParseError("\"\\u004", "truncated \\u escape", 3);
        assertParseError("\"\\u0041", "unterminated string", 7);
        assertParseError("\"\\", "unterminated escape sequence", 1);
        assertParseError("\"a\u0001\"", "unescaped control character U+0001 in string", 2);
        JsonParseException top = assertThrows(JsonParseException.class, () -> Json.parseObject("\"s\""));
        assertTrue(top.getMessage().endsWith("expected an object at the top level, found a string"), top.getMessage());
    }

    @Test
    void anErrorAtANewlineIsOnTheLineTheNewlineEnds() {
        JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse("\"a\nb\""));
        assertEquals(1, e.line());
        assertEquals(3, e.column());
        JsonParseException atEnd = assertThrows(JsonParseException.class, () -> Json.parse("[\n1"));
        assertEquals(2, atEnd.line());
        assertEquals(2, atEnd.column());
    }

    @Test
    void nestingIsLimitedTo512LevelsOfArraysAndObjectsAlike() {
        assertEquals(List.of(), unwrap(Json.parse("[".repeat(512) + "]".repeat(512)), 511));
        assertTrue(assertThrows(JsonParseException.class, () -> Json.parse("[".repeat(513) + "]".repeat(513)))
                .getMessage().contains("nesting deeper than 512 levels"));
        String objects = "{\"a\":".repeat(511) + "{}" + "}".repeat(511);
        assertInstanceOf(Map.class, Json.parse(objects));
        String tooDeep = "{\"a\":".repeat(512) + "{}" + "}".repeat(512);
        assertTrue(assertThrows(JsonParseException.class, () -> Json.parse(tooDeep))
                .getMessage().contains("nesting deeper than 512 levels"));
    }

    @Test
    void literalsAndSpacedEmptyContainers() {
        assertEquals(Arrays.asList(true, false, null), Json.parse("[true,false,null]"));
        assertEquals(Map.of(), Json.parse("{ }"));
        assertEquals(Map.of("a", List.of()), Json.parse("{ \"a\" : [ ] }"));
    }

    @Test
    void writerKeepsSpacesAndSurrogatePairsAsTheyAre() {
        assertEquals("\" a b \"", Json.write(" a b "));
        assertEquals("\"\ud83c\udf89\"", Json.write("\ud83c\udf89"));
        assertEquals("\"x\ud83c\udf89\ud83c\udf89y\"", Json.write("x\ud83c\udf89\ud83c\udf89y"));
        assertEquals("\"\\udf89\"", Json.write("\udf89"));
    }

    @Test
    void prettyNestedArraysIndentByDepth() {
        assertEquals("""
                [
                  [
                    1
                  ],
                  {
                    "a": [
                      2
                    ]
                  }
                ]""", Json.writePretty(List.of(List.of(1), Map.of("a", List.of(2)))));
    }

    @Test
    void nonStringKeysAreNamed() {
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertEquals("JSON object keys must be strings, found null",
                assertThrows(IllegalArgumentException.class, () -> Json.write(nullKey)).getMessage());
        assertEquals("JSON object keys must be strings, found java.lang.Integer",
                assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2))).getMessage());
    }

    @Test
    void readObjectNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\"epoch\": 3}");
        assertEquals(Map.of("epoch", 3L), Json.readObject(file));
        Files.writeString(file, "{\"epoch\": }");
        FileFormatException bad = assertThrows(FileFormatException.class, () -> Json.readObject(file));
        assertEquals(file + ": not valid JSON: JSON parse error at line 1, column 11 (offset 10): unexpected '}',"
                + " expected a value", bad.getMessage());
        assertEquals("not valid JSON: JSON parse error at line 1, column 11 (offset 10): unexpected '}', expected a"
                + " value", bad.problem());
        Files.write(file, new byte[]{'{', (byte) 0xc3, '}'});
        assertEquals(file + ": not valid JSON: not UTF-8 text",
                assertThrows(FileFormatException.class, () -> Json.readObject(file)).getMessage());
        assertEquals(dir + ": is a folder, not a JSON file",
                assertThrows(FileSystemException.class, () -> Json.readObject(dir)).getMessage());
    }

    private static void assertParseError(String text, String problem, int offset) {
        JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse(text), text);
        assertTrue(e.getMessage().endsWith("): " + problem), () -> "expected '" + problem + "' in: " + e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
    }

    private static Object unwrap(Object nested, int levels) {
        Object v = nested;
        for (int i = 0; i < levels; i++) {
            v = ((List<?>) v).getFirst();
        }
        return v;
    }
}
