#!/bin/sh
# Full-size S3Gen token -> wav benchmark (flow + HiFT); see bench/pipeline.md. Run from the repository root.
# THREADS sets libtorch's intra-op threads (default 1, like the upstream figure); RUNS the timed runs;
# GEMM=blas|onednn|openblas fixes the route of every large Linear (default: measured at start, port/nn/GemmRoute,
# bench/gemm.md);
# TRACED=0 skips the run that records every call.
# UPSTREAM=1 then times upstream Chatterbox (PyTorch) on the same checkpoint and shapes, in the same invocation:
# bench/upstream_s3gen.py with PYTHON (default /usr/bin/python3), UPSTREAM_RUNS timed runs (default 3) for each of
# UPSTREAM_THREADS torch thread counts (default 1,2). It needs the chatterbox package or CHATTERBOX_SRC; if
# upstream cannot be imported the script says so in one line and this script exits 2 after the Java figures.
# Upstream runs with OPENBLAS_CORETYPE removed from its environment, as the port's OpenBLAS route does (a machine
# image may pin slow kernels there; bench/gemm.md); UPSTREAM_OPENBLAS_CORETYPE=NAME sets one for it instead.
set -e
mvn -q -B -o test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
CKPT=${CKPT:-/tmp/s3gen-full-random-pipeline.safetensors}
[ -s "$CKPT" ] || java -Xmx4g -cp "$CP" dev.parity.bench.PipelineBench write "$CKPT"
/usr/bin/time -f "process: %e s wall, peak RSS %M KB" \
  java -Xmx2g -Dparity.threads="${THREADS:-1}" -Dparity.gemm="${GEMM:-auto}" -cp "$CP" \
  dev.parity.bench.PipelineBench run "$CKPT" "${RUNS:-5}" $([ "${TRACED:-1}" = 0 ] && echo untraced)
if [ "${UPSTREAM:-0}" = 1 ]; then
  if [ -n "${UPSTREAM_OPENBLAS_CORETYPE:-}" ]; then
    echo "upstream: OPENBLAS_CORETYPE=$UPSTREAM_OPENBLAS_CORETYPE"
    set -- env OPENBLAS_CORETYPE="$UPSTREAM_OPENBLAS_CORETYPE"
  else
    echo "upstream: OPENBLAS_CORETYPE unset (${OPENBLAS_CORETYPE:+the environment's $OPENBLAS_CORETYPE not applied; }OpenBLAS picks its kernels)"
    set -- env -u OPENBLAS_CORETYPE
  fi
  "$@" "${PYTHON:-/usr/bin/python3}" bench/upstream_s3gen.py "$CKPT" --runs "${UPSTREAM_RUNS:-3}" \
    --threads "${UPSTREAM_THREADS:-1,2}"
fi
