#!/usr/bin/env bash
# Tests the launcher's class data sharing archive (./parity, target/parity.jsa): the first run writes the archive
# and its length, the next maps it, and an archive cut short (which would crash the JVM that maps it) is not
# mapped but written again. Runs a copy of the launcher beside a copy of target/parity.jar in a temporary
# directory, so the repository's own archive is not touched. Needs target/parity.jar and target/lib (mvn package).
# Prints one line per check and ends with "launcher: N passed, N failed"; exit 1 on a failure.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$root/target/parity.jar" ] && [ -d "$root/target/lib" ] || { echo "launcher: $root/target/parity.jar or lib/ is missing (mvn package)"; exit 1; }
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/target"
cp "$root/parity" "$dir/parity"
cp "$root/target/parity.jar" "$dir/target/parity.jar"
ln -s "$root/target/lib" "$dir/target/lib" # the jar's Class-Path
jsa="$dir/target/parity.jsa"
cd "$dir" || exit 1 # a crashing JVM writes its hs_err log here
passed=0
failed=0
check() { # name, then the command that must succeed
  local name="$1"
  shift
  if "$@"; then
    echo "ok      $name"
    passed=$((passed + 1))
  else
    echo "FAILED  $name"
    failed=$((failed + 1))
  fi
}
version() { # the launcher prints the version line and exits 0
  local out
  out="$("$dir/parity" --version 2>&1)" && [[ "$out" == parity\ * ]] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ]
}
whole() { [ -s "$jsa" ] && [ "$(wc -c < "$jsa" | tr -d ' ')" = "$(cat "$jsa.size")" ]; }

check "the first run prints the version" version
check "the first run leaves an archive and its length" whole
before="$(cat "$jsa.size")"
check "a later run maps the archive and prints the version" version
check "the archive is kept" test "$(wc -c < "$jsa" | tr -d ' ')" = "$before"
head -c 100000 "$jsa" > "$jsa.cut" && mv -f "$jsa.cut" "$jsa" && touch "$jsa"
check "with the archive cut short, a run prints the version (no JVM crash)" version
check "the cut archive was written again, whole" whole
check "no temporary archive is left" test -z "$(find "$dir/target" -name 'parity.jsa.*.tmp')"
check "no JVM crash log" test -z "$(find "$dir" -maxdepth 1 -name 'hs_err_pid*.log')"
echo "launcher: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
