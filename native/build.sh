#!/usr/bin/env bash
# Builds libjace.so into $1 (a resource folder of the natives jar). Skips with a warning when nvcc is absent,
# so the Java part still builds and the CUDA backend reports the missing library at run time.
set -euo pipefail
out=${1:?usage: build.sh OUTPUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
# Where the library is left out, the reason goes where it would be, for the Java side to name when it looks for it.
absent=$out/libjace.so.absent
leave_out() {
  echo "[jace-native] $1" >&2
  if [ ! -f "$out/libjace.so" ]; then
    mkdir -p "$out"
    printf '%s\n' "$2" >"$absent"
  fi
  exit 0
}
if [ "${JACE_SKIP_NATIVE:-0}" = 1 ]; then
  leave_out "JACE_SKIP_NATIVE=1: skipping libjace.so (no GPU here); bin/test always builds it." \
    "the jace-native jar's build skipped it: JACE_SKIP_NATIVE=1, which bin/jace sets where nvidia-smi finds no GPU"
fi
nvcc_bin=${NVCC:-$(command -v nvcc || true)}
if [ -z "$nvcc_bin" ]; then
  leave_out "WARNING: nvcc not found on PATH (set NVCC=/path/to/nvcc); skipping libjace.so. The CUDA backend will be unavailable." \
    "the jace-native jar's build found no nvcc (on PATH, or named by NVCC)"
fi
mkdir -p "$out"
rm -f "$absent"
out=$(cd "$out" && pwd)
# Objects stay out of the jar's resource folder: next to native-classes in a Maven build, else native/target/obj.
case "$out" in
  */native-classes/*) obj="${out%%/native-classes/*}/native-obj" ;;
  *) obj="$here/target/obj" ;;
esac
obj=${JACE_OBJ_DIR:-$obj}
jobs=${JACE_MAKE_JOBS:-$(nproc 2>/dev/null || echo 2)}
# JACE_NATIVE_CHECKS=0 (bin/jace's builds: it runs jace, bin/test tests it) builds the library and the C examples only,
# as does Maven's -DskipTests or -Dmaven.test.skip (the pom passes them as JACE_MAVEN_*).
skips_tests=false
if [ "${JACE_MAVEN_SKIP_TESTS:-false}" = true ] || [ "${JACE_MAVEN_TEST_SKIP:-false}" = true ]; then
  skips_tests=true
fi
if $skips_tests && [ "${JACE_NATIVE_CHECKS:-1}" != 0 ]; then
  echo "[jace-native] tests skipped: building libjace.so and the C examples only (no native checks or kernel tests)." >&2
fi
if [ "${JACE_NATIVE_CHECKS:-1}" = 0 ] || $skips_tests; then
  targets=(all example-programs)
else
  targets=(all check-kernel-resources conv-gpu-check test-host test-abi check-symbols examples test-conv-host test-emu
    emu-java-libs)
fi
# make splits file names at blanks, so a checkout whose path has one builds through a link to it without: the
# repository (native/ and cuda/) and the Maven output below it then have blank-free names. The makefiles take the
# link's names for what they would otherwise derive from the physical working directory. The link is named after the
# checkout and kept: the test programs find libjace.so through it (their rpath), and incremental builds see the same
# names.
linked=()
if [[ "$here$out$obj" == *[[:space:]]* ]]; then
  root=$(dirname "$here")
  for path in "$out" "$obj"; do
    if [[ "$path" == *[[:space:]]* && "$path" != "$root"/* ]]; then
      echo "[jace-native] ERROR: make cannot build into '$path' (a blank in a path outside the repository $root);" \
        "give a path without blanks (JACE_OBJ_DIR)" >&2
      exit 1
    fi
  done
  link=/tmp/jace-checkout-$(printf '%s' "$root" | sha1sum | cut -c1-16)
  if [ -e "$link" ] && [ ! -L "$link" ]; then
    echo "[jace-native] ERROR: $link, where the build links to this checkout (its path has a blank), is not a link;" \
      "remove it" >&2
    exit 1
  fi
  ln -sfn "$root" "$link"
  here=$link/${here#"$root"/}
  [[ "$out" == "$root"/* ]] && out=$link/${out#"$root"/}
  [[ "$obj" == "$root"/* ]] && obj=$link/${obj#"$root"/}
  linked=(NATIVE_DIR="$here" CONV_ROOT="$link")
fi
make -s -C "$here" -j"$jobs" NVCC="$nvcc_bin" OUT="$out" OBJ="$obj" ${linked[@]+"${linked[@]}"} "${targets[@]}"
