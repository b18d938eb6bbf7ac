#!/usr/bin/python3
"""Lists compound files the way python3-olefile 0.46 reads them, as JSON on stdout.

Usage: olefile_listing.py FILE...

Prints {"files": [...]} with one object per FILE:
  {"file": FILE, "error": null | "message", "entries": [
      {"path": "a/b", "type": "storage" | "stream", "size": N, "sha256": "hex" | null,
       "issues": ["defect logged while reading this stream", ...]}]}

The walk mirrors OleFileIO.listdir(streams=True, storages=True): the root is left out, paths
are names joined with '/'. Streams are opened by directory entry rather than by path, because
olefile's path lookup is case-insensitive and returns the first of two siblings whose names
differ only in case. Storages get "size": 0 and "sha256": null (olefile keeps whatever size a
storage entry holds; MS-CFB 2.6.1 says it is zero and readers ignore it). olefile reports most
defects by logging and carrying on (raise_defects=DEFECT_FATAL), so every defect it records
while reading a stream is returned in "issues": its data may then be short or wrong.

Run with Debian's /usr/bin/python3 (python3-olefile).
"""

import hashlib
import json
import logging
import sys

import olefile

# Defects are collected from parsing_issues; olefile's own logging would only add noise.
logging.disable(logging.CRITICAL)


def walk(ole, node, prefix, out):
    for kid in node.kids:
        path = prefix + [kid.name]
        if kid.entry_type == olefile.STGTY_STORAGE:
            out.append({"path": "/".join(path), "type": "storage", "size": 0,
                        "sha256": None, "issues": []})
            walk(ole, kid, path, out)
        elif kid.entry_type == olefile.STGTY_STREAM:
            before = len(ole.parsing_issues)
            entry = {"path": "/".join(path), "type": "stream", "size": kid.size,
                     "sha256": None, "issues": []}
            try:
                data = ole._open(kid.isectStart, kid.size).read()
                entry["sha256"] = hashlib.sha256(data).hexdigest()
                if len(data) != kid.size:
                    entry["issues"].append("read %d bytes of %d" % (len(data), kid.size))
            except Exception as e:  # olefile raises bare IOError/OSError for fatal defects
                entry["issues"].append("%s: %s" % (type(e).__name__, e))
            entry["issues"] += [m for _, m in ole.parsing_issues[before:]]
            out.append(entry)
        else:
            out.append({"path": "/".join(path), "type": "type %d" % kid.entry_type,
                        "size": kid.size, "sha256": None, "issues": []})


def listing(path):
    result = {"file": path, "error": None, "entries": []}
    try:
        ole = olefile.OleFileIO(path)
    except Exception as e:
        result["error"] = "%s: %s" % (type(e).__name__, e)
        return result
    try:
        walk(ole, ole.root, [], result["entries"])
    except Exception as e:
        result["error"] = "%s: %s" % (type(e).__name__, e)
    finally:
        ole.close()
    return result


def main(argv):
    json.dump({"files": [listing(p) for p in argv[1:]]}, sys.stdout, ensure_ascii=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
