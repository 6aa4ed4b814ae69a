# Sourced by bin/jace (the repository's and the bundle's) before the JVM starts: what the progress line needs to know
# of stderr, where it goes, and the JVM cannot find out itself (its console check looks at stdin and stdout, and it
# has no call that asks a terminal its size). Sets stderr_tty, true where stderr is a terminal, else false, and
# stderr_columns, that terminal's width: COLUMNS where it is a number, else what stty says of stderr, else empty
# (jace then takes 80 columns).
stderr_tty=false
stderr_columns=
if [ -t 2 ]; then
  stderr_tty=true
  # A width: 1 to 9999, no leading zero (COLUMNS=0, 00 or 99999999999 is none).
  width() {
    case $1 in
      [1-9] | [1-9][0-9] | [1-9][0-9][0-9] | [1-9][0-9][0-9][0-9]) return 0 ;;
      *) return 1 ;;
    esac
  }
  stderr_columns=${COLUMNS:-}
  if ! width "$stderr_columns"; then
    # "rows columns" of the terminal that stderr is; stty's own complaint, if any, lands in the variable too.
    stderr_columns=$(stty size <&2 2>&1) || stderr_columns=
    stderr_columns=${stderr_columns#* }
    width "$stderr_columns" || stderr_columns=
  fi
  unset -f width
fi
