#!/usr/bin/env python3
"""Checks the .eml files msgforge writes with Python's own MIME reader (email, policy default).

Usage: mime_out_email_check.py MSGFORGE CORPUS_DIR WORK_DIR

For every .msg and .oft below CORPUS_DIR: `msgforge convert FILE -o WORK_DIR/N.eml` must work
whenever `msgforge dump --json FILE` does (and fail when it fails); Python must parse the .eml
without a defect, and see the subject, From, To and Cc addresses, date, text and HTML bodies,
attachment names and bytes that the dump shows. Clear-signed S/MIME messages must verify with
`openssl smime -verify -noverify`. Prints one line per problem, then 'N passed, M failed'.
Exit 77 (skipped) when the corpus is absent.
"""

import base64
import datetime
import email
import email.policy
import email.utils
import json
import os
import shutil
import subprocess
import sys



def prop(obj, tag):
    """The value of the property with tag `tag` (0xIIIITTTT, either string type), or None."""
    wanted = {tag}
    if tag & 0xFFFF == 0x001F:
        wanted.add((tag & 0xFFFF0000) | 0x001E)
    for p in obj.get("properties", []):
        if int(p["tag"], 16) in wanted:
            return p.get("value")
    return None


def smtp_of(address):
    """The address msgforge writes for a dump's address: SMTP, else an address with @, else a
    display name that is an address; "" for one it encapsulates (IMCEA...@invalid) or leaves
    as a group."""
    if not address:
        return ""
    for candidate in (address.get("smtp"), address.get("address"), address.get("name")):
        if candidate and "@" in candidate:
            return candidate.lower()
    return ""


def encapsulated(addr):
    return addr.startswith("imcea") and addr.endswith("@invalid")


def crlf_free(text):
    return text.replace("\r\n", "\n").rstrip("\n")


def header_defects(part):
    out = []
    for name, value in part.items():
        for d in getattr(value, "defects", []):
            out.append(f"{name}: {d}")
    return out


def check(msgforge, path, eml_path, problems):
    dump = subprocess.run([msgforge, "dump", "--json", path], capture_output=True)
    conv = subprocess.run([msgforge, "convert", path, "-o", eml_path], capture_output=True)
    if dump.returncode != 0:
        if conv.returncode == 0:
            problems.append("the reader refuses it but convert wrote it")
        return
    if conv.returncode != 0:
        problems.append("convert failed: " + conv.stderr.decode(errors="replace").strip())
        return
    d = json.loads(dump.stdout)
    raw = open(eml_path, "rb").read()
    m = email.message_from_bytes(raw, policy=email.policy.default)
    message_id = prop(d, 0x1035001F) or ""
    for part in m.walk():
        for defect in part.defects:
            problems.append(f"defect: {type(defect).__name__}")
        for defect in header_defects(part):
            if defect.startswith("Message-ID: msg-id with no id-right") and "@" not in message_id:
                continue  # the stored id has no domain part: written as stored (docs/mime.md)
            if defect.startswith(("Content-Disposition: ", "Content-Type: ")) \
                    and "UndecodableBytes" in repr(part[defect.split(":")[0]].defects) \
                    and part.get_filename() is not None and "\ufffd" not in part.get_filename():
                # GMime folds an RFC 2231 name wherever the line is full, within a UTF-8
                # sequence too; Python decodes the whole name right but flags the sections.
                continue
            problems.append("header defect: " + defect)

    cls = (d.get("message_class") or "").lower()
    # A header's trailing white space does not survive unfolding (RFC 5322 3.2.2).
    if (d.get("subject") or "").rstrip() != (m["subject"] or "").rstrip():
        problems.append(f"subject {m['subject']!r} != {d.get('subject')!r}")
    if cls.startswith("ipm.note.mobile."):
        return  # phones as mailboxes: checked by the unit tests
    sender = d.get("sent_representing") or d.get("sender")
    want_from = smtp_of(sender)
    got_from = [a.addr_spec.lower() for a in m["from"].addresses] if m["from"] else []
    if want_from and [want_from] != got_from:
        problems.append(f"From {got_from} != {want_from!r}")
    for kind, header in ((1, "to"), (2, "cc")):
        want = sorted(
            smtp_of(r["address"]) for r in d.get("recipients", [])
            if (prop(r, 0x0C150003) or 1) & 0xF == kind and smtp_of(r["address"]))
        got = sorted(a.addr_spec.lower() for a in m[header].addresses
                     if "@" in a.addr_spec and not encapsulated(a.addr_spec.lower())) \
            if m[header] else []
        if want != got:
            problems.append(f"{header} {got} != {want}")
    when = prop(d, 0x00390040) or prop(d, 0x0E060040)
    if when and not when.startswith("1601"):
        want = datetime.datetime.fromisoformat(when[:19]).replace(tzinfo=datetime.timezone.utc)
        got = m["date"].datetime if m["date"] else None
        if got != want:
            problems.append(f"Date {got} != {want}")

    if cls.startswith("ipm.note.smime"):
        if "multipartsigned" in cls and b"pkcs7-signature" in raw[:raw.find(b"\r\n\r\n--")] \
                and shutil.which("openssl"):
            v = subprocess.run(["openssl", "smime", "-verify", "-noverify", "-in", eml_path,
                                "-out", os.devnull], capture_output=True)
            if v.returncode != 0:
                problems.append("openssl smime -verify: " + v.stderr.decode(errors="replace"))
        return  # the body is the stored S/MIME entity

    body = prop(d, 0x1000001F)
    if isinstance(body, str) and body.strip("\x00"):
        text = m.get_body(("plain",))
        if text is None or crlf_free(text.get_content()) != crlf_free(body.rstrip("\x00")):
            problems.append("text body differs")
    html = prop(d, 0x10130102)
    if isinstance(html, str):
        stored = base64.b64decode(html)
        try:
            stored_text = stored.decode("utf-8")
        except UnicodeDecodeError:
            stored_text = None  # in a code page: compared by the unit tests
        part = m.get_body(("html",))
        if part is None:
            problems.append("no text/html part")
        elif stored_text is not None and crlf_free(part.get_content()) != crlf_free(stored_text.rstrip("\x00")):
            problems.append("HTML body differs")

    parts = {}
    for part in m.walk():
        name = part.get_filename()
        if name is None:
            continue
        if part.get_content_maintype() == "message":
            # A message/* file is written as the entity it is (7bit or 8bit, CRLF line ends),
            # which Python reads as a message: only its name is compared.
            parts.setdefault(name, []).append(None)
        elif not part.is_multipart():
            parts.setdefault(name, []).append(part.get_payload(decode=True) or b"")
    for a in d.get("attachments", []):
        data = prop(a, 0x37010102)
        if prop(a, 0x37050003) not in (None, 0, 1) or not isinstance(data, str):
            continue
        name = prop(a, 0x3707001F) or prop(a, 0x3704001F) or prop(a, 0x3001001F)
        if not name:
            continue
        found = parts.get(name, [])
        if None not in found and base64.b64decode(data) not in found:
            problems.append(f"attachment {name!r}: missing or other bytes")


def main():
    msgforge, corpus, work = sys.argv[1:4]
    if not os.path.isdir(corpus):
        print(f"SKIP: no corpus at {corpus}")
        return 77
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    files = sorted(os.path.join(r, f) for r, _, fs in os.walk(corpus) for f in fs
                   if f.lower().endswith((".msg", ".oft")))
    passed = failed = 0
    for i, path in enumerate(files):
        problems = []
        check(msgforge, path, os.path.join(work, f"{i}.eml"), problems)
        if problems:
            failed += 1
            for p in problems:
                print(f"{path}: {p}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
