package dev.jace.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsLogTest {

    @TempDir
    Path dir;

    @Test
    void appendsOneLinePerRecordVisibleBeforeClose() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        try (MetricsLog log = MetricsLog.open(file)) {
            log.append(record(1, 0.5));
            log.append(record(2, 0.25));
            assertEquals(List.of(record(1, 0.5), record(2, 0.25)), MetricsLog.read(file));
        }
        assertEquals("{\"step\":1,\"loss\":0.5,\"tag\":\"tr\\\"ain\\n\"}\n{\"step\":2,\"loss\":0.25,\"tag\":\"tr\\\"ain\\n\"}\n",
                Files.readString(file));
        try (MetricsLog log = MetricsLog.open(file)) {
            log.append(record(3, 0.125));
        }
        assertEquals(List.of(record(1, 0.5), record(2, 0.25), record(3, 0.125)), MetricsLog.read(file));
    }

    @Test
    void tornLastLineIsIgnoredByReaderAndCutByWriter() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"step\":1,\"loss\":0.5,\"tag\":\"tr\\\"ain\\n\"}\n{\"step\":2,\"lo");
        assertEquals(List.of(record(1, 0.5)), MetricsLog.read(file));
        try (MetricsLog log = MetricsLog.open(file)) {
            log.append(record(2, 0.25));
        }
        assertEquals(List.of(record(1, 0.5), record(2, 0.25)), MetricsLog.read(file));
    }

    @Test
    void unterminatedButCompleteLastLineIsKept() throws IOException {
        Path file = dir.resolve("m.jsonl");
        Files.writeString(file, "{\"a\":1}\n\n{\"b\":2}");
        assertEquals(List.of(Map.of("a", 1L), Map.of("b", 2L)), MetricsLog.read(file));
    }

    @Test
    void malformedLineNamesFileAndLine() throws IOException {
        Path file = dir.resolve("m.jsonl");
        Files.writeString(file, "{\"a\":1}\n{\"a\":}\n{\"a\":3}\n");
        FileFormatException e = assertThrows(FileFormatException.class, () -> MetricsLog.read(file));
        assertTrue(e.getMessage().startsWith(file + ": line 2: JSON parse error at line 1, column 6"), e.getMessage());
        Files.writeString(file, "[1]\n");
        assertThrows(FileFormatException.class, () -> MetricsLog.read(file));
        Files.write(file, new byte[]{'{', (byte) 0xc3, '}', '\n'}, StandardOpenOption.TRUNCATE_EXISTING);
        FileFormatException utf8 = assertThrows(FileFormatException.class, () -> MetricsLog.read(file));
        assertTrue(utf8.getMessage().contains("not valid UTF-8"), utf8.getMessage());
    }

    /** A crash may tear the last line inside a multi-byte character: read and retain pass over it as last does. */
    @Test
    void aLastLineTornWithinACharacterIsPassedOver() throws IOException {
        Path file = dir.resolve("m.jsonl");
        byte[] torn = {'{', '"', 's', 't', 'e', 'p', '"', ':', '1', '}', '\n', '{', '"', 'x', '"', ':', '"',
            (byte) 0xce};
        Files.write(file, torn);
        assertEquals(List.of(Map.of("step", 1L)), MetricsLog.read(file));
        assertEquals(Optional.of(Map.of("step", 1L)), MetricsLog.last(file));
        MetricsLog.retain(file, r -> true);
        assertEquals("{\"step\":1}\n", Files.readString(file));
        Files.write(file, new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xce, '"', '}', '\n', '{', '}', '\n'});
        FileFormatException e = assertThrows(FileFormatException.class, () -> MetricsLog.read(file));
        assertEquals(file + ": line 1: not valid UTF-8", e.getMessage());
    }

    @Test
    void retainKeepsTheAcceptedLinesAsTheyWereAndDropsATornOne() throws IOException {
        Path file = dir.resolve("m.jsonl");
        Files.writeString(file, "{\"step\": 1, \"x\": 1.50}\n\n{\"step\":2}\n{\"step\":3}\n{\"step\":4");
        MetricsLog.retain(file, r -> ((Number) r.get("step")).longValue() != 2);
        assertEquals("{\"step\": 1, \"x\": 1.50}\n{\"step\":3}\n", Files.readString(file));
        appendStep(file, 5);
        assertEquals(List.of(Map.of("step", 1L, "x", 1.5), Map.of("step", 3L), Map.of("step", 5L)),
                MetricsLog.read(file));
    }

    @Test
    void retainChangesNothingWhenALineIsMalformed() throws IOException {
        Path file = dir.resolve("m.jsonl");
        String text = "{\"step\":1}\n{\"step\":}\n{\"step\":3}\n";
        Files.writeString(file, text);
        FileFormatException e = assertThrows(FileFormatException.class, () -> MetricsLog.retain(file, r -> false));
        assertTrue(e.getMessage().startsWith(file + ": line 2: "), e.getMessage());
        assertEquals(text, Files.readString(file));
    }

    @Test
    void retainLeavesAFileItKeepsWholeInPlace() throws IOException {
        Path file = dir.resolve("m.jsonl");
        Files.writeString(file, "{\"step\":1}\n{\"step\":2}\n");
        Object inode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        MetricsLog.retain(file, r -> true);
        assertEquals(inode, Files.readAttributes(file, BasicFileAttributes.class).fileKey(), "replaced");
        try (var leftovers = Files.list(dir)) {
            assertEquals(List.of(file), leftovers.toList(), "no temporary file is left");
        }
        // A blank line and a torn last line are dropped, so the file is replaced.
        for (String dropped : new String[] {"\n", "{\"ste"}) {
            Files.writeString(file, "{\"step\":1}\n{\"step\":2}\n" + dropped);
            MetricsLog.retain(file, r -> true);
            assertEquals("{\"step\":1}\n{\"step\":2}\n", Files.readString(file), dropped);
        }
    }

    /** A whole record that only lacks its newline is one, as read and last read it: retain and open terminate it. */
    @Test
    void anUnterminatedLastLineThatParsesIsKeptWithANewline() throws IOException {
        Path file = dir.resolve("m.jsonl");
        Files.writeString(file, "{\"step\":1}\n{\"step\":2}");
        MetricsLog.retain(file, r -> true);
        assertEquals("{\"step\":1}\n{\"step\":2}\n", Files.readString(file));
        Files.writeString(file, "{\"step\":1}\n{\"step\":2}\n{\"step\": 3}");
        MetricsLog.retain(file, r -> ((Number) r.get("step")).longValue() != 2);
        assertEquals("{\"step\":1}\n{\"step\": 3}\n", Files.readString(file));
        MetricsLog.retain(file, r -> ((Number) r.get("step")).longValue() != 3);
        assertEquals("{\"step\":1}\n", Files.readString(file));

        Files.writeString(file, "{\"step\":1}\n{\"step\":2}");
        appendStep(file, 3);
        assertEquals("{\"step\":1}\n{\"step\":2}\n{\"step\":3}\n", Files.readString(file));
    }

    /** Lines are read a 64 Ki-char chunk at a time: lines across chunks, multi-byte characters, many lines. */
    @Test
    void linesLongerThanAReadAndManyOfThemComeThroughWhole() throws IOException {
        Path file = dir.resolve("m.jsonl");
        String text = "\u00e9\u03bb\ud83d\ude00".repeat(40_000);
        List<Map<String, Object>> records = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (long i = 0; i < 20_000; i++) {
            Map<String, Object> r = i % 5_000 == 7 ? Map.of("step", i, "text", text) : Map.of("step", i);
            records.add(r);
            lines.append(Json.write(r)).append('\n');
        }
        Files.writeString(file, lines);
        assertEquals(records, MetricsLog.read(file));
        List<Object> steps = new ArrayList<>();
        MetricsLog.forEach(file, r -> steps.add(r.get("step")));
        assertEquals(records.stream().map(r -> r.get("step")).toList(), steps);
        MetricsLog.retain(file, r -> ((Number) r.get("step")).longValue() % 2 == 1);
        assertEquals(records.stream().filter(r -> ((Number) r.get("step")).longValue() % 2 == 1).toList(),
                MetricsLog.read(file));
    }

    @Test
    void nonFiniteValuesAreRejectedAndNothingIsWritten() throws IOException {
        Path file = dir.resolve("m.jsonl");
        try (MetricsLog log = MetricsLog.open(file)) {
            assertThrows(IllegalArgumentException.class, () -> log.append(Map.of("loss", Double.NaN)));
        }
        assertEquals("", Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void aBlankFirstLineIsSkipped() throws IOException {
        Path file = dir.resolve("m.jsonl");
        Files.writeString(file, "\n{\"a\":1}\n{\"b\":2}\n");
        assertEquals(List.of(Map.of("a", 1L), Map.of("b", 2L)), MetricsLog.read(file));
    }

    @Test
    void openCutsATornLineWhateverPrecedesIt() throws IOException {
        Path file = dir.resolve("m.jsonl");
        Files.writeString(file, "{\"ste");
        appendStep(file, 1);
        assertEquals("{\"step\":1}\n", Files.readString(file));

        Files.writeString(file, "\n{\"ste");
        appendStep(file, 2);
        assertEquals("\n{\"step\":2}\n", Files.readString(file));

        // The newline is more than one 8 KiB read back from the end.
        Files.writeString(file, "{\"step\":1}\n{\"x\":\"" + "y".repeat(20_000));
        appendStep(file, 3);
        assertEquals(List.of(Map.of("step", 1L), Map.of("step", 3L)), MetricsLog.read(file));
        assertEquals("{\"step\":1}\n{\"step\":3}\n", Files.readString(file));
    }

    @Test
    void lastIsTheRecordReadWouldEndWith() throws IOException {
        Path file = dir.resolve("m.jsonl");
        Files.writeString(file, "");
        assertEquals(Optional.empty(), MetricsLog.last(file));
        Files.writeString(file, "\n \n");
        assertEquals(Optional.empty(), MetricsLog.last(file));
        Files.writeString(file, "{\"step\":1}\n{\"step\":2}\n\n");
        assertEquals(Optional.of(Map.of("step", 2L)), MetricsLog.last(file), "blank lines are passed over");
        Files.writeString(file, "{\"step\":1}\n{\"step\":2}");
        assertEquals(Optional.of(Map.of("step", 2L)), MetricsLog.last(file), "a complete unterminated line counts");
        Files.writeString(file, "{\"step\":1}\n{\"step\":2, \"x\":\"\u00e9");
        assertEquals(Optional.of(Map.of("step", 1L)), MetricsLog.last(file), "a torn line does not");
        Files.write(file, new byte[] {'{', '}', '\n', '{', '"', 'x', '"', ':', '"', (byte) 0xc3});
        assertEquals(Optional.of(Map.of()), MetricsLog.last(file), "nor does one torn within a character");

        Files.writeString(file, "{\"step\":1}\n{\"ste\n");
        FileFormatException e = assertThrows(FileFormatException.class, () -> MetricsLog.last(file));
        assertTrue(e.getMessage().startsWith(file + ": last line: "), e.getMessage());
        Files.write(file, new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xc3, '"', '}', '\n'});
        assertEquals(file + ": not valid UTF-8", assertThrows(FileFormatException.class, () -> MetricsLog.last(file))
                .getMessage());
    }

    /** Lines longer than the 8 KiB read back from the end, multi-byte characters and blank lines before the end. */
    @Test
    void lastReadsLongLinesWholeAsReadDoes() throws IOException {
        Path file = dir.resolve("m.jsonl");
        String text = "\u00e9\u03bb\ud83d\ude00".repeat(5_000);
        StringBuilder lines = new StringBuilder();
        for (long i = 0; i < 50; i++) {
            lines.append(Json.write(Map.of("step", i, "text", text))).append('\n');
            assertEquals(MetricsLog.read(write(file, lines)).getLast(), MetricsLog.last(file).orElseThrow());
        }
        lines.append("\n".repeat(20_000));
        assertEquals(Map.of("step", 49L, "text", text), MetricsLog.last(write(file, lines)).orElseThrow());
    }

    private static Path write(Path file, CharSequence text) throws IOException {
        return Files.writeString(file, text);
    }

    @Test
    void closedLogRefusesAppendsAndNamesItsFile() throws IOException {
        Path file = dir.resolve("m.jsonl");
        MetricsLog log = MetricsLog.open(file);
        assertEquals(file, log.file());
        log.close();
        assertThrows(ClosedChannelException.class, () -> log.append(Map.of("step", 1L)));
    }

    private static void appendStep(Path file, long step) throws IOException {
        try (MetricsLog log = MetricsLog.open(file)) {
            log.append(Map.of("step", step));
        }
    }

    private static Map<String, Object> record(long step, double loss) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("loss", loss);
        m.put("tag", "tr\"ain\n");
        return m;
    }
}
