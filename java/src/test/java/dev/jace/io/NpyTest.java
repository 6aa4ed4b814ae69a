package dev.jace.io;

import dev.jace.tensor.Shape;
import dev.jace.testing.SpecialFiles;
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
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {

    @TempDir
    Path dir;

    @Test
    void aFolderIsNamedAsOne() {
        FileSystemException npy = assertThrows(FileSystemException.class, () -> Npy.read(dir));
        assertEquals(dir + ": is a folder, not an NPY file", npy.getMessage());
        assertEquals(npy.getMessage(), assertThrows(FileSystemException.class, () -> Npy.shape(dir)).getMessage(),
                "the shape alone is read from a file checked as read checks it");
        FileSystemException safetensors = assertThrows(FileSystemException.class, () -> Safetensors.read(dir));
        assertEquals(dir + ": is a folder, not a safetensors file", safetensors.getMessage());
    }

    /**
     * A pipe (what {@code --input <(cat x.npy)} gives, through a link as /dev/fd/63 is) or a device has no size to read
     * the file by: named as such, with the way on, instead of "only 0 bytes, too short for an NPY file".
     */
    @Test
    void aPipeOrADeviceIsNamedAsOne() throws Exception {
        Path fifo = SpecialFiles.fifo(dir, "x.npy");
        Path link = Files.createSymbolicLink(dir.resolve("63"), fifo.getFileName());
        byte[] npy = Files.readAllBytes(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }\n",
                floats(1f)));
        String pipe = ": is a pipe (as <(...) makes), not a regular file: jace reads ";
        String way = " by its size, so save it to a file first";
        for (Path p : List.of(fifo, link)) {
            Thread writer = SpecialFiles.feed(fifo, npy);
            FileSystemException e = assertThrows(FileSystemException.class, () -> Npy.read(p));
            assertEquals(p + pipe + "an NPY file" + way, e.getMessage());
            SpecialFiles.release(fifo, writer);
            writer = SpecialFiles.feed(fifo, npy);
            e = assertThrows(FileSystemException.class, () -> Safetensors.read(p));
            assertEquals(p + pipe + "a safetensors file" + way, e.getMessage());
            SpecialFiles.release(fifo, writer);
        }
        Path device = SpecialFiles.nullDevice(dir, "mynull");
        assertEquals(device + ": is a character device, not a regular file: jace reads an NPY file" + way,
                assertThrows(FileSystemException.class, () -> Npy.read(device)).getMessage());
        assertEquals(device + ": is a character device, not a regular file: jace reads an NPY file" + way,
                assertThrows(FileSystemException.class, () -> Npy.shape(device)).getMessage());
    }

    @Test
    void headerIsWhatNumpyWrites() {
        // numpy.save(f, np.zeros((2, 3), '<f4')): 118-byte header, data at byte 128.
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        String header = dict + " ".repeat(118 - dict.length() - 1) + "\n";
        byte[] expected = concat(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0},
                header.getBytes(StandardCharsets.US_ASCII));
        assertEquals(128, expected.length);
        assertArrayEquals(expected, Npy.preamble(Shape.of(2, 3)));
        String oneDim = new String(Npy.preamble(Shape.of(5)), StandardCharsets.US_ASCII);
        assertTrue(oneDim.contains("'shape': (5,), }"), oneDim);
        assertEquals(128, oneDim.length());
    }

    @Test
    void hugeRankUsesVersionTwo() throws IOException {
        Shape shape = onesOfRank(30_000);
        byte[] preamble = Npy.preamble(shape);
        assertEquals(2, preamble[6]);
        assertEquals(0, preamble.length % 64);
        Path file = dir.resolve("v2.npy");
        Npy.write(file, new FloatArray(shape, new float[]{7f}));
        FloatArray back = Npy.read(file);
        assertEquals(shape, back.shape());
        assertEquals(7f, back.values()[0]);
    }

    @Property(tries = 60)
    void roundTripsBitsAndShape(@ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 6) Integer> dims,
                                @ForAll long seed) throws IOException {
        Shape shape = new Shape(dims.stream().mapToInt(Integer::intValue).toArray());
        float[] values = SafetensorsTest.randomBits(new Random(seed), shape.size());
        Path file = Files.createTempFile("jace", ".npy");
        try {
            Npy.write(file, new FloatArray(shape, values));
            assertEquals(0, (Files.size(file) - 4L * values.length) % 64);
            FloatArray back = Npy.read(file);
            assertEquals(shape, back.shape());
            assertArrayEquals(SafetensorsTest.rawBits(values), SafetensorsTest.rawBits(back.values()));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void readsHandWrittenHeadersVersionsAndFloat64() throws IOException {
        assertArrayEquals(new float[]{1.5f, -2f}, Npy.read(file(1, "{\"shape\": [2],'fortran_order':False,"
                + "  'descr':'<f4'}\n", floats(1.5f, -2f))).values());
        FloatArray v2 = Npy.read(file(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }\n",
                floats(3f, 4f)));
        assertEquals(Shape.of(1, 2), v2.shape());
        assertArrayEquals(new float[]{3f, 4f}, v2.values());
        ByteBuffer doubles = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1)
                .putDouble(Double.NEGATIVE_INFINITY).putDouble(Double.NaN).putDouble(Float.MAX_VALUE);
        FloatArray f8 = Npy.read(file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4L,), }\n",
                doubles.array()));
        assertArrayEquals(new float[]{0.1f, Float.NEGATIVE_INFINITY, Float.NaN, Float.MAX_VALUE}, f8.values());
    }

    @Test
    void float64BeyondFloat32sRangeIsRefusedWhereItIs() throws IOException {
        ByteBuffer doubles = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : new double[]{0, 1, 2, 3, -1e300, 1e39}) {
            doubles.putDouble(d);
        }
        assertError(file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }\n", doubles.array()),
                "'<f8' value -1.0E300 at [1, 1] is beyond float32's range (magnitude up to 3.4028235E38), which"
                        + " jace computes in; scale or clip the data");
    }

    @Test
    void corruptAndUnsupportedInputs() throws IOException {
        String ok = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n";
        assertError(file(1, ok, floats(1f)), "shape [2] of '<f4' needs 8 data bytes but the file has 4 (truncated)");
        assertError(file(1, ok, floats(1f, 2f, 3f)), "needs 8 data bytes but the file has 12");
        assertError(file(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }\n", floats(1f, 2f)),
                "fortran_order True (column-major) is not supported");
        // Each refusal names the conversion, as fortran_order's names numpy.ascontiguousarray.
        for (String dtype : List.of("<i4", ">f4", "<f2", "|u1")) {
            assertError(file(1, "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (2,), }\n",
                    floats(1f, 2f)), "dtype '" + dtype + "' is not supported; expected '<f4' (or '<f8', rounded to"
                    + " float32): convert it, e.g. numpy.save(path, a.astype('<f4'))");
        }
        assertError(file(1, "{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2,), }\n", floats(1f, 2f)),
                "structured dtype");
        assertError(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }\n", floats(1f)),
                "shape [] is not supported");
        assertError(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 1, 8, 8), }\n", new byte[0]),
                "holds no samples: its shape [0, 1, 8, 8] starts with 0; give at least one");
        assertError(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 0), }\n", new byte[0]),
                "shape [3, 0] is not supported: jace arrays need rank >= 1 and dimensions in [1, 2^31-1]");
        assertError(file(1, "{'descr': '<f4', 'fortran_order': False}\n", floats(1f)), "header has no 'shape'");
        assertError(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,) \n", floats(1f, 2f)),
                "malformed header");
        assertError(file(1, "{'descr': '<f4', 'fortran_order': __import__('os'), 'shape': (2,)}\n", floats(1f, 2f)),
                "malformed header");
        Path bad = dir.resolve("bad.npy");
        Files.write(bad, "PK\3\4 a zip, as numpy.savez writes".getBytes(StandardCharsets.ISO_8859_1));
        assertError(bad, "an .npz archive, not an NPY file: save the one array with numpy.save(path, array)");
        Files.write(bad, "not numpy at all".getBytes(StandardCharsets.ISO_8859_1));
        assertError(bad, "not an NPY file (no \\x93NUMPY magic)");
        Files.write(bad, new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 9, 0, 0, 0});
        assertError(bad, "unsupported NPY version 9.0");
        Files.write(bad, new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) 0xff, 0, '{'});
        assertError(bad, "header length 255 runs past the end of the 11-byte file");
        Files.write(bad, new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0, 0, (byte) 0xff, '{'});
        assertError(bad, "header length 4278190080 exceeds the limit");
        Files.write(bad, new byte[]{(byte) 0x93, 'N'});
        assertError(bad, "only 2 bytes, too short");
    }

    @Test
    void numpyReadsOurFilesAndWeReadNumpys() throws IOException {
        String missing = Python.missing("numpy");
        if (missing != null) {
            System.out.println("NpyTest: skipping the numpy check: " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
        float[] values = SafetensorsTest.randomBits(new Random(7), 24);
        Path ours = dir.resolve("ours.npy");
        Path theirs = dir.resolve("theirs.npy");
        Path f8 = dir.resolve("f8.npy");
        Npy.write(ours, new FloatArray(Shape.of(2, 3, 4), values));
        Python.Result r = Python.run("""
                import sys, numpy as np
                a = np.load(sys.argv[1])
                assert a.dtype == np.dtype('<f4') and a.shape == (2, 3, 4) and a.flags.c_contiguous
                print(' '.join(str(int(b)) for b in a.view('<i4').ravel()))
                np.save(sys.argv[2], a)
                np.save(sys.argv[3], np.arange(6, dtype='<f8').reshape(3, 2) / 3)
                """, ours.toString(), theirs.toString(), f8.toString());
        assertEquals(0, r.exitCode(), r.output());
        int[] bits = Arrays.stream(r.output().strip().split(" ")).mapToInt(Integer::parseInt).toArray();
        assertArrayEquals(SafetensorsTest.rawBits(values), bits);
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours), "numpy writes the same bytes");
        FloatArray back = Npy.read(f8);
        assertEquals(Shape.of(3, 2), back.shape());
        assertArrayEquals(new float[]{0f, 1f / 3, 2f / 3, 1f, 4f / 3, 5f / 3}, back.values());
    }

    @Test
    void headerSpacesDependOnTheFirstDimensionsDigits() {
        // numpy.lib.format.write_array_header_1_0 for this shape writes a 118-byte header, data at byte 128.
        int[] dims = {100_000, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), }";
        String expected = dict + " ".repeat(118 - dict.length() - 1) + "\n";
        byte[] preamble = Npy.preamble(new Shape(dims));
        assertEquals(128, preamble.length);
        assertEquals(expected, new String(preamble, 10, 118, StandardCharsets.US_ASCII));
    }

    @Test
    void versionTwoBeginsWhereAVersionOneLengthWouldOverflow() {
        int rank = 1; // the largest rank whose preamble is version 1; 30 000 needs version 2
        int tooLarge = 30_000;
        while (tooLarge - rank > 1) {
            int mid = (rank + tooLarge) >>> 1;
            if (Npy.preamble(onesOfRank(mid))[6] == 1) {
                rank = mid;
            } else {
                tooLarge = mid;
            }
        }
        assertStoredLengthMatches(Npy.preamble(onesOfRank(rank)));
        byte[] first = Npy.preamble(onesOfRank(rank + 1));
        assertEquals(2, first[6]);
        assertStoredLengthMatches(first);
        assertTrue(first.length - 12 > 0xffff - 64, "version 2 only once version 1 is nearly full");
    }

    @Test
    void multiDigitDimensionsSpacesAndPython2LongsInHeaders() throws IOException {
        assertEquals(Shape.of(12, 345), Npy.read(file(1, "{'descr' : '<f4' , 'fortran_order' : False , 'shape' :"
                + " ( 12 , 345 ) , }\n", new byte[4 * 12 * 345])).shape());
        NpyHeader h = NpyHeader.parse("{'descr':'<f8','fortran_order':True,'shape':(10L,20)}");
        assertEquals("<f8", h.descr());
        assertTrue(h.fortranOrder());
        assertArrayEquals(new long[]{10, 20}, h.shape());
    }

    @Test
    void malformedHeadersAreReportedNotThrownAsIndexErrors() {
        assertHeaderError("{'descr'", "malformed header at character 8: expected ':' in {'descr'");
        assertHeaderError("{'descr':", "malformed header at character 9: unexpected end of header");
        assertHeaderError("{'shape': (2,", "malformed header at character 13: unexpected end of header");
        assertHeaderError("{'shape': (2", "malformed header at character 12: expected ',' or ')'");
        assertHeaderError("{'shape': 12", "malformed header at character 12: expected ',' or '}'");
        assertHeaderError("{'descr': '<f4", "malformed header at character 10: unterminated string");
        assertHeaderError("12", "header is not a dictionary: 12");
        assertHeaderError("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }",
                "shape must be a tuple of non-negative integers");
        assertHeaderError("{'descr': '<f4', 'fortran_order': 1, 'shape': (1,), }",
                "fortran_order must be True or False");
        assertHeaderError("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}",
                "header has unexpected keys");
    }

    @Test
    void theLargestDimensionIsAllowedAndThenNeedsItsData() throws IOException {
        assertError(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647,), }\n", floats(1f)),
                "shape [2147483647] of '<f4' needs 8589934588 data bytes but the file has 4 (truncated)");
        assertError(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2147483648,), }\n", floats(1f)),
                "shape [2147483648] is not supported");
    }

    @Test
    void truncatedAndOversizedVersionTwoHeaders() throws IOException {
        Path bad = dir.resolve("bad.npy");
        Files.write(bad, new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0, 0});
        assertError(bad, "truncated NPY header");
        Files.write(bad, new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0x40, 0x42, 0x0f, 0});
        assertError(bad, "header length 1000000 runs past the end of the 12-byte file");
        Files.write(bad, new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0x41, 0x42, 0x0f, 0});
        assertError(bad, "header length 1000001 exceeds the limit of 1000000 bytes");
    }

    @Test
    void deeplyNestedHeadersAreRefusedNamingTheFile() throws IOException {
        String deep = "{'descr': " + "[".repeat(100_000) + "]".repeat(100_000)
                + ", 'fortran_order': False, 'shape': (1,)}";
        assertError(file(2, deep, floats(1f)), "malformed header at character 41: nesting deeper than 32 levels in "
                + "{'descr': [[[[");
        // The dictionary is one level, so 31 lists inside it are the deepest header parsed.
        String deepest = "{'descr': " + "[".repeat(31) + "]".repeat(31) + ", 'fortran_order': False, 'shape': (1,)}";
        assertError(file(1, deepest, floats(1f)), "structured dtype [[[[");
        assertHeaderError("{'descr': " + "[".repeat(32) + "]".repeat(32) + "}", "nesting deeper than 32 levels");
    }

    @Test
    void errorsQuoteAtMost200CharactersOfTheHeader() throws IOException {
        String longHeader = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': '" + "a".repeat(500_000)
                + "'}";
        Path file = file(2, longHeader, floats(1f));
        FileFormatException e = assertThrows(FileFormatException.class, () -> Npy.read(file));
        String quoted = "header has unexpected keys: " + longHeader.substring(0, 200) + "... (cut; 500064 characters "
                + "in all)";
        assertTrue(e.getMessage().endsWith(quoted), e.getMessage());
        assertEquals("{'x': 1}", NpyHeader.quote(" {'x': 1}\n"));
        assertEquals(200, NpyHeader.quote("b".repeat(200)).length());
    }

    @Test
    void versionTwoHeadersAreLatin1AndVersionThreeHeadersUtf8() throws IOException {
        String latin1 = "{'descr': '\u00e9', 'fortran_order': False, 'shape': (1,), }\n";
        assertError(file(2, latin1, floats(1f)), "dtype '\u00e9' is not supported");
        // file() writes each char as one byte: these two are the UTF-8 encoding of U+00E9.
        String utf8 = "{'descr': '\u00c3\u00a9', 'fortran_order': False, 'shape': (1,), }\n";
        assertError(file(3, utf8, floats(1f)), "dtype '\u00e9' is not supported");
    }

    @Test
    void hasMagicLooksAtTheFirstSixBytesOnly() throws IOException {
        Path npy = dir.resolve("a.npy");
        Npy.write(npy, new FloatArray(Shape.of(1), new float[]{1f}));
        assertTrue(Npy.hasMagic(npy));
        Path magicOnly = dir.resolve("magic");
        Files.write(magicOnly, new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
        assertTrue(Npy.hasMagic(magicOnly));
        Path other = dir.resolve("other");
        Files.write(other, new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'X', 1});
        assertFalse(Npy.hasMagic(other));
        Files.write(other, new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P'});
        assertFalse(Npy.hasMagic(other));
    }

    private static Shape onesOfRank(int rank) {
        int[] dims = new int[rank];
        Arrays.fill(dims, 1);
        return new Shape(dims);
    }

    /** The header length the preamble stores is the length of what follows it, whichever version it is. */
    private static void assertStoredLengthMatches(byte[] preamble) {
        ByteBuffer b = ByteBuffer.wrap(preamble).order(ByteOrder.LITTLE_ENDIAN);
        long stored = preamble[6] == 1 ? Short.toUnsignedInt(b.getShort(8)) : Integer.toUnsignedLong(b.getInt(8));
        assertEquals(preamble.length - (preamble[6] == 1 ? 10 : 12), stored);
        assertEquals(0, preamble.length % 64);
        assertEquals('\n', preamble[preamble.length - 1]);
    }

    private static void assertHeaderError(String header, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NpyHeader.parse(header));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    /** An NPY file with the given version, header text (padded here to 64 bytes) and data. */
    private Path file(int version, String headerText, byte[] data) throws IOException {
        int prefix = version == 1 ? 10 : 12;
        String padded = headerText.stripTrailing();
        padded += " ".repeat(63 - (prefix + padded.length()) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(prefix + padded.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) {
            b.putShort((short) padded.length());
        } else {
            b.putInt(padded.length());
        }
        b.put(padded.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        Path file = Files.createTempFile(dir, "hand", ".npy");
        Files.write(file, b.array());
        return file;
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void assertError(Path file, String expected) {
        FileFormatException e = assertThrows(FileFormatException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
