#!/usr/bin/env python3
"""Independent reference for Hoffmann et al.'s approach 2 (IsoFLOP profiles, 2022 section 3.2)
on Porian et al. 2024's profiles, written from the method as scaleplan documents it (README,
"IsoFLOP"), not from its code:

1. budgets: runs sorted by compute C; a run joins the current budget when its C is within 5% of
   the budget's first (smallest) C;
2. per budget with 3 or more sizes: the sizes within a factor 4 of the lowest-loss run's N (at
   least the 5 sizes nearest it in |log N|), or every size with --whole; a parabola of loss in
   log N by least squares (numpy.polyfit); its vertex N*; budgets whose parabola opens downwards
   or whose vertex lies outside the fitted sizes are left out; C of a budget = geometric mean;
3. numpy.polyfit of log N* on log C: N* ∝ C^a.

    python3 scripts/reference/isoflop.py ../shared/data/porian2024/porian2024_isoflop_points.csv [--whole]

prints a for every configuration (column config_id), and the number of budgets used.
"""
import csv
import math
import sys
from collections import defaultdict

import numpy as np


def slope(rows, window):
    rows = sorted(rows, key=lambda r: r[1])
    budgets, first = [], None
    for r in rows:
        if budgets and r[1] <= first * 1.05:
            budgets[-1].append(r)
        else:
            budgets.append([r])
            first = r[1]
    xs, ys = [], []
    for b in budgets:
        if len({r[0] for r in b}) < 3:
            continue
        if window:
            best = min(b, key=lambda r: r[2])[0]
            sizes = sorted({r[0] for r in b}, key=lambda n: abs(math.log(n / best)))
            within = [n for n in sizes if abs(math.log(n / best)) <= math.log(window) * (1 + 1e-12)]
            kept = set(within if len(within) >= 5 else sizes[:5])
            b = [r for r in b if r[0] in kept]
        x = np.log([r[0] for r in b])
        c2, c1, c0 = np.polyfit(x, [r[2] for r in b], 2)
        if c2 <= 0:
            continue
        vertex = -c1 / (2 * c2)
        if not (x.min() <= vertex <= x.max()):
            continue
        xs.append(np.mean(np.log([r[1] for r in b])))
        ys.append(vertex)
    a, _ = np.polyfit(xs, ys, 1)
    return a, len(xs)


def main():
    groups = defaultdict(list)
    with open(sys.argv[1]) as f:
        for row in csv.DictReader(f):
            groups[row["config_id"]].append((float(row["n"]), 6 * float(row["n"]) * float(row["t"]), float(row["loss"])))
    window = 0 if "--whole" in sys.argv else 4
    for name in sorted(groups):
        a, used = slope(groups[name], window)
        print(f"{name}: a = {a:.12g} ({used} budgets)")


if __name__ == "__main__":
    main()
