# Sourced by bin/jace and bin/test: exports JAVA_HOME pointing at a JDK >= 22, or exits with advice.
# Order: $JAVA_HOME if it qualifies, else the newest qualifying JDK under /usr/lib/jvm.
jace_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

# Why the folder $1 is no JDK 22 or newer; nothing where it is one.
jace_jdk_flaw() {
  local major
  if [ ! -d "$1" ]; then
    echo "is not a directory"
  elif [ ! -x "$1/bin/javac" ]; then
    echo "has no bin/javac (a JRE?)"
  else
    major=$(jace_java_major "$1")
    if [ -z "$major" ]; then
      echo "has a bin/java that does not say its version"
    elif [ "$major" -lt 22 ]; then
      echo "is Java $major"
    fi
  fi
}

jace_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -z "$(jace_jdk_flaw "$JAVA_HOME")" ]; then
    # Absolute: Maven runs from the repository's root and refuses a JAVA_HOME that is not there.
    (CDPATH='' cd -- "$JAVA_HOME" && pwd) && return 0
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] && [ -x "$candidate/bin/jlink" ] || continue
    major=$(jace_java_major "$candidate")
    if [ "${major:-0}" -gt "$best_major" ]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [ "$best_major" -ge 22 ]; then
    echo "$best"
    return 0
  fi
  return 1
}

jace_use_jdk() {
  local given=${JAVA_HOME:-} passed_over="JAVA_HOME is unset"
  if JAVA_HOME=$(jace_find_jdk); then
    export JAVA_HOME
    export PATH="$JAVA_HOME/bin:$PATH"
    return 0
  fi
  [ -z "$given" ] || passed_over="JAVA_HOME=$given $(jace_jdk_flaw "$given")"
  echo "jace: no JDK 22 or newer found: $passed_over, and /usr/lib/jvm holds none." >&2
  echo "jace: install one, e.g. 'apt-get install temurin-25-jdk' (Adoptium repository) or unpack a JDK and set JAVA_HOME." >&2
  exit 1
}

jace_use_jdk
