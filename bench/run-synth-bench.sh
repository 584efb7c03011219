#!/bin/sh
# Full-size `parity synth` on random weights for every key of the released checkpoints; see bench/synth.md.
# Run from the repository root. CKPTS is the checkpoint directory (written once, 3.2 GB); TOKENS T3's step limit.
set -e
mvn -q -B -o -DskipTests package
mvn -q -B -o test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
CKPTS=${CKPTS:-/tmp/synth-full-random}
[ -s "$CKPTS/t3_cfg.safetensors" ] || java -Xmx4g -cp "$CP" dev.parity.port.run.SynthCheckpoints "$CKPTS"
OUT=${OUT:-/tmp/synth-bench-out.wav}
rm -f "$OUT"
echo "load average: $(cat /proc/loadavg)"
/usr/bin/time -v ./parity synth --text "${TEXT:-Hello from the Java port of Chatterbox.}" \
  --voice reference-dumps/cond-small-seed1/inputs/reference.wav --checkpoints "$CKPTS" --out "$OUT" \
  --seed 1 --max-tokens "${TOKENS:-50}" 2>&1 | grep -v '^\s*\(Average\|Major\|Minor\|Socket\|Signals\|Swaps\|File system\|Page size\|Exit status\|Voluntary\|Involuntary\)'
