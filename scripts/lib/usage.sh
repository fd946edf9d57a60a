# Sourced by the scripts in scripts/: `usage_if_asked "$@"` prints the
# calling script's leading comment (what it does, its usage and environment)
# and exits 0 when the first argument is -h or --help.
usage_if_asked() {
  case "${1:-}" in
    -h | --help)
      awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
      exit 0
      ;;
  esac
}
