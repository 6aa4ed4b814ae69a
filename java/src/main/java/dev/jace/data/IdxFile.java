package dev.jace.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * An unsigned-byte IDX array (the MNIST file format): magic {@code 0x0000 08 nd} (type 0x08 = ubyte, nd dimensions),
 * nd big-endian int32 dimensions, then the bytes in row-major order. Gzip-compressed files are recognised by their
 * content (magic 1f 8b), not their name; one may hold several gzip members, but nothing after them. Every error names
 * the file.
 */
public record IdxFile(Path path, int[] dims, byte[] data) {

    private static final int UBYTE = 0x08;

    /** Reads {@code path} and checks that it holds an array of exactly {@code rank} dimensions and nothing more. */
    public static IdxFile read(Path path, int rank) throws IOException {
        try (InputStream in = open(path)) {
            byte[] header = readExactly(in, 4, path, "the 4-byte magic number");
            if (header[0] != 0 || header[1] != 0 || (header[2] & 0xff) != UBYTE || header[3] != rank) {
                throw new IOException(path + ": bad magic number " + hex(header) + ", expected 00 00 08 "
                        + String.format("%02x", rank) + " (unsigned bytes, " + rank + " dimensions)");
            }
            byte[] dimBytes = readExactly(in, 4 * rank, path, "the " + rank + " dimensions");
            int[] dims = new int[rank];
            for (int d = 0; d < rank; d++) {
                dims[d] = ((dimBytes[4 * d] & 0xff) << 24) | ((dimBytes[4 * d + 1] & 0xff) << 16)
                        | ((dimBytes[4 * d + 2] & 0xff) << 8) | (dimBytes[4 * d + 3] & 0xff);
                if (dims[d] <= 0) {
                    throw new IOException(path + ": dimension " + d + " is " + dims[d] + ", must be positive");
                }
            }
            long size = 1;
            for (int dim : dims) {
                size *= dim;
                // Checked at each factor: a product of three int32 dimensions can wrap a long around.
                if (size > Integer.MAX_VALUE - 8) {
                    throw new IOException(path + ": dimensions " + Arrays.toString(dims) + " are too large");
                }
            }
            byte[] data = in.readNBytes((int) size);
            if (data.length < size) {
                throw new IOException(path + ": truncated: dimensions " + Arrays.toString(dims) + " need " + size
                        + " data bytes after the " + (4 + 4 * rank) + "-byte header, found " + data.length);
            }
            long extra = in.transferTo(OutputStream.nullOutputStream());
            if (extra > 0) {
                throw new IOException(path + ": " + extra + " unexpected bytes after the " + size
                        + " data bytes of dimensions " + Arrays.toString(dims));
            }
            return new IdxFile(path, dims, data);
        } catch (EOFException | ZipException e) {
            throw new IOException(path + ": corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
        }
    }

    /** The file's content, decompressed if it is gzip; closes the file if its first bytes cannot be read. */
    private static InputStream open(Path path) throws IOException {
        InputStream file = Files.newInputStream(path);
        try {
            BufferedInputStream in = new BufferedInputStream(file);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            return b0 == 0x1f && b1 == 0x8b ? new GzipMembers(path, in) : in;
        } catch (IOException | RuntimeException e) {
            try {
                file.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static byte[] readExactly(InputStream in, int n, Path path, String what) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new IOException(path + ": truncated: expected " + n + " bytes for " + what + ", found "
                    + bytes.length);
        }
        return bytes;
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(s.isEmpty() ? "" : " ").append(String.format("%02x", b & 0xff));
        }
        return s.toString();
    }
}
