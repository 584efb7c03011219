#!/bin/sh
# Full-size S3Gen token -> wav benchmark (flow + HiFT); see bench/pipeline.md. Run from the repository root.
# THREADS sets libtorch's intra-op threads (default 1, like the upstream figure); RUNS the timed runs;
# GEMM=blas|onednn fixes the route of every large Linear (default: measured at start, port/nn/GemmRoute, bench/gemm.md);
# TRACED=0 skips the run that records every call.
set -e
mvn -q -B -o test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
CKPT=${CKPT:-/tmp/s3gen-full-random-pipeline.safetensors}
[ -s "$CKPT" ] || java -Xmx4g -cp "$CP" dev.parity.bench.PipelineBench write "$CKPT"
/usr/bin/time -f "process: %e s wall, peak RSS %M KB" \
  java -Xmx2g -Dparity.threads="${THREADS:-1}" -Dparity.gemm="${GEMM:-auto}" -cp "$CP" \
  dev.parity.bench.PipelineBench run "$CKPT" "${RUNS:-5}" $([ "${TRACED:-1}" = 0 ] && echo untraced)
