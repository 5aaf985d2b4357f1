#!/bin/sh
# Planner benchmarks: Swift release build against the scipy reference (reference.py), same run.
# Usage, from the package root: sh Benchmarks/planning/run.sh
set -e
swift build -c release --product scaleplan
BIN=.build/release/scaleplan
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# The self-contained build the README installs (--static-swift-stdlib), in a scratch directory
# of its own so that it does not replace the default build above.
swift build -c release --static-swift-stdlib --product scaleplan --scratch-path "$OUT/static" > /dev/null
STATIC="$OUT/static/release/scaleplan"
SWEEP="sweep --preset chinchilla-sardana --quality-of 30B --vary inference-tokens=1e9:1e16:10000:log --format csv"

echo "== agreement: Swift vs scipy over the 10,000-point sweep"
$BIN $SWEEP > "$OUT/swift.csv"
python3 Benchmarks/planning/reference.py sweep 10000 > "$OUT/scipy.csv"
python3 - "$OUT" <<'PY'
import csv, sys
a = list(csv.DictReader(open(sys.argv[1] + "/scipy.csv")))
b = list(csv.DictReader(open(sys.argv[1] + "/swift.csv")))
worst = max(abs(float(x["params"]) - float(y["params"])) / float(x["params"]) for x, y in zip(a, b))
print(f"{len(a)} points, largest relative difference in params: {worst:.2e}")
PY

echo "== (a) plans per second inside the process"
for i in 1 2 3; do
  $BIN $SWEEP --repeat 50 > /dev/null
  python3 Benchmarks/planning/reference.py bench 10000
done

echo "== (b) 10,000-point demand sweep as a whole process"
# The same sweep from the default build and from the installed (static) one, against scipy.
$STATIC $SWEEP | cmp - "$OUT/swift.csv" && echo "same output from both builds"
hyperfine -N -w 3 -r 30 "$BIN $SWEEP" "$STATIC $SWEEP" "python3 Benchmarks/planning/reference.py sweep 10000"
