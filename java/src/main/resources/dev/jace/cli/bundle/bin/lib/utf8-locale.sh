# Sourced by bin/jace (the repository's and the bundle's) before the JVM starts.
# Under the C/POSIX locale (LANG unset, as in many containers, cron jobs and ssh sessions) a JVM cannot name a file
# whose path has a non-ASCII character: it reads paths in the locale's charset (sun.jnu.encoding), so such a --out or
# --model is refused as "Malformed input". C.UTF-8 changes only how bytes are read as characters; jace formats its
# numbers in Locale.ROOT. Where the C library has no C.UTF-8 the JVM falls back to C, as it would have anyway. Other
# charsets (e.g. ISO-8859-1, whose file names are not UTF-8) are left as they are.
case "$(locale charmap 2>/dev/null)" in
  ANSI_X3.4-1968 | "")
    if [ -n "${LC_ALL:-}" ]; then
      export LC_ALL=C.UTF-8
    else
      export LC_CTYPE=C.UTF-8
    fi
    ;;
esac
