package dev.jace.data;

import dev.jace.testing.IdxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

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

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A pseudo-random labels file of n bytes (compresses poorly, so its gzip data spans several reads). */
    private static byte[] labels(int n) {
        byte[] data = new byte[n];
        long x = 1;
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            data[i] = (byte) (x >>> 56);
        }
        return IdxFiles.ubyte(1, new int[] {n}, data);
    }

    /**
     * A gzip member as the gzip tool writes one, with every optional header field (RFC 1952): FEXTRA, FNAME, FCOMMENT
     * and the header CRC (FHCRC), which GZIPOutputStream never writes.
     */
    private static byte[] memberWithEveryHeaderField(byte[] content) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 1, 2, 3, 4, 0, 3});
        header.writeBytes(new byte[] {5, 0, 'A', 'p', 2, 0, 7, 9}); // FEXTRA: 5 bytes, subfield "Ap" of 2 bytes
        header.writeBytes("x-idx1-ubyte\0a comment\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        CRC32 headerCrc = new CRC32();
        headerCrc.update(header.toByteArray());
        header.write((int) headerCrc.getValue());
        header.write((int) (headerCrc.getValue() >>> 8));
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        byte[] chunk = new byte[4096];
        while (!deflater.finished()) {
            header.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(content);
        for (long v : new long[] {crc.getValue(), content.length}) {
            for (int b = 0; b < 4; b++) {
                header.write((int) (v >>> (8 * b)));
            }
        }
        return header.toByteArray();
    }

    /** Concatenated members are one gzip file (what {@code cat a.gz b.gz} or {@code pigz} make); each may be empty. */
    @Test
    void gzipMembersAreReadOneAfterAnother() throws IOException {
        byte[] plain = labels(70_000);
        int[] cuts = {0, 5, 9, 30_000, 70_008};
        byte[][] members = new byte[cuts.length + 1][];
        for (int m = 0; m <= cuts.length; m++) {
            int from = m == 0 ? 0 : cuts[m - 1];
            int to = m == cuts.length ? plain.length : cuts[m];
            byte[] part = Arrays.copyOfRange(plain, from, to);
            members[m] = m % 2 == 0 ? gzip(part) : memberWithEveryHeaderField(part);
        }
        assertArrayEquals(Arrays.copyOfRange(plain, 8, plain.length), IdxFile.read(write(concat(members)), 1).data());
        assertArrayEquals(Arrays.copyOfRange(plain, 8, plain.length),
                IdxFile.read(write(memberWithEveryHeaderField(plain)), 1).data());
    }

    /** GZIPInputStream stops at bytes after a member that start no other member and ignored them. */
    @Test
    void bytesAfterTheGzipDataAreRefused() throws IOException {
        byte[] gz = gzip(labels(3000));
        for (byte[] tail : new byte[][] {{0}, {0, 0, 0, 0}, "appended by mistake, and long".getBytes(), {0x1f, 0x1f}}) {
            Path file = write(concat(gz, tail));
            IOException e = assertThrows(IOException.class, () -> IdxFile.read(file, 1));
            assertEquals(file + ": " + tail.length + " unexpected bytes after the gzip data (they start no gzip"
                    + " member)", e.getMessage());
        }
        // Something that starts as a member but is cut short is a truncated member, which it also ignored.
        for (byte[] tail : new byte[][] {{0x1f}, {0x1f, (byte) 0x8b}, Arrays.copyOf(gz, gz.length - 1)}) {
            Path file = write(concat(gz, tail));
            IOException e = assertThrows(IOException.class, () -> IdxFile.read(file, 1));
            assertEquals(file + ": corrupt or truncated gzip stream (unexpected end of file)", e.getMessage());
        }
    }

    @Test
    void aGzipMemberWhoseChecksumDiffersIsCorrupt() throws IOException {
        byte[] gz = gzip(labels(3000));
        gz[gz.length - 6] ^= 1; // in the CRC-32 of the content
        Path file = write(gz);
        IOException e = assertThrows(IOException.class, () -> IdxFile.read(file, 1));
        assertEquals(file + ": corrupt or truncated gzip stream (Corrupt GZIP trailer)", e.getMessage());
        byte[] named = memberWithEveryHeaderField(labels(10));
        named[25] ^= 1; // in the file name, so the header's CRC-16 no longer matches
        Path header = write(named);
        e = assertThrows(IOException.class, () -> IdxFile.read(header, 1));
        assertEquals(header + ": corrupt or truncated gzip stream (Corrupt GZIP header)", e.getMessage());
    }
}
