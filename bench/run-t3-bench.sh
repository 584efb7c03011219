#!/bin/sh
# Full-size T3 benchmark (prefill of 200 positions, decode tokens/s, peak RSS); see bench/t3.md. Run from the
# repository root. THREADS sets libtorch's intra-op threads (default 1); STEPS the decode steps.
set -e
mvn -q -B -o test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
CKPT=${CKPT:-/tmp/t3-full-random.safetensors}
[ -s "$CKPT" ] || java -Xmx1g -cp "$CP" dev.parity.bench.T3Bench write "$CKPT"
/usr/bin/time -f "process: %e s wall, peak RSS %M KB" \
  java -Xmx1g -Dparity.threads="${THREADS:-1}" -cp "$CP" dev.parity.bench.T3Bench run "$CKPT" "${STEPS:-50}"
