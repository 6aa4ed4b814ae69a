package dev.jace.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An append-only JSON-lines file ({@code metrics.jsonl}): one compact JSON object per line, each line handed to
 * the operating system as soon as it is appended, so a crashed run loses at most the line being written.
 * Opening an existing file appends to it; a torn last line (no newline, and not a whole record) left by a crash is cut
 * off first so the next record starts on a line of its own, and a whole record that only lacks its newline gets one.
 */
public final class MetricsLog implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;

    private MetricsLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens {@code file} for appending, creating it if needed. */
    public static MetricsLog open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long end = endOfLastLine(channel, file);
            MetricsLog log = new MetricsLog(file, channel);
            if (unterminatedRecord(channel, file, end).isPresent()) {
                channel.position(channel.size());
                log.write(ByteBuffer.wrap(new byte[] {'\n'}));
            } else {
                channel.truncate(end);
                channel.position(end);
            }
            return log;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Appends {@code record} as one line. Throws {@link IllegalArgumentException} for values JSON cannot hold, and a
     * {@link WriteFailedException} naming the file when the write fails; the torn line that may leave goes at the
     * next {@link #open}.
     */
    public synchronized void append(Map<String, ?> record) throws IOException {
        write(ByteBuffer.wrap((Json.write(record) + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    private void write(ByteBuffer bytes) throws IOException {
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw WriteFailedException.of(file, e);
        }
    }

    /** Hands every appended line to storage (fsync), so that a power loss cannot take them. */
    public synchronized void force() throws IOException {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw WriteFailedException.of(file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    /**
     * Keeps only the records {@code keep} accepts, each line as it was, replacing the file atomically
     * ({@link AtomicFiles}): a crash meanwhile leaves the old file whole. Blank lines and a torn last line go; a last
     * line without a newline that parses is a record, as {@link #read} reads it, and is written back with one; a
     * malformed complete line is an error naming the file and line, and nothing is changed. The log must not be open.
     * Nothing is replaced when every record is kept as it was and nothing torn or blank is there. The file is read a
     * line at a time, so a long run's log need not fit in memory.
     */
    public static void retain(Path file, Predicate<Map<String, Object>> keep) throws IOException {
        try {
            AtomicFiles.write(file, out -> {
                Writer kept = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                boolean[] changed = {false};
                forEachLine(file, line -> {
                    if (keep.test(line.record())) {
                        kept.write(line.text());
                        kept.write('\n');
                        changed[0] |= !line.terminated();
                    } else {
                        changed[0] = true;
                    }
                }, () -> changed[0] = true);
                if (!changed[0]) {
                    throw new Unchanged();
                }
                kept.flush();
            });
        } catch (Unchanged e) {
            // every line kept: the file stays as it is
        }
    }

    /** Abandons {@link #retain}'s replacement of a file it would write back unchanged. */
    private static final class Unchanged extends RuntimeException {
        Unchanged() {
            super(null, null, false, false);
        }
    }

    /**
     * Reads every record. Blank lines are skipped; a last line without a newline is kept if it parses and
     * otherwise ignored as torn by a crash. Any other malformed line is an error naming the file and line.
     */
    public static List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> records = new ArrayList<>();
        forEach(file, records::add);
        return records;
    }

    /** Hands every record to {@code action} in order, read as {@link #read} reads them, one line at a time. */
    public static void forEach(Path file, Consumer<Map<String, Object>> action) throws IOException {
        forEachLine(file, line -> action.accept(line.record()), () -> { });
    }

    /** A non-blank line of the file, parsed, and whether a newline ended it. */
    private record Line(String text, Map<String, Object> record, boolean terminated) {
    }

    /** What is done with each line; may fail with an I/O error. */
    @FunctionalInterface
    private interface LineAction {
        void accept(Line line) throws IOException;
    }

    /**
     * Hands the file's non-blank lines that parse to {@code action} in order, and runs {@code skipped} for a blank
     * line or a torn last line; a malformed complete line is an error naming the file and line.
     */
    private static void forEachLine(Path file, LineAction action, Runnable skipped) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        // Split as bytes ('\n' is never part of a UTF-8 sequence) so that only the last line may be decoded leniently.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int lineNumber = 0;
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        line.write(chunk, from, i - from);
                        lineNumber++;
                        handle(file, lineNumber, strictly(utf8, line, file, lineNumber), true, action, skipped);
                        line.reset();
                        from = i + 1;
                    }
                }
                line.write(chunk, from, n - from);
            }
            if (line.size() > 0) {
                // Leniently decoded: a crash may have torn a character as well as the line, which then does not parse.
                handle(file, ++lineNumber, line.toString(StandardCharsets.UTF_8), false, action, skipped);
            }
        }
    }

    private static String strictly(CharsetDecoder utf8, ByteArrayOutputStream line, Path file, int lineNumber)
            throws FileFormatException {
        try {
            return utf8.decode(ByteBuffer.wrap(line.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "line " + lineNumber + ": not valid UTF-8", e);
        }
    }

    private static void handle(Path file, int lineNumber, String text, boolean terminated, LineAction action,
                               Runnable skipped) throws IOException {
        if (text.isBlank()) {
            skipped.run();
            return;
        }
        Map<String, Object> record;
        try {
            record = Json.parseObject(text);
        } catch (JsonParseException e) {
            if (terminated) {
                throw new FileFormatException(file, "line " + lineNumber + ": " + e.getMessage(), e);
            }
            skipped.run();
            return;
        }
        action.accept(new Line(text, record, terminated));
    }

    /**
     * The last record, read from the file's end (a long run's log is not read whole), or empty for a file without
     * one. As {@link #read} reads them, blank lines are passed over and a last line without a newline counts if it
     * parses (else it is torn by a crash and passed over); any other malformed line is an error naming the file.
     */
    public static Optional<Map<String, Object>> last(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = endOfLastLine(channel, file);
            Optional<Map<String, Object>> unterminated = unterminatedRecord(channel, file, end);
            if (unterminated.isPresent()) {
                return unterminated;
            }
            while (end > 0) {
                long start = lineStartBefore(channel, file, end - 1);
                String line = text(channel, file, start, end - 1);
                if (!line.isBlank()) {
                    try {
                        return Optional.of(Json.parseObject(line));
                    } catch (JsonParseException e) {
                        throw new FileFormatException(file, "last line: " + e.getMessage(), e);
                    }
                }
                end = start;
            }
            return Optional.empty();
        }
    }

    /** The record on the file's last line where no newline ends it ({@code end} on) and it parses, as read reads it. */
    private static Optional<Map<String, Object>> unterminatedRecord(FileChannel channel, Path file, long end)
            throws IOException {
        // Leniently decoded: a crash may have torn a character as well as the line.
        String unterminated = new String(bytes(channel, file, end, channel.size()).array(), StandardCharsets.UTF_8);
        if (!unterminated.isBlank()) {
            try {
                return Optional.of(Json.parseObject(unterminated));
            } catch (JsonParseException torn) {
                // passed over, as read does
            }
        }
        return Optional.empty();
    }

    /** Bytes {@code from} (inclusive) to {@code to} (exclusive) of the file, as strict UTF-8. */
    private static String text(FileChannel channel, Path file, long from, long to) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(bytes(channel, file, from, to)).toString();
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "not valid UTF-8", e);
        }
    }

    private static ByteBuffer bytes(FileChannel channel, Path file, long from, long to) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(to - from));
        BinaryIo.readFully(channel, file, bytes, from, bytes.capacity());
        return bytes;
    }

    /** Size of the file up to and including its last newline. */
    private static long endOfLastLine(FileChannel channel, Path file) throws IOException {
        return lineStartBefore(channel, file, channel.size());
    }

    /** Just after the last newline among the file's first {@code limit} bytes, or 0 when they hold none. */
    private static long lineStartBefore(FileChannel channel, Path file, long limit) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long end = limit;
        while (end > 0) {
            int n = (int) Math.min(buf.capacity(), end);
            BinaryIo.readFully(channel, file, buf, end - n, n);
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return end - n + i + 1;
                }
            }
            end -= n;
        }
        return 0;
    }
}
