#!/usr/bin/env bash
# Tests the launcher: its class data sharing archive (./parity, target/parity.jsa) — the first run writes the
# archive and its length, the next maps it, and an archive cut short (which would crash the JVM that maps it) is
# not mapped but written again — and which commands run with C1 only. Runs a copy of the launcher beside a copy of
# target/parity.jar in a temporary directory, so the repository's own archive is not touched. Needs
# target/parity.jar and target/lib (mvn package).
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
tiered() { # the TieredStopAtLevel the JVM got for a command ("" for the default): $1 = expected, then the args
  local want="$1" out got
  shift
  out="$(PARITY_JAVA_OPTS="-Xmx256m -XX:+PrintCommandLineFlags ${EXTRA_OPTS:-}" "$dir/parity" "$@" 2>&1)" || return 1
  got="$(printf '%s\n' "$out" | head -1 | grep -o 'TieredStopAtLevel=[0-9]' | cut -d= -f2)"
  [ "$got" = "$want" ]
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
check "a command runs with C1 only" tiered 1 --version
check "weights keeps C2 (long Java loops)" tiered "" weights --help
check "gui keeps C2" tiered "" gui --help
check "weights after an option keeps C2" tiered "" --debug weights --help
EXTRA_OPTS=-XX:TieredStopAtLevel=4 check "PARITY_JAVA_OPTS overrides the C1-only default" tiered 4 --version
echo "launcher: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
