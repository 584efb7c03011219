#!/usr/bin/env bash
# Times how fast a generated 10,000-entry trace pair shows in the workbench's layer table (see bench/gui.md).
# Usage: bench/gui.sh [--xvfb] [ENTRIES [RUNS]]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
xvfb=0
if [ "${1:-}" = "--xvfb" ]; then xvfb=1; shift; fi
mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
  -Dmdep.includeScope=test >&2
cp="target/classes:target/test-classes:$(cat target/test-classpath.txt)"
if [ "$xvfb" = 1 ]; then
  exec xvfb-run -a -s "-screen 0 1600x1000x24" java -Xmx2g -Dparity.screens.display=true -cp "$cp" \
    dev.parity.ui.GuiBench "$@"
fi
exec java -Xmx2g -cp "$cp" dev.parity.ui.GuiBench "$@"
