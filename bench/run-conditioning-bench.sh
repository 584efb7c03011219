#!/bin/sh
# Full-size conditioning benchmark (10 s recording); see bench/conditioning.md. Run from the repository root.
# THREADS sets libtorch's intra-op threads (default 1); RUNS the timed runs.
set -e
mvn -q -B -o test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
DIR=${DIR:-/tmp/conditioning-full-random}
[ -s "$DIR/s3gen.safetensors" ] || java -Xmx3g -cp "$CP" dev.parity.bench.ConditioningBench write "$DIR"
/usr/bin/time -f "process: %e s wall, peak RSS %M KB" \
  java -Xmx2g -Dparity.threads="${THREADS:-1}" -cp "$CP" dev.parity.bench.ConditioningBench run "$DIR" "${RUNS:-5}"
