# Sourced by sysdeps.sh and testdeps.sh: install Debian packages by name
# (root with apt-get), or stop with one line naming them; then say which
# installed versions differ from scripts/debian-packages.txt.
LIST="$(dirname "$0")/debian-packages.txt"

check_versions() {
  for pkg in $1; do
    want=$(awk -v p="$pkg" '$1 == p { print $2 }' "$LIST")
    have=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null)
    [ -n "$want" ] && [ -n "$have" ] && [ "$want" != "$have" ] \
      && echo "note: $pkg $have is installed; the suite was checked with $want ($LIST)"
  done
  return 0
}

install_debian_packages() {
  missing="$1"
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages:$missing"
    if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing; } >/dev/null 2>&1; then
      check_versions "$missing"
      return 0
    fi
    echo "could not install system packages:$missing (apt-get failed)" >&2
  else
    echo "missing system packages:$missing (install with: sudo apt-get install$missing)" >&2
  fi
  exit 1
}

install_optional_packages() {
  # Like install_debian_packages, but what cannot be installed is only said
  # in one line ($2: what happens without them), and the script goes on.
  [ -z "$1" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages:$1"
    if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $1; } >/dev/null 2>&1; then
      check_versions "$1"
      return 0
    fi
  fi
  echo "note: missing system packages:$1 ($2; install with: sudo apt-get install$1)"
  return 0
}
