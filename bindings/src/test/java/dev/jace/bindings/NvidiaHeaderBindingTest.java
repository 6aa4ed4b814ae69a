package dev.jace.bindings;

import dev.jace.bindings.cublas.cublas_api_h;
import dev.jace.bindings.cuda.cuda_h;
import dev.jace.bindings.cudnn.cudnnConvolutionBwdDataAlgoPerfStruct;
import dev.jace.bindings.cudnn.cudnnConvolutionBwdFilterAlgoPerfStruct;
import dev.jace.bindings.cudnn.cudnnConvolutionFwdAlgoPerfStruct;
import dev.jace.bindings.cudnn.cudnn_h;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The hand-written CUDA driver, cuBLAS and cuDNN bindings agree with NVIDIA's own headers and libraries: every
 * function's {@code FunctionDescriptor} with its prototype (as the C compiler sees it), every constant with its
 * enumerator, the cuDNN result structs with their C layout, and every bound symbol is exported by the library. This
 * is what a wrong binding would otherwise first show on a GPU, as a crash or a wrong answer. The headers come from the
 * CUDA toolkit (cuda.h) and from pip's nvidia wheels (cuBLAS, cuDNN), installed or unpacked ({@link NvidiaComponent});
 * a check whose headers are absent is skipped with the reason.
 */
@SuppressWarnings("restricted") // FFM: calls into the real cuDNN through the bindings' descriptors
class NvidiaHeaderBindingTest {

    private static final NvidiaComponent.Wanted CUBLAS = new NvidiaComponent.Wanted("nvidia_cublas",
            "cublas_api.h", "libcublas.so.13", List.of());
    private static final NvidiaComponent.Wanted CUDNN = new NvidiaComponent.Wanted("nvidia_cudnn", "cudnn.h",
            "libcudnn.so.9", LibrarySpec.CUDNN.needs());
    private static final NvidiaComponent.Wanted NVRTC = new NvidiaComponent.Wanted("nvidia_cuda_nvrtc", "nvrtc.h",
            "libnvrtc.so.13", List.of("libnvrtc-builtins.so.13*"));
    private static final List<Class<?>> CUDNN_RESULTS = List.of(cudnnConvolutionFwdAlgoPerfStruct.class,
            cudnnConvolutionBwdDataAlgoPerfStruct.class, cudnnConvolutionBwdFilterAlgoPerfStruct.class);

    /** Where wheels are unpacked, once per class (cuDNN's libraries alone are 170 MB). */
    @TempDir
    static Path unpacked;
    private static final Map<NvidiaComponent.Wanted, Optional<NvidiaComponent>> FOUND = new HashMap<>();

    @TempDir
    Path scratch;

    @Test
    void cudaDriverBindingsMatchCudaH() throws Exception {
        Path cuda = cudaInclude();
        Binding binding = Binding.of(cuda_h.class);
        HeaderProbe.Facts facts = probe(List.of(cuda), List.of("cuda.h"), binding, List.of());
        assertAgrees(binding, facts);
    }

    @Test
    void cublasBindingsMatchCublasApiHAndItsLibrary() throws Exception {
        NvidiaComponent cublas = component(CUBLAS);
        Binding binding = Binding.of(cublas_api_h.class);
        HeaderProbe.Facts facts = probe(List.of(cublas.include(), cudaInclude()), List.of("cublas_api.h"), binding,
                List.of());
        assertAgrees(binding, facts);
        assertExported(binding, cublas.library());
    }

    @Test
    void cudnnBindingsMatchCudnnHAndItsLibrary() throws Exception {
        NvidiaComponent cudnn = component(CUDNN);
        Binding binding = Binding.of(cudnn_h.class);
        List<HeaderProbe.Struct> structs = CUDNN_RESULTS.stream().map(c -> new HeaderProbe.Struct(c.getSimpleName(),
                fieldNames(layout(c)))).toList();
        HeaderProbe.Facts facts = probe(List.of(cudnn.include(), cudaInclude()), List.of("cudnn.h"), binding,
                structs);
        assertAgrees(binding, facts);
        for (Class<?> result : CUDNN_RESULTS) {
            GroupLayout layout = layout(result);
            String tag = result.getSimpleName();
            assertEquals(facts.sizes().get(tag), layout.byteSize(), "sizeof(struct " + tag + ")");
            for (String field : fieldNames(layout)) {
                assertEquals(facts.offsets().get(tag + "." + field), layout.byteOffset(groupElement(field)),
                        "offsetof(struct " + tag + ", " + field + ")");
            }
        }
        assertExported(binding, cudnn.library());
    }

    /**
     * The cuDNN 9 shim opens its sub-libraries on its first call and aborts the process where one is missing (it prints
     * "Invalid handle. Cannot load symbol cudnnGetVersion"): jace refuses such a folder instead of loading it.
     */
    @Test
    void cudnnShimWithoutItsSubLibrariesIsRefusedBeforeAnyCall() throws IOException {
        NvidiaComponent cudnn = component(CUDNN);
        Path site = wheelLayout(cudnn, List.of());
        String message = assertThrows(NativeLibraryException.class,
                new NativeLibraries(LibrarySearch.onlyFolders(List.of(site)))::cudnn).getMessage();
        assertTrue(message.contains("but not its libcudnn_graph.so.9"), message);
    }

    /**
     * What cuDNN does on the host needs no GPU, so the library itself answers through the bindings' descriptors, found
     * by the search jace runs on a GPU host: its version, status strings, and the output shape of a convolution
     * described the way {@code CudnnConvPlan} describes it.
     */
    @Test
    void cudnnAnswersThroughTheBindingsWithoutAGpu() throws Throwable {
        NvidiaComponent cudnn = component(CUDNN);
        Path site = wheelLayout(cudnn, CUDNN.companions());
        NativeLibrary library = new NativeLibraries(LibrarySearch.onlyFolders(List.of(site))).cudnn();
        assertEquals(site.resolve("cudnn/lib").resolve(CUDNN.libraryFile()).toString(), library.location());
        Cudnn calls = new Cudnn(library);

        HeaderProbe.missingCompiler().ifPresent(why -> skip("cannot compile the header probe: " + why));
        HeaderProbe.Facts facts = HeaderProbe.run(scratch, List.of(cudnn.include(), cudaInclude()),
                List.of("cudnn.h"), List.of(), List.of("CUDNN_VERSION", "CUDNN_STATUS_BAD_PARAM"), List.of());
        assertEquals(facts.constants().get("CUDNN_VERSION"), (long) calls.call("cudnnGetVersion"),
                "cudnnGetVersion() against cudnn_version.h");
        assertEquals("CUDNN_STATUS_SUCCESS", calls.errorString(cudnn_h.CUDNN_STATUS_SUCCESS()));
        int badParam = Math.toIntExact(facts.constants().get("CUDNN_STATUS_BAD_PARAM"));
        assertEquals("CUDNN_STATUS_BAD_PARAM", calls.errorString(badParam));

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = calls.create(arena, "cudnnCreateTensorDescriptor");
            MemorySegment w = calls.create(arena, "cudnnCreateFilterDescriptor");
            MemorySegment conv = calls.create(arena, "cudnnCreateConvolutionDescriptor");
            calls.ok("cudnnSetTensor4dDescriptor", x, cudnn_h.CUDNN_TENSOR_NCHW(), cudnn_h.CUDNN_DATA_FLOAT(), 2, 3, 9,
                    7);
            calls.ok("cudnnSetFilter4dDescriptor", w, cudnn_h.CUDNN_DATA_FLOAT(), cudnn_h.CUDNN_TENSOR_NCHW(), 16, 3,
                    5, 3);
            calls.ok("cudnnSetConvolution2dDescriptor", conv, 1, 0, 1, 1, 1, 1, cudnn_h.CUDNN_CROSS_CORRELATION(),
                    cudnn_h.CUDNN_DATA_FLOAT());
            calls.ok("cudnnSetConvolutionMathType", conv, cudnn_h.CUDNN_TENSOR_OP_MATH());
            MemorySegment dims = arena.allocate(ValueLayout.JAVA_INT, 4);
            calls.ok("cudnnGetConvolution2dForwardOutputDim", conv, x, w, dims, dims.asSlice(4), dims.asSlice(8),
                    dims.asSlice(12));
            // 9 + 2·1 - 5 + 1 rows, 7 + 2·0 - 3 + 1 columns
            assertEquals(List.of(2, 16, 7, 5), Arrays.stream(dims.toArray(ValueLayout.JAVA_INT)).boxed().toList());
            assertEquals(badParam, calls.call("cudnnSetTensor4dDescriptor", x, cudnn_h.CUDNN_TENSOR_NCHW(),
                    cudnn_h.CUDNN_DATA_FLOAT(), 2, -3, 9, 7), "a negative channel count");
            calls.ok("cudnnDestroyTensorDescriptor", x);
            calls.ok("cudnnDestroyFilterDescriptor", w);
            calls.ok("cudnnDestroyConvolutionDescriptor", conv);
        }
    }

    /**
     * NVRTC (which cuDNN's runtime-compiled engines use) opens libnvrtc-builtins.so.13.0 by that name and has no
     * RUNPATH, so it finds the file in its own wheel folder only because jace loaded it from there first.
     */
    @Test
    void nvrtcBuiltinsAreLoadedFromNvrtcsFolder() throws IOException {
        NvidiaComponent nvrtc = component(NVRTC);
        Path site = wheelLayout(component(CUDNN), CUDNN.companions());
        addToLayout(site, "cu13", nvrtc, NVRTC.companions());
        new NativeLibraries(LibrarySearch.onlyFolders(List.of(site))).cudnn();
        Path builtins = LibraryLocator.siblings(nvrtc.library().getParent(), NVRTC.companions().getFirst()).getFirst()
                .toRealPath();
        assertEquals(Optional.of(builtins), LoadedPaths.of(builtins.getFileName().toString()));
    }

    /** Calls into one loaded cuDNN through {@code cudnn_h}'s descriptors. */
    private record Cudnn(NativeLibrary library) {

        Object call(String function, Object... arguments) throws Throwable {
            FunctionDescriptor descriptor = (FunctionDescriptor) cudnn_h.class.getMethod(function + "$descriptor")
                    .invoke(null);
            return Linker.nativeLinker().downcallHandle(library.find(function), descriptor)
                    .invokeWithArguments(arguments);
        }

        void ok(String function, Object... arguments) throws Throwable {
            assertEquals(cudnn_h.CUDNN_STATUS_SUCCESS(), call(function, arguments), function);
        }

        MemorySegment create(Arena arena, String function) throws Throwable {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            ok(function, out);
            return out.get(ValueLayout.ADDRESS, 0);
        }

        String errorString(int status) throws Throwable {
            return ((MemorySegment) call("cudnnGetErrorString", status)).getString(0);
        }
    }

    /** {@code site/cudnn/lib} as pip lays it out, with links to the library and the given companions only. */
    private Path wheelLayout(NvidiaComponent component, List<String> companions) throws IOException {
        Path site = Files.createTempDirectory(scratch, "site");
        addToLayout(site, "cudnn", component, companions);
        return site;
    }

    /** Links to {@code component}'s library and the given companions in {@code site/folder/lib}. */
    private static void addToLayout(Path site, String folder, NvidiaComponent component, List<String> companions)
            throws IOException {
        Path lib = Files.createDirectories(site.resolve(folder).resolve("lib"));
        Path from = component.library().toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>(List.of(component.library().toAbsolutePath()));
        companions.forEach(glob -> files.addAll(LibraryLocator.siblings(from, glob)));
        for (Path file : files) {
            Files.createSymbolicLink(lib.resolve(file.getFileName()), file);
        }
    }

    /** A binding class's functions (by symbol) and constants, read through its public methods. */
    private record Binding(Map<String, FunctionDescriptor> functions, Map<String, Integer> constants) {

        static Binding of(Class<?> header) throws ReflectiveOperationException {
            Map<String, FunctionDescriptor> functions = new TreeMap<>();
            Map<String, Integer> constants = new TreeMap<>();
            for (Method m : header.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0) {
                    continue;
                }
                if (m.getName().endsWith("$descriptor")) {
                    functions.put(m.getName().substring(0, m.getName().length() - "$descriptor".length()),
                            (FunctionDescriptor) m.invoke(null));
                } else if (m.getReturnType() == int.class && m.getName().matches("[A-Z][A-Z0-9_]*")) {
                    constants.put(m.getName(), (Integer) m.invoke(null));
                }
            }
            assertTrue(!functions.isEmpty(), header + " has no function bindings");
            return new Binding(functions, constants);
        }

        /** Return kind first, then each parameter's, in the probe's words. */
        static List<String> kinds(FunctionDescriptor d) {
            List<String> kinds = new ArrayList<>();
            kinds.add(d.returnLayout().map(Binding::kind).orElse("void"));
            d.argumentLayouts().forEach(l -> kinds.add(kind(l)));
            return kinds;
        }

        private static String kind(MemoryLayout layout) {
            if (layout instanceof AddressLayout) {
                return "pointer";
            }
            if (layout instanceof ValueLayout v) {
                Class<?> carrier = v.carrier();
                if (carrier == int.class) {
                    return "int32";
                }
                if (carrier == long.class) {
                    return "int64";
                }
                if (carrier == float.class || carrier == double.class) {
                    return carrier.getName();
                }
            }
            return "other";
        }
    }

    private HeaderProbe.Facts probe(List<Path> includes, List<String> headers, Binding binding,
                                    List<HeaderProbe.Struct> structs) throws IOException, InterruptedException {
        HeaderProbe.missingCompiler().ifPresent(why -> skip("cannot compile the header probe: " + why));
        return HeaderProbe.run(scratch, includes, headers, List.copyOf(binding.functions().keySet()),
                List.copyOf(binding.constants().keySet()), structs);
    }

    private static void assertAgrees(Binding binding, HeaderProbe.Facts facts) {
        List<String> wrong = new ArrayList<>();
        binding.functions().forEach((name, descriptor) -> {
            List<String> header = facts.functions().get(name);
            List<String> bound = Binding.kinds(descriptor);
            if (!bound.equals(header)) {
                wrong.add(name + ": header (return, parameters) " + header + ", binding " + bound);
            }
        });
        binding.constants().forEach((name, value) -> {
            if (!Objects.equals(facts.constants().get(name), value.longValue())) {
                wrong.add(name + ": header " + facts.constants().get(name) + ", binding " + value);
            }
        });
        assertTrue(wrong.isEmpty(), "bindings that disagree with the header:\n  " + String.join("\n  ", wrong));
    }

    /** Every bound function is a defined dynamic symbol of {@code library} ({@code nm -D}). */
    private static void assertExported(Binding binding, Path library) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("nm", "-D", "--defined-only", library.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            skip("cannot list the symbols of " + library + ": " + e.getMessage());
            return;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            skip("nm -D " + library + " failed: " + output);
        }
        Set<String> exported = output.lines().map(l -> l.split("\\s+")).filter(w -> w.length == 3)
                .map(w -> w[2].split("@")[0]).collect(Collectors.toSet());
        List<String> missing = binding.functions().keySet().stream().filter(f -> !exported.contains(f)).toList();
        assertTrue(missing.isEmpty(), library + " does not export " + missing);
    }

    private static NvidiaComponent component(NvidiaComponent.Wanted wanted) throws IOException {
        if (!FOUND.containsKey(wanted)) {
            FOUND.put(wanted, NvidiaComponent.find(wanted, unpacked));
        }
        Optional<NvidiaComponent> found = FOUND.get(wanted);
        if (found.isEmpty()) {
            skip(wanted.missing());
        }
        return found.get();
    }

    /** The CUDA toolkit's include folder (CUDA_HOME, CUDA_PATH, the nvcc on the PATH, /usr/local/cuda). */
    private static Path cudaInclude() {
        List<Path> candidates = new ArrayList<>();
        Stream.of("CUDA_HOME", "CUDA_PATH").map(System::getenv).filter(v -> v != null && !v.isBlank())
                .forEach(home -> candidates.add(Path.of(home, "include")));
        Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(d -> !d.isBlank())
                .map(d -> Path.of(d, "nvcc")).filter(Files::isExecutable)
                .forEach(nvcc -> candidates.add(resolved(nvcc).getParent().resolveSibling("include")));
        candidates.add(Path.of("/usr/local/cuda/include"));
        return candidates.stream().filter(c -> Files.isRegularFile(c.resolve("cuda.h"))).findFirst()
                .orElseGet(() -> skip("no CUDA toolkit headers (cuda.h) in " + candidates + "; set CUDA_HOME"));
    }

    private static Path resolved(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath();
        }
    }

    /** Skips the test, saying why on stdout too, so that the build log shows which check did not run. */
    private static <T> T skip(String reason) {
        System.out.println("[jace NVIDIA binding check skipped] " + reason);
        return abort(reason);
    }

    private static GroupLayout layout(Class<?> struct) {
        try {
            return (GroupLayout) struct.getMethod("layout").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(struct + ".layout()", e);
        }
    }

    private static List<String> fieldNames(GroupLayout layout) {
        return layout.memberLayouts().stream().filter(m -> !(m instanceof PaddingLayout))
                .map(m -> m.name().orElseThrow()).toList();
    }
}
