# Sourced by bin/jace and bin/test. jace_find_maven sets JACE_MVN to Maven: the one on the PATH, else Apache Maven
# JACE_MAVEN_VERSION (default below), downloaded once from Maven Central and checked against its published SHA-512,
# in ${XDG_CACHE_HOME:-~/.cache}/jace. JACE_MAVEN_REPO names a mirror of Maven Central to download from instead.
jace_maven_download() {
  local version=$1 home=$2 repo=${JACE_MAVEN_REPO:-https://repo.maven.apache.org/maven2}
  local url="$repo/org/apache/maven/apache-maven/$version/apache-maven-$version-bin.tar.gz"
  local tmp want got
  if ! command -v curl >/dev/null 2>&1; then
    echo "jace: neither mvn nor curl (to download Maven) is on the PATH; install Maven," \
      "e.g. 'apt-get install maven'" >&2
    return 1
  fi
  echo "jace: mvn is not on the PATH; downloading Apache Maven $version from $url" >&2
  mkdir -p "$(dirname "$home")"
  tmp=$(mktemp -d "$(dirname "$home")/.maven-download.XXXXXX")
  if ! curl -fsSL -o "$tmp/maven.tar.gz" "$url" || ! want=$(curl -fsSL "$url.sha512"); then
    rm -rf "$tmp"
    echo "jace: could not download Maven; install it (e.g. 'apt-get install maven') or set JACE_MAVEN_REPO to a" \
      "mirror of Maven Central" >&2
    return 1
  fi
  got=$(sha512sum "$tmp/maven.tar.gz" | cut -d' ' -f1)
  if [ "$got" != "${want%% *}" ]; then
    rm -rf "$tmp"
    echo "jace: the Maven download from $url does not match its published SHA-512; not using it" >&2
    return 1
  fi
  # Unpacked beside its final place and moved there whole, so an interrupted download leaves no half a Maven.
  if tar -xzf "$tmp/maven.tar.gz" -C "$tmp" && mv "$tmp/apache-maven-$version" "$home"; then
    rm -rf "$tmp"
    return 0
  fi
  rm -rf "$tmp"
  return 1
}

jace_find_maven() {
  if command -v mvn >/dev/null 2>&1; then
    JACE_MVN=mvn
    return 0
  fi
  local version=${JACE_MAVEN_VERSION:-3.9.16} cache=${XDG_CACHE_HOME:-${HOME:+$HOME/.cache}}
  if [ -z "$cache" ]; then
    echo "jace: mvn is not on the PATH, and neither XDG_CACHE_HOME nor HOME is set to say where to download Maven" \
      "to; install Maven (e.g. 'apt-get install maven') or set HOME" >&2
    return 1
  fi
  local home=$cache/jace/apache-maven-$version
  # A download that fails because another process's finished first still leaves a usable Maven.
  if [ -x "$home/bin/mvn" ] || jace_maven_download "$version" "$home" || [ -x "$home/bin/mvn" ]; then
    JACE_MVN=$home/bin/mvn
    return 0
  fi
  return 1
}
