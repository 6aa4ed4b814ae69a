# Sourced by bin/jace (the repository's and the bundle's) before the JVM starts: what the progress line needs to know
# of stderr, where it goes, and the JVM cannot find out itself (its console check looks at stdin and stdout, and it
# has no call that asks a terminal its size). Sets stderr_tty, true where stderr is a terminal, else false, and
# stderr_columns, that terminal's width: COLUMNS where it is a number, else what stty says of stderr, else empty
# (jace then takes 80 columns).
stderr_tty=false
stderr_columns=
if [ -t 2 ]; then
  stderr_tty=true
  stderr_columns=${COLUMNS:-}
  case $stderr_columns in
    '' | *[!0-9]*)
      # "rows columns" of the terminal that stderr is; stty's own complaint, if any, lands in the variable too.
      stderr_columns=$(stty size <&2 2>&1) || stderr_columns=
      stderr_columns=${stderr_columns#* }
      ;;
  esac
  case $stderr_columns in
    '' | *[!0-9]* | 0) stderr_columns= ;;
  esac
fi
