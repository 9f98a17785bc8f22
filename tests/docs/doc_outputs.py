"""Checks that the example outputs a document (README.md, docs/cli.md) shows are what drsim
prints.

Usage: doc_outputs.py DRSIM DOC SOURCE_DIR   Exit 0 if every marked block matches.

A block is marked by the comment line `<!-- drsim-output: ARGS -->` right before its fence;
ARGS are drsim's arguments, run from SOURCE_DIR (several commands: `ARGS && ARGS`, the last
one's output counts). A block without a line `...` must be the whole output; with `...` lines
it is an excerpt: each stretch between them must appear in the output, in order, line for line.
With DRSIM_UPDATE_GOLDEN=1 whole-output blocks are rewritten in place (excerpts never are).
"""
import os
import re
import shlex
import subprocess
import sys

MARKER = re.compile(r"^<!-- drsim-output: (.*) -->$")


def run(drsim, args, cwd):
    out = ""
    for command in args.split(" && "):
        done = subprocess.run([drsim] + shlex.split(command), cwd=cwd, capture_output=True,
                              text=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1795316400"))
        out = done.stdout
    return out.splitlines()


def excerpt_matches(block, output):
    stretches, current = [], []
    for line in block:
        if line.strip() == "...":
            stretches.append(current)
            current = []
        else:
            current.append(line)
    stretches.append(current)
    at = 0
    for stretch in (s for s in stretches if s):
        found = next((i for i in range(at, len(output) - len(stretch) + 1)
                      if output[i:i + len(stretch)] == stretch), None)
        if found is None:
            return stretch
        at = found + len(stretch)
    return None


def main():
    drsim, doc, source = sys.argv[1:4]
    lines = open(doc, encoding="utf-8").read().split("\n")
    update = os.environ.get("DRSIM_UPDATE_GOLDEN")
    failures, checked, i = [], 0, 0
    while i < len(lines):
        marker = MARKER.match(lines[i])
        i += 1
        if not marker:
            continue
        start = i + 1  # after the opening fence
        end = start
        while not lines[end].startswith("```"):
            end += 1
        block, output = lines[start:end], run(drsim, marker.group(1), source)
        checked += 1
        if any(line.strip() == "..." for line in block):
            missing = excerpt_matches(block, output)
            if missing:
                failures.append(f"{marker.group(1)}: not in the output:\n" + "\n".join(missing))
        elif block != output:
            if update:
                lines[start:end] = output
            else:
                failures.append(f"{marker.group(1)}: the output is now:\n" + "\n".join(output))
        i = start
    if update:
        open(doc, "w", encoding="utf-8").write("\n".join(lines))
    for f in failures:
        print(f, file=sys.stderr)
    print(f"{doc}: {checked} outputs checked, {len(failures)} differ")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
