#!/bin/sh
# Full-size flow benchmark (see bench/flow.md). Run from the repository root; needs ~8 GB of disk in /tmp while
# it runs (760 MB checkpoint, kept for reuse; the 7 GB tracing-on trace is deleted after it is measured).
set -e
mvn -q -B -o test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
CKPT=${CKPT:-/tmp/s3gen-full-random.safetensors}
[ -s "$CKPT" ] || java -Xmx3g -cp "$CP" dev.parity.bench.FlowBench write "$CKPT"
# fixed, pre-touched heap: RSS growth over the 20 runs is then native memory, not the Java heap growing
java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp "$CP" dev.parity.bench.FlowBench full "$CKPT"
