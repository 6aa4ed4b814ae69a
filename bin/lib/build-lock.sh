# Sourced by bin/jace and bin/test. jace_build_lock ROOT takes the checkout's build lock on descriptor 9, waiting for
# another build of it (bin/jace or bin/test) to finish: one build into target/ at a time. build/ must exist.
jace_build_lock() {
  exec 9>"$1/build/.jace-build.lock"
  if ! flock -n 9; then
    echo "jace: waiting for another build of this checkout (bin/jace or bin/test) to finish ..." >&2
    flock 9
  fi
}
