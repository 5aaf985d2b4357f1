#!/usr/bin/env python3
"""Independent reference for Hoffmann et al.'s approach 1 (2022, section 3.1) on the OLMo ladder.

Written from the paper's description, not from scaleplan's code: each training curve (one file,
one model size N) is interpolated linearly in (log C, log L), C = 6 N D, within its own range;
at 1,500 log-spaced FLOP values the lowest interpolated loss over all curves gives N_opt(C); an
ordinary least-squares line of log N_opt on log C gives N_opt ∝ C^a (and D_opt ∝ C^(1-a)).
The FLOP window (the issue's default): from the last FLOPs of the smallest model's shortest run
to the last FLOPs of the largest model's shortest run.

Data: Bhagia et al. 2024's 16 ladder runs (allenai/OLMo-ladder, ladder-runs/*xC.csv), tokens
`throughput/total_tokens`, loss `eval/c4_en-validation/CrossEntropyLoss`, N from final.json:

    python3 scripts/reference/envelope.py ../shared/data/olmo-ladder/ladder-runs

prints a, the window, the number of grid points covered and the curves forming the envelope.
"""
import csv
import glob
import math
import os
import sys

import numpy as np

SIZES = {"190M": 190354176, "370M": 371262464, "760M": 758220288, "1B": 1279395840}
TOKENS, LOSS = "throughput/total_tokens", "eval/c4_en-validation/CrossEntropyLoss"


def curves(folder):
    out = []
    for path in sorted(glob.glob(os.path.join(folder, "*xC.csv"))):
        n = SIZES[os.path.basename(path).split("-")[0]]
        points = []
        with open(path) as f:
            for row in csv.DictReader(f):
                try:
                    d, loss = float(row[TOKENS]), float(row[LOSS])
                except (ValueError, KeyError):
                    continue
                if d > 0 and loss > 0:
                    points.append((6 * n * d, loss))
        points.sort()
        out.append((os.path.basename(path), n, np.log([c for c, _ in points]), np.log([l for _, l in points])))
    return out


def main():
    cs = curves(sys.argv[1])
    small, large = min(c[1] for c in cs), max(c[1] for c in cs)
    low = min(math.exp(c[2][-1]) for c in cs if c[1] == small)
    high = min(math.exp(c[2][-1]) for c in cs if c[1] == large)
    xs = np.linspace(math.log(low), math.log(high), 1500)
    best_l = np.full(xs.shape, np.inf)
    best_n = np.full(xs.shape, np.nan)
    who = np.full(xs.shape, -1)
    for i, (name, n, lc, ll) in enumerate(cs):
        inside = (xs >= lc[0]) & (xs <= lc[-1])
        l = np.interp(xs, lc, ll)
        better = inside & (l < best_l)
        best_l[better], best_n[better], who[better] = l[better], math.log(n), i
    keep = np.isfinite(best_n)
    a, intercept = np.polyfit(xs[keep], best_n[keep], 1)
    print(f"a = {a:.12g}, k = {math.exp(intercept):.12g}, window {low:.6g} to {high:.6g}, "
          f"{keep.sum()} grid points, {sum(len(c[2]) for c in cs)} checkpoints")
    print("formed by:", ", ".join(cs[i][0] for i in sorted(set(who[keep]))))


if __name__ == "__main__":
    main()
