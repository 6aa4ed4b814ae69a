package dev.jace.bindings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small parser for the plain C headers jace writes (no nested parentheses, no function pointers): function
 * prototypes with parameter and return types, struct typedefs with their fields, enum typedefs with their enumerators'
 * values, pointer typedefs, and integer macros.
 */
public final class CHeader {

    /** The C types the bindings distinguish; enums are passed as int. */
    public enum Kind {
        VOID(0, 1), INT(4, 4), ENUM(4, 4), LONG_LONG(8, 8), FLOAT(4, 4), DOUBLE(8, 8), POINTER(8, 8);

        public final int size;
        public final int alignment;

        Kind(int size, int alignment) {
            this.size = size;
            this.alignment = alignment;
        }
    }

    public record Function(String name, Kind returns, List<Kind> parameters, String text) {
    }

    public record Field(String name, Kind kind, int count) {
    }

    public record Struct(String name, List<Field> fields) {

        /** Byte offset of each field under the C ABI (natural alignment). */
        public Map<String, Long> offsets() {
            Map<String, Long> offsets = new LinkedHashMap<>();
            long offset = 0;
            for (Field f : fields) {
                offset = align(offset, f.kind().alignment);
                offsets.put(f.name(), offset);
                offset += (long) f.kind().size * f.count();
            }
            return offsets;
        }

        public long size() {
            long end = 0;
            int alignment = 1;
            for (Map.Entry<String, Long> e : offsets().entrySet()) {
                Field f = fields.stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElseThrow();
                end = e.getValue() + (long) f.kind().size * f.count();
                alignment = Math.max(alignment, f.kind().alignment);
            }
            return align(end, alignment);
        }

        private static long align(long offset, int alignment) {
            return (offset + alignment - 1) / alignment * alignment;
        }
    }

    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern LINE_COMMENT = Pattern.compile("//[^\n]*");
    private static final Pattern DEFINE = Pattern.compile("(?m)^\\s*#\\s*define\\s+(\\w+)\\s+(-?\\d+)\\s*$");
    private static final Pattern ENUM = Pattern.compile("typedef\\s+enum\\s*\\w*\\s*\\{([^}]*)}\\s*(\\w+)\\s*;");
    private static final Pattern ENUMERATOR = Pattern.compile("^(\\w+)\\s*(?:=\\s*(.+))?$", Pattern.DOTALL);
    private static final Pattern STRUCT = Pattern.compile("typedef\\s+struct\\s*(\\w*)\\s*\\{([^}]*)}\\s*(\\w+)\\s*;");
    private static final Pattern POINTER_TYPEDEF = Pattern.compile("typedef\\s+struct\\s+\\w+\\s*\\*\\s*(\\w+)\\s*;");
    private static final Pattern FIELD = Pattern.compile("^(.*?)(\\w+)\\s*(?:\\[([^]]+)])?$", Pattern.DOTALL);
    private static final Pattern FUNCTION = Pattern.compile("^(.*?)\\b(\\w+)\\s*\\((.*)\\)$", Pattern.DOTALL);
    private static final Pattern PARAMETER = Pattern.compile("^(.*?)(\\w+)$", Pattern.DOTALL);

    private final Map<String, Long> macros = new HashMap<>();
    private final Map<String, Long> enumerators = new LinkedHashMap<>();
    private final Set<String> enums = new HashSet<>();
    private final Set<String> pointerTypedefs = new HashSet<>();
    private final Map<String, Struct> structs = new LinkedHashMap<>();
    private final Map<String, Function> functions = new LinkedHashMap<>();

    public CHeader(String source) {
        String text = LINE_COMMENT.matcher(BLOCK_COMMENT.matcher(source).replaceAll(" ")).replaceAll(" ");
        Matcher define = DEFINE.matcher(text);
        while (define.find()) {
            macros.put(define.group(1), Long.parseLong(define.group(2)));
        }
        text = text.replaceAll("(?m)^\\s*#.*$", " ").replace("extern \"C\" {", " ");
        Matcher e = ENUM.matcher(text);
        while (e.find()) {
            enums.add(e.group(2));
            enumerators(e.group(1));
        }
        text = ENUM.matcher(text).replaceAll(" ");
        Matcher p = POINTER_TYPEDEF.matcher(text);
        while (p.find()) {
            pointerTypedefs.add(p.group(1));
        }
        text = POINTER_TYPEDEF.matcher(text).replaceAll(" ");
        Matcher s = STRUCT.matcher(text);
        while (s.find()) {
            structs.put(s.group(3), new Struct(s.group(3), fields(s.group(2))));
        }
        text = STRUCT.matcher(text).replaceAll(" ").replace("}", " ");
        for (String statement : text.split(";")) {
            String st = statement.strip();
            if (st.isEmpty()) {
                continue;
            }
            Matcher f = FUNCTION.matcher(st);
            if (!f.matches()) {
                throw new IllegalArgumentException("cannot parse declaration: " + st);
            }
            functions.put(f.group(2), new Function(f.group(2), kind(f.group(1)), parameters(f.group(3)),
                    st.replaceAll("\\s+", " ")));
        }
    }

    public Map<String, Function> functions() {
        return functions;
    }

    public Map<String, Struct> structs() {
        return structs;
    }

    /** The value of each integer macro ({@code #define NAME 42}) and enumerator, by name. */
    public Map<String, Long> constants() {
        Map<String, Long> constants = new LinkedHashMap<>(macros);
        constants.putAll(enumerators);
        return constants;
    }

    /** The names of the enumerators, in the header's order. */
    public Set<String> enumerators() {
        return enumerators.keySet();
    }

    /** An enum's body: each enumerator is its given value, or the one before it plus one (the first 0). */
    private void enumerators(String body) {
        long next = 0;
        for (String declaration : body.split(",")) {
            String d = declaration.strip();
            if (d.isEmpty()) {
                continue;
            }
            Matcher m = ENUMERATOR.matcher(d);
            if (!m.matches()) {
                throw new IllegalArgumentException("cannot parse enumerator: " + d);
            }
            long value = m.group(2) == null ? next : evaluate(m.group(2));
            enumerators.put(m.group(1), value);
            next = value + 1;
        }
    }

    private List<Field> fields(String body) {
        List<Field> fields = new ArrayList<>();
        for (String declaration : body.split(";")) {
            String d = declaration.strip();
            if (d.isEmpty()) {
                continue;
            }
            Matcher m = FIELD.matcher(d);
            if (!m.matches()) {
                throw new IllegalArgumentException("cannot parse field: " + d);
            }
            int count = m.group(3) == null ? 1 : (int) evaluate(m.group(3));
            fields.add(new Field(m.group(2), kind(m.group(1)), count));
        }
        return fields;
    }

    /**
     * Products of integer literals, macros and enumerators declared before, e.g.
     * {@code JACE_MAX_GROUP_ORDER * JACE_MAX_GROUP_ORDER}.
     */
    private long evaluate(String expression) {
        long value = 1;
        for (String factor : expression.split("\\*")) {
            String f = factor.strip();
            Long named = macros.containsKey(f) ? macros.get(f) : enumerators.get(f);
            if (f.matches("-?\\d+")) {
                value *= Long.parseLong(f);
            } else if (named != null) {
                value *= named;
            } else {
                throw new IllegalArgumentException("unknown macro or enumerator " + f + " in " + expression);
            }
        }
        return value;
    }

    private List<Kind> parameters(String list) {
        List<Kind> kinds = new ArrayList<>();
        String l = list.strip();
        if (l.isEmpty() || l.equals("void")) {
            return kinds;
        }
        for (String parameter : l.split(",")) {
            Matcher m = PARAMETER.matcher(parameter.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("cannot parse parameter: " + parameter);
            }
            kinds.add(kind(m.group(1)));
        }
        return kinds;
    }

    private Kind kind(String type) {
        if (type.contains("*")) {
            return Kind.POINTER;
        }
        String t = type.replace("const", " ").replace("unsigned", " ").strip().replaceAll("\\s+", " ");
        if (enums.contains(t)) {
            return Kind.ENUM;
        }
        if (pointerTypedefs.contains(t)) {
            return Kind.POINTER;
        }
        return switch (t) {
            case "void" -> Kind.VOID;
            case "int", "" -> Kind.INT;
            case "long long", "long long int" -> Kind.LONG_LONG;
            case "float" -> Kind.FLOAT;
            case "double" -> Kind.DOUBLE;
            default -> throw new IllegalArgumentException("unknown C type '" + type.strip() + "'");
        };
    }
}
