#!/usr/bin/python3
"""The .msg files `msgforge convert` writes from the corpus's .eml files, read by a peer.

  python3 mime_in_interop.py --msgforge BIN --corpus DIR --peer PEER [--poi-classpath CP]
      [--extract-msg DIR]

Converts every RFC 5322 file of DIR/eml (MANIFEST.md's kinds; the deliberately malformed ones,
S/MIME and TNEF left out, as their .msg form differs from their MIME tree by design) and checks
that PEER (olefile, extract_msg, msgconvert or poi) opens each .msg and sees what Python's email
parser (policy default) sees in the source: the subject, the sender's address, the To and Cc
addresses, the text body and each named attachment (name and size; olefile: bytes). Peers
other than olefile print msg_summary's JSON through the runners beside this script. Exits 77
when the corpus or the peer is missing, 1 on any disagreement.
"""

import argparse
import email
import email.policy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77
ADDRESS = re.compile(r'[^\s<>()"]+@[^\s<>()"]+')
# Where GMime and Python's parser decode a broken part differently, with why; compared for
# everything else.
KNOWN_DIFFERENCES = {
    'enmime/inlinemultipart.eml': 'base64 ending in an incomplete quantum (Python decodes it)',
    'php-mime-mail-parser/issue133.eml': 'filename=attach/01 unquoted: Python stops at the /',
    'php-mime-mail-parser/m0018.eml': 'base64 cut short: Python keeps the encoded text',
    'unstructured/mime-no-body.eml': 'base64 followed by a line of plain text',
}
EXCLUDED_KINDS = {'malformed', 'smime-signed', 'smime-encrypted', 'smime-opaque-signed', 'tnef',
                  'tnef-in-eml', 'pgp', 'mbox'}


def words(text):
    return ' '.join((text or '').split())


def corpus_files(corpus):
    rows = []
    row = re.compile(r'^\| (eml/[^ |]+\.eml) \| ([^|]*) \|')
    with open(os.path.join(corpus, 'eml', 'MANIFEST.md'), encoding='utf-8') as f:
        for line in f:
            m = row.match(line)
            if m and not EXCLUDED_KINDS & {k.strip() for k in m.group(2).split(',')}:
                rows.append(os.path.join(corpus, m.group(1)))
    return rows


def leaf_parts(part):
    """The leaf parts of a message, not descending into message/rfc822 (those become embedded
    messages with attachments of their own)."""
    if part.get_content_maintype() == 'message':
        yield part
    elif part.is_multipart():
        for sub in part.get_payload():
            yield from leaf_parts(sub)
    else:
        yield part


def usable(text):
    """Whether Python's email parser decoded `text`: no escaped 8-bit bytes, no replacement
    characters, no encoded word left as it was."""
    return text is not None and not re.search('[\udc80-\udcff\ufffd]|=\\?', text)


def mailbox_of(msg, name, address):
    """mailbox(address) when the raw header shows it as Python read it: `a@example.com
    <b@example.com>` unquoted is b for GMime, a for Python."""
    spec = mailbox(address)
    raw = ' '.join(str(v) for k, v in msg.raw_items() if k.lower() == name).lower()
    return None if spec is None or ('<' in raw and f'<{spec}>' not in raw) else spec


def mailbox(address):
    """An address Python read as one (an addr_spec with '@'), lower case, else None. A display
    name with '@' in it (`a@example.com <b@example.com>` unquoted) or a quoted local part is
    read differently by different parsers: None."""
    spec = address.addr_spec
    if '@' not in spec or '"' in spec or '@' in address.display_name or not usable(spec):
        return None
    return spec.lower()


def python_decoded(part, data):
    """Whether Python undid the part's transfer encoding (it leaves it when the header has
    stray white space, which GMime ignores)."""
    cte = str(part.get('content-transfer-encoding', '7bit')).lower()
    return cte.strip() == cte or cte.strip() not in ('base64', 'quoted-printable')


def expected(path):
    """What Python's email parser sees, None for what it cannot read."""
    with open(path, 'rb') as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    out = {'subject': None, 'from': None, 'sender': None, 'recipients': None,
           'first_recipients': None, 'body': None, 'attachments': []}
    try:
        subject = words(str(msg['subject'] or ''))
        out['subject'] = subject if usable(subject) else None
    except Exception:
        pass
    try:
        for name in ('from', 'sender'):
            addresses = msg[name].addresses if msg[name] is not None else ()
            out[name] = mailbox_of(msg, name, addresses[0]) if addresses else None
            if out[name] is None and msg[name] is not None:
                raise ValueError(f'{name} that Python cannot read')
        out['sender'] = out['sender'] or out['from']
    except Exception:
        out['from'] = out['sender'] = None
    try:
        recipients = []
        first_headers = []
        for name in ('to', 'cc'):
            for i, header in enumerate(msg.get_all(name) or ()):
                for a in header.addresses:
                    if mailbox_of(msg, name, a) is None:
                        raise ValueError('an address Python cannot read')
                    recipients.append(mailbox(a))
                    if i == 0:
                        first_headers.append(mailbox(a))
        out['recipients'] = sorted(recipients)
        out['first_recipients'] = sorted(first_headers)
    except Exception:
        pass
    body = None
    try:
        body = msg.get_body(preferencelist=('plain',))
        if body is not None and body.get_content_type() == 'text/plain':
            text = words(body.get_content())
            out['body'] = text if usable(text) else None
    except Exception:
        pass
    try:
        for part in leaf_parts(msg):
            name = part.get_filename()
            if name and usable(name) and part.get_content_maintype() != 'message' \
                    and part is not body:
                data = part.get_payload(decode=True) or b''
                if python_decoded(part, data):
                    out['attachments'].append((name, data))
    except Exception:
        out['attachments'] = None
    return out


def olefile_summaries(files):
    import olefile
    out = []
    for path in files:
        try:
            ole = olefile.OleFileIO(path)

            def text(stream):
                return ole.openstream(stream).read().decode('utf-16-le').rstrip('\0') \
                    if ole.exists(stream) else None

            attachments = []
            for entry in ole.listdir(streams=False, storages=True):
                if len(entry) == 1 and entry[0].startswith('__attach_version1.0_'):
                    base = entry[0] + '/__substg1.0_'
                    data = ole.openstream(base + '37010102').read() \
                        if ole.exists(base + '37010102') else b''
                    lf = data.replace(b'\r\n', b'\n')
                    attachments.append({'name': text(base + '3707001F'), 'size': None,
                                        'lf_sha256': hashlib.sha256(lf).hexdigest()})
            recipients = []
            for entry in ole.listdir(streams=False, storages=True):
                if len(entry) == 1 and entry[0].startswith('__recip_version1.0_'):
                    recipients.append({'email': text(entry[0] + '/__substg1.0_39FE001F'),
                                       'type': None})
            out.append({'file': path, 'error': None, 'summary': {
                'subject': text('__substg1.0_0037001F'),
                'sender_email': text('__substg1.0_5D01001F'),
                'recipients': recipients, 'attachments': attachments,
                'body_text': text('__substg1.0_1000001F')}})
            ole.close()
        except Exception as e:
            out.append({'file': path, 'error': f'{type(e).__name__}: {e}', 'summary': None})
    return out


def runner_summaries(peer, files, args):
    if peer == 'extract_msg':
        env = dict(os.environ, MSGFORGE_EXTRACT_MSG=args.extract_msg)
        command = [sys.executable, os.path.join(HERE, 'msg_extract_msg_summary.py')]
    elif peer == 'msgconvert':
        env = os.environ
        command = ['perl', os.path.join(HERE, 'msg_msgconvert_summary.pl')]
    else:
        env = os.environ
        command = ['java', '-cp', args.poi_classpath, 'MsgPoiSummary']
    result = subprocess.run(command + files, env=env, capture_output=True, check=True)
    return json.loads(result.stdout)['files']


def peer_available(peer, args):
    if peer == 'olefile':
        try:
            import olefile  # noqa: F401
            return True
        except ImportError:
            return False
    if peer == 'extract_msg':
        return bool(args.extract_msg) and os.path.isdir(args.extract_msg)
    if peer == 'msgconvert':
        return subprocess.run(['perl', '-MEmail::Outlook::Message', '-e', '1'],
                              capture_output=True).returncode == 0
    return shutil.which('java') is not None and bool(args.poi_classpath) and os.path.exists(
        os.path.join(args.poi_classpath.split(':')[0], 'MsgPoiSummary.class'))


def compare(source, want, seen, peer):
    """The disagreements between Python's view of `source` and the peer's `seen` summary."""
    problems = []
    if seen['error'] is not None:
        return [f'{peer} cannot open it: {seen["error"]}']
    s = seen['summary']
    if want['subject'] is not None and words(s.get('subject')) != want['subject']:
        problems.append(f'subject {s.get("subject")!r}, Python {want["subject"]!r}')
    # extract_msg gives "Name <address>" or "<address>" from the From of the header block,
    # msgconvert's MIME has the From of PidTagSentRepresenting*, olefile shows PidTagSender*
    # (Sender, else From).
    shown = f'{s.get("sender_name") or ""} <{s.get("sender_email") or ""}>'.lower()
    wanted = want['sender'] if peer == 'olefile' else want['from']
    if peer != 'poi' and wanted is not None and wanted not in ADDRESS.findall(shown):
        problems.append(f'sender {shown!r}, Python {wanted!r}')
    # msgconvert takes To and Cc from the header block, the first of each header only.
    recipients = want['first_recipients' if peer == 'msgconvert' else 'recipients']
    if recipients is not None:
        got = sorted((r.get('email') or '').lower() for r in s.get('recipients') or []
                     if r.get('type') in (None, 1, 2))
        if peer == 'olefile':
            got = [g for g in got if g in recipients]
        if got != recipients and not (peer == 'olefile' and set(got) == set(recipients)):
            problems.append(f'recipients {got}, Python {recipients}')
    if want['body'] is not None and peer != 'msgconvert' \
            and words(s.get('body_text')) != want['body']:
        problems.append('text body differs')
    if want['attachments'] is not None:
        # The .msg keeps a part's bytes as the file has them; Python's parser gives text with
        # LF line ends, so a CR LF of the file counts as one LF.
        have = [(a.get('name'), a.get('size'), a.get('lf_sha256'))
                for a in s.get('attachments') or []]
        for name, data in want['attachments']:
            lf = data.replace(b'\r\n', b'\n')
            sizes = {len(data), len(lf) + lf.count(b'\n')}
            digest = hashlib.sha256(lf).hexdigest()
            if not any(words(h[0]) == words(name) and h[1] in sizes | {None} and h[2] in (None, digest)
                       for h in have):
                problems.append(f'attachment {name!r} ({len(data)} bytes) missing')
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--msgforge', required=True)
    parser.add_argument('--corpus', required=True)
    parser.add_argument('--peer', required=True,
                        choices=['olefile', 'extract_msg', 'msgconvert', 'poi'])
    parser.add_argument('--poi-classpath', default='')
    parser.add_argument('--extract-msg', default='')
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.corpus, 'eml', 'MANIFEST.md')):
        print(f'SKIPPED: no MIME corpus in {args.corpus}')
        return SKIP
    if not peer_available(args.peer, args):
        print(f'SKIPPED: {args.peer} is not installed')
        return SKIP
    sources = corpus_files(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        written = []
        failures = []
        for i, source in enumerate(sources):
            target = os.path.join(tmp, f'{i:04d}.msg')
            result = subprocess.run([args.msgforge, 'convert', source, '-o', target],
                                    capture_output=True, text=True)
            if result.returncode != 0:
                failures.append(f'{source}: msgforge convert failed: {result.stderr.strip()}')
                continue
            written.append((source, target))
        if args.peer == 'olefile':
            seen = olefile_summaries([t for _, t in written])
        else:
            seen = runner_summaries(args.peer, [t for _, t in written], args)
        checks = 0
        for (source, _), summary in zip(written, seen):
            known = KNOWN_DIFFERENCES.get(os.path.relpath(source, os.path.join(args.corpus, 'eml')))
            for problem in compare(source, expected(source), summary, args.peer):
                if known is None or not problem.startswith('attachment'):
                    failures.append(f'{source}: {problem}')
            checks += 1
    for failure in failures:
        print(failure)
    print(f'{args.peer}: {checks} converted corpus messages compared with Python\'s email '
          f'parser, {len(failures)} disagreements')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
