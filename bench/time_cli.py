#!/usr/bin/python3
"""Times a command-line run over a list of files, for bench-corpus's --ours.

Usage: time_cli.py --peer NAME [--repeat R] [--json-lines] --list FILE -- COMMAND ARG...
In COMMAND's arguments, {files} stands for the files of the list (one argument each) and {out}
for an empty folder made afresh for each pass (removed after it). Runs COMMAND R times (default
3), standard output to /dev/null, and prints ONE JSON line like bench-corpus's peers:
{"peer","files","bytes","seconds","errors","runs","median"}: seconds is the best pass, wall
time of the whole process (start-up included), bytes the sizes of the input files. errors is
the M of the "N files, ... M failed" line msgforge ends standard error with, or with
--json-lines (a command such as the peers' extract_msg/xm.py that prints one JSON object per
file on standard output, "ok" false for a file it could not read fully) the number of objects
whose "ok" is false. cpu gives each
pass's user + system CPU seconds (which other processes on the machine move less than wall
time), peak_rss_kb the largest maximum resident set size of a pass.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def main(argv):
    peer, repeat, listfile, json_lines = "command", 3, None, False
    i = 0
    while i < len(argv) and argv[i] != "--":
        if argv[i] == "--json-lines":
            json_lines = True
            i += 1
            continue
        if argv[i] == "--peer":
            peer = argv[i + 1]
        elif argv[i] == "--repeat":
            repeat = max(1, int(argv[i + 1]))
        elif argv[i] == "--list":
            listfile = argv[i + 1]
        else:
            sys.exit("time_cli.py: unknown option %s" % argv[i])
        i += 2
    command = argv[i + 1:]
    if listfile is None or not command:
        sys.exit(__doc__)
    with open(listfile, encoding="utf-8", errors="surrogateescape") as fh:
        files = [ln.rstrip("\n") for ln in fh if ln.strip()]
    total = sum(os.path.getsize(f) for f in files)

    runs, cpu, errors, peak = [], [], 0, 0
    for _ in range(repeat):
        out = tempfile.mkdtemp(prefix="msgforge-bench.")
        args = []
        for a in command:
            if a == "{files}":
                args += files
            else:
                args.append(a.replace("{out}", out))
        with tempfile.TemporaryFile() as err_file, tempfile.TemporaryFile() as out_file:
            t0 = time.perf_counter()
            proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                    stdout=out_file if json_lines else subprocess.DEVNULL,
                                    stderr=err_file)
            _, status, usage = os.wait4(proc.pid, 0)
            runs.append(time.perf_counter() - t0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            err_file.seek(0)
            err = err_file.read()
            out_file.seek(0)
            objects = [json.loads(ln) for ln in out_file if ln.startswith(b"{")]
        cpu.append(usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss)
        shutil.rmtree(out, ignore_errors=True)
        summary = re.findall(rb"(\d+) files?, .*?(\d+) failed", err)
        if proc.returncode not in (0, 1) or not (objects if json_lines else summary):
            sys.stderr.write(err.decode("utf-8", "replace")[-2000:])
            sys.exit("time_cli.py: %s exited with %d" % (args[0], proc.returncode))
        if json_lines:
            if len(objects) != len(files):
                sys.exit("time_cli.py: %s gave %d results for %d files" % (
                    args[0], len(objects), len(files)))
            errors = sum(1 for o in objects if not o.get("ok"))
        else:
            errors = int(summary[-1][1])
    print(json.dumps({"peer": peer, "files": len(files), "bytes": total,
                      "seconds": round(min(runs), 6), "errors": errors,
                      "runs": [round(r, 6) for r in runs],
                      "median": round(statistics.median(runs), 6),
                      "cpu": [round(c, 6) for c in cpu], "peak_rss_kb": peak}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
