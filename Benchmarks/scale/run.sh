#!/usr/bin/env bash
# Scale benchmark: scaleplan (release build, whole process, best of 3) against the Python path a
# user would otherwise take (pandas or polars reading the same files, scipy fitting the same
# law; reference.py, timed inside the process), side by side in one run, reported as ratios.
#
#   bash Benchmarks/scale/run.sh            # from the repository root: every section
#   bash Benchmarks/scale/run.sh 2 5        # only sections 2 and 5 (each makes what it needs)
#
# Needs: python3 with numpy, pandas, polars and scipy (pip install pandas polars scipy), GNU time
# (/usr/bin/time, for peak memory), and about 2 GB of scratch space (TMPDIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product scaleplan >/dev/null
bin=$(swift build -c release --show-bin-path)/scaleplan
here=Benchmarks/scale
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# best TIME and MEM over 3 runs of a command: prints "seconds peak_kB"
best() {
  local t m bt=999999 bm=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
    read -r t m < "$work/time"
    bt=$(python3 -c "print(min($bt, $t))"); bm=$((m > bm ? m : bm))
  done
  echo "$bt $bm"
}
want() { [ -z "$sections" ] || [[ " $sections " == *" $1 "* ]]; }
sections="$*"
ref() { awk -v k="$1" '$1 == k {print $2}' "$2"; }
ratio() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a/b:.2f}')" "$1" "$2"; }

grid="--preset epoch2024 --params 1e7:1e10:1000 --tokens 1e9:1e12:1000 --noise 0.01"
if want 1; then
echo "== 1. simulate a million runs ($grid)"
read -r sim_t sim_m < <(best "$bin" simulate $grid --out "$work/m1.csv" --force)
python3 $here/reference.py write "$work/m1.csv" "$work/pandas.csv" > "$work/write.txt"
to_csv=$(ref pandas.to_csv "$work/write.txt")
echo "scaleplan simulate: ${sim_t} s, ${sim_m} kB peak; pandas to_csv of the same frame: ${to_csv} s"
echo "ratio simulate / to_csv: $(ratio "$sim_t" "$to_csv") (target <= 0.25)"
fi
[ -f "$work/m1.csv" ] || "$bin" simulate $grid --out "$work/m1.csv" --force

if want 2; then
echo
echo "== 2. fit the million runs ($(du -m "$work/m1.csv" | cut -f1) MB)"
read -r fit_t fit_m < <(best "$bin" fit "$work/m1.csv")
python3 $here/reference.py read-fit "$work/m1.csv" > "$work/read.txt" 2>"$work/theta.txt"
pd_read=$(ref pandas.read_csv "$work/read.txt"); pl_read=$(ref polars.read_csv "$work/read.txt"); sp_fit=$(ref scipy_fit "$work/read.txt")
# Reading alone: a filter that keeps nothing stops the fit right after reading (and filtering).
read -r rd_t rd_m < <(best sh -c "$bin fit $work/m1.csv --where 'loss>1000' 2>/dev/null; true")
echo "scaleplan fit: ${fit_t} s, ${fit_m} kB peak (of which reading and filtering: ${rd_t} s, ${rd_m} kB)"
echo "pandas.read_csv ${pd_read} s, polars.read_csv ${pl_read} s, scipy fit (1 start) ${sp_fit} s: $(cat "$work/theta.txt")"
echo "ratio fit / pandas.read_csv: $(ratio "$fit_t" "$pd_read") (target <= 8); reading alone / pandas.read_csv: $(ratio "$rd_t" "$pd_read")"
echo "ratio fit / (pandas.read_csv + scipy fit): $(ratio "$fit_t" "$(python3 -c "print($pd_read + $sp_fit)")")"
fi

if want 3; then
echo
echo "== 3. a tracker directory: 200 files x 5,000 checkpoints x 100 columns, --last-checkpoints 5 --file-values"
python3 $here/make-tracker.py "$work/tracker" --files 200 --checkpoints 5000
tracker_fit() {
  "$bin" fit "$1"/[0-9]*.csv --file-values "$1/files.csv" --last-checkpoints 5 \
    --column loss=eval/c4_en-validation/CrossEntropyLoss --column tokens=throughput/total_tokens
}
export -f tracker_fit; export bin
read -r tr_t tr_m < <(best bash -c 'tracker_fit "$0"' "$work/tracker")
python3 $here/reference.py tracker "$work/tracker" > "$work/tracker.txt" 2>"$work/theta.txt"
pd_all=$(ref "pandas.read_csv(all_columns)" "$work/tracker.txt"); pd_two=$(ref "pandas.read_csv(usecols)" "$work/tracker.txt")
pl_two=$(ref "polars.scan_csv(select)" "$work/tracker.txt")
echo "scaleplan fit: ${tr_t} s, ${tr_m} kB peak ($(du -sm "$work/tracker" | cut -f1) MB of logs)"
echo "pandas.read_csv all columns ${pd_all} s, usecols ${pd_two} s; polars.scan_csv(select) ${pl_two} s; scipy fit: $(cat "$work/theta.txt")"
echo "ratio fit / pandas (all columns): $(ratio "$tr_t" "$pd_all"); / pandas usecols: $(ratio "$tr_t" "$pd_two"); / polars: $(ratio "$tr_t" "$pl_two") (target < 1)"

fi

if want 4; then
echo
echo "== 4. memory against checkpoints per file (20 files, 1,000 vs 20,000 checkpoints)"
for k in 1000 20000; do
  python3 $here/make-tracker.py "$work/t$k" --files 20 --checkpoints $k
  read -r t m < <(best bash -c 'tracker_fit "$0"' "$work/t$k")
  echo "$k checkpoints per file ($(du -sm "$work/t$k" | cut -f1) MB): ${t} s, ${m} kB peak"
done
fi

if want 5; then
echo
echo "== 5. predict --runs on the million runs (the law fitted to them; CSV out)"
"$bin" fit "$work/m1.csv" --save "$work/law.json" --force >/dev/null
read -r pr_t pr_m < <(best "$bin" predict --law "$work/law.json" --runs "$work/m1.csv" --format csv)
python3 -c "
import time, pandas as pd
best = min((lambda t: (pd.read_csv('$work/m1.csv'), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(3))
print(f'pandas.read_csv {best:.4f}')" > "$work/read5.txt"
pd_read5=$(ref pandas.read_csv "$work/read5.txt")
echo "scaleplan predict --runs: ${pr_t} s, ${pr_m} kB peak; pandas.read_csv ${pd_read5} s"
echo "ratio predict --runs / pandas.read_csv: $(ratio "$pr_t" "$pd_read5")"
fi
