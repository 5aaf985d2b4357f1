#!/usr/bin/env bash
# What parameter constraints and the data-constrained fit cost (release build, whole process),
# measured side by side in one run and reported as ratios:
#
#  1. Epoch AI's 240 Chinchilla points: the free fit against the same fit with alpha = beta tied,
#     alpha and beta fixed, and E bounded — and, with BASELINE=<commit>, against the free fit
#     of that commit's build (constraints must cost the unconstrained fit nothing).
#  2. Muennighoff et al.'s 182 C4 runs (data/external/datablations-c4.csv; python3
#     scripts/fetch-datablations.py): the data-constrained fit, and the cost per bootstrap
#     resample ((t(--bootstrap 100) - t(fit)) / 100); with BASELINE, that commit's fit too.
#
#   bash Benchmarks/fit/constraints.sh                 # from the repository root
#   BASELINE=7032dbe bash Benchmarks/fit/constraints.sh
#
# Needs hyperfine (apt-get install hyperfine) and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
epoch=../shared/data/chinchilla-epoch/svg_extracted_data.csv
runs=data/external/datablations-c4.csv
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 1; }
swift build -c release --product scaleplan >/dev/null
bin=$(swift build -c release --show-bin-path)/scaleplan
work=$(mktemp -d)
trap 'rm -rf "$work"; git worktree prune' EXIT
old=""
if [ -n "${BASELINE:-}" ]; then
  # The baseline builds in its own scratch folder (git-ignored: .build-*).
  rm -rf "$work/baseline" && git worktree add -q --detach "$work/baseline" "$BASELINE"
  (cd "$work/baseline" && swift build -c release --product scaleplan --scratch-path "$PWD/../.build-baseline" >/dev/null)
  old=$work/.build-baseline/release/scaleplan
fi
means() { python3 -c "import json,sys; print(' '.join(str(r['mean']) for r in json.load(open(sys.argv[1]))['results']))" "$1"; }

if [ -f "$epoch" ]; then
  echo "== 1. Epoch's 240 runs: free vs constrained fits"
  cmds=("$bin fit $epoch --exclude-loss-above 3.41"
        "$bin fit $epoch --exclude-loss-above 3.41 --tie alpha=beta"
        "$bin fit $epoch --exclude-loss-above 3.41 --fix alpha=0.34 --fix beta=0.28"
        "$bin fit $epoch --exclude-loss-above 3.41 --bound E=1.5:2.5")
  [ -n "$old" ] && cmds+=("$old fit $epoch --exclude-loss-above 3.41")
  hyperfine -N --warmup 3 --runs 30 --export-json "$work/epoch.json" "${cmds[@]}" >/dev/null
  python3 - $(means "$work/epoch.json") <<'PY'
import sys
t = [float(x) for x in sys.argv[1:]]
names = ["free", "--tie alpha=beta", "--fix alpha, beta", "--bound E", "free, baseline build"]
for name, v in zip(names, t):
    print(f"{name:>22}: {v*1e3:6.1f} ms  ({v/t[0]:.2f}x the free fit)")
PY
else
  echo "== 1. skipped: needs $epoch"
fi

echo
if [ -f "$runs" ]; then
  echo "== 2. Muennighoff et al.'s 182 runs: the data-constrained fit and its bootstrap"
  cmds=("$bin fit $runs --form data-constrained" "$bin fit $runs --form data-constrained --bootstrap 100 --seed 1")
  [ -n "$old" ] && cmds+=("$old fit $runs --form data-constrained")
  hyperfine -N --warmup 1 --runs 5 --export-json "$work/dc.json" "${cmds[@]}" >/dev/null
  python3 - $(means "$work/dc.json") <<'PY'
import sys
t = [float(x) for x in sys.argv[1:]]
print(f"fit, whole process: {t[0]:.3f} s")
print(f"bootstrap: {(t[1]-t[0])/100*1e3:.1f} ms per resample (wall clock, both cores)")
if len(t) > 2:
    print(f"baseline build's fit: {t[2]:.2f} s -> {t[2]/t[0]:.1f}x slower")
PY
else
  echo "== 2. skipped: needs $runs (python3 scripts/fetch-datablations.py)"
fi
