#!/usr/bin/env python3
"""Fetch Muennighoff et al.'s repeated-data sweep on C4 and write it as a scaleplan run file.

    python3 scripts/fetch-datablations.py                  # download the public notebook
    python3 scripts/fetch-datablations.py parametric_fit.ipynb   # or read a local copy
    python3 scripts/fetch-datablations.py --set all        # every finished C4 run, see below

writes `data/external/datablations-c4.csv` (or `--out PATH`) with the columns

    params,tokens,unique_tokens,loss,epochs,name

params N, total training tokens D, unique tokens U (D/U = epochs), final validation loss on
C4 (held-out C4 data), and the run's name as the authors wrote it. `data/external/` is
git-ignored: we point to the public file, we do not commit a copy of it.

Provenance
----------
Paper: N. Muennighoff, A. M. Rush, B. Barak, T. Le Scao, A. Piktus, N. Tazi, S. Pyysalo,
T. Wolf, C. Raffel, "Scaling Data-Constrained Language Models", NeurIPS 2023,
arXiv:2305.16264 (eqs. 5-7: the law with R*_D and R*_N).

Repository: github.com/huggingface/datablations (Apache License 2.0, LICENSE.md there), file
`utils/parametric_fit.ipynb` at commit 13701315b163f1c54642b94ad237b2699187c3ee (2025-06-27,
the file's last change). The runs' final validation losses are not published as a table; they
are in that notebook as a Python dict `NAMES_TO_VAL_LOSSES` ("Read from the Log / TensorBoard of
"val" designated folder of each model on the hub"), keyed by run names that encode
params, tokens and unique tokens, e.g. "146m5b9100m" = 146M-class model, 5.9B tokens, 100M
unique ("5b9" = 5.9 billion, "100m" = 100 million); the notebook's `PARAMS_MAP` gives each
size class's exact parameter count (e.g. "146m" -> 1.465e8) and `TOKENS_MAP` a few token
spellings. The models themselves are on the Hugging Face hub (huggingface.co/datablations).

Which runs (`--set`):
  paper (default): the dict of the notebook cell under "Custom data loading with outliers
      removed", the runs the authors fit the law to (the fit in the next cells gives their
      published R*_D = 15.387756, R*_N = 5.309743 with E, A, B, alpha = beta fixed at their C4
      Chinchilla fit, "Samples: 182"). 182 runs, 7.1M-8.67B parameters, 100M-178B unique
      tokens, 1 to 9000 epochs (14M model, 900B tokens of 100M unique). The authors removed
      by commenting out: runs that diverged or were far off their trend (e.g. 1.1B-8.7B models
      on 100M unique tokens for many epochs, losses 5-11), the first points of two learning
      curves (2.8B on 4B unique for 4B-24B tokens, 4.2B on 12B unique for 12B-24B tokens) and
      a few single runs. Like the notebook's loader, this script also drops runs whose loss is
      0 (not finished) and runs whose name ends in "dedup" (trained on deduplicated C4, a
      different data set).
  all: the notebook's first cell: every finished run on C4 the authors list (seeds 1-4 of the
      same configuration as separate rows; dedup, "perplexity"-filtered, C4+Python and
      "subopt"/"opt" shape runs are commented out there and left out here too), with the
      loader's name clean-up (the "seedK", "c4", "v2", "opt" suffixes dropped from the name
      before it is read). Not the authors' fit set: some of these runs diverged.

Check: the notebook's next cell prints each run it read as "name N/1e9 D/1e9 U/1e9 loss";
this script reads the names itself and stops unless every row agrees with that printed
output (the authors' own reading of their names) to the last digit, and unless the row count
is the notebook's.
"""
import argparse
import ast
import csv
import json
import os
import re
import sys
import urllib.request

COMMIT = "13701315b163f1c54642b94ad237b2699187c3ee"
URL = f"https://raw.githubusercontent.com/huggingface/datablations/{COMMIT}/utils/parametric_fit.ipynb"
PAPER_SET_HEADING = "Custom data loading with outliers removed"
EXPECTED_ROWS = {"paper": 182}

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_notebook(source):
    if source is None:
        with urllib.request.urlopen(URL, timeout=60) as response:
            return json.loads(response.read().decode("utf-8"))
    with open(source, encoding="utf-8") as f:
        return json.load(f)


def dict_literal(source, name):
    """The dict literal `name = {...}` in a cell's source, read safely (no code is run)."""
    start = source.index(name + " = {")
    brace = source.index("{", start)
    depth = 0
    for i in range(brace, len(source)):
        if source[i] == "{":
            depth += 1
        elif source[i] == "}":
            depth -= 1
            if depth == 0:
                return ast.literal_eval(source[brace:i + 1])
    raise ValueError(f"unterminated {name}")


def billions(spelling, tokens_map):
    """"5b9" -> 5.9, "100m" -> 0.1, "55b" -> 55 (billions of tokens)."""
    if spelling in tokens_map:
        return float(tokens_map[spelling])
    m = re.fullmatch(r"(\d+)m", spelling)
    if m:
        return int(m.group(1)) / 1000
    m = re.fullmatch(r"(\d+)b(\d*)", spelling)
    if m:
        return float(f"{m.group(1)}.{m.group(2) or '0'}")
    raise ValueError(f"cannot read token count {spelling!r}")


def split_name(name, params_map):
    """A run name -> (size class, tokens spelling, unique-tokens spelling).

    The size class is the shortest prefix that names one (as the notebook reads it). The
    unique-token count is the last one-unit number ("12b", "1b25", "100m", "4b8"): the longest
    tail with at most one 'b' and at most one 'm' that starts with a digit following a unit
    letter — the notebook's rule, restated."""
    k = next(i for i in range(2, len(name) + 1) if name[:i] in params_map)
    rest = name[k:]
    # Candidate tails: at most 4 characters (3 when the name ends "<unit><digit>", e.g. "1b5").
    width = 4 if (name[-1] in "bm" or name[-2] not in "bm") else 3
    tail = name[-width:]
    while tail.count("b") > 1 or tail.count("m") > 1:
        tail = tail[1:]
    return name[:k], rest[:len(rest) - len(tail)], tail


def read_runs(nb, which):
    cells = nb["cells"]
    if which == "paper":
        heading = next(i for i, c in enumerate(cells)
                       if c["cell_type"] == "markdown" and PAPER_SET_HEADING in "".join(c["source"]))
        data_i = next(i for i in range(heading + 1, len(cells)) if cells[i]["cell_type"] == "code")
    else:
        data_i = next(i for i, c in enumerate(cells)
                      if c["cell_type"] == "code" and "NAMES_TO_VAL_LOSSES = {" in "".join(c["source"]))
    source = "".join(cells[data_i]["source"])
    losses = dict_literal(source, "NAMES_TO_VAL_LOSSES")
    tokens_map = dict_literal(source, "TOKENS_MAP")
    params_map = dict_literal(source, "PARAMS_MAP")
    rows = []
    for raw, loss in losses.items():
        if loss == 0 or raw.endswith("dedup"):
            continue
        name = raw
        if which == "all":
            for tag in ("op2", "seed1", "seed2", "seed3", "seed4", "opt1", "opt", "c4", "v2"):
                name = name.replace(tag, "")
        size, tok, uniq = split_name(name, params_map)
        n = float(params_map[size])
        d = billions(tok, tokens_map) * 1e9
        u = billions(uniq, tokens_map) * 1e9
        if u > d:
            raise ValueError(f"{raw}: more unique tokens ({u:g}) than tokens ({d:g})")
        rows.append({"params": n, "tokens": d, "unique_tokens": u, "loss": float(loss),
                     "epochs": d / u, "name": raw, "read_as": name})
    printed = "".join("".join(o.get("text", [])) for o in cells[data_i + 1].get("outputs", [])
                      if o.get("output_type") == "stream")
    check_against_printed(rows, printed, which)
    return rows


def check_against_printed(rows, printed, which):
    """Every row must be one the notebook printed: name, N, D, U (in billions) and loss."""
    lines = [l.split() for l in printed.strip().split("\n") if len(l.split()) == 5]
    if len(lines) != len(rows):
        raise SystemExit(f"read {len(rows)} runs, the notebook printed {len(lines)}")
    scale = 1e9 if which == "paper" else 1.0  # the paper cell prints N, D, U in billions
    for row, (name, n, d, u, loss) in zip(rows, lines):
        got = (row["read_as"], row["params"], row["tokens"], row["unique_tokens"], row["loss"])
        want = (name, float(n) * scale, float(d) * scale, float(u) * scale, float(loss))
        if got[0] != want[0] or any(abs(a - b) > 1e-9 * abs(b) for a, b in zip(got[1:], want[1:])):
            raise SystemExit(f"run {row['name']}: read {got}, the notebook printed {want}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebook", nargs="?", help="a local copy of utils/parametric_fit.ipynb "
                        f"(default: download {URL})")
    parser.add_argument("--set", choices=["paper", "all"], default="paper")
    parser.add_argument("--out", default=os.path.join(root, "data", "external", "datablations-c4.csv"))
    args = parser.parse_args()
    rows = read_runs(load_notebook(args.notebook), args.set)
    if args.set in EXPECTED_ROWS and len(rows) != EXPECTED_ROWS[args.set]:
        raise SystemExit(f"expected {EXPECTED_ROWS[args.set]} runs, read {len(rows)}")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["params", "tokens", "unique_tokens", "loss", "epochs", "name"])
        for r in rows:
            w.writerow([round(r["params"]), round(r["tokens"]), round(r["unique_tokens"]),
                        repr(r["loss"]), f"{r['epochs']:.6g}", r["name"]])
    print(f"{len(rows)} runs -> {args.out}")


if __name__ == "__main__":
    main()
