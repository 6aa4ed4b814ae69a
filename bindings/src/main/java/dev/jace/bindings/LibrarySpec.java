package dev.jace.bindings;

import java.util.List;

/**
 * One CUDA library to find.
 *
 * @param name       human name, e.g. "cuBLAS"
 * @param fileNames  accepted file names (sonames), in order of preference
 * @param companions libraries loaded first from the folder where a file name was found, in dependency order,
 *                   so that the library's own dlopen-by-soname of them finds the already loaded copy; a name
 *                   may be a glob ("libx.so.13*") where the file carries a minor version
 * @param needs      the companions without which the library is refused: ones it opens only when first used, and
 *                   whose absence then aborts the process or fails the calls jace makes, instead of failing its loading
 * @param inWheels   whether pip wheels ship it (the driver is never a wheel)
 * @param fix        what to tell the user when it is missing
 */
record LibrarySpec(String name, List<String> fileNames, List<String> companions, List<String> needs, boolean inWheels,
                   String fix) {

    static final LibrarySpec CUDA_DRIVER = new LibrarySpec("CUDA driver", List.of("libcuda.so.1"), List.of(), List.of(),
            false,
            "install the NVIDIA driver (libcuda.so.1 comes with it, not with the CUDA toolkit or pip), or set "
                    + LibrarySearch.CUDA_LIBS_ENV + " to the folder holding libcuda.so.1 (e.g. /usr/lib/wsl/lib)");

    static final LibrarySpec CUBLAS = new LibrarySpec("cuBLAS", List.of("libcublas.so.12", "libcublas.so.13"),
            List.of("libcublasLt.so.12", "libcublasLt.so.13"), List.of(), true,
            "pip install nvidia-cublas-cu12 (CUDA 12) or nvidia-cublas (CUDA 13), or set "
                    + LibrarySearch.CUDA_LIBS_ENV + "=/folder/holding/libcublas.so.12 (a ':'-separated list), "
                    + "or add that folder to LD_LIBRARY_PATH");

    /** NVRTC, which cuDNN's runtime-compiled engines dlopen; optional. */
    static final LibrarySpec NVRTC = new LibrarySpec("NVRTC", List.of("libnvrtc.so.12", "libnvrtc.so.13"),
            // NVRTC opens its builtins by their full version (libnvrtc-builtins.so.13.0) and has no RUNPATH, so
            // they are loaded first from its folder, whatever the minor version.
            List.of("libnvrtc-builtins.so.12*", "libnvrtc-builtins.so.13*"), List.of(), true,
            "pip install nvidia-cuda-nvrtc (CUDA 13) or nvidia-cuda-nvrtc-cu12 (CUDA 12)");

    static final LibrarySpec CUDNN = new LibrarySpec("cuDNN", List.of("libcudnn.so.9"),
            List.of("libcudnn_graph.so.9", "libcudnn_engines_precompiled.so.9",
                    "libcudnn_engines_runtime_compiled.so.9", "libcudnn_heuristic.so.9", "libcudnn_ops.so.9",
                    "libcudnn_cnn.so.9", "libcudnn_adv.so.9"),
            // libcudnn.so.9 is a shim that opens these when first used: without graph it aborts the process on its
            // first call, without ops or cnn their functions fail (CUDNN_STATUS_NOT_SUPPORTED_SUBLIBRARY_UNAVAILABLE).
            List.of("libcudnn_graph.so.9", "libcudnn_ops.so.9", "libcudnn_cnn.so.9"), true,
            "pip install nvidia-cudnn-cu13 (CUDA 13) or nvidia-cudnn-cu12 (CUDA 12), both cuDNN 9, or set "
                    + LibrarySearch.CUDA_LIBS_ENV
                    + "=/folder/holding/libcudnn.so.9 (a ':'-separated list), or add that folder to LD_LIBRARY_PATH");
}
