#!/usr/bin/env bash
# Writes a PNG of each main view of the workbench (layers + chart, layer detail, mel, audio, weights,
# settings) to OUT_DIR (default target/screenshots) for review.
# Usage: scripts/screenshots.sh [--xvfb] [OUT_DIR [REF [CAND]]]
#   default: headless JavaFX (Monocle, software rendering); --xvfb: a real glass window under xvfb-run.
#   Without CAND a candidate with a fault injected in the estimator's first resnet block is built.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
xvfb=0
if [ "${1:-}" = "--xvfb" ]; then xvfb=1; shift; fi
mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
  -Dmdep.includeScope=test >&2
cp="target/classes:target/test-classes:$(cat target/test-classpath.txt)"
if [ "$xvfb" = 1 ]; then
  if ! command -v xvfb-run >/dev/null 2>&1; then
    echo "screenshots.sh: --xvfb needs xvfb-run (Debian: apt-get install xvfb)" >&2; exit 3
  fi
  if ! ldconfig -p 2>/dev/null | grep -q 'libgtk-3\.so\.0'; then
    echo "screenshots.sh: a real JavaFX window needs GTK 3 (Debian: apt-get install libgtk-3-0); without --xvfb the screenshots are taken headless" >&2
    exit 3
  fi
  exec xvfb-run -a -s "-screen 0 1600x1000x24" java -Dparity.screens.display=true -Dparity.ui.audio=off \
    -cp "$cp" dev.parity.ui.ScreenshotTool "$@"
fi
exec java -cp "$cp" dev.parity.ui.ScreenshotTool "$@"
