#!/usr/bin/python3
"""extract_msg peer for the SMS/MMS interop test (oms_interop_test.cpp).

  python3 oms_extract_msg_summary.py FILE...
      prints {"peer":"extract_msg","files":[{"file","error","summary"}]}: what extract_msg's
      public API shows of each message: classType, subject, body, htmlBody (only when the file
      stores PidTagHtml: extract_msg makes one from the text otherwise), sender ("Name <SMTP>",
      split here), recipients (name, email, type) and attachments (longFilename, the data's
      size and SHA-256, mimetype, cid, hidden). Absent values are null.

extract_msg is the test peer in the folder MSGFORGE_EXTRACT_MSG names (its vendor/ subfolder
goes first on sys.path): run, never copied.
"""

import hashlib
import json
import os
import re
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.environ['MSGFORGE_EXTRACT_MSG'], 'vendor'))
os.environ['TZ'] = 'UTC'
time.tzset()

import logging  # noqa: E402
import warnings  # noqa: E402

import extract_msg  # noqa: E402

logging.disable(logging.CRITICAL)
warnings.simplefilter('ignore')

HTML_STREAM = '__substg1.0_10130102'


def sender(text):
    if text is None:
        return {'name': None, 'email': None}
    match = re.fullmatch(r'(.*) <([^<>]*)>', text, re.S)
    if match is None:
        return {'name': text, 'email': None}
    return {'name': match.group(1), 'email': match.group(2)}


def attachment(a):
    data = a.data if isinstance(a.data, (bytes, bytearray)) else b''
    return {
        'name': a.longFilename,
        'size': len(data),
        'sha256': hashlib.sha256(data).hexdigest(),
        'mime': a.mimetype,
        'content_id': a.cid,
        'hidden': a.hidden,
    }


def summary(msg):
    html = msg.htmlBody if msg.exists(HTML_STREAM) else None
    return {
        'class': msg.classType,
        'subject': msg.subject,
        'body_text': msg.body,
        'body_html': html.decode('utf-8', 'replace') if html is not None else None,
        'sender': sender(msg.sender),
        'recipients': [{'name': r.name, 'email': r.email, 'type': int(r.type) & 0x0F}
                       for r in msg.recipients],
        'attachments': [attachment(a) for a in msg.attachments],
    }


def entry(path):
    try:
        with extract_msg.openMsg(path, strict=False) as msg:
            if not isinstance(msg, extract_msg.msg_classes.MessageBase):
                raise TypeError(f'opened as {type(msg).__name__}, not as a message')
            return {'file': path, 'error': None, 'summary': summary(msg)}
    except Exception as e:  # every failure is reported, the run goes on
        return {'file': path, 'error': f'{type(e).__name__}: {e}', 'summary': None}


if __name__ == '__main__':
    out = {'peer': 'extract_msg', 'files': [entry(f) for f in sys.argv[1:]]}
    sys.stdout.write(json.dumps(out) + '\n')
