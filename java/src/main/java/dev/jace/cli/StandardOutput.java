package dev.jace.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Standard output as a PrintWriter that keeps the error it hides: a PrintWriter swallows every IOException, so a
 * command printing its results to a full disk or a closed pipe would exit 0 having written nothing, and only a flag
 * says that anything failed.
 */
final class StandardOutput extends PrintWriter {

    private final ErrorKeeping stream;

    StandardOutput(OutputStream out, Charset charset) {
        this(new ErrorKeeping(out), charset);
    }

    private StandardOutput(ErrorKeeping stream, Charset charset) {
        super(new OutputStreamWriter(stream, charset), true);
        this.stream = stream;
    }

    /** Flushes {@code out}; what went wrong writing it ("No space left on device"), or null where nothing did. */
    static String failure(PrintWriter out) {
        if (!out.checkError()) {
            return null;
        }
        IOException error = out instanceof StandardOutput s ? s.stream.error : null;
        return error == null || error.getMessage() == null ? "the write failed" : error.getMessage();
    }

    /**
     * Whether {@code file} is this process's standard output (/dev/stdout, /dev/fd/1, or the file it is redirected to),
     * so that a command writing its result there says what it did on stderr instead.
     */
    static boolean isStandardOutput(Path file) {
        Path stdout = Path.of("/dev/stdout");
        try {
            return Files.exists(file) && Files.exists(stdout) && Files.isSameFile(file, stdout);
        } catch (IOException e) {
            return false;
        }
    }

    /** The message for a command whose output {@code problem} kept from standard output. */
    static String message(String problem) {
        return "jace: cannot write to standard output (" + problem + ")";
    }

    private static final class ErrorKeeping extends FilterOutputStream {

        private volatile IOException error;

        ErrorKeeping(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw kept(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw kept(e);
            }
        }

        private IOException kept(IOException e) {
            if (error == null) {
                error = e;
            }
            return e;
        }
    }
}
