#!/usr/bin/python3
"""extract_msg peer for the .msg interop tests.

  python3 msg_extract_msg_summary.py FILE...
      prints {"peer":"extract_msg","files":[{"file","error","summary"}]} in msg_summary's
      shape, plus body_html and rtf (the fields the other peers' msg_write_bodies runners add).

Each file is read through extract_msg's public API (extract_msg_peer.py loads it): classType,
subject, sender ("Name <SMTP>", split), recipients (name, email, type), attachments (name,
data size, mimetype), body, htmlBody (only when the file stores one), rtfBody.
"""

import sys

sys.dont_write_bytecode = True

import extract_msg_peer  # noqa: E402


def attachment(a):
    data = a.data
    is_bytes = isinstance(data, (bytes, bytearray))
    return {'name': a.longFilename, 'size': len(data) if is_bytes else None,
            'mime': a.mimetype if is_bytes else None}


def summary(msg):
    name, email = extract_msg_peer.sender_parts(msg.sender)
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
        'body_html': extract_msg_peer.stored_html(msg),
        'rtf': rtf.decode('latin-1') if rtf is not None else None,
    }


if __name__ == '__main__':
    extract_msg_peer.main(summary)
