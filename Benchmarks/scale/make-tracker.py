"""A tracker-style directory of training logs, made from simulate's law (epoch2024:
E = 1.8172, A = 482.01, B = 2085.4, alpha = 0.3478, beta = 0.3658).

Each file is one run logged at checkpoints, as trackers export them: `_step`, the tokens seen
(`throughput/total_tokens`), the loss at that point (`eval/c4_en-validation/CrossEntropyLoss`,
the law's value with 1% log-normal noise) and ~96 other evaluation and training columns of
noise, about 100 in all, as the OLMo ladder's files. No parameter count: it comes from the
`files.csv` table written beside them (`file,params`), for `--file-values`.

    python3 make-tracker.py DIR [--files 200] [--checkpoints 5000] [--columns 100] [--seed 1]
"""
import argparse, os
import numpy as np
import polars as pl

E, A, B, ALPHA, BETA = 1.8172, 482.01, 2085.4, 0.3478, 0.3658

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--checkpoints", type=int, default=5000)
    ap.add_argument("--columns", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    sizes = np.unique(np.round(np.geomspace(2e7, 2e9, 20)))
    multipliers = [1, 2, 3, 5, 7, 10, 14, 20, 30, 50]
    others = [f"eval/task_{k:02d}/CrossEntropyLoss" if k % 2 == 0 else f"eval/downstream/task_{k:02d}_acc"
              for k in range(a.columns - 7)]
    table = ["file,params"]
    for i in range(a.files):
        n = sizes[i % len(sizes)]
        # Every size at every tokens-per-parameter ratio over 200 files; a few files still span both.
        d_final = 20 * n * multipliers[(i + i // len(sizes)) % len(multipliers)] / 10
        steps = np.arange(1, a.checkpoints + 1)
        tokens = np.round(d_final * steps / a.checkpoints)
        loss = (E + A / n**ALPHA + B / tokens**BETA) * np.exp(0.01 * rng.standard_normal(a.checkpoints))
        columns = {"_step": steps, "throughput/total_tokens": tokens.astype(np.int64),
                   "eval/c4_en-validation/CrossEntropyLoss": loss,
                   "optim/learning_rate": 3e-4 * (1 - steps / (a.checkpoints + 1)),
                   "train/CrossEntropyLoss": loss * (1 + 0.02 * rng.standard_normal(a.checkpoints)),
                   "throughput/device/tokens_per_second": rng.uniform(9e3, 1.1e4, a.checkpoints),
                   "system/gpu_memory_gb": rng.uniform(60, 70, a.checkpoints)}
        for name in others:
            columns[name] = rng.uniform(0, 5, a.checkpoints)
        name = f"{int(n)}-{i:03d}.csv"
        pl.DataFrame(columns).write_csv(os.path.join(a.dir, name), float_precision=6)
        table.append(f"{name},{int(n)}")
    with open(os.path.join(a.dir, "files.csv"), "w") as f:
        f.write("\n".join(table) + "\n")

if __name__ == "__main__":
    main()
