#!/usr/bin/env bash
# Checks that libjace.so exports exactly the jace_* functions declared in jace.h (one it lacks would fail a C
# program's link, one beyond it is no part of the ABI), and its symbol-version floors (below).
set -euo pipefail
lib=${1:?usage: check_symbols.sh libjace.so jace.h}
header=${2:?usage: check_symbols.sh libjace.so jace.h}
declared=$(grep -oE '\bjace_[a-z0-9_]+\(' "$header" | tr -d '(' | sort -u)
exported=$(nm -D --defined-only "$lib" | awk '{print $3}' | sort -u)
status=0
extra=$(comm -13 <(echo "$declared") <(echo "$exported"))
if [ -n "$extra" ]; then
  echo "exported but not in jace.h:"; echo "$extra" | sed 's/^/  /'; status=1
fi
missing=$(comm -23 <(echo "$declared") <(echo "$exported"))
echo "jace.h declares $(echo "$declared" | wc -l) functions; libjace.so exports $(echo "$exported" | wc -l)"
if [ -n "$missing" ]; then
  echo "declared but not exported:"; echo "$missing" | sed 's/^/  /'; status=1
fi
if readelf -d "$lib" | grep -q 'NEEDED.*libcudart'; then
  echo "libjace.so depends on libcudart.so (the runtime must be linked statically)"; status=1
fi
# Version floors: no reference to a glibc symbol version newer than GLIBC_2.17 (native/glibc_compat.syms), and from
# libstdc++ and libgcc_s only their first versions (GCC 3.4's CXXABI_1.3 and GLIBCXX_3.4, GCC_3.0), which every
# libstdc++.so.6 and libgcc_s.so.1 has.
newer_than() { # prefix floor: the undefined references to a PREFIX_version newer than floor, one per line
  local prefix=$1 floor=$2
  objdump -T "$lib" | awk -v p="$prefix" '/\*UND\*/ && match($0, p "_[0-9.]+") {
    print substr($0, RSTART + length(p) + 1, RLENGTH - length(p) - 1), $NF }' | sort -u | while read -r version name; do
    if [ "$(printf '%s\n%s\n' "$floor" "$version" | sort -V | tail -n 1)" != "$floor" ]; then
      echo "  $name@${prefix}_$version"
    fi
  done
}
glibc_floor=2.17
newer=$(newer_than GLIBC $glibc_floor)
if [ -n "$newer" ]; then
  echo "libjace.so needs glibc newer than $glibc_floor for (add each to native/glibc_compat.syms):"; echo "$newer"
  status=1
else
  echo "libjace.so needs glibc $glibc_floor or newer"
fi
newer=$(newer_than CXXABI 1.3; newer_than GLIBCXX 3.4; newer_than GCC 3.0)
if [ -n "$newer" ]; then
  echo "libjace.so needs a newer libstdc++ or libgcc_s than GCC 3.4's for:"; echo "$newer"; status=1
fi
exit $status
