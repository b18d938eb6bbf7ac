#!/usr/bin/env python3
"""Every corpus .msg converted to .eml and back to .msg keeps what MIME carries, and differs
from the source only as docs/mime.md ("Return trips") says.

Usage: mime_msg_roundtrip.py MSGFORGE CORPUS_DIR WORK_DIR

The .msg and .oft files below CORPUS_DIR (the MIME folder eml/ aside) are converted by one
`msgforge convert ... -o DIR --to eml`, and the .eml files by one more back to .msg. Then:
- `msgforge diff SOURCE RESULT` may list only differences a rule of RULES explains (by
  property, with its reason); every other one fails, and each explained one is counted under
  its reason;
- `msgforge records --bodies` of the sources and of the results (one process each) must show
  the same subject, sender (the sent-representing person, else the sender: name and SMTP
  address), recipients of each type (names and SMTP addresses), sent time (else received),
  body text, and attachments (name, kind, SHA-256 of the bytes), for every message and
  embedded message: each difference needs a reason of RECORD_RULES, checked on the records.
Prints each problem, the counts, then 'N passed, M failed'. Exit 77 (skipped) without the
corpus.
"""

import datetime
import email
import email.policy
import json
import os
import re
import subprocess
import sys

from roundtrip_common import convert_all, report, stage

# Properties that MIME carries (docs/mime.md, "Writing MIME" and "Reading MIME"): a difference
# in one of these needs a rule of its own; any other property is one MIME cannot carry.
CARRIED = {
    'PidTagSubject', 'PidTagSubjectPrefix', 'PidTagNormalizedSubject', 'PidTagConversationTopic',
    'PidTagSenderName', 'PidTagSenderEmailAddress', 'PidTagSenderAddressType',
    'PidTagSenderSmtpAddress', 'PidTagSenderSearchKey', 'PidTagSentRepresentingName',
    'PidTagSentRepresentingEmailAddress', 'PidTagSentRepresentingAddressType',
    'PidTagSentRepresentingSmtpAddress', 'PidTagSentRepresentingSearchKey', 'PidTagDisplayName',
    'PidTagEmailAddress', 'PidTagAddressType', 'PidTagSmtpAddress', 'PidTagRecipientType',
    'PidTagSearchKey', 'PidTagReplyRecipientNames', 'PidTagReplyRecipientEntries',
    'PidTagInternetMessageId', 'PidTagInReplyToId', 'PidTagInternetReferences',
    'PidTagTransportMessageHeaders', 'PidTagClientSubmitTime', 'PidTagMessageDeliveryTime',
    'PidTagImportance', 'PidTagPriority', 'PidTagSensitivity', 'PidTagBody', 'PidTagHtml',
    'PidTagRtfCompressed', 'PidTagRtfInSync', 'PidTagInternetCodepage', 'PidTagMessageClass',
    'PidTagAttachDataBinary', 'PidTagAttachDataObject', 'PidTagAttachLongFilename',
    'PidTagAttachFilename', 'PidTagAttachExtension', 'PidTagAttachMimeTag',
    'PidTagAttachContentId', 'PidTagAttachContentLocation', 'PidTagAttachmentHidden',
    'PidTagAttachMethod', 'PidTagDisplayTo', 'PidTagDisplayCc', 'PidTagDisplayBcc',
}

# Properties the reader or the writer computes from what MIME carries, or the Outlook defaults
# add (docs/writing.md): they may appear, or take another value, after the return trip.
COMPUTED = {
    'PidTagDisplayTo': 'computed on write from the recipients',
    'PidTagDisplayCc': 'computed on write from the recipients',
    'PidTagDisplayBcc': 'computed on write from the recipients',
    'PidTagAttachSize': 'computed on write',
    'PidTagCreationTime': 'set on write',
    'PidTagLastModificationTime': 'set on write',
    'PidTagMessageFlags': 'set by the Outlook defaults (read, unsent or not)',
    'PidTagStoreSupportMask': 'set by the Outlook defaults',
    'PidTagObjectType': 'set by the Outlook defaults',
    'PidTagDisplayType': 'set by the Outlook defaults',
    'PidTagRtfCompressed': 'regenerated: the HTML encapsulated in RTF, or none',
    'PidTagRtfInSync': 'regenerated with the RTF body',
    'PidTagInternetCodepage': 'the bodies are read in UTF-8 (65001)',
    'PidTagTransportMessageHeaders': 'the header block that was read',
    'PidTagSearchKey': 'computed from the address: ADDRTYPE:ADDRESS and a NUL',
    'PidTagSenderSearchKey': 'computed from the address: ADDRTYPE:ADDRESS and a NUL',
    'PidTagSentRepresentingSearchKey': 'computed from the address: ADDRTYPE:ADDRESS and a NUL',
    'PidTagSmtpAddress': 'the resolved SMTP address is stored',
    'PidTagSenderSmtpAddress': 'the resolved SMTP address is stored',
    'PidTagSentRepresentingSmtpAddress': 'the resolved SMTP address is stored',
    'PidTagAttachMimeTag': 'the type written (stored, else from the extension) is read back',
    'PidTagAttachExtension': 'derived from the file name',
    'PidTagSubjectPrefix': 'derived from the subject',
    'PidTagNormalizedSubject': 'derived from the subject',
    'PidTagConversationTopic': 'derived from the subject',
    'PidTagMessageClass': 'IPM.Note, or the class of the MIME structure (report, S/MIME)',
    'PidTagRenderingPosition': 'MIME has no position in the text: -1 (hidden) is written',
}

# Properties MIME carries on recipients and attachments only, not on the message.
OBJECT_ONLY = {'PidTagDisplayName', 'PidTagEmailAddress', 'PidTagAddressType',
               'PidTagSmtpAddress', 'PidTagSearchKey'}

# An address written as SMTP (an Exchange DN resolved or encapsulated) is read back as SMTP.
ADDRESS_PARTS = {'PidTagSenderEmailAddress', 'PidTagSenderAddressType', 'PidTagSenderName',
                 'PidTagSentRepresentingEmailAddress', 'PidTagSentRepresentingAddressType',
                 'PidTagSentRepresentingName', 'PidTagEmailAddress', 'PidTagAddressType'}

# One file name is written (long, else short, else display name) and read back as all three.
NAMES = {'PidTagAttachLongFilename', 'PidTagAttachFilename', 'PidTagDisplayName'}


class Entry:
    """One line of `msgforge diff`: object, property name, how it differs, the values."""

    def __init__(self, line):
        self.line = line
        self.a = self.b = None
        self.reordered = self.recipients_reordered = False
        self.unaddressed_recipients_lost = self.smime = False
        self.attachment = None
        self.changed = set()
        m = re.match(r'^(?:(.*?): )?(property 0x([0-9A-F]{8})(?: (\w+))?|named property .*?)'
                     r': (.*)$', line)
        if m:
            self.obj = m.group(1) or ''
            self.named = m.group(2).startswith('named')
            self.tag = int(m.group(3), 16) if m.group(3) else None
            self.name = m.group(4) or ''
            self.how = m.group(5)
        else:
            self.obj, self.named, self.tag, self.name = line.rsplit(': ', 1)[0], False, None, ''
            self.how = line.rsplit(': ', 1)[-1]


def in_recipient(e):
    return e.obj.split('/')[-1].startswith('recipient')


def in_attachment(e):
    return e.obj.split('/')[-1].startswith('attachment')


def lines(text):
    """`text` with LF line ends and no final line break."""
    return (text or '').replace('\r\n', '\n').rstrip('\n')


def value(v):
    """The value of a diff's `< ` or `> ` line: None for absent."""
    return None if v is None or v == '(absent)' else v.split(' ', 1)[-1]


RULES = [
    ('strings are stored in Unicode (PtypString): the same text as the source\'s PtypString8',
     lambda e: e.how == 'unicode'),
    ('the property stream flags are the writer\'s',
     lambda e: e.how == 'flags differ'),
    ('MIME cannot carry it (a named property)',
     lambda e: e.named and e.how == 'only in the first'),
    ('MIME cannot carry it (no header or part holds it)',
     lambda e: e.tag is not None and e.how == 'only in the first' and (
         e.name not in CARRIED or (e.name in OBJECT_ONLY and not in_recipient(e)
                                   and not in_attachment(e)))),
    ('the attachments are written in another order (inline ones with the HTML first), so '
     'their storage numbers differ (records check them by name and bytes)',
     lambda e: e.reordered and e.obj.startswith('attachment #')),
    ('the recipients are written by type (To, Cc, Bcc), so their order differs (records check '
     'them)',
     lambda e: e.recipients_reordered and (in_recipient(e) or 'recipients against' in e.how)),
    ('an empty string or a null time (1601) writes no header',
     lambda e: e.how == 'only in the first' and e.tag is not None and (
         string_of(e.a) == '' or (value(e.a) or '').strip('"').startswith('1601-01-01'))),
    ('trailing white space does not survive a header (RFC 5322 3.2.2)',
     lambda e: e.how == 'values differ' and isinstance(string_of(e.a), str)
     and string_of(e.a) != string_of(e.b) and string_of(e.a).rstrip() == string_of(e.b)),
    ('a single id stored without <> is written with them',
     lambda e: e.name in ('PidTagInternetMessageId', 'PidTagInReplyToId')
     and e.how in ('values differ', 'only in the second')
     and string_of(e.b) == f'<{string_of(e.a)}>'),
    ('storages and streams outside the message\'s properties (summary information, data '
     'stores): MIME cannot carry them',
     lambda e: e.obj.startswith('(storage)') and e.how == 'only in the first'),
    ('a recipient with no address (a display name alone) is written as an empty group, which '
     'holds no recipient',
     lambda e: 'recipients against' in e.how and e.unaddressed_recipients_lost),
    ('S/MIME: the bodies are those of the signed content (MS-OXOSMIME)',
     lambda e: e.smime and e.name in ('PidTagBody', 'PidTagHtml', 'PidTagRtfCompressed')),
    ('a hidden attachment outside multipart/related (an embedded message, or no Content-ID '
     'the HTML uses): MIME has no hidden flag',
     lambda e: e.name == 'PidTagAttachmentHidden' and e.how == 'only in the first'
     and value(e.a) == 'true' and e.attachment is not None and (e.attachment['kind'] == 'message'
                                       or not e.attachment.get('content_id'))),
    ('the HTML is stored in UTF-8 (PidTagInternetCodepage 65001): other bytes for the same '
     'text',
     lambda e: e.name == 'PidTagHtml' and e.how == 'values differ'
     and (e.obj, 'PidTagInternetCodepage') in e.changed),
    ('false is the default of PidTagAttachmentHidden',
     lambda e: e.name == 'PidTagAttachmentHidden' and e.how == 'only in the first'
     and value(e.a) == 'false'),
    ('MIME text parts end in a line break, with CRLF line ends',
     lambda e: e.name == 'PidTagBody' and e.how == 'values differ'
     and lines(string_of(e.a)) == lines(string_of(e.b))),
    ('normal importance, priority or sensitivity: no header, the default',
     lambda e: e.name in ('PidTagImportance', 'PidTagPriority', 'PidTagSensitivity')
     and e.how == 'only in the first'
     and value(e.a) in ('1' if e.name == 'PidTagImportance' else '0',)),
    ('computed on write, derived or set by the Outlook defaults',
     lambda e: e.name in COMPUTED and e.how in ('only in the second', 'values differ',
                                                'only in the first')
     and (e.how != 'only in the first' or e.name in (
         'PidTagRtfCompressed', 'PidTagRtfInSync', 'PidTagInternetCodepage',
         'PidTagSearchKey', 'PidTagSenderSearchKey', 'PidTagSentRepresentingSearchKey',
         'PidTagDisplayTo', 'PidTagDisplayCc', 'PidTagDisplayBcc', 'PidTagMessageFlags',
         'PidTagStoreSupportMask'))),
    ('an address written as SMTP is read back as SMTP (records check the address)',
     lambda e: e.name in ADDRESS_PARTS and e.how in ('values differ', 'only in the second',
                                                     'only in the first')),
    ('one file name is written and read back as long name, short name and display name '
     '(records check the name)',
     lambda e: in_attachment(e) and e.name in NAMES),
    ('the text body is made from the HTML when the message has none',
     lambda e: e.name == 'PidTagBody' and e.how == 'only in the second'),
    ('the HTML encapsulated in the RTF body is written as text/html and read as PidTagHtml',
     lambda e: e.name == 'PidTagHtml' and e.how == 'only in the second'),
    ('Date is written from the delivery time without a submit time; the reader sets both',
     lambda e: e.name in ('PidTagClientSubmitTime', 'PidTagMessageDeliveryTime')
     and e.how in ('only in the second', 'values differ')),
]


def classify(e):
    for reason, rule in RULES:
        if rule(e):
            return reason
    return None


def unicode_pairs(entries):
    """A PtypString8 value only in the source and a PtypString value of the same property only
    in the result make one entry, the result's: `unicode` when the text is the same (the
    reader stores strings in Unicode), else `values differ`."""
    second = {(e.obj, e.tag >> 16): e for e in entries
              if e.tag is not None and e.tag & 0xFFFF == 0x001F and e.how == 'only in the second'}
    out = []
    for e in entries:
        twin = second.get((e.obj, e.tag >> 16)) if e.tag is not None and \
            e.tag & 0xFFFF == 0x001E and e.how == 'only in the first' else None
        if twin is None:
            out.append(e)
            continue
        twin.a = e.a
        twin.how = 'unicode' if string_of(e.a) == string_of(twin.b) else 'values differ'
    return out


def string_of(v):
    """The text of a diff's `PtypString "..."` or `PtypString8 "..."` value."""
    m = re.match(r'^PtypString8? "(.*)"(?: \(flags \d+\))?$', v or '')
    return json.loads(f'"{m.group(1)}"') if m else v


def diff_entries(text):
    entries = []
    for line in text.splitlines():
        if line.startswith('  < '):
            entries[-1].a = line[4:]
        elif line.startswith('  > '):
            entries[-1].b = line[4:]
        elif line.startswith('  ') or re.match(r'^\d+ differences?$', line) \
                or line.endswith(': no differences') or not line:
            continue
        else:
            entries.append(Entry(line))
    return entries


# ---- what must survive: the records of the source and of the result ------------------------


def person(a):
    if not a:
        return None
    smtp = (a.get('smtp') or '').lower() or None
    if smtp is None and (a.get('address_type') or '').upper() == 'SMTP':
        smtp = (a.get('address') or '').lower() or None
    return (' '.join((a.get('name') or '').split()), smtp)


def summary(r):
    return {
        'subject': r.get('subject') or '',
        'sender': person(r.get('sent_representing') or r.get('sender')),
        'to': [person(a) for a in r.get('to', [])],
        'cc': [person(a) for a in r.get('cc', [])],
        'bcc': [person(a) for a in r.get('bcc', [])],
        'sent': r.get('sent') or r.get('received'),
        'body': ' '.join((r.get('body') or '').split()),
        'attachments': sorted((a.get('name') or '', a['kind'], a.get('sha256'))
                              for a in r.get('attachments', [])),
    }


def eml_header(eml, name):
    """The value of header `name` of the .eml written from the source (None without)."""
    return eml.get(name) if eml is not None else None


def eml_date(eml):
    value = eml_header(eml, 'date')
    if value is None or value.datetime is None:
        return None
    return value.datetime.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def eml_mailbox(eml, name):
    value = eml_header(eml, name)
    boxes = [a.addr_spec.lower() for a in getattr(value, 'addresses', ())]
    return boxes[0] if boxes else None


# (reason, rule(field, source value, result value, source record, result record, the .eml
# written from the source or None for an embedded message))
RECORD_RULES = [
    ('Date carries whole seconds',
     lambda f, a, b, ra, rb, eml: f == 'sent' and a and b and a[:19] == b[:19]),
    ('trailing white space does not survive a header (RFC 5322 3.2.2)',
     lambda f, a, b, ra, rb, eml: f == 'subject' and a.rstrip() == b),
    ('no time in the source: the Date of its transport headers is written, read as sent',
     lambda f, a, b, ra, rb, eml: f == 'sent' and a is None and b is not None
     and eml_date(eml) == b[:19] + 'Z'),
    ('a person with no SMTP address in the properties: the transport headers\' address is '
     'written (as `show` resolves it)',
     lambda f, a, b, ra, rb, eml: f == 'sender' and a and b and a[0] == b[0] and not a[1]
     and b[1] in (eml_mailbox(eml, 'from'), eml_mailbox(eml, 'sender'))),
    ('a display name that is an address, with no address: written as that address',
     lambda f, a, b, ra, rb, eml: f in ('sender', 'to', 'cc', 'bcc') and names_as_addresses(a, b)),
    ('an attachment without a name is named ATT0000N.ext',
     lambda f, a, b, ra, rb, eml: f == 'attachments' and len(a) == len(b) and all(
         x == y or (x[0] == '' and re.match(r'^ATT\d{5}', y[0]) and x[1:] == y[1:])
         for x, y in zip(sorted(a, key=lambda t: t[1:]), sorted(b, key=lambda t: t[1:])))),
    ('a file attachment of type message/rfc822 (or named .eml, the type of its extension) is '
     'written as a message/rfc822 part and read as an embedded message',
     lambda f, a, b, ra, rb, eml: f == 'attachments' and rfc822_files(a, b, ra)),
    ('S/MIME: the signed or encrypted entity is written as the body and read back as Outlook '
     'stores it (MS-OXOSMIME); a PGP/MIME one stored so comes back as an ordinary message with '
     'its signature attached',
     lambda f, a, b, ra, rb, eml: f in ('attachments', 'body') and smime(ra)),
    ('a person with no SMTP address: an Exchange DN is encapsulated (IMCEAEX), a name alone is '
     'an empty group',
     lambda f, a, b, ra, rb, eml: f in ('sender', 'to', 'cc', 'bcc') and no_smtp_only(a, b)),
    ('an attachment by reference or an OLE object: none, or its storage as a file',
     lambda f, a, b, ra, rb, eml: f == 'attachments' and {x for x in a if x not in b} <= {
         x for x in a if x[1] == 'ole' or x[2] is None}),
]


def smime(record):
    return (record.get('class') or '').lower().startswith('ipm.note.smime')


def names_as_addresses(a, b):
    a = a if isinstance(a, list) else [a]
    b = b if isinstance(b, list) else [b]
    return len(a) == len(b) and all(
        x == y or (x and y and x[0] == y[0] and not x[1] and y[1] == x[0].lower()
                   and '@' in x[0]) for x, y in zip(a, b))


def rfc822_files(a, b, ra):
    types = {x.get('name') or '': x.get('mime_type') for x in ra.get('attachments', [])}
    gone = [x for x in a if x not in b]
    came = [y for y in b if y not in a]
    return len(gone) == len(came) and all(
        x[1] == 'file' and ((types.get(x[0]) or '').lower() == 'message/rfc822'
                            or x[0].lower().endswith('.eml'))
        and any(y[0] == x[0] and y[1] == 'message' for y in came) for x in gone)


def no_smtp_only(a, b):
    a = a if isinstance(a, list) else [a]
    b = b if isinstance(b, list) else [b]
    kept = [x for x in a if x and x[1] and '@' in x[1]]
    return [x[1] for x in kept] == [x[1] for x in b if x and x[1] and not
                                    x[1].endswith('@invalid')] and all(
        x is None or not x[1] or '@' not in x[1] for x in a if x not in b)


def unaddressed_lost(a, b):
    """Whether every recipient the result lacks has no address (no SMTP address, no '@' in
    its name or address)."""
    people = [(r.get('name'), r.get('smtp'), r.get('address'))
              for k in ('to', 'cc', 'bcc') for r in (a or {}).get(k, [])]
    kept = {r.get('name') for k in ('to', 'cc', 'bcc') for r in (b or {}).get(k, [])}
    missing = [p for p in people if p[0] not in kept]
    return bool(missing) and all(not p[1] and '@' not in (p[0] or '') + (p[2] or '')
                                 for p in missing)


def owner(obj, stem):
    """The record id of the message a diff object belongs to, and the index of its attachment
    when it is one (`attachment #2/embedded/attachment #9` is attachment 9 of `STEM#2`)."""
    parts = obj.split('/') if obj else []
    index = None
    if parts and parts[-1].startswith('attachment #'):
        index = int(parts.pop()[len('attachment #'):])
    path = [p[len('attachment #'):] for p in parts if p.startswith('attachment #')]
    return (stem + '#' + '.'.join(path) if path else stem), index


def attachment_order(record):
    """The names and digests of a record's attachments, in storage order."""
    return [(a.get('name'), a.get('sha256')) for a in (record or {}).get('attachments', [])]


def paired(before, after, stem):
    """(id, source record, result record) for the file's message and each embedded message: an
    embedded message pairs with the result's of the same subject (attachments may be written in
    another order), else with the one of the same id."""
    theirs = {k: r for k, r in after.items() if k.startswith(stem + '#')}
    out = [(stem, before[stem], after.get(stem, {}))]
    def same(r, s, with_time):
        return (r.get('subject') or '').rstrip() == (s.get('subject') or '').rstrip() and (
            not with_time or (r.get('sent') or '')[:19] == (s.get('sent') or '')[:19])

    for key in sorted(k for k in before if k.startswith(stem + '#')):
        match = next((k for k, r in theirs.items() if same(r, before[key], True)), None) or next(
            (k for k, r in theirs.items() if same(r, before[key], False)), key)
        out.append((key, before[key], theirs.pop(match, {})))
    return out


def records(msgforge, folder, out):
    subprocess.run([msgforge, 'records', '--bodies', folder, '-o', out], capture_output=True)
    with open(out, encoding='utf-8') as f:
        rows = [json.loads(line) for line in f]
    return {os.path.splitext(os.path.basename(r['path']))[0] + r['id'][len(r['path']):]: r
            for r in rows}


def main():
    msgforge, corpus, work = sys.argv[1:4]
    if not os.path.isdir(corpus):
        print(f'SKIP: no corpus at {corpus}')
        return 77
    files = sorted(os.path.join(r, f) for r, _, fs in os.walk(corpus) for f in fs
                   if f.lower().endswith(('.msg', '.oft'))
                   and os.path.relpath(r, corpus).split(os.sep)[0] != 'eml')
    sources = stage(files, work, 'msg', ('eml', 'back'))
    emls = convert_all(msgforge, sources, os.path.join(work, 'eml'), 'eml')
    backs = convert_all(msgforge, emls, os.path.join(work, 'back'), 'msg')
    before = records(msgforge, os.path.join(work, 'src'), os.path.join(work, 'src.jsonl'))
    after = records(msgforge, os.path.join(work, 'back'), os.path.join(work, 'back.jsonl'))
    reasons = {}
    passed = failed = refused = 0
    for i, path in enumerate(files):
        back = backs[i]
        problems = []
        if str(i) in before and 'error' in before[str(i)]:
            # Not a message msgforge reads (bad_outlook.msg is no compound file): every command
            # refuses it, convert too.
            refused += 1
            continue
        if not os.path.exists(back):
            problems.append('not converted')
        else:
            diff = subprocess.run([msgforge, 'diff', sources[i], back], capture_output=True)
            entries = unicode_pairs(diff_entries(diff.stdout.decode(errors='replace')))
            recipients = any(e.name == 'PidTagRecipientType' and e.how == 'values differ'
                             and e.obj.count('/') == 0 for e in entries)
            lost = unaddressed_lost(before.get(str(i)), after.get(str(i)))
            changed = {(e.obj, e.name) for e in entries if e.how == 'values differ'}
            for e in entries:
                e.changed = changed
                parent, n = owner(e.obj, str(i))
                e.reordered = attachment_order(before.get(parent)) != attachment_order(
                    after.get(parent))
                e.recipients_reordered = recipients
                e.unaddressed_recipients_lost = lost
                e.smime = smime(before.get(parent) or {})
                attachments = (before.get(parent) or {}).get('attachments', [])
                e.attachment = attachments[n] if n is not None and n < len(attachments) else None
                reason = classify(e)
                if reason is None:
                    problems.append(f'unexpected difference: {e.line} {e.a} -> {e.b}'[:300])
                else:
                    reasons[reason] = reasons.get(reason, 0) + 1
            with open(emls[i], 'rb') as f:
                eml = email.message_from_binary_file(f, policy=email.policy.default)
            for key, ra, rb in paired(before, after, str(i)):
                a = summary(ra)
                b = summary(rb)
                for field in a:
                    if a[field] == b[field]:
                        continue
                    reason = next((r for r, rule in RECORD_RULES if rule(
                        field, a[field], b[field], ra, rb, eml if key == str(i) else None)),
                        None)
                    if reason is None:
                        problems.append(f'{key[len(str(i)):] or "message"}: {field}: '
                                        f'{b[field]!r} != {a[field]!r}'[:300])
                    else:
                        reasons[reason] = reasons.get(reason, 0) + 1
        for p in problems:
            print(f'{os.path.relpath(path, corpus)}: {p}')
        if problems:
            failed += 1
        else:
            passed += 1
    print(f'{len(files)} files, {refused} refused by every command; differences per reason:')
    return report(reasons, passed, failed)


if __name__ == '__main__':
    sys.exit(main())
