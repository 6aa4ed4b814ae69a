package dev.jace.backend;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OwnedResourcesTest {

    private final List<String> closed = new ArrayList<>();

    private AutoCloseable resource(String name) {
        return () -> closed.add(name);
    }

    private AutoCloseable failing(String name, Exception failure) {
        return () -> {
            closed.add(name);
            throw failure;
        };
    }

    @Test
    void closeClosesNewestFirstAndEachOnlyOnce() throws Exception {
        OwnedResources owned = new OwnedResources();
        AutoCloseable first = resource("first");
        assertSame(first, owned.own(first));
        owned.own(resource("second"));
        owned.close();
        owned.close();
        assertEquals(List.of("second", "first"), closed);
    }

    @Test
    void closeRunsEveryCloseAndThrowsTheFirstFailureWithTheLaterOnesSuppressed() {
        OwnedResources owned = new OwnedResources();
        IllegalStateException older = new IllegalStateException("older");
        IOException checked = new IOException("checked");
        IllegalStateException newer = new IllegalStateException("newer");
        owned.own(resource("oldest"));
        owned.own(failing("older", older));
        owned.own(failing("checked", checked));
        owned.own(failing("newer", newer));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, owned::close);
        assertSame(newer, thrown);
        assertEquals(List.of("newer", "checked", "older", "oldest"), closed);
        Throwable[] suppressed = thrown.getSuppressed();
        assertEquals(2, suppressed.length);
        assertSame(checked, assertInstanceOf(IllegalStateException.class, suppressed[0]).getCause());
        assertSame(older, suppressed[1]);
    }

    @Test
    void closeAfterAFailureClosesWhatWasOwnedAndAddsCloseFailuresToIt() {
        OwnedResources owned = new OwnedResources();
        RuntimeException construction = new IllegalStateException("out of device memory");
        IllegalArgumentException close = new IllegalArgumentException("close failed");
        owned.own(resource("buffer"));
        owned.own(failing("handle", close));
        owned.own(failing("same", construction));
        owned.closeAfter(construction);
        assertEquals(List.of("same", "handle", "buffer"), closed);
        assertArrayEquals(new Throwable[] {close}, construction.getSuppressed(), "the failure is not its own");
    }
}
