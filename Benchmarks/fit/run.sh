#!/usr/bin/env bash
# Fit-speed benchmark: scaleplan (release build, whole process) against the independent
# references in ../shared/reference, measured side by side in the same run and reported as
# ratios (absolute seconds on a shared machine mean little).
#
#   bash Benchmarks/fit/run.sh            # from the repository root
#
# Needs: hyperfine (Debian: apt-get install hyperfine), python3 with numpy + scipy, and for
# the bootstrap race a Python >= 3.12 virtual environment with simple-scaling-laws:
#   python3.12 -m venv .venv-ssl && .venv-ssl/bin/pip install simple-scaling-laws polars
# (set SSL_PYTHON to its interpreter; the race is skipped without it).
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=../shared
data=$shared/data/chinchilla-epoch/svg_extracted_data.csv
reference=$shared/reference
if [ ! -f "$data" ] || [ ! -d "$reference" ]; then
  echo "skipped: needs $shared/data/chinchilla-epoch and $shared/reference beside the repository"; exit 0
fi
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 1; }
swift build -c release --product scaleplan >/dev/null
bin=$(swift build -c release --show-bin-path)/scaleplan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mean() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][${2:-0}]['mean'])" "$1"; }

echo "== 1. Chinchilla fit (240 runs, Huber δ=1e-3): scaleplan's global search vs the 4,500-start scipy grid"
hyperfine -N --warmup 2 --runs 20 --export-json "$work/fit.json" \
  "$bin fit $data --exclude-loss-above 3.41" >/dev/null
ours=$(mean "$work/fit.json")
OPENBLAS_NUM_THREADS=1 python3 "$reference/scipy_chinchilla_fit.py" --starts 45 > "$work/scipy.txt"
grid=$(awk '/full_grid_cpu_seconds_estimate/ {print $2}' "$work/scipy.txt")
per_start=$(awk '/seconds_per_start_cpu/ {print $2}' "$work/scipy.txt")
python3 - "$ours" "$grid" "$per_start" <<'PY'
import sys
ours, grid, per = map(float, sys.argv[1:])
print(f"scaleplan fit, whole process: {ours*1e3:.1f} ms (mean of 20)")
print(f"scipy 4,500-start grid: {per*1e3:.1f} ms per start -> {grid:.1f} s for the grid (CPU, from 45 starts)")
print(f"ratio: scaleplan is {grid/ours:,.0f}x faster than the full grid procedure")
PY

echo
echo "== 2. Bootstrap (a global fit per resample)"
hyperfine -N --warmup 1 --runs 5 --export-json "$work/boot.json" \
  "$bin fit $data --exclude-loss-above 3.41 --bootstrap 1000 --seed 1" >/dev/null
boot=$(mean "$work/boot.json")
python3 -c "import sys; t=float(sys.argv[1]); print(f'scaleplan --bootstrap 1000, whole process: {t:.2f} s -> {1000/t:,.0f} draws/s')" "$boot"
if [ -n "${SSL_PYTHON:-}" ] && [ -x "$SSL_PYTHON" ]; then
  # simple-scaling-laws wants columns N, D, loss: the same 240 runs.
  python3 - "$data" "$work/runs.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
with open(sys.argv[2], "w") as f:
    f.write("N,D,loss\n")
    for r in rows:
        n, c, l = float(r["Model Size"]), float(r["Training FLOP"]), float(r["loss"])
        if l <= 3.41:
            f.write(f"{n!r},{c/(6*n)!r},{l!r}\n")
PY
  hyperfine -N --warmup 1 --runs 3 --export-json "$work/ssl.json" \
    "$SSL_PYTHON $reference/ssl_fit.py $work/runs.csv --draws 200" >/dev/null
  ssl=$(mean "$work/ssl.json")
  "$SSL_PYTHON" "$reference/ssl_fit.py" "$work/runs.csv" --draws 200 | grep timing
  python3 - "$boot" "$ssl" <<'PY'
import sys
ours, ssl = map(float, sys.argv[1:])
print(f"simple-scaling-laws --draws 200, whole process: {ssl:.2f} s -> {200/ssl:,.0f} draws/s")
print(f"ratio (draws per second, whole process): scaleplan {1000/ours / (200/ssl):,.1f}x")
PY
else
  echo "(simple-scaling-laws race skipped: set SSL_PYTHON to a Python >= 3.12 with it installed)"
fi
