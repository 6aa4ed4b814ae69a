package dev.jace.io;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteFailedExceptionTest {

    private static final Path FILE = Path.of("/runs/a/metrics.jsonl");

    @Test
    void namesTheFileBeforeTheSystemsReason() {
        IOException full = new IOException("No space left on device");
        WriteFailedException e = assertInstanceOf(WriteFailedException.class, WriteFailedException.of(FILE, full));
        assertEquals("/runs/a/metrics.jsonl: No space left on device", e.getMessage());
        assertSame(full, e.getCause());
        assertEquals("/runs/a/metrics.jsonl: IOException",
                new WriteFailedException(FILE, new IOException()).getMessage());
    }

    @Test
    void aClosedOrInterruptedChannelIsNoFailureOfTheFile() {
        for (IOException closed : new IOException[] {new ClosedChannelException(), new ClosedByInterruptException()}) {
            assertSame(closed, WriteFailedException.of(FILE, closed));
        }
    }

    @Test
    void isFoundAmongTheCauses() {
        IOException failed = WriteFailedException.of(FILE, new IOException("File too large"));
        assertTrue(WriteFailedException.isCauseOf(failed));
        assertTrue(WriteFailedException.isCauseOf(new UncheckedIOException("cannot write checkpoint",
                new IOException("wrapped", failed))));
        assertFalse(WriteFailedException.isCauseOf(new UncheckedIOException(new IOException("File too large"))));
        assertFalse(WriteFailedException.isCauseOf(new FileFormatException(FILE, "line 3 is not JSON")));
    }
}
