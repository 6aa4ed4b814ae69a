package dev.jace.bindings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a C compiler says about declarations in real headers (NVIDIA's, too involved for {@link CHeader}): a generated
 * C++ program, built with {@code g++} and run, prints each function's return and parameter kinds, each constant's value
 * and each struct's size and field offsets. Only types are taken ({@code decltype}), so nothing is linked against the
 * library itself.
 */
final class HeaderProbe {

    /** A struct to measure: its tag and the fields whose offsets are wanted. */
    record Struct(String tag, List<String> fields) {
    }

    /** What the compiler said. Kinds are "int32", "int64", "float", "double", "pointer", "void", or "other". */
    record Facts(Map<String, List<String>> functions, Map<String, Long> constants, Map<String, Long> sizes,
                 Map<String, Long> offsets) {
    }

    private static final long TIMEOUT_SECONDS = 120;
    private static final String STANDARD_HEADERS = """
            #include <cstddef>
            #include <cstdio>
            #include <type_traits>
            """;
    private static final String PRELUDE = """
            template <class T> const char* kind() {
                if constexpr (std::is_void_v<T>) return "void";
                else if constexpr (std::is_pointer_v<T>) return "pointer";
                else if constexpr (std::is_enum_v<T> || std::is_integral_v<T>)
                    return sizeof(T) == 4 ? "int32" : sizeof(T) == 8 ? "int64" : "other";
                else if constexpr (std::is_same_v<T, float>) return "float";
                else if constexpr (std::is_same_v<T, double>) return "double";
                else return "other";
            }
            template <class F> struct Signature;
            template <class R, class... A> struct Signature<R (*)(A...)> {
                static void print(const char* name) {
                    std::printf("fn %s %s", name, kind<R>());
                    ((std::printf(" %s", kind<A>())), ...);
                    std::printf("\\n");
                }
            };
            """;

    private HeaderProbe() {
    }

    /** The C++ compiler used, or why there is none. */
    static Optional<String> missingCompiler() {
        try {
            Process p = new ProcessBuilder("g++", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.empty()
                    : Optional.of("g++ --version failed");
        } catch (IOException e) {
            return Optional.of("no g++ on the PATH (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /**
     * Compiles and runs the probe of {@code functions}, {@code constants} (enumerators or integer macros) and
     * {@code structs} declared by {@code headers}, found in {@code includes}; fails with the compiler's output when the
     * program does not build (a name the headers do not declare, for one).
     */
    static Facts run(Path scratch, List<Path> includes, List<String> headers, List<String> functions,
                     List<String> constants, List<Struct> structs) throws IOException, InterruptedException {
        // The headers are read as C: what they add for C++ only (cublasGemmEx overloaded with a cudaDataType compute
        // type, inline) is not what the library exports, and would make the names ambiguous.
        StringBuilder source = new StringBuilder(STANDARD_HEADERS).append("#pragma push_macro(\"__cplusplus\")\n")
                .append("#undef __cplusplus\n");
        headers.forEach(h -> source.append("#include <").append(h).append(">\n"));
        source.append("#pragma pop_macro(\"__cplusplus\")\n").append(PRELUDE).append("int main() {\n");
        functions.forEach(f -> source.append("    Signature<decltype(&").append(f).append(")>::print(\"").append(f)
                .append("\");\n"));
        constants.forEach(c -> source.append("    std::printf(\"const ").append(c).append(" %lld\\n\", (long long) (")
                .append(c).append("));\n"));
        for (Struct s : structs) {
            source.append("    std::printf(\"size ").append(s.tag()).append(" %zu\\n\", sizeof(struct ")
                    .append(s.tag()).append("));\n");
            s.fields().forEach(f -> source.append("    std::printf(\"offset ").append(s.tag()).append('.').append(f)
                    .append(" %zu\\n\", offsetof(struct ").append(s.tag()).append(", ").append(f).append("));\n"));
        }
        source.append("    return 0;\n}\n");
        Path program = scratch.resolve("probe.cpp");
        Files.writeString(program, source);
        List<String> compile = new ArrayList<>(List.of("g++", "-std=c++17", "-w"));
        includes.forEach(i -> compile.add("-I" + i));
        compile.addAll(List.of(program.toString(), "-o", scratch.resolve("probe").toString()));
        run(compile, "compiling the header probe " + program);
        return parse(run(List.of(scratch.resolve("probe").toString()), "running the header probe"));
    }

    private static String run(List<String> command, String what) throws IOException, InterruptedException {
        Path log = Files.createTempFile("jace-header-probe", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " took over " + TIMEOUT_SECONDS + " s");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            requireSuccess(p, command, what, output);
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void requireSuccess(Process p, List<String> command, String what, String output) {
        if (p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): " + String.join(" ", command)
                    + "\n" + output);
        }
    }

    private static Facts parse(String output) {
        Map<String, List<String>> functions = new LinkedHashMap<>();
        Map<String, Long> constants = new HashMap<>();
        Map<String, Long> sizes = new HashMap<>();
        Map<String, Long> offsets = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] words = line.strip().split(" ");
            switch (words[0]) {
                case "fn" -> functions.put(words[1], List.of(words).subList(2, words.length));
                case "const" -> constants.put(words[1], Long.parseLong(words[2]));
                case "size" -> sizes.put(words[1], Long.parseLong(words[2]));
                case "offset" -> offsets.put(words[1], Long.parseLong(words[2]));
                default -> throw new IllegalStateException("unexpected probe output: " + line);
            }
        }
        return new Facts(functions, constants, sizes, offsets);
    }
}
