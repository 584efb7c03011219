#!/usr/bin/env bash
# Executes every notebook in this directory headless into a temporary directory; exits non-zero if any fails.
#
#   notebooks/run_notebooks.sh            # defaults: ../reference-dumps/s3gen-small-seed1, ../target/demo/report.json
#   PARITY_TRACE=/path/to/trace PARITY_REPORT=/path/to/report.json notebooks/run_notebooks.sh
#
# When PARITY_REPORT is unset and the default report does not exist, one is made first: two traces of the parity_tracer demo model (one weight changed)
# compared by the Java launcher (<repo>/parity compare REF CAND --report FILE).
# PYTHON selects the interpreter (default /usr/bin/python3; it needs nbconvert, ipykernel, numpy, matplotlib,
# and torch for the demo report). KEEP=1 keeps the executed notebooks. PARITY_JUNIT=FILE also writes a JUnit XML
# file with one test case per notebook.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
python="${PYTHON:-/usr/bin/python3}"
out="$(mktemp -d "${TMPDIR:-/tmp}/parity-notebooks.XXXXXX")"
if [[ "${KEEP:-0}" != "1" ]]; then
  trap 'rm -rf "$out"' EXIT
fi

# Writes $out/report.json from two demo traces (one weight changed) with the Java launcher.
make_demo_report() {
  if [[ ! -f "$repo/parity" ]]; then
    echo "run_notebooks: launcher $repo/parity not found" >&2
    return 1
  fi
  echo "run_notebooks: making a demo report in $out"
  (cd "$repo/python-tracer" && "$python" -m parity_tracer demo "$out/ref" --seed 1 >/dev/null \
    && "$python" -m parity_tracer demo "$out/cand" --seed 1 --perturb encoder.layers.1.fc2.weight >/dev/null) \
    || return 1
  bash "$repo/parity" compare "$out/ref" "$out/cand" --report "$out/report.json" >"$out/compare.log" 2>&1 || true
  if [[ ! -f "$out/report.json" ]]; then
    cat "$out/compare.log" >&2
    return 1
  fi
}

report="${PARITY_REPORT:-$here/../target/demo/report.json}"
if [[ -z "${PARITY_REPORT:-}" && ! -f "$report" ]]; then
  if make_demo_report; then
    report="$out/report.json"
  else
    echo "run_notebooks: no report at $report and none could be made; compare_report.ipynb will fail" >&2
  fi
fi
export PARITY_REPORT="$report"

failed=0
results=()
for nb in "$here"/*.ipynb; do
  name="$(basename "$nb")"
  start=$SECONDS
  if "$python" -m nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
       --output-dir "$out" "$nb" >"$out/$name.log" 2>&1; then
    echo "ok      $name"
    results+=("$name ok $((SECONDS - start))")
  else
    echo "FAILED  $name" >&2
    grep -v -i -e debugger -e frozen_modules -e PYDEVD "$out/$name.log" | sed "s/\x1b\[[0-9;]*m//g" | tail -n 30 >&2
    results+=("$name failed $((SECONDS - start))")
    failed=1
  fi
done

if [[ -n "${PARITY_JUNIT:-}" ]]; then
  mkdir -p "$(dirname "$PARITY_JUNIT")"
  "$python" - "$PARITY_JUNIT" "$out" "${results[@]}" <<'PYEOF'
import re
import sys
import xml.etree.ElementTree as ET
target, logs, rows = sys.argv[1], sys.argv[2], [r.split(" ") for r in sys.argv[3:]]
suite = ET.Element("testsuite", name="notebooks", tests=str(len(rows)),
                   failures=str(sum(status != "ok" for _, status, _ in rows)), errors="0", skipped="0")
for name, status, seconds in rows:
    case = ET.SubElement(suite, "testcase", classname="notebooks", name=name, time=seconds)
    if status != "ok":
        log = open(f"{logs}/{name}.log", encoding="utf-8", errors="replace").read()
        log = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", re.sub(r"\x1b\[[0-9;]*m", "", log))
        ET.SubElement(case, "failure", message=f"{name} failed to execute").text = log[-4000:]
ET.ElementTree(suite).write(target, encoding="utf-8", xml_declaration=True)
PYEOF
fi
if [[ "${KEEP:-0}" == "1" ]]; then
  echo "executed notebooks in $out"
fi
exit "$failed"
