package dev.jace.bindings.jace;

import dev.jace.bindings.CHeader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jace.bindings.CTypes.C_DOUBLE;
import static dev.jace.bindings.CTypes.C_FLOAT;
import static dev.jace.bindings.CTypes.C_INT;
import static dev.jace.bindings.CTypes.C_LONG_LONG;
import static dev.jace.bindings.CTypes.C_POINTER;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The hand-written jace_h / jace_group / jace_conv_shape bindings (functions, constants, structs) agree with
 * native/include/jace.h.
 */
class JaceHeaderBindingTest {

    private static CHeader header;

    @BeforeAll
    static void parse() throws IOException {
        Path path = Path.of(System.getProperty("jace.header", "../native/include/jace.h"));
        header = new CHeader(Files.readString(path));
        assertTrue(header.functions().size() > 50, "parsed only " + header.functions().keySet() + " from " + path);
    }

    private static Map<String, FunctionDescriptor> bindings() throws ReflectiveOperationException {
        Map<String, FunctionDescriptor> descriptors = new java.util.TreeMap<>();
        for (Method m : jace_h.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && m.getName().endsWith("$descriptor")) {
                descriptors.put(m.getName().substring(0, m.getName().length() - "$descriptor".length()),
                        (FunctionDescriptor) m.invoke(null));
            }
        }
        return descriptors;
    }

    private static Optional<MemoryLayout> layout(CHeader.Kind kind) {
        return switch (kind) {
            case VOID -> Optional.empty();
            case INT, ENUM -> Optional.of(C_INT);
            case LONG_LONG -> Optional.of(C_LONG_LONG);
            case FLOAT -> Optional.of(C_FLOAT);
            case DOUBLE -> Optional.of(C_DOUBLE);
            case POINTER -> Optional.of(C_POINTER);
        };
    }

    @Test
    void everyHeaderFunctionHasABindingAndViceVersa() throws ReflectiveOperationException {
        TreeSet<String> missing = new TreeSet<>(header.functions().keySet());
        missing.removeAll(bindings().keySet());
        TreeSet<String> extra = new TreeSet<>(bindings().keySet());
        extra.removeAll(header.functions().keySet());
        assertTrue(missing.isEmpty(), "jace.h functions without a binding in jace_h: " + missing);
        assertTrue(extra.isEmpty(), "jace_h bindings of functions that jace.h does not declare: " + extra);
    }

    @Test
    void theReadmesJextractCommandIncludesEveryHeaderFunction() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String command = readme.substring(readme.indexOf("### jace.h"), readme.indexOf("native/include/jace.h\n```"));
        TreeSet<String> included = new TreeSet<>();
        Matcher option = Pattern.compile("--include-function (\\w+)").matcher(command);
        while (option.find()) {
            included.add(option.group(1));
        }
        TreeSet<String> missing = new TreeSet<>(header.functions().keySet());
        missing.removeAll(included);
        included.removeAll(header.functions().keySet());
        assertEquals(List.of(List.of(), List.of()), List.of(List.copyOf(missing), List.copyOf(included)),
                "bindings/README.md's jextract command for jace.h: [functions it leaves out, names jace.h lacks]");
    }

    @Test
    void descriptorsMatchPrototypes() throws ReflectiveOperationException {
        Map<String, FunctionDescriptor> bindings = bindings();
        List<String> problems = new ArrayList<>();
        for (CHeader.Function f : header.functions().values()) {
            FunctionDescriptor d = bindings.get(f.name());
            if (d == null) {
                continue;
            }
            if (!d.returnLayout().equals(layout(f.returns()))) {
                problems.add(f.name() + ": returns " + d.returnLayout() + " but jace.h says " + f.returns()
                        + " (" + f.text() + ")");
            }
            if (d.argumentLayouts().size() != f.parameters().size()) {
                problems.add(f.name() + ": binding takes " + d.argumentLayouts().size() + " arguments, jace.h "
                        + f.parameters().size() + " (" + f.text() + ")");
                continue;
            }
            for (int i = 0; i < f.parameters().size(); i++) {
                MemoryLayout expected = layout(f.parameters().get(i)).orElseThrow();
                if (!d.argumentLayouts().get(i).equals(expected)) {
                    problems.add(f.name() + ": parameter " + i + " is " + d.argumentLayouts().get(i)
                            + " but jace.h says " + f.parameters().get(i) + " (" + f.text() + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    /** jace_h's constants (status codes, precisions, reps, pool modes, version, group order limit), by name. */
    private static Map<String, Integer> boundConstants() throws ReflectiveOperationException {
        Map<String, Integer> constants = new java.util.TreeMap<>();
        for (Method m : jace_h.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0 && m.getReturnType() == int.class
                    && m.getName().matches("[A-Z][A-Z0-9_]*")) {
                constants.put(m.getName(), (Integer) m.invoke(null));
            }
        }
        return constants;
    }

    @Test
    void constantsMatchTheHeader() throws ReflectiveOperationException {
        Map<String, Integer> bound = boundConstants();
        assertTrue(bound.keySet().containsAll(List.of("JACE_ERROR_OUT_OF_MEMORY", "JACE_MAX_GROUP_ORDER",
                "JACE_VERSION_MAJOR", "JACE_POOL_MEAN")), "jace_h constants found: " + bound.keySet());
        List<String> wrong = new ArrayList<>();
        bound.forEach((name, value) -> {
            Long declared = header.constants().get(name);
            if (declared == null || declared != value.longValue()) {
                wrong.add(name + ": jace.h " + (declared == null ? "does not define it" : declared) + ", jace_h "
                        + value);
            }
        });
        TreeSet<String> unbound = new TreeSet<>(header.enumerators());
        unbound.removeAll(bound.keySet());
        unbound.forEach(name -> wrong.add(name + ": jace.h " + header.constants().get(name) + ", no jace_h binding"));
        assertTrue(wrong.isEmpty(), "jace_h constants that disagree with jace.h:\n  " + String.join("\n  ", wrong));
    }

    @Test
    void structLayoutsMatchTheHeader() {
        checkStruct("jace_group", jace_group.layout());
        checkStruct("jace_conv_shape", jace_conv_shape.layout());
    }

    private static void checkStruct(String name, GroupLayout layout) {
        CHeader.Struct struct = header.structs().get(name);
        assertTrue(struct != null, "jace.h has no struct " + name + ": " + header.structs().keySet());
        assertEquals(struct.size(), layout.byteSize(), name + " size");
        List<String> named = layout.memberLayouts().stream().flatMap(m -> m.name().stream()).toList();
        assertEquals(struct.fields().stream().map(CHeader.Field::name).toList(), named, name + " fields");
        for (CHeader.Field field : struct.fields()) {
            long offset = layout.byteOffset(groupElement(field.name()));
            assertEquals(struct.offsets().get(field.name()), offset, name + "." + field.name() + " offset");
            MemoryLayout member = layout.select(groupElement(field.name()));
            assertEquals((long) field.kind().size * field.count(), member.byteSize(),
                    name + "." + field.name() + " size");
            MemoryLayout element = member instanceof java.lang.foreign.SequenceLayout seq ? seq.elementLayout()
                    : member;
            assertEquals(layout(field.kind()).orElseThrow(), ((ValueLayout) element).withoutName(),
                    name + "." + field.name() + " type");
        }
    }
}
