package dev.jace.cli;

import dev.jace.constraint.Method;
import dev.jace.constraint.MethodFactory;
import dev.jace.data.FashionMnistConfig;
import dev.jace.data.TaskConfig;
import dev.jace.data.Tasks;
import dev.jace.group.Group;
import dev.jace.group.Groups;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * picocli converters for the flags that name something, in any case: an unknown name is bad usage, reported with the
 * valid names and the usage (exit code 2) before any work starts.
 */
final class NamedValues {

    private NamedValues() {
    }

    static final class TaskName implements ITypeConverter<TaskConfig> {
        @Override
        public TaskConfig convert(String value) {
            return named(() -> Tasks.byName(value));
        }
    }

    static final class MethodName implements ITypeConverter<Method> {
        @Override
        public Method convert(String value) {
            return named(() -> MethodFactory.byName(value.trim().toLowerCase(Locale.ROOT)));
        }
    }

    /** A group that has something to constrain: d4, c4 or c2. */
    static final class ConstrainedGroup implements ITypeConverter<Group> {
        @Override
        public Group convert(String value) {
            String name = value.trim().toLowerCase(Locale.ROOT);
            if (!List.of("d4", "c4", "c2").contains(name)) {
                // Groups.byName also knows the trivial group, which has nothing to constrain.
                throw new TypeConversionException("must be d4, c4 or c2, got '" + value + "'");
            }
            return Groups.byName(name);
        }
    }

    static final class VariantName implements ITypeConverter<FashionMnistConfig.Variant> {
        @Override
        public FashionMnistConfig.Variant convert(String value) {
            return named(() -> FashionMnistConfig.Variant.byLabel(value));
        }
    }

    private static <T> T named(Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
