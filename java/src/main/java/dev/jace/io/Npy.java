package dev.jace.io;

import dev.jace.tensor.Shape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Float32 arrays in numpy's <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">NPY
 * format</a>. Writing produces exactly the bytes {@code numpy.save} does for a C-ordered {@code '<f4'} array:
 * version 1.0 (2.0 if the header needs more than 65535 bytes), the header dictionary padded with spaces and a
 * newline so the data starts at a multiple of 64 bytes. Reading accepts versions 1.0, 2.0 and 3.0, C order,
 * {@code '<f4'}, and {@code '<f8'}, which is rounded to float32 (a finite value beyond float32's range is refused).
 * Shapes must have rank at least 1 and positive dimensions, as {@link Shape} requires.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    /** numpy pads headers so the first dimension can grow to this many digits in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /**
     * A hundred times numpy's own read limit (10000 bytes, numpy.lib.format._MAX_HEADER_SIZE), so an array of rank
     * 30000 written here reads back; a longer length means a corrupt file, not one worth allocating for.
     */
    static final long MAX_HEADER_BYTES = 1_000_000;

    private Npy() {
    }

    /** Writes {@code array} to {@code file} atomically. */
    public static void write(Path file, FloatArray array) throws IOException {
        byte[] preamble = preamble(array.shape());
        AtomicFiles.write(file, out -> {
            out.write(preamble);
            BinaryIo.writeFloats(out, array.values());
        });
    }

    /** Magic, version, header length and padded header dictionary: everything before the data. */
    static byte[] preamble(Shape shape) {
        String dict = NpyHeader.format("<f4", shape.dims());
        dict += " ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape.dim(0)).length());
        int textLength = dict.length() + 1;
        int version = 1;
        int prefix = MAGIC.length + 2 + 2;
        int pad = ALIGN - (prefix + textLength) % ALIGN;
        if (textLength + pad > 0xffff) {
            version = 2;
            prefix = MAGIC.length + 2 + 4;
            pad = ALIGN - (prefix + textLength) % ALIGN;
        }
        String text = dict + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(prefix + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            buf.putShort((short) text.length());
        } else {
            buf.putInt(text.length());
        }
        buf.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return buf.array();
    }

    /** Whether {@code file} begins with the NPY magic (its header and data unread). */
    public static boolean hasMagic(Path file) throws IOException {
        byte[] start = new byte[MAGIC.length];
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(start, 0, start.length) == start.length && Arrays.equals(start, MAGIC);
        }
    }

    public static FloatArray read(Path file) throws IOException {
        BinaryIo.requireRegularFile(file, "an NPY file");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = header(file, channel);
            return readData(file, channel, header, shape(file, header));
        }
    }

    /**
     * The shape of {@code file}'s array from its header alone, checked as {@link #read} checks it (dtype, order,
     * dimensions), so that what depends on it is checked before the data are read.
     */
    public static Shape shape(Path file) throws IOException {
        BinaryIo.requireRegularFile(file, "an NPY file");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return shape(file, header(file, channel));
        }
    }

    /** A parsed header, where the data start, and how many bytes follow. */
    private record Header(NpyHeader header, long dataStart, long dataSize) {
    }

    private static Header header(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < MAGIC.length + 4) {
            throw new FileFormatException(file, "only " + fileSize + " bytes, too short for an NPY file");
        }
        ByteBuffer start = ByteBuffer.allocate(MAGIC.length + 6).order(ByteOrder.LITTLE_ENDIAN);
        BinaryIo.readFully(channel, file, start, 0, (int) Math.min(start.capacity(), fileSize));
        byte[] magic = new byte[MAGIC.length];
        start.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            boolean zip = magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
            throw new FileFormatException(file, zip ? "an .npz archive, not an NPY file: save the one array with "
                    + "numpy.save(path, array)" : "not an NPY file (no \\x93NUMPY magic)");
        }
        int major = start.get();
        int minor = start.get();
        long headerLength;
        Charset charset;
        switch (major) {
            case 1 -> {
                headerLength = Short.toUnsignedInt(start.getShort());
                charset = StandardCharsets.ISO_8859_1;
            }
            case 2, 3 -> {
                if (start.remaining() < 4) {
                    throw new FileFormatException(file, "truncated NPY header");
                }
                headerLength = Integer.toUnsignedLong(start.getInt());
                charset = major == 2 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
            }
            default -> throw new FileFormatException(file, "unsupported NPY version " + major + "." + minor);
        }
        long dataStart = start.position() + headerLength;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new FileFormatException(file, "header length " + headerLength + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (dataStart > fileSize) {
            throw new FileFormatException(file, "header length " + headerLength + " runs past the end of the "
                    + fileSize + "-byte file");
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
        BinaryIo.readFully(channel, file, headerBuf, start.position(), (int) headerLength);
        NpyHeader header;
        try {
            header = NpyHeader.parse(charset.decode(headerBuf).toString());
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, e.getMessage(), e);
        }
        return new Header(header, dataStart, fileSize - dataStart);
    }

    private static Shape shape(Path file, Header read) throws IOException {
        NpyHeader header = read.header();
        if (header.fortranOrder()) {
            throw new FileFormatException(file, "fortran_order True (column-major) is not supported; "
                    + "save a C-ordered array, e.g. numpy.ascontiguousarray(a)");
        }
        itemSize(file, header);
        long[] dims = header.shape();
        if (dims.length > 0 && dims[0] == 0) {
            // An empty batch, e.g. a filter that kept nothing: the general limits below would not say so.
            throw new FileFormatException(file, "holds no samples: its shape " + Arrays.toString(dims) + " starts with"
                    + " 0; give at least one");
        }
        if (dims.length == 0 || Arrays.stream(dims).anyMatch(d -> d == 0 || d > Integer.MAX_VALUE)) {
            throw new FileFormatException(file, "shape " + Arrays.toString(dims)
                    + " is not supported: jace arrays need rank >= 1 and dimensions in [1, 2^31-1]");
        }
        try {
            return new Shape(Arrays.stream(dims).mapToInt(d -> (int) d).toArray());
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, e.getMessage(), e);
        }
    }

    private static int itemSize(Path file, NpyHeader header) throws FileFormatException {
        return switch (header.descr()) {
            case "<f4" -> Float.BYTES;
            case "<f8" -> Double.BYTES;
            default -> throw new FileFormatException(file, "dtype '" + header.descr() + "' is not supported; "
                    + "expected '<f4' (or '<f8', rounded to float32): convert it, e.g. numpy.save(path,"
                    + " a.astype('<f4'))");
        };
    }

    private static FloatArray readData(Path file, FileChannel channel, Header read, Shape shape) throws IOException {
        NpyHeader header = read.header();
        long dataStart = read.dataStart();
        long dataSize = read.dataSize();
        int itemSize = itemSize(file, header);
        long expected = (long) shape.size() * itemSize;
        if (dataSize != expected) {
            throw new FileFormatException(file, "shape " + shape + " of '" + header.descr() + "' needs " + expected
                    + " data bytes but the file has " + dataSize + (dataSize < expected ? " (truncated)" : ""));
        }
        float[] values = new float[shape.size()];
        if (itemSize == Float.BYTES) {
            BinaryIo.readFloats(channel, file, dataStart, values);
        } else {
            BinaryIo.readDoublesAsFloats(channel, file, dataStart, values,
                    index -> Arrays.toString(shape.coordinates(index)));
        }
        return new FloatArray(shape, values);
    }
}
