package dev.jace.testing;

import java.nio.ByteBuffer;

/** IDX files (the Fashion-MNIST format) for tests that write their own data sets. */
public final class IdxFiles {

    private IdxFiles() {
    }

    /** An IDX unsigned-byte file: the magic with {@code rank} dimensions, the dimensions, then {@code data}. */
    public static byte[] ubyte(int rank, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put(new byte[] {0, 0, 8, (byte) rank});
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }
}
