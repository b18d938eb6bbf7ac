#!/usr/bin/python3
"""extract_msg peer for the .msg interop tests.

  python3 msg_extract_msg_summary.py FILE...
      prints {"peer":"extract_msg","files":[{"file","error","summary"}]} in msg_summary's
      shape, plus body_html and rtf (the fields the other peers' msg_write_bodies runners add).

extract_msg is found in the folder named by MSGFORGE_EXTRACT_MSG (its vendor/ subfolder is put
first on sys.path): the test peer in ../shared/peers/extract_msg, run, never copied. Each file
is opened with extract_msg.openMsg(path, strict=False) and read through its public API:
classType, subject, sender ("Name <SMTP>", split here), recipients (name, email, type),
attachments (name, data size, mimetype), body, htmlBody, rtfBody. body_html is reported only
when the file stores an HTML body (extract_msg makes one from the RTF or the text otherwise).
"""

import json
import os
import re
import time
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.environ['MSGFORGE_EXTRACT_MSG'], 'vendor'))
# extract_msg gives dates in the local zone; keep the run independent of the machine.
os.environ['TZ'] = 'UTC'
time.tzset()

import logging  # noqa: E402
import warnings  # noqa: E402

import extract_msg  # noqa: E402

logging.disable(logging.CRITICAL)
warnings.simplefilter('ignore')

HTML_STREAM = '__substg1.0_10130102'


def sender_parts(sender):
    if sender is None:
        return None, None
    match = re.fullmatch(r'(.*) <([^<>]*)>', sender, re.S)
    if match is None:
        return sender, None
    return match.group(1), match.group(2)


def attachment(a):
    data = a.data
    size = len(data) if isinstance(data, (bytes, bytearray)) else None
    mime = a.mimetype if isinstance(data, (bytes, bytearray)) else None
    return {'name': a.longFilename, 'size': size, 'mime': mime}


def summary(msg):
    name, email = sender_parts(msg.sender)
    html = msg.htmlBody if msg.exists(HTML_STREAM) else None
    rtf = msg.rtfBody
    return {
        'class': msg.classType,
        'subject': msg.subject,
        'sender_name': name,
        'sender_email': email,
        'recipients': [{'name': r.name, 'email': r.email, 'type': int(r.type) & 0x0F}
                       for r in msg.recipients],
        'attachments': [attachment(a) for a in msg.attachments],
        'body_text': msg.body,
        'body_html': html.decode('utf-8', 'replace') if html is not None else None,
        'rtf': rtf.decode('latin-1') if rtf is not None else None,
    }


def entry(path):
    try:
        with extract_msg.openMsg(path, strict=False) as msg:
            if not isinstance(msg, extract_msg.msg_classes.MessageBase):
                raise TypeError(f'opened as {type(msg).__name__}, not as a message')
            return {'file': path, 'error': None, 'summary': summary(msg)}
    except Exception as e:  # every failure is reported, the run goes on
        return {'file': path, 'error': f'{type(e).__name__}: {e}', 'summary': None}


def main(files):
    out = {'peer': 'extract_msg', 'files': [entry(f) for f in files]}
    sys.stdout.write(json.dumps(out) + '\n')


if __name__ == '__main__':
    main(sys.argv[1:])
