package dev.jace.io;

import dev.jace.tensor.Shape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Float32 tensors in the <a href="https://github.com/huggingface/safetensors">safetensors</a> format, readable
 * by Python's {@code safetensors.safe_open}:
 *
 * <pre>
 * u64 little-endian N | N bytes UTF-8 JSON header, space-padded so N % 8 == 0 | data
 * header: {"__metadata__": {string: string}, "name": {"dtype": "F32", "shape": [...], "data_offsets": [b, e]}, ...}
 * </pre>
 *
 * Tensors are written row-major, little-endian, back to back in the order given, with offsets relative to the
 * start of the data; {@code __metadata__} comes first and is left out when empty. The reader accepts only F32
 * tensors of rank at least 1 with positive dimensions (what {@link Shape} holds), checks that the tensors tile
 * the data exactly (no overlaps, holes or trailing bytes) and keeps the header's order.
 */
public final class Safetensors {

    public static final String METADATA_KEY = "__metadata__";

    /** How the problem of a file that is no safetensors file at all starts. */
    public static final String NOT_SAFETENSORS = "not a safetensors file";

    /** The reference implementation's limit; a larger length means a corrupt or hostile file. */
    static final long MAX_HEADER_BYTES = 100_000_000;

    private static final List<String> TENSOR_KEYS = List.of("dtype", "shape", "data_offsets");

    /** A file's tensors and metadata, both in header order. */
    public record Contents(SequencedMap<String, NamedTensor> tensors, SequencedMap<String, String> metadata) {

        public Contents {
            tensors = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(metadata));
        }
    }

    private Safetensors() {
    }

    /** Writes {@code tensors} and {@code metadata} to {@code file} atomically. */
    public static void write(Path file, List<NamedTensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        AtomicFiles.write(file, out -> {
            out.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.write(header);
            for (NamedTensor t : tensors) {
                BinaryIo.writeFloats(out, t.values());
            }
        });
    }

    public static Contents read(Path file) throws IOException {
        BinaryIo.requireRegularFile(file, "a safetensors file");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < Long.BYTES) {
                throw new FileFormatException(file, "only " + fileSize
                        + " bytes, too short for the 8-byte header length");
            }
            ByteBuffer lengthBuf = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            BinaryIo.readFully(channel, file, lengthBuf, 0, Long.BYTES);
            long headerLength = lengthBuf.getLong();
            long available = fileSize - Long.BYTES;
            // A file of another kind (JSON, NPY, text) gives an absurd length or a header that is no JSON object.
            if (headerLength < 0 || (headerLength > MAX_HEADER_BYTES && headerLength > available)) {
                throw new FileFormatException(file, NOT_SAFETENSORS + ": its first 8 bytes, read as the header length,"
                        + " give " + Long.toUnsignedString(headerLength) + ", more than the " + available
                        + " bytes after them");
            }
            if (available > 0) {
                ByteBuffer first = ByteBuffer.allocate(1);
                BinaryIo.readFully(channel, file, first, Long.BYTES, 1);
                if (first.get(0) != '{') {
                    throw new FileFormatException(file, NOT_SAFETENSORS + ": its header does not start with '{'");
                }
            }
            if (headerLength > available) {
                throw new FileFormatException(file, "header length " + headerLength + " exceeds the " + available
                        + " bytes after the length field");
            }
            if (headerLength > MAX_HEADER_BYTES) {
                throw new FileFormatException(file, "header length " + headerLength + " exceeds the limit of "
                        + MAX_HEADER_BYTES + " bytes");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
            BinaryIo.readFully(channel, file, headerBuf, Long.BYTES, (int) headerLength);
            Map<String, Object> header = parseHeader(file, headerBuf);
            long dataStart = Long.BYTES + headerLength;
            return readContents(file, channel, header, dataStart, fileSize - dataStart);
        }
    }

    static byte[] header(List<NamedTensor> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("safetensors metadata keys and values must not be null: "
                            + e.getKey() + " = " + e.getValue());
                }
            }
            header.put(METADATA_KEY, metadata);
        }
        long offset = 0;
        for (NamedTensor t : tensors) {
            if (t.name().equals(METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + METADATA_KEY);
            }
            long end = offset + (long) t.values().length * Float.BYTES;
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", Arrays.stream(t.shape().dims()).boxed().toList());
            info.put("data_offsets", List.of(offset, end));
            if (header.put(t.name(), info) != null) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
            }
            offset = end;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static Map<String, Object> parseHeader(Path file, ByteBuffer bytes) throws FileFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "header is not valid UTF-8", e);
        }
        if (!text.startsWith("{")) {
            throw new FileFormatException(file, NOT_SAFETENSORS + ": its header does not start with '{'");
        }
        try {
            return Json.parseObject(text);
        } catch (JsonParseException e) {
            throw new FileFormatException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Where one tensor's bytes lie in the data section. */
    private record Entry(String name, Shape shape, long begin, long end) {
    }

    private static Contents readContents(Path file, FileChannel channel, Map<String, Object> header,
                                         long dataStart, long dataSize) throws IOException {
        SequencedMap<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals(METADATA_KEY)) {
                readMetadata(file, e.getValue(), metadata);
            } else {
                entries.add(entry(file, e.getKey(), e.getValue()));
            }
        }
        checkLayout(file, entries, dataSize);
        SequencedMap<String, NamedTensor> tensors = new LinkedHashMap<>();
        for (Entry entry : entries) {
            float[] values = new float[entry.shape().size()];
            BinaryIo.readFloats(channel, file, dataStart + entry.begin(), values);
            tensors.put(entry.name(), new NamedTensor(entry.name(), entry.shape(), values));
        }
        return new Contents(tensors, metadata);
    }

    private static void readMetadata(Path file, Object value, Map<String, String> metadata)
            throws FileFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new FileFormatException(file, METADATA_KEY + " must be an object of strings");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new FileFormatException(file, METADATA_KEY + " value for \"" + e.getKey()
                        + "\" must be a string, found " + Json.write(e.getValue()));
            }
            metadata.put((String) e.getKey(), s);
        }
    }

    private static Entry entry(Path file, String name, Object value) throws FileFormatException {
        if (!(value instanceof Map<?, ?> info)) {
            throw new FileFormatException(file, "tensor '" + name + "': entry must be an object");
        }
        for (Object key : info.keySet()) {
            if (!TENSOR_KEYS.contains(key)) {
                throw new FileFormatException(file, "tensor '" + name + "': unknown field \"" + key + "\"");
            }
        }
        for (String key : TENSOR_KEYS) {
            if (!info.containsKey(key)) {
                throw new FileFormatException(file, "tensor '" + name + "': missing field \"" + key + "\"");
            }
        }
        if (!"F32".equals(info.get("dtype"))) {
            throw new FileFormatException(file, "tensor '" + name + "' has dtype " + Json.write(info.get("dtype"))
                    + "; only F32 is supported");
        }
        long[] dims = longs(file, name, "shape", info.get("shape"));
        long[] offsets = longs(file, name, "data_offsets", info.get("data_offsets"));
        Shape shape = shape(file, name, dims);
        if (offsets.length != 2 || offsets[0] > offsets[1]) {
            throw new FileFormatException(file, "tensor '" + name + "': data_offsets " + Arrays.toString(offsets)
                    + " must be [begin, end] with begin <= end");
        }
        long bytes = (long) shape.size() * Float.BYTES;
        if (offsets[1] - offsets[0] != bytes) {
            throw new FileFormatException(file, "tensor '" + name + "': data_offsets " + Arrays.toString(offsets)
                    + " span " + (offsets[1] - offsets[0]) + " bytes but shape " + shape + " of F32 needs " + bytes);
        }
        return new Entry(name, shape, offsets[0], offsets[1]);
    }

    private static long[] longs(Path file, String name, String field, Object value) throws FileFormatException {
        if (value instanceof List<?> list && list.stream().allMatch(v -> v instanceof Long l && l >= 0)) {
            return list.stream().mapToLong(v -> (Long) v).toArray();
        }
        throw new FileFormatException(file, "tensor '" + name + "': " + field
                + " must be an array of non-negative integers, found " + Json.write(value));
    }

    private static Shape shape(Path file, String name, long[] dims) throws FileFormatException {
        String problem = "unsupported shape " + Arrays.toString(dims) + ": ";
        if (dims.length == 0 || Arrays.stream(dims).anyMatch(d -> d == 0 || d > Integer.MAX_VALUE)) {
            throw new FileFormatException(file, "tensor '" + name + "': " + problem
                    + "jace tensors need rank >= 1 and dimensions in [1, 2^31-1]");
        }
        try {
            return new Shape(Arrays.stream(dims).mapToInt(d -> (int) d).toArray());
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "tensor '" + name + "': " + problem + e.getMessage());
        }
    }

    private static void checkLayout(Path file, List<Entry> entries, long dataSize) throws FileFormatException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.begin() < expected) {
                throw new FileFormatException(file, "tensor '" + e.name() + "' data_offsets [" + e.begin() + ", "
                        + e.end() + "] overlap tensor '" + previous.name() + "' [" + previous.begin() + ", "
                        + previous.end() + "]");
            }
            if (e.begin() > expected) {
                throw new FileFormatException(file, "data bytes [" + expected + ", " + e.begin()
                        + ") belong to no tensor (before tensor '" + e.name() + "')");
            }
            if (e.end() > dataSize) {
                throw new FileFormatException(file, "tensor '" + e.name() + "' data_offsets [" + e.begin() + ", "
                        + e.end() + "] run past the end of the data (" + dataSize + " bytes); file truncated?");
            }
            expected = e.end();
            previous = e;
        }
        if (expected != dataSize) {
            throw new FileFormatException(file, (dataSize - expected) + " data bytes after the last tensor ("
                    + "tensors end at " + expected + ", data has " + dataSize + ")");
        }
    }
}
