package dev.jace.io;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
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
}
