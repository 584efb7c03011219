#!/bin/sh
# Full-size S3Gen token -> wav with and without the conv workaround, in one process on the same machine (issue
# 11): ConvRouteBench alternates PARITY_CONV=auto and protect over ROUNDS rounds; see bench/conv-protection.md.
# THREADS sets libtorch's intra-op threads (default 1). Run from the repository root.
set -e
mvn -q -B -o test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
CKPT=${CKPT:-/tmp/s3gen-full-random-pipeline.safetensors}
[ -s "$CKPT" ] || java -Xmx4g -cp "$CP" dev.parity.bench.PipelineBench write "$CKPT"
lscpu | grep -E 'Model name|^CPU\(s\)'
java -Xmx2g -Dparity.threads="${THREADS:-1}" -cp "$CP" dev.parity.bench.ConvRouteBench "$CKPT" "${ROUNDS:-3}"
