#!/usr/bin/env bash
# Captures what `parity demo`, `compare`, `diagnose` and `weights` print and write on the bundled dumps, and diffs
# two such captures modulo timestamps, absolute paths and durations. A reviewer checks that a change kept the
# outputs:
#
#   scripts/compare-outputs.sh capture DIR          # run the commands of this tree (./parity) into DIR
#   scripts/compare-outputs.sh diff OLD_DIR NEW_DIR # normalized diff; exit 0 when equal, 1 when not
#   scripts/compare-outputs.sh base COMMIT [DIR]    # capture COMMIT (a temporary worktree) and this tree into DIR
#                                                   # (default /tmp/compare-outputs), then diff them
#
# Every written file (.md .html .json .csv .xml .txt) and each command's stdout, stderr and exit code are kept;
# traces and WAV files are not. The capture takes a few minutes (the demo and two pipeline runs for diagnose).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# run NAME CMD...: one command's stdout, stderr and exit code into $out/NAME.{out,err,rc}
run() {
  local name="$1"
  shift
  echo "compare-outputs: $name" >&2
  set +e
  (cd "$tree" && ./parity "$@" >"$out/$name.out" 2>"$out/$name.err")
  echo $? >"$out/$name.rc"
  set -e
}

capture() {
  tree="$1"
  if [ -e "$2" ] && [ -n "$(ls -A "$2")" ]; then
    echo "compare-outputs: $2 is not empty; give a new directory" >&2
    exit 2
  fi
  out="$(mkdir -p "$2" && cd "$2" && pwd)"
  local R=reference-dumps
  local reps=()
  run demo demo --out "$out/demo"
  rm -rf "$out/demo/candidate" "$out/demo/t3/candidate" "$out/demo/conditioning/candidate" "$out/demo/demo.wav"
  for n in md html json csv xml; do reps+=(--report "$out/compare-s3gen.$n"); done
  run compare-s3gen compare $R/s3gen-small-seed1 $R/s3gen-small-seed1-f64 "${reps[@]}"
  run compare-t3 compare $R/t3-small-seed1 $R/t3-small-seed1-f64 --report "$out/compare-t3.md" \
    --report "$out/compare-t3.html" --report "$out/compare-t3.json"
  run compare-floor compare $R/s3gen-small-seed1 $R/s3gen-small-seed1-f64 --tolerance-from $R/s3gen-small-seed1-f64 \
    --statistic rel_l2 --report "$out/compare-floor.md" --report "$out/compare-floor.json"
  run compare-unaligned compare $R/s3gen-small-seed1 $R/t3-small-seed1 --report "$out/compare-unaligned.md" \
    --report "$out/compare-unaligned.html" --report "$out/compare-unaligned.json" --report "$out/compare-unaligned.xml"
  run compare-only compare $R/s3gen-small-seed1 $R/s3gen-small-seed1-f64 --only 'flow.encoder.**' \
    --report "$out/compare-only.md" --report "$out/compare-only.xml"
  for d in floor nofloor t3 fault; do reps=(); for n in md html json; do reps+=(--report "$out/diagnose-$d.$n"); done
    case $d in
      floor) run diagnose-floor diagnose $R/s3gen-small-seed1 --candidate $R/s3gen-small-seed1-f64 \
               --tolerance-from $R/s3gen-small-seed1-f64 "${reps[@]}" ;;
      nofloor) run diagnose-nofloor diagnose $R/s3gen-small-seed1 --candidate $R/s3gen-small-seed1-f64 "${reps[@]}" ;;
      t3) run diagnose-t3 diagnose $R/t3-small-seed1 --candidate $R/t3-small-seed1-f64 "${reps[@]}" ;;
      fault) run diagnose-fault diagnose $R/s3gen-small-seed1 --inject-fault attention-scale-missing "${reps[@]}" ;;
    esac
  done
  run weights-stats weights stats $R/s3gen-small-seed1/weights.safetensors --json "$out/weights-stats.json"
  run weights-stats-t3 weights stats $R/t3-small-seed1/weights.safetensors
  derived_checkpoint $tree/$R/s3gen-small-seed1/weights.safetensors "$out/derived.safetensors"
  run weights-diff weights diff $R/s3gen-small-seed1/weights.safetensors "$out/derived.safetensors" \
    --json "$out/weights-diff.json"
  rm -f "$out/derived.safetensors"
  run weights-audit weights audit $R/s3gen-small-seed1
}

# derived_checkpoint IN OUT: IN with mel2wav.* renamed to vocoder.*, one tensor scaled by 1.01 and one key dropped,
# so that `weights diff` has prefixes to infer and values and keys to report
derived_checkpoint() {
  python3 - "$1" "$2" <<'PY'
import array, json, struct, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, "rb") as f:
    n = struct.unpack("<Q", f.read(8))[0]
    header = json.loads(f.read(n))
    data = f.read()
meta = header.pop("__metadata__", None)
out, blobs, offset = {}, [], 0
for key, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
    if key == "flow.spk_embed_affine_layer.bias":
        continue
    a, b = info["data_offsets"]
    blob = data[a:b]
    if key == "flow.input_embedding.weight" and info["dtype"] == "F32":
        values = array.array("f", blob)
        blob = array.array("f", (v * 1.01 for v in values)).tobytes()
    name = "vocoder." + key[len("mel2wav."):] if key.startswith("mel2wav.") else key
    out[name] = {"dtype": info["dtype"], "shape": info["shape"], "data_offsets": [offset, offset + len(blob)]}
    blobs.append(blob)
    offset += len(blob)
if meta is not None:
    out["__metadata__"] = meta
text = json.dumps(out).encode()
text += b" " * (-len(text) % 8)
with open(dst, "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
PY
}

# normalize FILE: the text with timestamps, absolute paths and durations replaced by placeholders
normalize() {
  sed -E -e "s#$1#<OUT>#g" -e "s#$2#<REPO>#g" \
    -e 's#[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z#<TIME>#g' \
    -e 's#[0-9]+\.[0-9]+ s\b#<SECONDS> s#g' \
    -e 's#(pipeline|T3|conditioning) [0-9]+\.[0-9]+ s#\1 <SECONDS> s#g' "$3"
}

diff_dirs() {
  local a b status=0
  a="$(cd "$1" && pwd)"
  b="$(cd "$2" && pwd)"
  local files
  files="$( (cd "$a" && find . -type f ! -name .tree; cd "$b" && find . -type f ! -name .tree) | sort -u)"
  while read -r f; do
    if [ ! -f "$a/$f" ] || [ ! -f "$b/$f" ]; then
      echo "only in one capture: $f"
      status=1
      continue
    fi
    if ! diff -u --label "old/$f" --label "new/$f" <(normalize "$a" "$(repo_of "$a")" "$a/$f") \
        <(normalize "$b" "$(repo_of "$b")" "$b/$f"); then
      status=1
    fi
  done <<<"$files"
  return $status
}

# the tree a capture was made from (recorded at capture time)
repo_of() {
  cat "$1/.tree" 2>/dev/null || echo "$here"
}

case "${1:-}" in
  capture)
    [ $# -eq 2 ] || { echo "usage: $0 capture DIR" >&2; exit 2; }
    capture "$here" "$2"
    echo "$here" >"$2/.tree"
    ;;
  diff)
    [ $# -eq 3 ] || { echo "usage: $0 diff OLD_DIR NEW_DIR" >&2; exit 2; }
    diff_dirs "$2" "$3"
    ;;
  base)
    [ $# -ge 2 ] || { echo "usage: $0 base COMMIT [DIR]" >&2; exit 2; }
    dir="${3:-/tmp/compare-outputs}"
    rm -rf "$dir" && mkdir -p "$dir"
    git -C "$here" worktree add --detach "$dir/tree" "$2" >&2
    trap 'git -C "$here" worktree remove --force "$dir/tree" 2>/dev/null || true' EXIT
    capture "$dir/tree" "$dir/old"
    echo "$dir/tree" >"$dir/old/.tree"
    capture "$here" "$dir/new"
    echo "$here" >"$dir/new/.tree"
    diff_dirs "$dir/old" "$dir/new"
    ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
