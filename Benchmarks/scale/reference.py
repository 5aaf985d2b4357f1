"""The Python path a user would otherwise take, timed inside the process (import excluded):
pandas or polars read the same files scaleplan reads, then scipy fits the same law
(Chinchilla, Huber delta = 1e-3 on log residuals, Hoffmann et al.'s log-sum-exp form, L-BFGS-B
from one start: a lower bound on the published procedure, which starts from a grid).

    python3 reference.py read-fit RUNS.csv          # pandas.read_csv, polars.read_csv, scipy fit
    python3 reference.py write RUNS.csv OUT.csv     # pandas to_csv of the frame read from RUNS.csv
    python3 reference.py tracker DIR                # DIR/*.csv logs + DIR/files.csv: last 5 checkpoints per file
Prints `name seconds` lines.
"""
import glob, os, sys, time
import numpy as np
import pandas as pd
import polars as pl
from scipy.optimize import minimize
from scipy.special import logsumexp

LOSS, TOKENS = "eval/c4_en-validation/CrossEntropyLoss", "throughput/total_tokens"

def best(f, repeat=3):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter(); out = f(); times.append(time.perf_counter() - t)
    return min(times), out

def huber(r, delta=1e-3):
    a = np.abs(r)
    return np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta))

def fit(n, d, loss):
    """Chinchilla by Huber on log L: theta = (a, b, e, alpha, beta), L = e^a/N^alpha + e^b/D^beta + e^e."""
    ln, ld, ll = np.log(n), np.log(d), np.log(loss)
    def objective(t):
        a, b, e, al, be = t
        terms = np.stack([a - al * ln, b - be * ld, np.full_like(ln, e)])
        pred = logsumexp(terms, axis=0)
        r = pred - ll
        w = np.exp(terms - pred)                       # d pred / d term
        psi = np.clip(r, -1e-3, 1e-3)                  # Huber's derivative
        g = np.array([np.sum(psi * w[0]), np.sum(psi * w[1]), np.sum(psi * w[2]),
                      -np.sum(psi * w[0] * ln), -np.sum(psi * w[1] * ld)])
        return np.sum(huber(r)), g
    res = minimize(objective, x0=[6.0, 7.0, 0.5, 0.35, 0.35], jac=True, method="L-BFGS-B",
                   options={"maxiter": 1000})
    a, b, e, al, be = res.x
    return np.exp(e), np.exp(a), np.exp(b), al, be

def main():
    mode = sys.argv[1]
    if mode == "read-fit":
        path = sys.argv[2]
        t, df = best(lambda: pd.read_csv(path))
        print(f"pandas.read_csv {t:.4f}")
        t, _ = best(lambda: pl.read_csv(path))
        print(f"polars.read_csv {t:.4f}")
        t, theta = best(lambda: fit(df["params"].to_numpy(), df["tokens"].to_numpy(), df["loss"].to_numpy()), repeat=1)
        print(f"scipy_fit {t:.4f}")
        print("scipy_theta E=%.4f A=%.1f B=%.1f alpha=%.4f beta=%.4f" % theta, file=sys.stderr)
    elif mode == "write":
        df = pd.read_csv(sys.argv[2])
        t, _ = best(lambda: df.to_csv(sys.argv[3], index=False))
        print(f"pandas.to_csv {t:.4f}")
    elif mode == "tracker":
        folder = sys.argv[2]
        files = sorted(f for f in glob.glob(os.path.join(folder, "*.csv")) if not f.endswith("files.csv"))
        params = pd.read_csv(os.path.join(folder, "files.csv")).set_index("file")["params"]
        def tail(df):   # last 5 checkpoints by tokens: the last one's tokens, their mean loss
            df = df.sort_values(TOKENS, kind="stable").tail(5)
            return df[TOKENS].iloc[-1], df[LOSS].mean()
        def pandas_all():
            return [tail(pd.read_csv(f)) for f in files]
        def pandas_two():
            return [tail(pd.read_csv(f, usecols=[TOKENS, LOSS])) for f in files]
        def polars_tail(df):
            df = df.sort(TOKENS, maintain_order=True).tail(5)
            return df[TOKENS][-1], df[LOSS].mean()
        def polars_two():
            return [polars_tail(pl.scan_csv(f).select([TOKENS, LOSS]).collect()) for f in files]
        t, runs = best(pandas_all, repeat=1); print(f"pandas.read_csv(all_columns) {t:.4f}")
        t, runs = best(pandas_two, repeat=2); print(f"pandas.read_csv(usecols) {t:.4f}")
        t, runs = best(polars_two, repeat=2); print(f"polars.scan_csv(select) {t:.4f}")
        n = np.array([params[os.path.basename(f)] for f in files], dtype=float)
        d = np.array([r[0] for r in runs], dtype=float); loss = np.array([r[1] for r in runs])
        t, theta = best(lambda: fit(n, d, loss), repeat=1)
        print(f"scipy_fit {t:.4f}")
        print("scipy_theta E=%.4f A=%.1f B=%.1f alpha=%.4f beta=%.4f" % theta, file=sys.stderr)

if __name__ == "__main__":
    main()
