package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FileTreesTest {

    @Test
    void megabytesUseADecimalPointWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("61.7 MB", FileTrees.megabytes(61_700_000));
            assertEquals("0.0 MB", FileTrees.megabytes(0));
        } finally {
            Locale.setDefault(before);
        }
    }
}
