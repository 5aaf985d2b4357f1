#!/usr/bin/env python3
"""Independent reference for `fit --form downstream --holdout-largest K` on a real sweep.

Gadre et al. 2024's RedPajama runs under 1B parameters (gadre2024_runs.csv: dataset = rpj,
N < 1e9; x = loss_c4_val, y = err_avg17). Their link Err(L) = eps - k*exp(-gamma*L) is fitted by
least squares on the metric (scipy.optimize.least_squares from 24 starts) to every run but the K
of lowest loss (the direction a link is extrapolated in), and those K are predicted:

    python3 scripts/reference/downstream_holdout.py ../shared/data/gadre2024/gadre2024_runs.csv 5

prints the fitted (eps, k, gamma), each held-out prediction and their mean absolute error.
"""
import csv
import sys

import numpy as np
from scipy.optimize import least_squares


def main():
    path, k_out = sys.argv[1], int(sys.argv[2])
    rows = [r for r in csv.DictReader(open(path))
            if r["dataset"] == "rpj" and float(r["N"]) < 1e9 and r["loss_c4_val"] and r["err_avg17"]]
    loss = np.array([float(r["loss_c4_val"]) for r in rows])
    err = np.array([float(r["err_avg17"]) for r in rows])
    order = np.argsort(loss, kind="stable")
    held, kept = order[:k_out], order[k_out:]

    def residuals(p):
        eps, k, gamma = p
        return eps - k * np.exp(-gamma * loss[kept]) - err[kept]

    best = None
    for gamma0 in [0.1, 0.3, 0.7, 1, 2, 4]:
        for k0 in [0.5, 2, 10, 50]:
            r = least_squares(residuals, [0.9, k0, gamma0], xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=20000)
            if best is None or r.cost < best.cost:
                best = r
    eps, k, gamma = best.x
    predicted = eps - k * np.exp(-gamma * loss[held])
    print(f"eps = {eps:.12g}, k = {k:.12g}, gamma = {gamma:.12g} on {len(kept)} runs")
    for i, p in zip(held, predicted):
        print(f"loss {loss[i]:.12g}: observed {err[i]:.12g}, predicted {p:.12g}")
    print(f"mean |error| = {np.mean(np.abs(predicted - err[held])):.12g}")


if __name__ == "__main__":
    main()
