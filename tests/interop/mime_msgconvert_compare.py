#!/usr/bin/env python3
"""The .eml msgforge writes against the one msgconvert (Email::Outlook::Message) writes.

Usage: mime_msgconvert_compare.py MSGFORGE CORPUS_DIR WORK_DIR

Converts every .msg and .oft of CORPUS_DIR (the MIME folder eml/ aside) with `msgforge convert
FILE -o N.eml` and with msgconvert's module (mime_msgconvert_eml.pl, one process for all),
parses both with Python's email package (policy default) and compares the subject, From, To,
Cc, Date, text body, HTML body, attachment names and bytes. Each difference must be one of the
reasons docs/mime.md gives ("Against msgconvert"), each with a rule that checks it on the files
(classify(): msgforge dump --json of the source, both .eml); a difference no rule explains
fails. Prints the unexplained ones, the count of files per field and reason, then 'N passed, M
failed'. Exit 77 (skipped) without the corpus or the Perl module.
"""

import concurrent.futures
import datetime
import email
import email.policy
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
from mime_out_email_check import prop  # noqa: E402


def text_of(part):
    if part is None:
        return None
    try:
        text = part.get_content()
    except (LookupError, UnicodeError):
        text = (part.get_payload(decode=True) or b'').decode('utf-8', errors='replace')
    return text.replace('\r\n', '\n').rstrip()


def addresses(m, name):
    try:
        return sorted(a.addr_spec.lower() for v in m.get_all(name) or [] for a in v.addresses)
    except Exception as e:  # noqa: BLE001 - a header Python cannot read is a value to compare
        return [f'unreadable: {type(e).__name__}']


def attachments(m, bodies):
    """(name, bytes) of every named part that is not a body; None as the bytes of a message/*
    part, which each writer lays out its own way."""
    out = []
    for part in m.walk():
        if id(part) in bodies or part.get_filename() is None:
            continue
        if part.get_content_maintype() == 'message':
            out.append((part.get_filename(), None))
        elif not part.is_multipart():
            out.append((part.get_filename(), part.get_payload(decode=True) or b''))
    return sorted(out, key=lambda a: (a[0], a[1] or b''))


def view(path):
    with open(path, 'rb') as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    text = m.get_body(('plain',))
    html = m.get_body(('html',))
    try:
        date = m['date'].datetime if m['date'] is not None else None
    except Exception:  # noqa: BLE001
        date = 'unreadable'
    return {
        # No Subject and an empty one are the same to a reader.
        'Subject': ' '.join(str(m['subject'] or '').split()),
        'From': addresses(m, 'from'),
        'To': addresses(m, 'to'),
        'Cc': addresses(m, 'cc'),
        'Date': date,
        'text body': text_of(text),
        'HTML body': text_of(html),
        'attachment names': sorted(a[0] for a in attachments(m, {id(text), id(html)})),
        'attachment bytes': attachments(m, {id(text), id(html)}),
        'message': m,
    }


def run_msgforge(msgforge, path, eml):
    dump = subprocess.run([msgforge, 'dump', '--json', path], capture_output=True)
    conv = subprocess.run([msgforge, 'convert', path, '-o', eml], capture_output=True)
    return (json.loads(dump.stdout) if dump.returncode == 0 else None), conv.returncode == 0


def when(value):
    """A dump's PtypTime value as an aware datetime, None for none."""
    if not value or value.startswith('1601'):
        return None
    return datetime.datetime.fromisoformat(value[:19]).replace(tzinfo=datetime.timezone.utc)


def transport(d):
    """The message's transport headers (PidTagTransportMessageHeaders) parsed, or None."""
    headers = prop(d, 0x007D001F)
    return email.message_from_string(headers.lstrip(), policy=email.policy.default) \
        if headers else None


def smtp(address):
    """The SMTP address msgforge writes for a dump's address, '' when there is none."""
    for candidate in (address or {}).get('smtp'), (address or {}).get('address'):
        if candidate and '@' in candidate:
            return candidate.lower()
    return ''


def resolves(ours, theirs, wanted):
    """msgforge wrote the SMTP address the properties resolve (or an Exchange DN encapsulated,
    an empty group for a name alone) where msgconvert wrote one without '@' or none."""
    only_ours = [a for a in ours if a not in theirs]
    only_theirs = [a for a in theirs if a not in ours]
    return all('@' not in a or a.startswith('unreadable') for a in only_theirs) and all(
        a in wanted or (a.startswith('imcea') and a.endswith('@invalid')) for a in only_ours)


def latin1(text):
    """`text` as its UTF-8 bytes read as Latin-1."""
    return text.encode('utf-8').decode('latin-1') if text is not None else None


def is_smime(d):
    return (d.get('message_class') or '').lower().startswith('ipm.note.smime')


def date_reason(a, b, d, started):
    submit, delivery = when(prop(d, 0x00390040)), when(prop(d, 0x0E060040))
    if a['Date'] != (submit or delivery):
        return None
    headers = transport(d)
    theirs = b['Date']
    created = prop(d, 0x30070040)
    if a['Date'] is None and theirs is not None and theirs >= started:
        return 'Date: the message has no time of sending or delivery; msgconvert writes the ' \
               'time of the conversion'
    if submit is None and created and (theirs == when(created) or (
            created.startswith('1601') and theirs is not None and theirs.year == 1601)):
        return 'Date: the message has no time of sending (PidTagClientSubmitTime); msgforge ' \
               'writes the delivery time or none, msgconvert the creation time'
    if headers is not None and headers['date'] is not None \
            and theirs == headers['date'].datetime:
        return 'Date: msgconvert takes the Date of the transport headers before the properties'
    return None


def address_reasons(field, a, b, d):
    if field == 'From':
        wanted = {smtp(d.get('sent_representing') or d.get('sender'))}
        return 'From: msgconvert writes an Exchange DN or nothing, msgforge the SMTP address' \
            if resolves(a['From'], b['From'], wanted) else None
    kind = 1 if field == 'To' else 2
    wanted = {smtp(r['address']) for r in d.get('recipients', [])
              if (prop(r, 0x0C150003) or 1) & 0xF == kind}
    if resolves(a[field], b[field], wanted):
        return f'{field}: msgconvert writes an Exchange DN or "name" <> for a recipient, ' \
               'msgforge the SMTP address'
    headers = transport(d)
    if headers is not None and b[field] == addresses(headers, field.lower()) \
            and resolves(a[field], [], wanted):
        return f'{field}: msgconvert takes the addresses of the transport headers, msgforge ' \
               'the recipient table'
    names = {}
    for r in d.get('recipients', []):
        names.setdefault(r['address'].get('name'), []).append(smtp(r['address']))
    only_ours = [x for x in a[field] if x not in b[field]]
    only_theirs = [x for x in b[field] if x not in a[field]]
    if only_theirs and all(any(x in same and x != y for same in names.values() if y in same)
                           for x, y in zip(only_theirs, only_ours)):
        return f'{field}: msgconvert looks addresses up by display name, so recipients of ' \
               'the same name get the first one\'s address'
    if only_theirs and all(x.strip("'") == y for x, y in zip(only_theirs, only_ours)):
        return f'{field}: msgconvert writes a display name that is a quoted address as the ' \
               'address, quotes included'
    return None


def attachment_reasons(a, b, d):
    """A reason for each attachment one writer has and the other has not, None when one has
    no rule."""
    ours = list(a['attachment bytes'])
    theirs = list(b['attachment bytes'])
    for item in list(ours):
        for other in theirs:
            if item[0] == other[0] and (item[1] is None or other[1] is None or item[1] == other[1]):
                theirs.remove(other)
                ours.remove(item)
                break
    embedded = set()
    stack = [d]
    while stack:
        for x in stack.pop().get('attachments', []):
            if prop(x, 0x37050003) == 5:
                # A name's trailing white space does not survive the header (RFC 5322 3.2.2).
                embedded.add((prop(x, 0x3001001F) or '').strip())
                stack.append(x.get('embedded_message') or {})
    ole = {prop(x, 0x3001001F) or prop(x, 0x3707001F) for x in d.get('attachments', [])
           if prop(x, 0x37050003) == 6}
    unnamed_messages = sum(1 for p in b['message'].walk()
                           if p.get_content_type() == 'message/rfc822' and not p.get_filename())
    reasons = []
    for name, data in ours:
        if is_smime(d):
            reasons.append('attachments: S/MIME, msgforge writes the stored signed entity, '
                           'msgconvert the properties')
        elif data is None and name in embedded and unnamed_messages:
            reasons.append('attachment names: msgforge names an embedded message, msgconvert '
                           'leaves its message/rfc822 part unnamed')
        elif name in ole:
            reasons.append('attachment names: msgconvert drops OLE attachments')
        else:
            return None
    for name, data in theirs:
        if is_smime(d):
            reasons.append('attachments: S/MIME, msgforge writes the stored signed entity, '
                           'msgconvert the properties')
        else:
            return None
    return reasons


def classify(a, b, d, started):
    """(reasons, unexplained fields) for the differences between msgforge's view `a` and
    msgconvert's `b` of the message dumped as `d`."""
    reasons = []
    unexplained = []
    for field in ('Subject', 'From', 'To', 'Cc', 'Date', 'text body', 'HTML body'):
        if a[field] == b[field]:
            continue
        reason = None
        if field == 'Subject':
            headers = transport(d)
            if headers is not None and b['Subject'] == ' '.join(str(headers['subject']).split()) \
                    and a['Subject'] == d.get('subject'):
                reason = 'Subject: msgconvert takes the Subject of the transport headers, ' \
                         'msgforge PidTagSubject'
        elif field in ('From', 'To', 'Cc'):
            reason = address_reasons(field, a, b, d)
        elif field == 'Date':
            reason = date_reason(a, b, d, started)
        elif field == 'text body':
            if is_smime(d):
                reason = 'text body: S/MIME, msgforge writes the stored signed entity, ' \
                         'msgconvert the properties'
            elif b['text body'] == latin1(a['text body']):
                reason = 'text body: msgconvert reads the Unicode body as Latin-1'
            elif a['text body'] == '' and b['text body'] is None and not prop(d, 0x1000001F):
                reason = 'text body: PidTagBody is empty; msgforge writes an empty text/plain ' \
                         'part, msgconvert none'
        elif field == 'HTML body':
            if b['HTML body'] is None and prop(d, 0x10130102) is None \
                    and prop(d, 0x10090102) is not None:
                reason = 'HTML body: msgconvert writes no HTML that only the RTF body holds'
        if reason is None:
            unexplained.append(f'{field}: msgforge {str(a[field])[:200]!r}, '
                               f'msgconvert {str(b[field])[:200]!r}')
        else:
            reasons.append(reason)
    found = attachment_reasons(a, b, d)
    if found is None:
        unexplained.append(f'attachments: msgforge {a["attachment names"]}, '
                           f'msgconvert {b["attachment names"]}')
    else:
        reasons.extend(sorted(set(found)))
    return reasons, unexplained


def main():
    msgforge, corpus, work = sys.argv[1:4]
    if not os.path.isdir(corpus):
        print(f'SKIP: no corpus at {corpus}')
        return 77
    if subprocess.run(['perl', '-MEmail::Outlook::Message', '-e', '1'],
                      capture_output=True).returncode != 0:
        print('SKIP: Email::Outlook::Message (libemail-outlook-message-perl) is not installed')
        return 77
    shutil.rmtree(work, ignore_errors=True)
    ours_dir = os.path.join(work, 'msgforge')
    theirs_dir = os.path.join(work, 'msgconvert')
    os.makedirs(ours_dir)
    os.makedirs(theirs_dir)
    files = sorted(os.path.join(r, f) for r, _, fs in os.walk(corpus) for f in fs
                   if f.lower().endswith(('.msg', '.oft'))
                   and os.path.relpath(r, corpus).split(os.sep)[0] != 'eml')
    started = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    peer = subprocess.Popen(['perl', os.path.join(HERE, 'mime_msgconvert_eml.pl'), theirs_dir]
                            + files, stderr=subprocess.DEVNULL)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        ours = list(pool.map(lambda a: run_msgforge(msgforge, a[1], os.path.join(
            ours_dir, f'{a[0]}.eml')), enumerate(files)))
    if peer.wait() != 0:
        print('mime_msgconvert_eml.pl failed')
        return 1
    counts = {}
    passed = failed = 0
    for i, (path, (dump, converted)) in enumerate(zip(files, ours)):
        theirs_eml = os.path.join(theirs_dir, f'{i}.eml')
        problems = []
        if not converted or not os.path.exists(theirs_eml):
            error = os.path.join(theirs_dir, f'{i}.error')
            message = ''
            if os.path.exists(error):
                with open(error, encoding='utf-8', errors='replace') as f:
                    message = f.read()
            if converted and 'Unknown encoding' in message:
                reason = 'msgconvert fails: Perl has no encoding for the code page ' \
                         f'({message.split("Unknown encoding ")[1].split()[0]})'
                counts[reason] = counts.get(reason, 0) + 1
            elif converted:
                problems.append('msgforge converts it, msgconvert does not: ' + message.strip())
            elif os.path.exists(theirs_eml):
                problems.append('msgconvert converts it, msgforge does not')
        else:
            a = view(os.path.join(ours_dir, f'{i}.eml'))
            b = view(theirs_eml)
            reasons, problems = classify(a, b, dump, started)
            for reason in reasons:
                counts[reason] = counts.get(reason, 0) + 1
        for p in problems:
            print(f'{path}: {p}')
        if problems:
            failed += 1
        else:
            passed += 1
    print(f'{len(files)} files; files per field and reason:')
    for reason, n in sorted(counts.items()):
        print(f'  {n:4d}  {reason}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
