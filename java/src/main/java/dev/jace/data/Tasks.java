package dev.jace.data;

import java.util.List;
import java.util.Locale;

/** Registry of the built-in tasks by name, each with its default parameters. */
public final class Tasks {

    private static final List<TaskConfig> DEFAULTS =
            List.of(TeacherConfig.defaults(), FashionMnistConfig.defaults(), PlumeConfig.defaults());

    private Tasks() {
    }

    /** Names of every task: "teacher", "fashion-mnist", "plume". */
    public static List<String> names() {
        return DEFAULTS.stream().map(TaskConfig::name).toList();
    }

    /** The default configuration of the task called {@code name} (case-insensitive). */
    public static TaskConfig byName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return DEFAULTS.stream().filter(c -> c.name().equals(key)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown task '" + name + "'; valid tasks: " + String.join(", ", names())));
    }
}
