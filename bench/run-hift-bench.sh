#!/bin/sh
# Full-size HiFT vocoder benchmark (see bench/hift.md). Run from the repository root.
# Args passed on: [mel frames (150)] [runs (3)]. Peak RSS comes from the process itself and from /usr/bin/time.
set -e
mvn -q -B -o test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
exec /usr/bin/time -v java -Xmx3g -cp "$CP" dev.parity.bench.HiFTBench "${1:-150}" "${2:-3}"
