#!/usr/bin/python3
"""The work of `msgforge records --bodies`, done with extract_msg, timed in one process.

Usage: extract_msg_records.py [--repeat R] [--vendor DIR] --list FILE
For each file of the list: the SHA-256 of the file, then with extract_msg's openMsg the message
class, subject, sender, To, Cc, Bcc, Internet message id, sent and received dates, the body as
text (msg.body), and every attachment's name and the SHA-256 of its data; embedded messages
the same way, recursively. A file extract_msg cannot open, or a field it raises on, counts as
an error and the run goes on. R passes (default 3); prints ONE JSON line like bench-corpus's
peers: {"peer","files","bytes","seconds","errors","runs","median","cpu","touched"}, seconds the
best pass (the loop only), cpu the CPU seconds of each pass, touched the attachment bytes
hashed per pass.
--vendor is the folder holding the vendored extract_msg (default: the peers' extract_msg/vendor
next to the project, ../shared/peers/extract_msg/vendor). Run with Debian's /usr/bin/python3.
"""

import hashlib
import json
import logging
import os
import statistics
import sys
import time
import warnings

MAX_DEPTH = 16


def record(msg, depth, counts):
    """Reads what a record holds from one message; returns the attachment bytes hashed."""
    touched = 0
    fields = (msg.classType, msg.subject, msg.sender, msg.to, msg.cc, msg.bcc, msg.messageId,
              msg.date, msg.receivedTime, msg.body)
    counts["fields"] += len(fields)
    for att in msg.attachments:
        _name = att.name
        data = att.data
        if isinstance(data, (bytes, bytearray, memoryview)):
            hashlib.sha256(data).hexdigest()
            touched += len(data)
        elif data is not None and hasattr(data, "classType") and depth < MAX_DEPTH:
            touched += record(data, depth + 1, counts)
    return touched


def one_pass(files, extract_msg):
    counts = {"errors": 0, "touched": 0, "fields": 0}
    for path in files:
        msg = None
        try:
            with open(path, "rb") as fh:
                hashlib.sha256(fh.read()).hexdigest()
            msg = extract_msg.openMsg(path, strict=False)
            counts["touched"] += record(msg, 0, counts)
        except Exception:
            counts["errors"] += 1
        finally:
            if msg is not None:
                try:
                    msg.close()
                except Exception:
                    pass
    return counts


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    vendor = os.path.join(here, "..", "..", "shared", "peers", "extract_msg", "vendor")
    repeat, listfile = 3, None
    i = 0
    while i < len(argv):
        if argv[i] == "--repeat":
            repeat = max(1, int(argv[i + 1]))
        elif argv[i] == "--list":
            listfile = argv[i + 1]
        elif argv[i] == "--vendor":
            vendor = argv[i + 1]
        else:
            sys.exit(__doc__)
        i += 2
    if listfile is None:
        sys.exit(__doc__)
    sys.path.insert(0, os.path.abspath(vendor))
    sys.dont_write_bytecode = True
    # extract_msg gives local-time dates; UTC makes them independent of the machine, as xm.py.
    os.environ["TZ"] = "UTC"
    time.tzset()
    logging.disable(logging.CRITICAL)
    warnings.filterwarnings("ignore")
    import extract_msg

    with open(listfile, encoding="utf-8", errors="surrogateescape") as fh:
        files = [ln.rstrip("\n") for ln in fh if ln.strip()]
    total = sum(os.path.getsize(f) for f in files)
    runs, cpu, best = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        counts = one_pass(files, extract_msg)
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        if best is None or runs[-1] <= min(runs):
            best = counts
    print(json.dumps({"peer": "extract_msg_records.py %s" % extract_msg.__version__,
                      "files": len(files), "bytes": total, "seconds": round(min(runs), 6),
                      "errors": best["errors"], "runs": [round(r, 6) for r in runs],
                      "median": round(statistics.median(runs), 6),
                      "cpu": [round(c, 6) for c in cpu], "touched": best["touched"],
                      "props": best["fields"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
