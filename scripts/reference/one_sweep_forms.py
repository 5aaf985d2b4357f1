#!/usr/bin/env python3
"""Independent reference fits of Kaplan's form and of the one-variable power laws on a real sweep.

Written from the formulas, not from scaleplan's code:

    Kaplan et al. 2020, eq. 1.5:  L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D
    power law (with floor):       L(x) = E + A x^(-alpha),  x = compute C, params N or tokens D

Objective (scaleplan's default): F = sum_i rho(log Lhat_i - log L_i), rho the Huber loss with
delta = 1e-3 (r^2/2 for |r| <= delta, delta (|r| - delta/2) beyond): a sum over runs.

Kaplan is searched in theta = (u, v, p, q) with p = alpha_N/alpha_D >= 0, q = alpha_D > 0,
u = p log N_c, v = log D_c, so log Lhat = q * logaddexp(u - p log N, v - log D); the power law in
(e, a, alpha) with E = e^e, A = e^a: log Lhat = logaddexp(e, a - alpha log x). Each from a grid of
starts by Nelder-Mead, then L-BFGS-B with an analytic gradient from the best few, repeated until F
changes by less than 1e-14 relatively.

Data: Chinchilla's Fig. 4 as reconstructed by Epoch AI (Besiroglu et al. 2024), the runs with
loss <= 3.41 (240 of 245), tokens D = C / (6N):

    python3 scripts/reference/one_sweep_forms.py ../shared/data/chinchilla-epoch/svg_extracted_data.csv

prints each form's objective and parameters at 12 significant digits (about a minute).
"""
import csv
import itertools
import sys

import numpy as np
from scipy.optimize import minimize

DELTA = 1e-3


def huber(r):
    a = np.abs(r)
    return np.where(a <= DELTA, 0.5 * r * r, DELTA * (a - 0.5 * DELTA))


def huber_slope(r):
    return np.clip(r, -DELTA, DELTA)


def load(path):
    n, c, loss = [], [], []
    with open(path) as f:
        for row in csv.DictReader(f):
            if float(row["loss"]) <= 3.41:
                n.append(float(row["Model Size"]))
                c.append(float(row["Training FLOP"]))
                loss.append(float(row["loss"]))
    n, c, loss = map(np.array, (n, c, loss))
    return n, c / (6 * n), c, loss


def polish(f, grad, x0, bounds):
    best = minimize(f, x0, method="Nelder-Mead", options={"maxiter": 40000, "xatol": 1e-12, "fatol": 1e-16})
    x = best.x
    last = np.inf
    for _ in range(50):
        r = minimize(f, x, jac=grad, method="L-BFGS-B", bounds=bounds,
                     options={"ftol": 1e-16, "gtol": 1e-14, "maxiter": 20000})
        x = r.x
        if abs(last - r.fun) <= 1e-14 * r.fun:
            break
        last = r.fun
    return f(x), x


def kaplan(n, d, loss):
    ln, ld, ll = np.log(n), np.log(d), np.log(loss)

    def parts(t):
        u, v, p, q = t
        a, b = u - p * ln, v - ld
        z = np.logaddexp(a, b)
        return z, np.exp(a - z), np.exp(b - z)

    def f(t):
        if t[2] < 0 or t[3] <= 0:
            return 1e10
        z, _, _ = parts(t)
        return float(huber(t[3] * z - ll).sum())

    def grad(t):
        z, wa, wb = parts(t)
        q = t[3]
        s = huber_slope(q * z - ll)
        return np.array([(s * q * wa).sum(), (s * q * wb).sum(), (s * q * wa * -ln).sum(), (s * z).sum()])

    results = []
    for p0, q0, u0, v0 in itertools.product([0.05, 0.2, 0.5, 1, 2, 4], [0.02, 0.05, 0.1, 0.2, 0.5],
                                           [0, 10, 20, 30, 40], [10, 20, 30, 40]):
        r = minimize(f, [u0, v0, p0, q0], method="Nelder-Mead", options={"maxiter": 4000})
        results.append((r.fun, tuple(r.x)))
    results.sort()
    best = min((polish(f, grad, np.array(x), [(None, None), (None, None), (0, None), (1e-9, None)])
                for _, x in results[:5]), key=lambda t: t[0])
    fun, (u, v, p, q) = best
    return fun, {"N_c": np.exp(u / p), "D_c": np.exp(v), "alpha_N": p * q, "alpha_D": q}


def power_law(x, loss):
    lx, ll = np.log(x), np.log(loss)

    def f(t):
        e, a, al = t
        return float(huber(np.logaddexp(e, a - al * lx) - ll).sum())

    def grad(t):
        e, a, al = t
        z = np.logaddexp(e, a - al * lx)
        s = huber_slope(z - ll)
        we, wa = np.exp(e - z), np.exp(a - al * lx - z)
        return np.array([(s * we).sum(), (s * wa).sum(), (s * wa * -lx).sum()])

    results = []
    for e0, a0, al0 in itertools.product([-1, 0, 0.5, 1], [0, 5, 10, 15, 20, 30], [0.02, 0.1, 0.3, 0.6, 1.0]):
        r = minimize(f, [e0, a0, al0], method="Nelder-Mead", options={"maxiter": 4000})
        results.append((r.fun, tuple(r.x)))
    results.sort()
    best = min((polish(f, grad, np.array(x0), [(None, None), (None, None), (0, None)]) for _, x0 in results[:5]),
               key=lambda t: t[0])
    fun, (e, a, al) = best
    return fun, {"E": np.exp(e), "A": np.exp(a), "alpha": al}


def main():
    n, d, c, loss = load(sys.argv[1])
    cases = [("kaplan", lambda: kaplan(n, d, loss)),
             ("power-law flops", lambda: power_law(c, loss)),
             ("power-law params", lambda: power_law(n, loss)),
             ("power-law tokens", lambda: power_law(d, loss))]
    for name, run in cases:
        fun, params = run()
        print(f"{name}: F = {fun:.12g}; " + ", ".join(f"{k} = {v:.12g}" for k, v in params.items()))


if __name__ == "__main__":
    main()
