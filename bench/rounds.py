#!/usr/bin/python3
"""Sums up several rounds of a same-run comparison as Markdown, for the bench/run_*.sh drivers.

Usage: rounds.py --ours NAME --peer NAME [--peer NAME]... ROUND.json...
Each ROUND.json holds the JSON lines of one round (bench-corpus --format json, or lines of the
same form: {"peer","files","bytes","seconds",...}, optional "cpu": CPU seconds per pass). Prints
one row per round and per runner (best pass; files/s; CPU seconds of the best CPU pass where
known), then for ours and each peer the median of the rounds' rates, their spread (lowest to
highest) and, for each peer, the median, lowest and highest ratio ours / peer, by wall time and
by CPU time when both have it. A runner matches NAME when its "peer" starts with NAME.
"""

import json
import statistics
import sys


def load(path):
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line.startswith("{"):
                obj = json.loads(line)
                if "seconds" in obj:
                    rows.append(obj)
    return rows


def pick(rows, name):
    for r in rows:
        if str(r.get("peer", "")).startswith(name):
            return r
    sys.exit("rounds.py: no result for %s" % name)


def spread(values, fmt):
    return "%s (%s to %s)" % (fmt % statistics.median(values), fmt % min(values), fmt % max(values))


def main(argv):
    ours_name, peer_names, paths = None, [], []
    i = 0
    while i < len(argv):
        if argv[i] == "--ours":
            ours_name = argv[i + 1]
            i += 2
        elif argv[i] == "--peer":
            peer_names.append(argv[i + 1])
            i += 2
        else:
            paths.append(argv[i])
            i += 1
    if not ours_name or not peer_names or not paths:
        sys.exit(__doc__)
    rounds = [load(p) for p in paths]
    print("| round | runner | files | errors | seconds (best pass) | files/s | CPU s (best) |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n, rows in enumerate(rounds, 1):
        for r in rows:
            if "failed" in r:
                print("| %d | %s | - | - | FAILED: %s | - | - |" % (n, r["peer"], r["failed"]))
                continue
            cpu = "%.4f" % min(r["cpu"]) if r.get("cpu") else "-"
            print("| %d | %s | %d | %s | %.4f | %.1f | %s |" % (
                n, r["peer"], r["files"], r.get("errors", "?"), r["seconds"],
                r["files"] / r["seconds"], cpu))
    ours = [pick(rows, ours_name) for rows in rounds]
    print()
    print("%s: %s files/s (median of %d rounds, lowest to highest)" % (
        ours[0]["peer"], spread([r["files"] / r["seconds"] for r in ours], "%.1f"), len(rounds)))
    for peer_name in peer_names:
        peer = [pick(rows, peer_name) for rows in rounds]
        print()
        print("%s: %s files/s" % (
            peer[0]["peer"], spread([r["files"] / r["seconds"] for r in peer], "%.2f")))
        print("ratio by wall time: %sx" % spread(
            [p["seconds"] / o["seconds"] for o, p in zip(ours, peer)], "%.1f"))
        if all(r.get("cpu") for r in ours + peer):
            print("ratio by CPU time: %sx" % spread(
                [min(p["cpu"]) / min(o["cpu"]) for o, p in zip(ours, peer)], "%.1f"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
