# Sourced by bin/jace and bin/test: exports JAVA_HOME pointing at a JDK >= 22, or exits with advice.
# Order: $JAVA_HOME if it qualifies, else the newest qualifying JDK under /usr/lib/jvm.
jace_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

jace_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(jace_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 22 ]; then
      echo "$JAVA_HOME"
      return 0
    fi
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

if ! JAVA_HOME=$(jace_find_jdk); then
  echo "jace: no JDK 22 or newer found (JAVA_HOME=${JAVA_HOME:-unset}; looked under /usr/lib/jvm)." >&2
  echo "jace: install one, e.g. 'apt-get install temurin-25-jdk' (Adoptium repository) or unpack a JDK and set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
