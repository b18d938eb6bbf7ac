#!/usr/bin/python3
"""extract_msg peer for the SMS/MMS interop test (oms_interop_test.cpp).

  python3 oms_extract_msg_summary.py FILE...
      prints {"peer":"extract_msg","files":[{"file","error","summary"}]}: what extract_msg's
      public API shows of each message (extract_msg_peer.py loads it): classType, subject,
      body, htmlBody (only when the file stores PidTagHtml), sender ("Name <SMTP>", split),
      recipients (name, email, type) and attachments (longFilename, the data's size and
      SHA-256, mimetype, cid, hidden). Absent values are null.
"""

import hashlib
import sys

sys.dont_write_bytecode = True

import extract_msg_peer  # noqa: E402


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
    name, email = extract_msg_peer.sender_parts(msg.sender)
    return {
        'class': msg.classType,
        'subject': msg.subject,
        'body_text': msg.body,
        'body_html': extract_msg_peer.stored_html(msg),
        'sender': {'name': name, 'email': email},
        'recipients': [{'name': r.name, 'email': r.email, 'type': int(r.type) & 0x0F}
                       for r in msg.recipients],
        'attachments': [attachment(a) for a in msg.attachments],
    }


if __name__ == '__main__':
    extract_msg_peer.main(summary)
