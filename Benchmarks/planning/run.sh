#!/bin/sh
# Planner benchmarks: Swift release build against the scipy reference (reference.py), same run.
# Usage, from the package root: sh Benchmarks/planning/run.sh
set -e
swift build -c release --product scaleplan
BIN=.build/release/scaleplan
OUT=$(mktemp -d)
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
hyperfine -N -w 2 -r 20 "$BIN $SWEEP" "python3 Benchmarks/planning/reference.py sweep 10000"
