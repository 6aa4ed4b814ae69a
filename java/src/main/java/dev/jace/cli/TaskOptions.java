package dev.jace.cli;

import dev.jace.data.TaskConfig;
import picocli.CommandLine.Option;

import java.io.IOException;

/** {@code --task} and its data flags ({@link TaskFlags}), for the commands that train. */
final class TaskOptions extends TaskFlags {

    @Option(names = "--task", required = true, description = "teacher, fashion-mnist or plume.",
            converter = NamedValues.TaskName.class)
    TaskConfig task;

    /** The task's configuration with the flags applied. */
    TaskConfig config() {
        return applyTo(task);
    }

    /** Loads the task's data. */
    LoadedTask load() throws IOException {
        return LoadedTask.of(config());
    }
}
