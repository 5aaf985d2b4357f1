#!/usr/bin/env python3
"""Reference fit of a broken neural scaling law with one break (independent of scaleplan's code).

Caballero et al. 2022 ("Broken Neural Scaling Laws", arXiv:2210.14891, eq. 1), n = 1:

    y(x) = a + b·x^(−c0)·(1 + (x/d1)^(1/f1))^(−c1·f1)

fitted by least squares on log y, F = Σ (log ŷ − log y)²/2 over the `fit` split of a CSV with
columns x, y and `split` (the 4-digit addition curve: train_dataset_size, test_cross_entropy).
Search: a brute-force grid over (c0, c1, d1, f1), at each point (a, b) by linear least squares
(b > 0); the 40 best grid points are polished by Nelder–Mead then BFGS in θ = (a, log b, c0, c1,
log d1, log f1). Prints F, the parameters, the prediction at each held-out x and the RMSLE there
(what `scaleplan fit --form broken-power-law --against train_dataset_size` and
`scaleplan predict --x` are checked against).

    python3 scripts/reference/bnsl_fit.py ../shared/data/bnsl/bnsl_4digit_addition.csv
"""
import csv
import sys

import numpy as np
from scipy.optimize import minimize


def curve(theta, x):
    a, logb, c0, c1, logd, logf = theta
    f = np.exp(logf)
    t = (np.log(x) - logd) / f                    # log (x/d1)^(1/f1)
    return a + np.exp(logb - c0 * np.log(x) - c1 * f * np.logaddexp(0, t))


def objective(theta, x, y):
    yhat = curve(theta, x)
    if np.any(~np.isfinite(yhat)) or np.any(yhat <= 0):
        return 1e30
    r = np.log(yhat) - np.log(y)
    return 0.5 * float(r @ r)


def linear(c0, c1, d, f, x, y):
    """(a, b) by least squares on y for fixed exponents; None when b ≤ 0."""
    g = x ** (-c0) * (1 + (x / d) ** (1 / f)) ** (-c1 * f)
    design = np.column_stack([np.ones_like(x), g])
    (a, b), *_ = np.linalg.lstsq(design, y, rcond=None)
    return (a, b) if b > 0 else None


def main(path):
    xs, ys, split = [], [], []
    with open(path) as handle:
        for row in csv.DictReader(handle):
            xs.append(float(row["train_dataset_size"]))
            ys.append(float(row["test_cross_entropy"]))
            split.append(row["split"])
    x, y = np.array(xs), np.array(ys)
    fit = np.array([s == "fit" for s in split])
    xf, yf = x[fit], y[fit]
    starts = []
    for c0 in np.linspace(0, 1, 11):
        for c1 in [0.25, 0.5, 1, 2, 4, 8]:
            for d in np.exp(np.linspace(np.log(xf.min() / 2), np.log(xf.max() * 2), 40)):
                for f in [0.02, 0.05, 0.1, 0.2, 0.5, 1]:
                    ab = linear(c0, c1, d, f, xf, yf)
                    if ab is None:
                        continue
                    theta = np.array([ab[0], np.log(ab[1]), c0, c1, np.log(d), np.log(f)])
                    starts.append((objective(theta, xf, yf), theta))
    starts.sort(key=lambda s: s[0])
    best = None
    for _, theta in starts[:40]:
        r = minimize(objective, theta, args=(xf, yf), method="Nelder-Mead",
                     options={"maxiter": 40000, "maxfev": 40000, "xatol": 1e-12, "fatol": 1e-18})
        r = minimize(objective, r.x, args=(xf, yf), method="BFGS", options={"gtol": 1e-14, "maxiter": 10000})
        if best is None or r.fun < best.fun:
            best = r
    a, logb, c0, c1, logd, logf = best.x
    print(f"F = {best.fun:.10e}")
    print(f"a = {a:.7f}  b = {np.exp(logb):.7f}  c0 = {c0:.7f}  c1 = {c1:.7f}  d1 = {np.exp(logd):.4f}  f1 = {np.exp(logf):.7f}")
    held = ~fit
    predicted = curve(best.x, x[held])
    for xi, yi, pi in zip(x[held], y[held], predicted):
        print(f"x = {xi:g}: observed {yi:.8f}, predicted {pi:.8f}")
    rmsle = float(np.sqrt(np.mean((np.log(predicted) - np.log(y[held])) ** 2)))
    print(f"RMSLE on the held-out points = {rmsle:.5f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/bnsl/bnsl_4digit_addition.csv")
