#!/usr/bin/env python3
"""Re-run every ```console block of notebooks-md/*.md and write the commands' real output back
into the notebook (the same blocks NotebookTests checks). Review the diff before committing:
the prose around an output may need to change with it.

    swift build && python3 scripts/refresh-notebooks.py [NOTEBOOK.md ...]

Uses the debug build's scaleplan (the one the tests run); commands run from the repository
root with /bin/sh, as the test does.
"""
import os
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bin_dir = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, capture_output=True,
                         text=True, check=True).stdout.strip()
env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": os.environ.get("TMPDIR", "/tmp")}


def run(command):
    done = subprocess.run(["/bin/sh", "-c", command], cwd=root, env=env, capture_output=True, text=True)
    if done.returncode != 0 and "2>&1" not in command:
        print(f"  exit {done.returncode}: {command}\n{done.stderr}", file=sys.stderr)
    return done.stdout.rstrip("\n").split("\n") if done.stdout else []


def refresh(path):
    lines = open(path).read().split("\n")
    out, in_block, changed = [], False, 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            in_block = (not in_block) and line.strip() == "```console"
            out.append(line)
            i += 1
            continue
        if in_block and line.startswith("$ "):
            out.append(line)
            old = []
            i += 1
            while i < len(lines) and not lines[i].startswith("$ ") and not lines[i].startswith("```"):
                old.append(lines[i])
                i += 1
            new = run(line[2:])
            if [l.rstrip() for l in new] != [l.rstrip() for l in old]:
                changed += 1
            out.extend(new)
            continue
        out.append(line)
        i += 1
    open(path, "w").write("\n".join(out))
    print(f"{os.path.relpath(path, root)}: {changed} output(s) rewritten")


paths = sys.argv[1:] or sorted(os.path.join(root, "notebooks-md", f)
                               for f in os.listdir(os.path.join(root, "notebooks-md")) if f.endswith(".md"))
for p in paths:
    refresh(p)
