package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotsTest {

    private static final String HOW = "; install fontconfig and a font (e.g. apt-get install fontconfig"
            + " fonts-dejavu-core); metrics.jsonl holds every plotted value";

    @Test
    void aDrawingThatWorksIsRunAndSkipsNothing() throws IOException {
        AtomicBoolean drawn = new AtomicBoolean();
        assertEquals(Optional.empty(), Plots.draw(() -> drawn.set(true)));
        assertTrue(drawn.get());
    }

    /**
     * What Java2D throws on a machine without fonts (seen on one with /usr/share/fonts removed) or without its font
     * libraries skips the plots, saying why and how to get them.
     */
    @Test
    void noFontsOrNoFontLibrarySkipThePlots() throws IOException {
        assertEquals(Optional.of("plots skipped: Java cannot draw text on this machine (java.lang.Error: Probable"
                + " fatal error: No physical fonts found.)" + HOW), Plots.draw(() -> {
                    throw new Error("Probable fatal error: No physical fonts found.");
                }));
        assertEquals(Optional.of("plots skipped: Java cannot draw text on this machine (java.lang.UnsatisfiedLinkError:"
                + " libfreetype.so.6: cannot open shared object file)" + HOW), Plots.draw(() -> {
                    throw new UnsatisfiedLinkError("libfreetype.so.6: cannot open shared object file");
                }));
    }

    /** Other errors are not taken for a missing font: a bug, or the JVM out of memory, still fails the command. */
    @Test
    void otherErrorsPassThrough() {
        assertThrows(AssertionError.class, () -> Plots.draw(() -> {
            throw new AssertionError("a bug");
        }));
        assertThrows(OutOfMemoryError.class, () -> Plots.draw(() -> {
            throw new OutOfMemoryError("Java heap space");
        }));
        assertThrows(IOException.class, () -> Plots.draw(() -> {
            throw new IOException("disk full");
        }));
    }

    /**
     * A run's curves end at its last epoch record, before the final projection of a method that has one (ace, strict,
     * scheduled), whose scores are those train prints and summary.json holds: the titles say so.
     */
    @Test
    void aProjectedRunsCurvesAreTitledAsEndingBeforeItsFinalProjection() {
        assertEquals(List.of("test mse per epoch (before the final projection)",
                "test output deviation per type (before the final projection)"), Plots.titles("mse", true));
        assertEquals(List.of("test accuracy per epoch", "test output deviation per type"),
                Plots.titles("accuracy", false));
    }
}
