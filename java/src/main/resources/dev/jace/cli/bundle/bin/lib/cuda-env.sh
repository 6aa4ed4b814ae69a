# Sourced by the bundle's scripts. Puts the folders holding cuBLAS and cuDNN first on LD_LIBRARY_PATH, so that
# the libraries cuDNN loads by name at run time resolve too. Order: $JACE_CUDA_LIBS (colon-separated folders),
# the lib folders of pip's nvidia-* packages (cuBLAS, cuDNN, ... wheels) found by ${JACE_PYTHON:-python3}, the
# previous LD_LIBRARY_PATH, then the system's linker path.
jace_pip_nvidia_libs() {
  "${JACE_PYTHON:-python3}" - 2>/dev/null <<'PY' || true
import glob, os
try:
    import nvidia
except ImportError:
    raise SystemExit(0)
print(":".join(d for p in nvidia.__path__ for d in sorted(glob.glob(os.path.join(p, "*", "lib")))))
PY
}
jace_cuda_path=$(jace_pip_nvidia_libs)
if [ -n "${JACE_CUDA_LIBS:-}" ]; then
  jace_cuda_path=$JACE_CUDA_LIBS${jace_cuda_path:+:$jace_cuda_path}
fi
if [ -n "$jace_cuda_path" ]; then
  export LD_LIBRARY_PATH=$jace_cuda_path${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
unset jace_cuda_path
