#!/usr/bin/python3
"""Times python3-olefile reading every stream of every file, in one process.

Usage: olefile_read.py [--repeat R] FILE...
Prints one JSON line like msgforge-bench cfb-read: {"peer":"olefile","files","streams","bytes",
"seconds","errors"}, best of R passes; bytes are the stream bytes read. Each pass opens every
file with OleFileIO and reads openstream(path).read() for every stream listdir() gives.
Run with Debian's /usr/bin/python3 (python3-olefile).
"""

import json
import logging
import sys
import time

import olefile

logging.disable(logging.CRITICAL)


def one_pass(files):
    result = {"peer": "olefile", "files": 0, "streams": 0, "bytes": 0, "errors": 0}
    for path in files:
        result["files"] += 1
        try:
            with olefile.OleFileIO(path) as ole:
                for stream in ole.listdir(streams=True, storages=False):
                    result["bytes"] += len(ole.openstream(stream).read())
                    result["streams"] += 1
        except Exception:
            result["errors"] += 1
    return result


def main(argv):
    repeat = 1
    if len(argv) > 2 and argv[1] == "--repeat":
        repeat = max(1, int(argv[2]))
        argv = argv[2:]
    files = argv[1:]
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = one_pass(files)
        result["seconds"] = time.perf_counter() - start
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    print(json.dumps(best))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
