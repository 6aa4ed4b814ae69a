package dev.jace.cli;

import dev.jace.data.FashionMnistConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TaskFlagsTest {

    /** The folder is recorded in config.json and compared on --resume, which may run from another directory. */
    @Test
    void aRelativeDataFolderIsRecordedAbsolute() {
        TaskFlags flags = new TaskFlags();
        flags.data = Path.of("datasets/../fm");
        FashionMnistConfig config = (FashionMnistConfig) flags.applyTo(FashionMnistConfig.defaults());
        assertEquals(Path.of("fm").toAbsolutePath(), config.dataDir());
    }

    @Test
    void aConfigFieldIsNamedByItsFlag() {
        assertEquals(Optional.of("--test"), TaskFlags.flagOf("teacher", "test_count"));
        assertEquals(Optional.of("--size"), TaskFlags.flagOf("plume", "size"));
        assertEquals(Optional.of("--subset"), TaskFlags.flagOf("fashion-mnist", "train_count"));
        assertEquals(Optional.empty(), TaskFlags.flagOf("teacher", "seed"), "no flag sets it");
    }
}
