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
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {

    @TempDir
    Path dir;

    @Test
    void aFolderIsNamedAsOne() {
        FileSystemException npy = assertThrows(FileSystemException.class, () -> Npy.read(dir));
        assertEquals(dir + ": is a folder, not an NPY file", npy.getMessage());
        FileSystemException safetensors = assertThrows(FileSystemException.class, () -> Safetensors.read(dir));
        assertEquals(dir + ": is a folder, not a safetensors file", safetensors.getMessage());
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
        int[] dims = new int[30_000];
        Arrays.fill(dims, 1);
        byte[] preamble = Npy.preamble(new Shape(dims));
        assertEquals(2, preamble[6]);
        assertEquals(0, preamble.length % 64);
        Path file = dir.resolve("v2.npy");
        Npy.write(file, new FloatArray(new Shape(dims), new float[]{7f}));
        FloatArray back = Npy.read(file);
        assertEquals(new Shape(dims), back.shape());
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
        ByteBuffer doubles = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-1e300);
        FloatArray f8 = Npy.read(file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }\n",
                doubles.array()));
        assertArrayEquals(new float[]{0.1f, Float.NEGATIVE_INFINITY}, f8.values());
    }

    @Test
    void corruptAndUnsupportedInputs() throws IOException {
        String ok = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n";
        assertError(file(1, ok, floats(1f)), "shape [2] of '<f4' needs 8 data bytes but the file has 4 (truncated)");
        assertError(file(1, ok, floats(1f, 2f, 3f)), "needs 8 data bytes but the file has 12");
        assertError(file(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }\n", floats(1f, 2f)),
                "fortran_order True (column-major) is not supported");
        assertError(file(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }\n", floats(1f, 2f)),
                "dtype '<i4' is not supported; expected '<f4' (or '<f8', rounded to float32)");
        assertError(file(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }\n", floats(1f, 2f)),
                "dtype '>f4' is not supported");
        assertError(file(1, "{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2,), }\n", floats(1f, 2f)),
                "structured dtype");
        assertError(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }\n", floats(1f)),
                "shape [] is not supported");
        assertError(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }\n", new byte[0]),
                "shape [0, 3] is not supported");
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
