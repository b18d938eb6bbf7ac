"""What the extract_msg runners of the interop tests share (msg_extract_msg_summary.py,
oms_extract_msg_summary.py): loading extract_msg from the test peer in the folder
MSGFORGE_EXTRACT_MSG names (its vendor/ subfolder first on sys.path: run, never copied),
opening each file, and printing {"peer":"extract_msg","files":[{"file","error","summary"}]}.
"""

import json
import os
import re
import sys
import time

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
    """extract_msg's sender, "Name <SMTP>" or "Name", as (name, SMTP address or None)."""
    if sender is None:
        return None, None
    match = re.fullmatch(r'(.*) <([^<>]*)>', sender, re.S)
    if match is None:
        return sender, None
    return match.group(1), match.group(2)


def stored_html(msg):
    """The HTML body as text when the file stores PidTagHtml (extract_msg makes one from the
    RTF or the text otherwise), else None."""
    html = msg.htmlBody if msg.exists(HTML_STREAM) else None
    return html.decode('utf-8', 'replace') if html is not None else None


def entry(path, summary):
    try:
        with extract_msg.openMsg(path, strict=False) as msg:
            if not isinstance(msg, extract_msg.msg_classes.MessageBase):
                raise TypeError(f'opened as {type(msg).__name__}, not as a message')
            return {'file': path, 'error': None, 'summary': summary(msg)}
    except Exception as e:  # every failure is reported, the run goes on
        return {'file': path, 'error': f'{type(e).__name__}: {e}', 'summary': None}


def main(summary):
    files = [entry(f, summary) for f in sys.argv[1:]]
    sys.stdout.write(json.dumps({'peer': 'extract_msg', 'files': files}) + '\n')
