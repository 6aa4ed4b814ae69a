package dev.jace.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Arrays longer than one 1 MiB chunk, at a file position other than 0, so every chunk's offset counts. */
class BinaryIoTest {

    private static final int FLOATS_IN_THREE_CHUNKS = 2 * (1 << 18) + 1_000;
    private static final int DOUBLES_IN_THREE_CHUNKS = 2 * (1 << 17) + 1_000;
    private static final int OFFSET = 12;

    @TempDir
    Path dir;

    @Test
    void floatsSpanningSeveralChunksAreWrittenLittleEndianAndReadBackInPlace() throws IOException {
        float[] values = distinct(FLOATS_IN_THREE_CHUNKS);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        written.write(new byte[OFFSET]);
        BinaryIo.writeFloats(written, values);

        ByteBuffer expected = ByteBuffer.allocate(OFFSET + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        expected.position(OFFSET);
        for (float v : values) {
            expected.putFloat(v);
        }
        assertArrayEquals(expected.array(), written.toByteArray());

        Path file = dir.resolve("floats.bin");
        Files.write(file, written.toByteArray());
        float[] back = new float[values.length];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            BinaryIo.readFloats(channel, file, OFFSET, back);
        }
        assertArrayEquals(values, back);
    }

    @Test
    void doublesSpanningSeveralChunksAreRoundedInPlace() throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(OFFSET + 8 * DOUBLES_IN_THREE_CHUNKS).order(ByteOrder.LITTLE_ENDIAN);
        bytes.position(OFFSET);
        float[] expected = new float[DOUBLES_IN_THREE_CHUNKS];
        for (int i = 0; i < expected.length; i++) {
            double d = i + 1.0 / 3;
            bytes.putDouble(d);
            expected[i] = (float) d;
        }
        Path file = dir.resolve("doubles.bin");
        Files.write(file, bytes.array());
        float[] back = new float[expected.length];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            BinaryIo.readDoublesAsFloats(channel, file, OFFSET, back, index -> "#" + index);
        }
        assertArrayEquals(expected, back);
    }

    @Test
    void aDoubleBeyondFloat32sRangeIsNamedAtItsIndexInTheWholeArray() throws IOException {
        int index = DOUBLES_IN_THREE_CHUNKS - 2;
        ByteBuffer bytes = ByteBuffer.allocate(8 * DOUBLES_IN_THREE_CHUNKS).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putDouble(8 * index, 3.5e38);
        Path file = dir.resolve("huge.bin");
        Files.write(file, bytes.array());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileFormatException e = assertThrows(FileFormatException.class, () -> BinaryIo.readDoublesAsFloats(
                    channel, file, 0, new float[DOUBLES_IN_THREE_CHUNKS], i -> "#" + i));
            assertEquals(file + ": '<f8' value 3.5E38 at #" + index + " is beyond float32's range (magnitude up"
                    + " to 3.4028235E38), which jace computes in; scale or clip the data", e.getMessage());
        }
    }

    @Test
    void readingPastTheEndNamesTheFileAndTheByte() throws IOException {
        Path file = dir.resolve("short.bin");
        Files.write(file, new byte[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(16);
            BinaryIo.readFully(channel, file, buf, 3, 4);
            assertEquals(0, buf.position());
            assertEquals(4, buf.limit());
            assertArrayEquals(new byte[]{3, 4, 5, 6}, new byte[]{buf.get(0), buf.get(1), buf.get(2), buf.get(3)});
            EOFException e = assertThrows(EOFException.class, () -> BinaryIo.readFully(channel, file, buf, 4, 10));
            assertEquals(file + ": unexpected end of file at byte 10", e.getMessage());
        }
    }

    /** Values that differ in every position, so a chunk read from the wrong place cannot match. */
    private static float[] distinct(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 0.5f - 7.25f;
        }
        return v;
    }
}
