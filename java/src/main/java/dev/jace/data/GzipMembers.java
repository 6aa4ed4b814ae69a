package dev.jace.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * The content of a gzip file (RFC 1952): its members decompressed one after another, as {@code GZIPInputStream}
 * reads them, except that bytes after a member which start no other member are an error naming the file, where
 * {@code GZIPInputStream} stops there and drops them. Format errors are {@link ZipException}s and a file cut short an
 * {@link EOFException}, with the messages {@code GZIPInputStream} gives. Closing it closes {@code in}.
 */
final class GzipMembers extends InputStream {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final Path path;
    private final PushbackInputStream in;
    private final byte[] buf = new byte[8192];
    private final byte[] one = new byte[1];
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final CRC32 headerCrc = new CRC32();
    private int filled;
    private long members;
    private boolean inMember;
    private boolean ended;
    private boolean closed;

    GzipMembers(Path path, InputStream in) {
        this.path = path;
        // A member's deflate data ends inside a read; the bytes after it go back, at most one buffer's worth.
        this.in = new PushbackInputStream(in, buf.length);
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException(path + ": read after close");
        }
        while (!ended) {
            if (!inMember) {
                nextMember();
            } else if (len == 0) {
                return 0;
            } else {
                int n = inflate(b, off, len);
                if (n > 0) {
                    crc.update(b, off, n);
                    return n;
                }
                if (inflater.finished()) {
                    readTrailer();
                } else if (inflater.needsDictionary()) {
                    throw new ZipException("deflate data needs a preset dictionary, which gzip has not");
                } else if (inflater.needsInput()) {
                    filled = in.read(buf, 0, buf.length);
                    if (filled < 0) {
                        throw new EOFException("unexpected end of file");
                    }
                    inflater.setInput(buf, 0, filled);
                }
            }
        }
        return -1;
    }

    private int inflate(byte[] b, int off, int len) throws ZipException {
        try {
            return inflater.inflate(b, off, len);
        } catch (DataFormatException e) {
            throw new ZipException(e.getMessage() != null ? e.getMessage() : "invalid deflate data");
        }
    }

    /** Starts the next member, or ends the content where the file ends after one. */
    private void nextMember() throws IOException {
        int id1 = in.read();
        if (id1 < 0 && members > 0) {
            ended = true;
            return;
        }
        int id2 = id1 < 0 ? -1 : in.read();
        if (members > 0 && (id1 != 0x1f || id2 != 0x8b && id2 >= 0)) {
            long extra = (id2 < 0 ? 1 : 2) + in.transferTo(OutputStream.nullOutputStream());
            throw new IOException(path + ": " + extra + " unexpected bytes after the gzip data (they start no gzip"
                    + " member)");
        }
        if (id1 < 0 || id2 < 0) {
            throw new EOFException("unexpected end of file");
        }
        if (id1 != 0x1f || id2 != 0x8b) {
            throw new ZipException("Not in GZIP format");
        }
        headerCrc.reset();
        headerCrc.update(id1);
        headerCrc.update(id2);
        if (headerByte() != 8) {
            throw new ZipException("Unsupported compression method");
        }
        int flags = headerByte();
        for (int i = 0; i < 6; i++) {
            headerByte(); // modification time, extra flags, operating system
        }
        if ((flags & FEXTRA) != 0) {
            int length = headerByte() | headerByte() << 8;
            for (int i = 0; i < length; i++) {
                headerByte();
            }
        }
        for (int field : new int[] {FNAME, FCOMMENT}) {
            if ((flags & field) != 0) {
                while (headerByte() != 0) {
                    // a zero-terminated string
                }
            }
        }
        if ((flags & FHCRC) != 0) {
            int want = (int) headerCrc.getValue() & 0xffff;
            if ((nextByte() | nextByte() << 8) != want) {
                throw new ZipException("Corrupt GZIP header");
            }
        }
        inflater.reset();
        crc.reset();
        inMember = true;
        members++;
    }

    private void readTrailer() throws IOException {
        int unused = inflater.getRemaining();
        if (unused > 0) {
            in.unread(buf, filled - unused, unused);
        }
        long crc32 = uint32();
        long size = uint32();
        if (crc32 != crc.getValue() || size != (inflater.getBytesWritten() & 0xffffffffL)) {
            throw new ZipException("Corrupt GZIP trailer");
        }
        inMember = false;
    }

    private long uint32() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (long) nextByte() << (8 * i);
        }
        return v;
    }

    private int headerByte() throws IOException {
        int b = nextByte();
        headerCrc.update(b);
        return b;
    }

    private int nextByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("unexpected end of file");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            inflater.end();
            in.close();
        }
    }
}
