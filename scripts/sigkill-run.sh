#!/usr/bin/env bash
# Kills `parity run` with SIGKILL at a random point, N times (default 20), and checks that `parity compare`
# of whatever it left never exits 0: the trace writer marks a manifest complete only when the run ended.
# A run that finished before the kill landed is counted separately (its compare must exit 0 or 1).
# Usage: scripts/sigkill-run.sh [N [REF_DUMP]]     (prints one line per run and a summary; exit 1 on a false pass)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n="${1:-20}"
ref="${2:-reference-dumps/s3gen-small-seed1}"
./parity --version >/dev/null || exit 4   # builds the jar once, outside the timed runs
jar=target/parity.jar
work="$(mktemp -d /tmp/parity-sigkill.XXXXXX)"
trap 'rm -rf "$work"' EXIT
# how long one complete run takes here: the kill points are drawn from [0.2 s, that time]
start=$(date +%s%N)
java -jar "$jar" run "$ref" --out "$work/full" >/dev/null 2>&1
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "a complete run takes ${full_ms} ms; killing $n runs at random points"
false_pass=0; finished=0
for i in $(seq 1 "$n"); do
  out="$work/run$i"
  delay_ms=$(( 200 + (RANDOM * 32768 + RANDOM) % (full_ms > 200 ? full_ms - 200 : 1) ))
  java -jar "$jar" run "$ref" --out "$out" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"; wait "$pid" 2>/dev/null
    killed=yes
  else
    wait "$pid"; killed=no; finished=$((finished + 1))
  fi
  entries=$(grep -c '"kind"' "$out/manifest.json" 2>/dev/null || echo 0)
  java -jar "$jar" compare "$ref" "$out" >/dev/null 2>"$work/err"
  code=$?
  printf 'run %2d: killed after %5d ms: %s, manifest entries %4s, compare exit %d  %s\n' "$i" "$delay_ms" \
    "$killed" "$entries" "$code" "$(head -c 160 "$work/err")"
  if [ "$killed" = yes ] && [ "$code" -eq 0 ]; then false_pass=$((false_pass + 1)); fi
done
echo "summary: $n runs, $((n - finished)) killed, $finished finished before the kill, $false_pass killed runs compared with exit 0"
[ "$false_pass" -eq 0 ]
