# Sourced by the launchers that run Java with a class path: the repository's bin/jace and the bundle's bin/jace,
# bin/jace-test and bin/jace-bench. jace_class_path_folder DIR refuses, with advice, a DIR whose path holds a ':',
# which ends an entry of Java's class path (-cp) and cannot be escaped there.
jace_class_path_folder() {
  case $1 in
    *:*)
      echo "jace: $1 has a ':' in its path, which Java's class path cannot hold; move the folder or rename it" \
        "without the ':'" >&2
      exit 1
      ;;
  esac
}
