#!/usr/bin/env python3
"""Independent reference solver for the data-constrained scaling law (and plain Chinchilla).

Written from the equations of Muennighoff et al. 2023 ("Scaling Data-Constrained Language
Models", arXiv:2305.16264, eqs. 5-7), not from scaleplan's code:

    L(N, D, U) = E + A / N'^alpha + B / D'^beta
    D' = U + U R*_D (1 - exp(-R_D / R*_D)),    R_D = D/U - 1,  U := min(U, D)
    N' = U_N + U_N R*_N (1 - exp(-R_N / R*_N)), R_N = N/U_N - 1, U_N = min(N, N_opt(U))
    N_opt(U) = G (G U)^(beta/alpha),  G = (alpha A / (beta B))^(1/(alpha+beta))

and the plain Chinchilla law L = E + A/N^alpha + B/D^beta (Hoffmann et al. 2022).

Objective (scaleplan's): F = sum_i rho(log Lhat_i - log L_i), rho = Huber with delta = 1e-3
(r^2/2 for |r| <= delta, delta (|r| - delta/2) beyond) -- a sum over runs, not a mean.

Parameters: theta = (e, a, b, alpha, beta, kD, kN) with E = e^e, A = e^a, B = e^b and the
half-lives as kappa = 1/R* >= 0 (kappa = 0: no decay, R* = infinity). With
x = R kappa, U R* (1 - exp(-R/R*)) = U R g(x), g(x) = -expm1(-x)/x (a series near 0), so
kappa = 0 is an ordinary point. log Lhat = logsumexp(e, a - alpha log N', b - beta log D').

Gradient: complex step (Squire & Trapp 1998): every parameter is perturbed by i*1e-30 in one
vectorised pass, so the gradient is exact to rounding (no subtraction); branches (the min in
U_N, the Huber kink) are taken on real parts.

Search: L-BFGS-B from every start of a grid (see `starts_*`), then each of the best distinct
results is polished by repeated L-BFGS-B restarts with tight tolerances until the relative
change of F between restarts is below 1e-13.

    OMP_NUM_THREADS=1 python3 scripts/reference/data_constrained_fit.py \
        --data data/external/datablations-c4.csv \
        --chinchilla ../shared/data/chinchilla-epoch/svg_extracted_data.csv [--cases a,b,...]

prints each case's result (objective, E, A, B, alpha, beta, R*_D, R*_N at 12 significant
digits) and, with --json PATH, writes them all as JSON.
"""
import argparse
import csv
import itertools
import json
import math
import sys
import time

import numpy as np
from scipy.optimize import minimize

DELTA = 1e-3
H = 1e-30                     # complex-step size
NAMES = ["e", "a", "b", "alpha", "beta", "kD", "kN"]
PAPER = {"e": 0.6254804, "a": 6.255414, "b": 7.3049974, "alpha": 0.3526596, "beta": 0.3526596}
PAPER_RD, PAPER_RN = 15.387756, 5.309743
KAPPA_MAX = 1e3               # R* >= 1e-3
EXP_MIN = 1e-6                # alpha, beta >= 1e-6 in the data-constrained law (log alpha in G)


# ----------------------------------------------------------------------------- model

def g_series_or_exact(z):
    """g(z) = -expm1(-z)/z = sum_k (-z)^k/(k+1)! (10 terms for |Re z| < 0.05: error < 1e-23), analytic (complex-step safe)."""
    small = np.abs(z.real) < 0.05
    zs = np.where(small, z, 0.0)
    term = np.ones_like(zs)
    total = np.ones_like(zs)
    for k in range(1, 11):
        term = term * (-zs) / (k + 1)
        total = total + term
    zb = np.where(small, 1.0, z)
    exact = -np.expm1(-zb) / zb
    return np.where(small, total, exact)


def huber(r):
    a = np.abs(r.real) <= DELTA
    sign = np.where(r.real >= 0, 1.0, -1.0)
    return np.where(a, 0.5 * r * r, DELTA * (sign * r - 0.5 * DELTA))


class Problem:
    """Runs (N, D, U, L) and the law: 'dc' (data-constrained) or 'chinchilla'."""

    def __init__(self, N, D, L, U=None, model="dc"):
        self.lnN = np.log(np.asarray(N, float))
        self.lnD = np.log(np.asarray(D, float))
        self.lnL = np.log(np.asarray(L, float))
        self.model = model
        if model == "dc":
            D = np.asarray(D, float)
            U = np.minimum(np.asarray(U, float), D)
            self.lnU = np.log(U)
            self.RD = D / U - 1.0               # exact: D and U are whole numbers of tokens
            self.N = np.asarray(N, float)

    def residuals(self, T):
        """T: (m, 7) complex parameter rows -> (m, n) residuals log Lhat - log L."""
        e, a, b, al, be, kD, kN = (T[:, j:j + 1] for j in range(7))
        if self.model == "chinchilla":
            lnNp, lnDp = self.lnN[None, :], self.lnD[None, :]
        else:
            RD = self.RD[None, :]
            lnDp = self.lnU[None, :] + np.log(1.0 + RD * g_series_or_exact(RD * kD))
            lnG = (np.log(al) + a - np.log(be) - b) / (al + be)
            lnNopt = lnG + (be / al) * (lnG + self.lnU[None, :])
            lnN = self.lnN[None, :] + 0j
            capped = lnNopt.real < lnN.real
            # U_N below N e^-600 is clamped there (R_N would overflow; only absurd parameters get there)
            lnUN = np.where(capped, lnNopt, lnN)
            gap = lnN - lnUN
            gap = np.where(gap.real > 600.0, 600.0 + 1j * gap.imag, gap)
            lnUN = lnN - gap
            RN = np.where(capped, np.expm1(np.where(capped, gap, 0.0)), 0.0)
            lnNp = lnUN + np.log(1.0 + RN * g_series_or_exact(RN * kN))
        t1 = a - al * lnNp
        t2 = b - be * lnDp
        t0 = e + 0 * t1
        m = np.maximum(np.maximum(t0.real, t1.real), t2.real)
        lse = m + np.log(np.exp(t0 - m) + np.exp(t1 - m) + np.exp(t2 - m))
        return lse - self.lnL[None, :]

    def value(self, theta):
        T = np.asarray(theta, complex)[None, :]
        return float(huber(self.residuals(T)).sum(axis=1).real[0])

    def value_and_grad(self, theta):
        theta = np.asarray(theta, float)
        T = np.tile(theta.astype(complex), (7, 1)) + 1j * H * np.eye(7)
        F = huber(self.residuals(T)).sum(axis=1)
        return float(F.real[0]), F.imag / H


# ----------------------------------------------------------------------------- constraints

class Spec:
    """Which of the 7 parameters are free, fixed, or tied to another; bounds of the free ones."""

    def __init__(self, model="dc", fixed=None, tie=None, bounds=None):
        self.model = model
        self.fixed = dict(fixed or {})
        if model == "chinchilla":
            self.fixed.setdefault("kD", 0.0)
            self.fixed.setdefault("kN", 0.0)
        self.tie = dict(tie or {})           # name -> name it equals
        self.free = [n for n in NAMES if n not in self.fixed and n not in self.tie]
        lo_exp = EXP_MIN if model == "dc" else 0.0
        default = {"e": (None, None), "a": (None, None), "b": (None, None),
                   "alpha": (lo_exp, 10.0), "beta": (lo_exp, 10.0),
                   "kD": (0.0, KAPPA_MAX), "kN": (0.0, KAPPA_MAX)}
        default.update(bounds or {})
        self.bounds = [default[n] for n in self.free]

    def theta(self, x):
        v = dict(zip(self.free, x))
        v.update(self.fixed)
        for n, m in self.tie.items():
            v[n] = v[m]
        return np.array([v[n] for n in NAMES], float)

    def x_of(self, theta):
        return np.array([theta[NAMES.index(n)] for n in self.free], float)

    def grad_x(self, gtheta):
        gx = np.zeros(len(self.free))
        for j, n in enumerate(NAMES):
            src = self.tie.get(n, n)
            if src in self.free:
                gx[self.free.index(src)] += gtheta[j]
        return gx

    def clip(self, x):
        return np.array([min(max(v, lo if lo is not None else -np.inf), hi if hi is not None else np.inf)
                         for v, (lo, hi) in zip(x, self.bounds)])


def lbfgsb(problem, spec, x0, tight=False):
    def fg(x):
        f, g = problem.value_and_grad(spec.theta(x))
        return f, spec.grad_x(g)
    opts = ({"maxiter": 20000, "maxfun": 40000, "ftol": 1e-16, "gtol": 1e-14, "maxcor": 30}
            if tight else {"maxiter": 3000, "ftol": 1e-12, "gtol": 1e-10, "maxcor": 20})
    r = minimize(fg, spec.clip(x0), jac=True, method="L-BFGS-B", bounds=spec.bounds, options=opts)
    return r.x, float(r.fun)


def polish(problem, spec, x, rounds=200):
    f = problem.value(spec.theta(x))
    for _ in range(rounds):
        x2, f2 = lbfgsb(problem, spec, x, tight=True)
        f2 = problem.value(spec.theta(x2))
        if f2 > f:
            break
        done = (f - f2) <= 1e-13 * abs(f)
        x, f = x2, f2
        if done:
            break
    return x, f


def multistart(problem, spec, starts, keep=12, log=None):
    """L-BFGS-B from every start (full 7-vectors; the spec picks the free entries), then polish
    the `keep` best distinct results. Returns (best x, best F, all F after the first pass,
    polished [(F, x)] sorted)."""
    t0 = time.time()
    results = []
    for s in starts:
        x, f = lbfgsb(problem, spec, spec.x_of(np.asarray(s, float)))
        if np.isfinite(f):
            results.append((f, x))
    results.sort(key=lambda r: r[0])
    polished, seen = [], []
    for f, x in results:
        if len(polished) >= keep:
            break
        if any(np.allclose(x, y, rtol=1e-3, atol=1e-5) for y in seen):
            continue
        seen.append(x)
        xp, fp = polish(problem, spec, x)
        polished.append((fp, xp))
    polished.sort(key=lambda r: r[0])
    merged = []
    for fp, xp in polished:   # one entry per distinct optimum (F within rel 1e-9 and same point)
        if not any(abs(fp - fq) <= 1e-9 * fq and np.allclose(xp, xq, rtol=1e-4, atol=1e-6) for fq, xq in merged):
            merged.append((fp, xp))
    polished = merged
    if log:
        log(f"    {len(starts)} starts, {time.time() - t0:.1f} s")
    return polished[0][1], polished[0][0], np.array([r[0] for r in results]), polished


# ----------------------------------------------------------------------------- starts

def starts_dc(kappas=True):
    """Grid for the data-constrained law: 2*4*4*3*3 coefficient starts x 3 half-life pairs (kD, kN) = (0, 0), (0.07, 0.2), (0.5, 2) (R* = inf, ~14 and ~5, 2 and 0.5): 864."""
    out = []
    for e, a, b, al, be in itertools.product([-1.0, 0.5], [0.0, 5.0, 10.0, 15.0], [0.0, 5.0, 10.0, 15.0],
                                             [0.1, 0.35, 0.8], [0.1, 0.35, 0.8]):
        for kD, kN in ([(0.0, 0.0), (0.07, 0.2), (0.5, 2.0)] if kappas else [(0.0, 0.0)]):
            out.append([e, a, b, al, be, kD, kN])
    return out


def starts_chinchilla():
    """Hoffmann et al. App. D.2's grid as Epoch uses it: 4,500 starts."""
    return [[e, a, b, al, be, 0.0, 0.0]
            for al, be, e, a, b in itertools.product(np.arange(0, 2.01, 0.5), np.arange(0, 2.01, 0.5),
                                                     np.arange(-1, 1.01, 0.5), np.arange(0, 26, 5),
                                                     np.arange(0, 26, 5))]


# ----------------------------------------------------------------------------- reporting

def describe(spec, x, f, all_f=None, polished=None):
    th = spec.theta(x)
    d = {"objective": f, "E": math.exp(th[0]), "A": math.exp(th[1]), "B": math.exp(th[2]),
         "alpha": th[3], "beta": th[4],
         "R*_D": (1.0 / th[5]) if th[5] > 0 else math.inf,
         "R*_N": (1.0 / th[6]) if th[6] > 0 else math.inf,
         "theta": list(th)}
    if all_f is not None:
        tol = 1e-9 * f
        d["starts"] = int(len(all_f))
        d["starts_within_1e-9"] = int(np.sum(all_f <= f + tol))
        d["starts_within_1e-6"] = int(np.sum(all_f <= f * (1 + 1e-6)))
        d["starts_within_1pct"] = int(np.sum(all_f <= f * 1.01))
        clusters = []          # first-pass end values grouped (relative gap 1e-6)
        for v in np.sort(all_f):
            if clusters and v <= clusters[-1][0] * (1 + 1e-6):
                clusters[-1][1] += 1
            else:
                clusters.append([float(v), 1])
        d["end_value_clusters"] = clusters[:8]
    if polished is not None:
        d["distinct_polished_optima"] = [{"objective": fp, "theta": list(spec.theta(xp))}
                                         for fp, xp in polished]
    return d


def fmt(d):
    keys = ["objective", "E", "A", "B", "alpha", "beta", "R*_D", "R*_N"]
    s = "  ".join(f"{k}={d[k]:.12g}" for k in keys)
    if "starts" in d:
        s += (f"\n    starts: {d['starts']}, reaching best (rel 1e-9): {d['starts_within_1e-9']}, "
              f"(rel 1e-6): {d['starts_within_1e-6']}, within 1%: {d['starts_within_1pct']}")
    if "end_value_clusters" in d:
        s += "\n    first-pass end values (F: starts): " + ", ".join(f"{v:.10g}: {c}" for v, c in d["end_value_clusters"])
    if "distinct_polished_optima" in d:
        s += "\n    polished distinct local optima F: " + ", ".join(
            f"{o['objective']:.12g}" for o in d["distinct_polished_optima"][:8])
    return s


# ----------------------------------------------------------------------------- data

def load_datablations(path):
    rows = list(csv.DictReader(open(path)))
    f = lambda k: np.array([float(r[k]) for r in rows])
    return Problem(f("params"), f("tokens"), f("loss"), U=f("unique_tokens"), model="dc")


def load_chinchilla(path):
    rows = list(csv.DictReader(open(path)))
    rows.sort(key=lambda r: float(r["loss"]))
    rows = rows[:-5]                                 # drop the 5 highest-loss runs
    N = np.array([float(r["Model Size"]) for r in rows])
    C = np.array([float(r["Training FLOP"]) for r in rows])
    L = np.array([float(r["loss"]) for r in rows])
    return Problem(N, C / (6 * N), L, model="chinchilla")


# ----------------------------------------------------------------------------- cases

def paper_theta(kD=1 / PAPER_RD, kN=1 / PAPER_RN):
    return [PAPER["e"], PAPER["a"], PAPER["b"], PAPER["alpha"], PAPER["beta"], kD, kN]


def run_cases(cases, dc, ch, log):
    out = {}
    pfix = {k: PAPER[k] for k in ("e", "a", "b", "alpha", "beta")}
    if dc is not None:
        if "d" in cases:
            spec = Spec("dc", fixed=dict(pfix, kD=1 / PAPER_RD, kN=1 / PAPER_RN))
            f = dc.value(paper_theta())
            out["d"] = describe(spec, [], f)
            log("(d) published law: " + fmt(out["d"]))
        if "a" in cases or "j" in cases:
            spec = Spec("dc")
            log("(a) all seven free")
            x, f, allf, pol = multistart(dc, spec, starts_dc() + [paper_theta()], log=log)
            out["a"] = describe(spec, x, f, allf, pol)
            log("(a) " + fmt(out["a"]))
        if "b" in cases:
            spec = Spec("dc", fixed={"kD": 1 / PAPER_RD, "kN": 1 / PAPER_RN})
            log("(b) R*_D, R*_N fixed at the paper's")
            x, f, allf, pol = multistart(dc, spec, starts_dc(kappas=False) + [paper_theta()], log=log)
            out["b"] = describe(spec, x, f, allf, pol)
            log("(b) " + fmt(out["b"]))
        if "c" in cases or "j" in cases:
            spec = Spec("dc", fixed=pfix)
            log("(c) E, A, B, alpha, beta fixed at the paper's")
            st = [paper_theta(kD, kN) for kD in [0, 0.01, 0.03, 0.07, 0.2, 0.5, 1, 3]
                  for kN in [0, 0.01, 0.05, 0.2, 0.5, 1, 3, 10]]
            x, f, allf, pol = multistart(dc, spec, st, log=log)
            out["c"] = describe(spec, x, f, allf, pol)
            log("(c) " + fmt(out["c"]))
        if "e" in cases:
            spec = Spec("dc", tie={"beta": "alpha"})
            log("(e) as (a), alpha = beta")
            st = [s for s in starts_dc() if s[3] == s[4]] + [paper_theta()]
            x, f, allf, pol = multistart(dc, spec, st, log=log)
            out["e"] = describe(spec, x, f, allf, pol)
            log("(e) " + fmt(out["e"]))
        if "j" in cases:
            out["j"] = profiles(dc, out, pfix, log)
    if ch is not None:
        chs = starts_chinchilla()
        for key, spec, title in [
                ("f", Spec("chinchilla"), "all free"),
                ("g", Spec("chinchilla", tie={"beta": "alpha"}), "alpha = beta"),
                ("h", Spec("chinchilla", fixed={"alpha": 0.34, "beta": 0.28}), "alpha = 0.34, beta = 0.28 fixed"),
                ("i", Spec("chinchilla", bounds={"e": (math.log(1.9), math.log(2.5))}), "E in [1.9, 2.5]")]:
            if key not in cases:
                continue
            log(f"({key}) Chinchilla, Epoch's 240 points, {title}")
            st = chs
            if key == "g":
                st = [s for s in chs if s[3] == s[4]]
            if key == "h":  # alpha, beta fixed: the grid over e, a, b only
                st = [s for s in chs if s[3] == 0 and s[4] == 0]
            x, f, allf, pol = multistart(ch, spec, st, log=log)
            out[key] = describe(spec, x, f, allf, pol)
            log(f"({key}) " + fmt(out[key]))
    return out


GRID = [1, 1.5, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 200, 300, 500, 1000, math.inf]


def profiles(dc, out, pfix, log):
    """min F over the other free parameters with R*_D (or R*_N) held on GRID, for the free set
    of (a) and of (c). Starts at each grid point: every distinct polished optimum of the
    unconstrained case, the previous grid point's solution, and a few half-life values."""
    res = {}
    for base in ("a", "c"):
        for which in ("kD", "kN"):
            other = "kN" if which == "kD" else "kD"
            key = f"{base}:{'R*_D' if which == 'kD' else 'R*_N'}"
            log(f"(j) profile of ({base}) over {key.split(':')[1]}")
            seeds = [np.array(o["theta"]) for o in out[base]["distinct_polished_optima"]]
            prev = None
            table = []
            for R in GRID:
                k = 0.0 if math.isinf(R) else 1.0 / R
                fixed = dict(pfix) if base == "c" else {}
                fixed[which] = k
                spec = Spec("dc", fixed=fixed)
                st = []
                for s in seeds + ([prev] if prev is not None else []):
                    for ko in ([None] if base == "a" else [None, 0.0, 0.05, 0.2, 1.0]):
                        t = np.array(s, float).copy()
                        t[NAMES.index(which)] = k
                        if ko is not None:
                            t[NAMES.index(other)] = ko
                        st.append(t)
                if base == "a":
                    st += [t for t in (np.array(s, float) for s in starts_dc()[::37])]
                    for t in st[-len(starts_dc()[::37]):]:
                        t[NAMES.index(which)] = k
                x, f, allf, pol = multistart(dc, spec, st, keep=4)
                th = spec.theta(x)
                prev = th
                row = describe(spec, x, f)
                row["R_fixed"] = R
                table.append(row)
                log(f"    {R:>8}: F={f:.12g}  E={row['E']:.8g} A={row['A']:.8g} B={row['B']:.8g} "
                    f"alpha={row['alpha']:.8g} beta={row['beta']:.8g} R*_D={row['R*_D']:.8g} R*_N={row['R*_N']:.8g}")
            res[key] = table
    return res


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", help="datablations-c4.csv (params,tokens,unique_tokens,loss)")
    p.add_argument("--chinchilla", help="Epoch's svg_extracted_data.csv")
    p.add_argument("--cases", default="a,b,c,d,e,f,g,h,i,j")
    p.add_argument("--json", help="write the results here")
    args = p.parse_args()
    cases = set(args.cases.split(","))
    log = lambda s: print(s, flush=True)
    dc = load_datablations(args.data) if args.data else None
    ch = load_chinchilla(args.chinchilla) if args.chinchilla else None
    t0 = time.time()
    out = run_cases(cases, dc, ch, log)
    log(f"total {time.time() - t0:.1f} s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1, default=lambda v: None if v is None else float(v))


if __name__ == "__main__":
    main()
