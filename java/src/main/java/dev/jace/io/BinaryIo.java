package dev.jace.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * Exact-length reads from file channels and little-endian float data between arrays and files, in bounded
 * chunks. Bulk buffer copies move raw bits, so NaN payloads survive.
 */
final class BinaryIo {

    private static final int CHUNK_BYTES = 1 << 20;

    private BinaryIo() {
    }

    /** Reading a folder would fail with a bare "Is a directory" that names no path. */
    static void requireFile(Path file, String kind) throws FileSystemException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a folder, not " + kind);
        }
    }

    /**
     * {@link #requireFile}, and refuses a pipe or device: the format is read by the file's size and offsets, which a
     * pipe (what {@code <(...)} makes) lacks, so it would be called empty ("only 0 bytes").
     */
    static void requireRegularFile(Path file, String kind) throws IOException {
        requireFile(file, kind);
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new FileSystemException(file.toString(), null, "is " + specialKind(file) + ", not a regular file:"
                    + " jace reads " + kind + " by its size, so save it to a file first");
        }
    }

    /** What kind of file other than a regular file or folder {@code file} leads to, in words. */
    private static String specialKind(Path file) {
        try {
            return switch ((Integer) Files.getAttribute(file, "unix:mode") & 0170000) {
                case 0010000 -> "a pipe (as <(...) makes)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a pipe or device"; // no unix view to tell which
        }
    }

    static void writeFloats(OutputStream out, float[] values) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = CHUNK_BYTES / Float.BYTES;
        for (int from = 0; from < values.length; from += perChunk) {
            int n = Math.min(perChunk, values.length - from);
            buf.clear();
            buf.asFloatBuffer().put(values, from, n);
            out.write(buf.array(), 0, n * Float.BYTES);
        }
    }

    /** Fills {@code dst} from little-endian float32 data at {@code position}. */
    static void readFloats(FileChannel channel, Path file, long position, float[] dst) throws IOException {
        int perChunk = CHUNK_BYTES / Float.BYTES;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < dst.length; from += perChunk) {
            int n = Math.min(perChunk, dst.length - from);
            readFully(channel, file, buf, position + (long) from * Float.BYTES, n * Float.BYTES);
            buf.asFloatBuffer().get(dst, from, n);
        }
    }

    /**
     * Fills {@code dst} from little-endian float64 data at {@code position}, rounding each to float32. A finite value
     * beyond float32's range is refused, naming it at {@code where(index)}: rounding would turn it into an infinity
     * that the file does not hold.
     */
    static void readDoublesAsFloats(FileChannel channel, Path file, long position, float[] dst,
                                    IntFunction<String> where) throws IOException {
        int perChunk = CHUNK_BYTES / Double.BYTES;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < dst.length; from += perChunk) {
            int n = Math.min(perChunk, dst.length - from);
            readFully(channel, file, buf, position + (long) from * Double.BYTES, n * Double.BYTES);
            for (int i = 0; i < n; i++) {
                double d = buf.getDouble(i * Double.BYTES);
                float f = (float) d;
                if (Float.isInfinite(f) && Double.isFinite(d)) {
                    throw new FileFormatException(file, "'<f8' value " + d + " at " + where.apply(from + i)
                            + " is beyond float32's range (magnitude up to " + Float.MAX_VALUE + "), which jace"
                            + " computes in; scale or clip the data");
                }
                dst[from + i] = f;
            }
        }
    }

    /** Reads {@code length} bytes at {@code position} into {@code buf}, leaving it positioned at 0. */
    static void readFully(FileChannel channel, Path file, ByteBuffer buf, long position, int length)
            throws IOException {
        buf.clear().limit(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new EOFException(file + ": unexpected end of file at byte " + (position + buf.position()));
            }
        }
        buf.flip();
    }
}
