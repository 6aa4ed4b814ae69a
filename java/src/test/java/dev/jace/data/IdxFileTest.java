package dev.jace.data;

import dev.jace.testing.IdxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class IdxFileTest {

    @TempDir
    Path dir;

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("x-idx-ubyte"), bytes);
    }

    @Test
    void dimensionsAreBigEndianInt32s() throws IOException {
        // 0x00010203 = 66051: every byte of the dimension but the first contributes.
        int n = 0x00010203;
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i * 7);
        }
        IdxFile file = IdxFile.read(write(IdxFiles.ubyte(1, new int[] {n}, data)), 1);
        assertArrayEquals(new int[] {66051}, file.dims());
        assertArrayEquals(data, file.data());
        IdxFile matrix = IdxFile.read(write(IdxFiles.ubyte(2, new int[] {3, 258}, new byte[774])), 2);
        assertArrayEquals(new int[] {3, 258}, matrix.dims());
    }

    @Test
    void aDimensionThatIsNotPositiveIsNamed() throws IOException {
        // 80 00 00 01 is negative as an int32: the top byte is the sign.
        Path negative = write(IdxFiles.ubyte(1, new int[] {0x80000001}, new byte[1]));
        IOException e = assertThrows(IOException.class, () -> IdxFile.read(negative, 1));
        assertEquals(negative + ": dimension 0 is -2147483647, must be positive", e.getMessage());
        Path zero = write(IdxFiles.ubyte(2, new int[] {2, 0}, new byte[0]));
        e = assertThrows(IOException.class, () -> IdxFile.read(zero, 2));
        assertEquals(zero + ": dimension 1 is 0, must be positive", e.getMessage());
    }

    @Test
    void aBadMagicNumberIsShownInHex() throws IOException {
        Path floats = write(new byte[] {0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0});
        IOException e = assertThrows(IOException.class, () -> IdxFile.read(floats, 1));
        assertEquals(floats + ": bad magic number 00 00 0d 01, expected 00 00 08 01 (unsigned bytes, 1 dimensions)",
                e.getMessage());
        Path text = write(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 0x31, 0, 0, 0, 1});
        e = assertThrows(IOException.class, () -> IdxFile.read(text, 3));
        assertEquals(text + ": bad magic number ef bb bf 31, expected 00 00 08 03 (unsigned bytes, 3 dimensions)",
                e.getMessage());
    }

    @Test
    void dimensionsBeyondOneJavaArrayAreTooLarge() throws IOException {
        // 2^32 bytes; then (2^21 + 1)^3, past 2^63, so its product taken in a long comes out negative; and
        // 2^30 * 2^30 * 16, whose product in a long is 0: an empty file would pass for a huge data set.
        int[][] shapes = {{1 << 16, 1 << 16, 1}, {(1 << 21) + 1, (1 << 21) + 1, (1 << 21) + 1}, {1 << 30, 1 << 30, 16}};
        for (int[] dims : shapes) {
            Path huge = write(IdxFiles.ubyte(3, dims, new byte[0]));
            IOException e = assertThrows(IOException.class, () -> IdxFile.read(huge, 3));
            assertEquals(huge + ": dimensions " + Arrays.toString(dims) + " are too large", e.getMessage());
        }
    }

    /** A gzip header that GZIPInputStream's constructor refuses left the file open, and an EOF had no message. */
    @Test
    void aGzipHeaderThatCannotBeReadClosesTheFileAndSaysWhy() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "counting open files needs /proc/self/fd (Linux)");
        Path cut = write(new byte[] {0x1f, (byte) 0x8b});
        Path method = dir.resolve("method-idx-ubyte");
        Files.write(method, new byte[] {0x1f, (byte) 0x8b, 9, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        for (int i = 0; i < 20; i++) {
            IOException e = assertThrows(IOException.class, () -> IdxFile.read(cut, 1));
            assertEquals(cut + ": corrupt or truncated gzip stream (unexpected end of file)", e.getMessage());
            e = assertThrows(IOException.class, () -> IdxFile.read(method, 1));
            assertEquals(method + ": corrupt or truncated gzip stream (Unsupported compression method)",
                    e.getMessage());
        }
        assertEquals(0, openDescriptorsOf(fds, cut) + openDescriptorsOf(fds, method));
    }

    private static long openDescriptorsOf(Path fds, Path file) throws IOException {
        Path target = file.toRealPath();
        try (Stream<Path> open = Files.list(fds)) {
            return open.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // closed since it was listed, or not a link
                }
            }).count();
        }
    }
}
