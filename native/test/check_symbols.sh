#!/usr/bin/env bash
# Checks that libjace.so exports exactly jace_* functions declared in jace.h, and reports which jace.h functions
# it does not define (the convolutions until their file is merged).
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
  echo "declared but not exported:"; echo "$missing" | sed 's/^/  /'
fi
if readelf -d "$lib" | grep -q 'NEEDED.*libcudart'; then
  echo "libjace.so depends on libcudart.so (the runtime must be linked statically)"; status=1
fi
# The glibc floor (native/glibc_compat.syms): no reference to a symbol version newer than GLIBC_2.17.
glibc_floor=2.17
newer=$(objdump -T "$lib" | awk '/\*UND\*/ && match($0, /GLIBC_[0-9.]+/) {
  print substr($0, RSTART + 6, RLENGTH - 6), $NF }' | sort -u | while read -r version name; do
  if [ "$(printf '%s\n%s\n' "$glibc_floor" "$version" | sort -V | tail -n 1)" != "$glibc_floor" ]; then
    echo "  $name@GLIBC_$version"
  fi
done)
if [ -n "$newer" ]; then
  echo "libjace.so needs glibc newer than $glibc_floor for (add each to native/glibc_compat.syms):"; echo "$newer"
  status=1
else
  echo "libjace.so needs glibc $glibc_floor or newer"
fi
exit $status
