package dev.jace.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An append-only JSON-lines file ({@code metrics.jsonl}): one compact JSON object per line, each line handed to
 * the operating system as soon as it is appended, so a crashed run loses at most the line being written.
 * Opening an existing file appends to it; a torn last line (no newline) left by a crash is cut off first so the
 * next record starts on a line of its own.
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
            channel.truncate(end);
            channel.position(end);
            return new MetricsLog(file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** Appends {@code record} as one line. Throws {@link IllegalArgumentException} for values JSON cannot hold. */
    public synchronized void append(Map<String, ?> record) throws IOException {
        ByteBuffer line = ByteBuffer.wrap((Json.write(record) + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            channel.write(line);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    /**
     * Keeps only the records {@code keep} accepts, each line as it was, replacing the file atomically
     * ({@link AtomicFiles}): a crash meanwhile leaves the old file whole. Blank lines and a torn last line (no
     * newline) go; a malformed complete line is an error naming the file and line, and nothing is changed. The log
     * must not be open. Nothing is written when every record is kept and nothing torn or blank is there.
     */
    public static void retain(Path file, Predicate<Map<String, Object>> keep) throws IOException {
        String text = decode(file);
        StringBuilder kept = new StringBuilder();
        for (Line line : lines(file, text)) {
            if (line.terminated() && keep.test(line.record())) {
                kept.append(line.text()).append('\n');
            }
        }
        if (kept.length() != text.length()) {
            AtomicFiles.writeString(file, kept.toString());
        }
    }

    /**
     * Reads every record. Blank lines are skipped; a last line without a newline is kept if it parses and
     * otherwise ignored as torn by a crash. Any other malformed line is an error naming the file and line.
     */
    public static List<Map<String, Object>> read(Path file) throws IOException {
        return lines(file, decode(file)).stream().map(Line::record).toList();
    }

    /** A non-blank line of the file, parsed, and whether a newline ended it. */
    private record Line(String text, Map<String, Object> record, boolean terminated) {
    }

    /** {@code text}'s records as {@link #read} describes; a torn last line that parses is there, unterminated. */
    private static List<Line> lines(Path file, String text) throws FileFormatException {
        List<Line> lines = new ArrayList<>();
        int lineNumber = 0;
        int from = 0;
        while (from < text.length()) {
            lineNumber++;
            int newline = text.indexOf('\n', from);
            boolean terminated = newline >= 0;
            String line = text.substring(from, terminated ? newline : text.length());
            from = terminated ? newline + 1 : text.length();
            if (line.isBlank()) {
                continue;
            }
            try {
                lines.add(new Line(line, Json.parseObject(line), terminated));
            } catch (JsonParseException e) {
                if (terminated) {
                    throw new FileFormatException(file, "line " + lineNumber + ": " + e.getMessage(), e);
                }
            }
        }
        return lines;
    }

    private static String decode(Path file) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "not valid UTF-8", e);
        }
    }

    /** Size of the file up to and including its last newline. */
    private static long endOfLastLine(FileChannel channel, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long end = channel.size();
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
