#!/bin/sh
# Resampling benchmark of the conditioning path (see bench/conditioning-audio.md). Run from the repository root.
# Args passed on: [seconds (10)] [runs (5)].
set -e
mvn -q -B -o test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
exec java -Xmx1g -cp "$CP" dev.parity.bench.ResampleBench "${1:-10}" "${2:-5}"
