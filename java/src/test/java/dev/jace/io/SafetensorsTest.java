package dev.jace.io;

import dev.jace.tensor.Shape;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void layoutIsByteExact() throws IOException {
        Path file = dir.resolve("small.safetensors");
        Safetensors.write(file, List.of(
                new NamedTensor("a", Shape.of(2), new float[]{1.0f, -2.0f}),
                new NamedTensor("b", Shape.of(1, 1), new float[]{0.5f})), Map.of("format", "jace"));
        String header = "{\"__metadata__\":{\"format\":\"jace\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[8,12]}"
                + "} "; // 143 bytes of JSON + 1 space = 144, a multiple of 8
        ByteBuffer expected = ByteBuffer.allocate(8 + 144 + 12).order(ByteOrder.LITTLE_ENDIAN);
        expected.put(new byte[]{(byte) 0x90, 0, 0, 0, 0, 0, 0, 0});
        expected.put(header.getBytes(StandardCharsets.US_ASCII));
        expected.put(new byte[]{0, 0, (byte) 0x80, 0x3f});         // 1.0f
        expected.put(new byte[]{0, 0, 0, (byte) 0xc0});           // -2.0f
        expected.put(new byte[]{0, 0, 0, 0x3f});                  // 0.5f
        assertEquals(144, header.length());
        assertArrayEquals(expected.array(), Files.readAllBytes(file));
    }

    @Test
    void emptyMetadataIsLeftOutAndEmptyFileIsValid() throws IOException {
        Path file = dir.resolve("empty.safetensors");
        Safetensors.write(file, List.of(), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new byte[]{8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '}, bytes);
        Safetensors.Contents c = Safetensors.read(file);
        assertTrue(c.tensors().isEmpty() && c.metadata().isEmpty());
    }

    @Property(tries = 60)
    void roundTripsBitsShapesOrderAndMetadata(@ForAll @Size(min = 0, max = 5) List<@Size(min = 1, max = 4)
            List<@IntRange(min = 1, max = 5) Integer>> shapes, @ForAll long seed,
            @ForAll @Size(max = 4) Map<String, String> metadata) throws IOException {
        Random random = new Random(seed);
        List<NamedTensor> tensors = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Shape shape = new Shape(shapes.get(i).stream().mapToInt(Integer::intValue).toArray());
            tensors.add(new NamedTensor("layer" + (shapes.size() - i) + ".wéight", shape,
                    randomBits(random, shape.size())));
        }
        Path file = Files.createTempFile("jace", ".safetensors");
        try {
            Safetensors.write(file, tensors, metadata);
            assertEquals(0, (Files.size(file) - 8 - tensors.stream().mapToLong(t -> 4L * t.values().length).sum()) % 8);
            Safetensors.Contents c = Safetensors.read(file);
            assertEquals(tensors.stream().map(NamedTensor::name).toList(), List.copyOf(c.tensors().keySet()));
            for (NamedTensor t : tensors) {
                NamedTensor back = c.tensors().get(t.name());
                assertEquals(t.shape(), back.shape());
                assertArrayEquals(rawBits(t.values()), rawBits(back.values()));
            }
            assertEquals(metadata, c.metadata());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void writerRejectsBadNames() {
        NamedTensor a = new NamedTensor("a", Shape.of(1), new float[1]);
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(dir.resolve("x"), List.of(a, a), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(dir.resolve("x"),
                List.of(new NamedTensor(Safetensors.METADATA_KEY, Shape.of(1), new float[1])), Map.of()));
    }

    @Test
    void truncatedData() throws IOException {
        Path file = validFile();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertError(file, "tensor 'b' data_offsets [8, 12] run past the end of the data (9 bytes); file truncated?");
    }

    @Test
    void trailingBytes() throws IOException {
        Path file = validFile();
        Files.write(file, new byte[]{1, 2, 3, 4}, java.nio.file.StandardOpenOption.APPEND);
        assertError(file, "4 data bytes after the last tensor");
    }

    @Test
    void badHeaderLength() throws IOException {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, new byte[]{(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
        assertError(file, "header length 255 exceeds the 2 bytes after the length field");
        Files.write(file, new byte[]{0, 0, 0, 0, 0, 0, 0, (byte) 0x80, '{', '}'});
        assertError(file, "not a safetensors file: its first 8 bytes, read as the header length, give"
                + " 9223372036854775808, more than the 2 bytes after them");
        Files.write(file, new byte[]{(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 'P', 'K'});
        assertError(file, "not a safetensors file: its header does not start with '{'");
        Files.write(file, new byte[]{1, 2, 3});
        assertError(file, "only 3 bytes, too short for the 8-byte header length");
    }

    @Test
    void overlappingOffsets() throws IOException {
        Path file = withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8);
        assertError(file, "tensor 'b' data_offsets [4, 8] overlap tensor 'a' [0, 8]");
    }

    @Test
    void holeBetweenTensors() throws IOException {
        Path file = withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12);
        assertError(file, "data bytes [4, 8) belong to no tensor (before tensor 'b')");
    }

    @Test
    void wrongDtypeNamesTensorAndDtype() throws IOException {
        Path file = withHeader("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4);
        assertError(file, "tensor 'w' has dtype \"F16\"; only F32 is supported");
    }

    @Test
    void shapeAndOffsetMismatch() throws IOException {
        Path file = withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
        assertError(file, "tensor 'w': data_offsets [0, 8] span 8 bytes but shape [3] of F32 needs 12");
    }

    @Test
    void malformedEntries() throws IOException {
        assertError(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w': unsupported shape []");
        assertError(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", 0),
                "tensor 'w': unsupported shape [0]");
        assertError(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w': shape must be an array of non-negative integers, found [1.5]");
        assertError(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4),
                "tensor 'w': data_offsets [4, 0] must be [begin, end] with begin <= end");
        assertError(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4),
                "tensor 'w': missing field \"data_offsets\"");
        assertError(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4),
                "tensor 'w': unknown field \"x\"");
        assertError(withHeader("{\"w\":[]}", 0), "tensor 'w': entry must be an object");
        assertError(withHeader("{\"__metadata__\":{\"k\":1}}", 0), "__metadata__ value for \"k\" must be a string");
    }

    @Test
    void tensorsMayBeListedInAnyOrderOfTheirOffsets() throws IOException {
        Path file = withHeaderAndData("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 1.5f, -3f);
        Safetensors.Contents c = Safetensors.read(file);
        assertEquals(List.of("b", "a"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new float[]{-3f}, c.tensors().get("b").values());
        assertArrayEquals(new float[]{1.5f}, c.tensors().get("a").values());
    }

    @Test
    void aZeroHeaderLengthIsAnEmptyHeaderNotAShortFile() throws IOException {
        Path file = dir.resolve("zero.safetensors");
        Files.write(file, new byte[8]);
        assertError(file, "not a safetensors file: its header does not start with '{'");
    }

    @Test
    void emptyOffsetsAndTheLargestDimensionReachTheSizeCheck() throws IOException {
        assertError(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,4]}}", 4),
                "tensor 'w': data_offsets [4, 4] span 0 bytes but shape [1] of F32 needs 4");
        assertError(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w': data_offsets [0, 4] span 4 bytes but shape [2147483647] of F32 needs 8589934588");
        assertError(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483648],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w': unsupported shape [2147483648]");
    }

    @Test
    void badJsonHeader() throws IOException {
        assertError(withHeader("{\"w\":{\"dtype\":\"F32\",}}", 0),
                "header is not valid JSON: JSON parse error at line 1, column 21 (offset 20): expected a string key");
        assertError(withHeader("[1]", 0), "not a safetensors file: its header does not start with '{'");
        assertError(withHeader("{\"a\":1,\"a\":2}", 0), "duplicate key \"a\"");
        Path file = dir.resolve("utf8.safetensors");
        Files.write(file, new byte[]{2, 0, 0, 0, 0, 0, 0, 0, '{', (byte) 0xff});
        assertError(file, "header is not valid UTF-8");
    }

    @Test
    void loadsInPythonSafetensorsWhenInstalled() throws IOException {
        String missing = Python.missing("safetensors.numpy");
        if (missing != null) {
            System.out.println("SafetensorsTest: skipping the Python check: " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
        Path file = validFile();
        Python.Result r = Python.run("""
                import sys, json
                from safetensors import safe_open
                with safe_open(sys.argv[1], framework="np") as f:
                    print(json.dumps({"meta": f.metadata(), "tensors": {k: [list(f.get_tensor(k).shape),
                        f.get_tensor(k).tolist()] for k in f.keys()}}, sort_keys=True))
                """, file.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals("{\"meta\": {\"format\": \"jace\"}, \"tensors\": {\"a\": [[2], [1.0, -2.0]], "
                + "\"b\": [[1, 1], [[0.5]]]}}", r.output().strip());
    }

    private Path validFile() throws IOException {
        Path file = dir.resolve("valid.safetensors");
        Safetensors.write(file, List.of(
                new NamedTensor("a", Shape.of(2), new float[]{1.0f, -2.0f}),
                new NamedTensor("b", Shape.of(1, 1), new float[]{0.5f})), Map.of("format", "jace"));
        return file;
    }

    /** A file with {@code json} as its header and {@code dataBytes} (a multiple of 4) zero bytes of data. */
    private Path withHeader(String json, int dataBytes) throws IOException {
        return withHeaderAndData(json, new float[dataBytes / Float.BYTES]);
    }

    /** A file with {@code json} as its header and {@code data} as little-endian float32s. */
    private Path withHeaderAndData(String json, float... data) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + Float.BYTES * data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        for (float v : data) {
            b.putFloat(v);
        }
        Path file = Files.createTempFile(dir, "corrupt", ".safetensors");
        Files.write(file, b.array());
        return file;
    }

    private static void assertError(Path file, String expected) {
        FileFormatException e = assertThrows(FileFormatException.class, () -> Safetensors.read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    static float[] randomBits(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            // Every bit pattern, including NaNs with payloads; a few quiet NaNs with chosen payloads too.
            v[i] = Float.intBitsToFloat(i % 7 == 3 ? 0x7fc00000 | random.nextInt(1 << 22) : random.nextInt());
        }
        return v;
    }

    static int[] rawBits(float[] v) {
        int[] bits = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            bits[i] = Float.floatToRawIntBits(v[i]);
        }
        return bits;
    }
}
