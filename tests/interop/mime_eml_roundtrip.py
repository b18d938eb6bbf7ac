#!/usr/bin/env python3
"""Every RFC 5322 file of the MIME corpus converted to .msg and back to .eml keeps what the
properties carry (docs/mime.md, "Return trips").

Usage: mime_eml_roundtrip.py MSGFORGE CORPUS_DIR WORK_DIR

The .eml files of CORPUS_DIR/eml are converted by one `msgforge convert ... -o DIR` to .msg,
and the .msg files by one more back to .eml. Python's email parser (policy default) reads the
source and the result, which must show the same Subject, addresses of From, Sender (From when
there is none), To, Cc, Bcc and Reply-To, Date, Message-ID, In-Reply-To, References, importance
(Importance, else X-Priority), Priority, Sensitivity, text and HTML bodies (decoded text, line
ends aside) and attachments (name and bytes); embedded messages (message/rfc822) are compared
the same way, recursively. A difference passes only when one of RULES explains it, each rule
checking its reason on the source; the test prints every other difference, the count per
reason, then 'N passed, M failed'. Exit 77 (skipped) without the corpus.
"""

import base64
import email
import email.policy
import email.utils
import os
import re
import sys

from roundtrip_common import convert_all, report, stage

UNNAMED = re.compile(r'^ATT\d{5}(\.[A-Za-z0-9]+)?$')
ADDRESS_FIELDS = ('From', 'Sender', 'To', 'Cc', 'Bcc', 'Reply-To')


def header(m, name, read):
    """read(header objects of `name`), or 'unreadable: ...' when Python cannot read it."""
    try:
        return read(m.get_all(name) or [])
    except Exception as e:  # noqa: BLE001 - any parse failure is a value to compare
        return f'unreadable: {type(e).__name__}'


def mailboxes(values):
    return [a.addr_spec for v in values for a in v.addresses if a.addr_spec not in ('', '<>')]


def unfolded(values):
    return ' '.join(' '.join(str(v).split()) for v in values) or None


def importance(m):
    value = str(m.get('importance', '')).strip().lower()
    if value in ('high', 'normal', 'low'):
        return value
    digits = re.match(r'\s*(\d)', str(m.get('x-priority', '')))
    if digits:
        level = int(digits.group(1))
        return 'high' if level <= 2 else 'normal' if level == 3 else 'low'
    return 'normal'


def lowered(m, name, known):
    value = str(m.get(name, '')).strip().lower()
    return value if value in known else ''


def text_of(part):
    """The part's text, decoded from its charset; for a charset Python does not know or bytes
    not in it, msgforge's reading (UTF-8 when well-formed, else windows-1252)."""
    if part is None:
        return None
    try:
        text = part.get_content()
    except (LookupError, UnicodeError):
        text = fallback_decode(part.get_payload(decode=True) or b'')
    return text.replace('\r\n', '\n').replace('\r', '\n').rstrip('\n')


def fallback_decode(data):
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError:
        return data.decode('cp1252', errors='replace')


def fields(m):
    """What the comparison looks at in message `m`."""
    text = m.get_body(('plain',))
    html = m.get_body(('html',))
    return {
        'Subject': header(m, 'subject', unfolded),
        'From': header(m, 'from', mailboxes),
        'Sender': header(m, 'sender', mailboxes) or header(m, 'from', mailboxes),
        'To': header(m, 'to', mailboxes),
        'Cc': header(m, 'cc', mailboxes),
        'Bcc': header(m, 'bcc', mailboxes),
        'Reply-To': header(m, 'reply-to', mailboxes),
        'Date': header(m, 'date', lambda v: v[0].datetime.timestamp() if v and v[0].datetime
                       else None),
        'Message-ID': header(m, 'message-id', unfolded),
        'In-Reply-To': header(m, 'in-reply-to', unfolded),
        'References': header(m, 'references', unfolded),
        'Importance': importance(m),
        'Priority': lowered(m, 'priority', ('urgent', 'non-urgent')),
        'Sensitivity': lowered(m, 'sensitivity', ('personal', 'private', 'company-confidential')),
        'text body': text_of(text),
        'HTML body': text_of(html),
        'parts': parts(m, {id(text), id(html)}),
    }


def parts(node, bodies, top=True):
    """The attachments: (name, bytes or embedded message, part) of every leaf not a body."""
    if id(node) in bodies:
        return []
    if node.get_content_type() == 'message/rfc822':
        inner = node.get_payload()
        return [(node.get_filename(), inner[0] if inner else None, node)]
    if not top and node.get_content_maintype() == 'message':
        return [(node.get_filename(), b''.join(p.as_bytes() for p in node.get_payload()), node)]
    if node.is_multipart():
        return [p for child in node.get_payload() for p in parts(child, bodies, False)]
    # A line break of a text encoding (7bit, 8bit, quoted-printable) is the encoding's, not the
    # content's: Python decodes it as LF, msgforge keeps the file's CRLF. Compared as LF.
    data = (node.get_payload(decode=True) or b'').replace(b'\r\n', b'\n')
    return [(node.get_filename(), data, node)]


class Diff:
    """One difference: `field` of the message `src` (a source message or embedded message)
    and `res` (its result) differ, want (source) against got (result)."""

    def __init__(self, where, field, want, got, src, res, raw, top, part=None, container=None):
        self.where, self.field, self.want, self.got = where, field, want, got
        self.src, self.res, self.raw, self.top = src, res, raw, top
        self.part, self.container = part, container

    def __str__(self):
        return f'{self.where}: {self.field}: {self.got!r} != {self.want!r}'[:400]


# ---- the rules: each returns True when its reason explains the difference -----------------


def values_of(m, name):
    """The header objects of `name` in `m`, none when Python cannot read them."""
    try:
        return m.get_all(name) or []
    except Exception:  # noqa: BLE001 - a header Python cannot read has no value here
        return []


def header_block_lost(d):
    """GMime reads a first line of white space alone (or one that is no header) as the end of
    an empty header block: the whole file is the body, with a warning."""
    first = d.raw.split(b'\n', 1)[0].rstrip(b'\r')
    if first.startswith(b'From ') or re.match(rb'^[!-9;-~]+[ \t]*:', first):
        return False
    # The file's first words are in the result's text body.
    probe = next((line.strip() for line in d.raw.split(b'\n') if line.strip()), b'')[:20]
    body = d.res.get_body(('plain',))
    return bool(probe) and body is not None and probe in (body.get_payload(decode=True) or b'')


def several_headers(d):
    """The source has the header several times: GMime keeps one of them (the message has one
    property), Python joins them or takes another."""
    name = 'From' if d.field == 'Sender' and d.src.get('sender') is None else d.field
    values = values_of(d.src, name)
    if len(values) < 2:
        return False
    for v in values:
        one = email.message_from_string(f'{name}: {v}\n\n', policy=email.policy.default)
        if fields(one)[d.field] == d.got or str(v).strip() == str(d.got).strip():
            return True
    return d.field in ('To', 'Cc', 'Bcc') and set(d.want) <= set(d.got)


def defective_header(d):
    """Python reports a defect in the source's header (it is not RFC 5322), and reads less of
    it than GMime: the result holds a value where Python saw none or part of it."""
    name = 'From' if d.field == 'Sender' and d.src.get('sender') is None else d.field
    defects = [x for v in values_of(d.src, name) for x in getattr(v, 'defects', [])]
    if not defects:
        return False
    if isinstance(d.want, list):
        return all(any(w in g or g.startswith(w) for g in d.got) for w in d.want) and (
            d.want != d.got)
    return d.want in (None, '') or (isinstance(d.got, str) and d.want in d.got)


def name_without_address(d):
    """A source mailbox with no '@' (a display name alone, `"Joe Smith"`): the message holds a
    recipient with a name and no address, written as an empty group (`Joe Smith: ;`)."""
    return isinstance(d.want, list) and all('@' not in w or w.startswith('"') for w in d.want
                                            if w not in d.got) and all(g in d.want
                                                                      for g in d.got)


def eight_bit_header(d):
    """The source header holds 8-bit bytes that are not an encoded word: Python reads them as
    U+FFFD or escapes, msgforge as UTF-8 when well-formed, else windows-1252."""
    name = 'From' if d.field == 'Sender' and d.src.get('sender') is None else d.field
    raw = raw_header_bytes(d.raw, name)
    if raw is None or all(b < 0x80 for b in raw):
        return False
    if isinstance(d.got, str):
        return fallback_decode(raw).split() and ' '.join(fallback_decode(raw).split()) == d.got
    return isinstance(d.got, list) and all(
        any(fallback_decode(a.encode('utf-8', 'surrogateescape')).split('@')[0] in
            fallback_decode(raw) for a in [g]) for g in d.got)


def raw_header_bytes(raw, name):
    """The unfolded bytes of the first header `name` of the file's header block."""
    block = re.split(rb'\r?\n\r?\n', raw, 1)[0]
    m = re.search(rb'(?im)^' + re.escape(name.encode()) + rb'[ \t]*:(.*(?:\r?\n[ \t].*)*)',
                  block)
    return b' '.join(m.group(1).split()) if m else None


def idna_domain(d):
    """An internationalised domain is written in IDNA form (xn--), which RFC 5322 allows."""
    def idna(address):
        local, _, domain = address.rpartition('@')
        try:
            domain = domain.encode('utf-8', 'surrogateescape').decode('utf-8')
            return f'{local}@{domain.encode("idna").decode()}'
        except UnicodeError:
            return address
    return isinstance(d.want, list) and [idna(a) for a in d.want] == d.got


def several_senders(d):
    """From names several mailboxes: a message has one sender (PidTagSentRepresenting*), the
    first."""
    return isinstance(d.want, list) and len(d.want) > 1 and d.got == d.want[:1]


def id_brackets(d):
    """A single id stored without <> is written with them (docs/mime.md, Headers)."""
    return isinstance(d.want, str) and d.got == f'<{d.want}>'


def odd_date(d):
    """A Date that is not RFC 5322 (a zone other than +hhmm, a comment before the zone, a
    comment in the time) or that Python cannot read: GMime reads its zone or time otherwise."""
    raw = raw_header_bytes(bytes(d.src) if d.src is not d.top else d.raw, 'Date')
    if raw is None:
        return False
    return d.want is None or not re.fullmatch(
        rb'(\w{3}, ?)?\d{1,2} \w{3} \d{4} \d\d:\d\d(:\d\d)? [+-]\d{4}( \(.*\))?', raw.strip())


def date_from_received(d):
    """The source has no Date: the message reads as received at the newest Received date
    (PidTagMessageDeliveryTime), and the Date written is that time."""
    if values_of(d.src, 'date') or raw_header_bytes(d.raw, 'Date') is not None:
        return False
    times = []
    for v in values_of(d.src, 'received'):
        try:
            times.append(email.utils.parsedate_to_datetime(str(v).rsplit(';', 1)[1]).timestamp())
        except (IndexError, TypeError, ValueError):
            continue
    return bool(times) and d.got == max(times)


def unreadable_header(d):
    """Python cannot read the source header at all; GMime reads it."""
    return isinstance(d.want, str) and d.want.startswith('unreadable') and bool(d.got)


def obsolete_header(d):
    """The source writes the header in the obsolete syntax (white space before the colon,
    RFC 5322 4.5): Python does not take it, GMime does."""
    name = 'From' if d.field == 'Sender' else d.field
    block = re.split(rb'\r?\n\r?\n', d.raw, 1)[0]
    return d.want in (None, []) and bool(
        re.search(rb'(?im)^' + re.escape(name.encode()) + rb'[ \t]+:', block))


def at_in_display_name(d):
    """A display name with an unquoted '@' before <address> (`a@example.com <b@example.com>`):
    the mailbox is the address in angle brackets, which GMime takes."""
    name = 'From' if d.field == 'Sender' and d.src.get('sender') is None else d.field
    raw = raw_header_bytes(d.raw if d.src is d.top else bytes(d.src), name)
    found = raw and re.fullmatch(rb'[^"<]*@[^"<]*<([^>]+)>', raw.strip())
    return bool(found) and d.got == [found.group(1).decode()]


SUPERSETS = {'gb2312': 'gb18030', 'iso-8859-1': 'cp1252', 'us-ascii': 'cp1252',
             'ks_c_5601-1987': 'cp949', 'big5': 'cp950', 'shift_jis': 'cp932'}
ENCODED_WORD = re.compile(rb'=\?([^?\s*]+)(?:\*[^?\s]*)?\?([BbQq])\?([^?\s]*)\?=')


def word_bytes(word):
    kind, payload = word.group(2).upper(), word.group(3)
    if kind == b'B':
        return base64.b64decode(payload + b'=' * (-len(payload) % 4))
    return re.sub(rb'=([0-9A-Fa-f]{2})', lambda m: bytes([int(m.group(1), 16)]),
                  payload.replace(b'_', b' '))


def decoded_words(raw):
    """The encoded words of `raw` decoded one by one, each in its charset or the Windows code
    page that extends it, else as msgforge reads unknown text."""
    out = []
    for word in ENCODED_WORD.finditer(raw):
        data = word_bytes(word)
        charset = word.group(1).decode('ascii', 'replace').lower()
        out.append(in_charset(data, charset))
    return out


def in_charset(data, charset):
    """`data` decoded from `charset` or the Windows code page that extends it (the `-i` and `-e`
    forms of RFC 1556 as the plain charset), U+FFFD for what it lacks; else read as msgforge
    reads unknown text."""
    charset = re.sub(r'-[ie]$', '', charset.lower())
    try:
        return data.decode(SUPERSETS.get(charset, charset), errors='replace')
    except LookupError:
        return fallback_decode(data)


def encoded_word_charset(d):
    """The source header is RFC 2047 encoded words that Python does not decode, or decodes with
    U+FFFD (a charset it lacks, a character its codec lacks: gb2312 holding GBK): the message
    holds every word decoded in its charset's Windows code page, as msgforge reads it."""
    raw = raw_header_bytes(d.raw if d.src is d.top else bytes(d.src), d.field) or b''
    words = decoded_words(raw)
    # A character the codec lacks is U+FFFD in Python, one '?' a byte in GMime's iconv.
    return bool(words) and isinstance(d.want, str) and ('=?' in d.want or '\ufffd' in d.want) \
        and all(re.search(re.escape(w).replace('\ufffd', r'(?:\?+|.)'), d.got or '')
                for w in words)


def base64_message(d):
    """The embedded message is a message/rfc822 part in base64, which RFC 2046 5.2.1 forbids:
    GMime decodes it, Python reads the encoded text as the message."""
    return d.container is not None and str(
        d.container.get('content-transfer-encoding', '')).strip().lower() == 'base64'


def text_from_html(d):
    """The source has an HTML body and no text body: the message's text is the HTML's text."""
    return d.field == 'text body' and d.want is None and fields(d.src)['HTML body'] is not None


def empty_text_for_no_body(d):
    """The source has no body at all: the result has an empty text/plain."""
    return d.field == 'text body' and d.want is None and d.got == ''


def part_defects(d):
    """Python reports a defect in the source part (a missing header separator, bad base64,
    a boundary that never comes...): the part is malformed and GMime reads it otherwise; a part
    the result has more comes from a malformed part of the same message."""
    if d.want == 'in the source':
        return bool(d.part.defects)
    return any(p.defects for p in d.src.walk())


def malformed_message(d):
    """Python reports the source message's structure malformed (no blank line after the header,
    a boundary that never starts or ends...): GMime finds its bodies and parts otherwise."""
    return any(x for p in d.src.walk() for x in p.defects if type(x).__name__ in (
        'MissingHeaderBodySeparatorDefect', 'StartBoundaryNotFoundDefect',
        'CloseBoundaryNotFoundDefect', 'MultipartInvariantViolationDefect',
        'NoBoundaryInMultipartDefect', 'MisplacedEnvelopeHeaderDefect'))


def body_part(d):
    return d.src.get_body(('plain',) if d.field == 'text body' else ('html',))


def undecodable_text(d):
    """The body's bytes are not in the charset it declares (us-ascii when it declares none), or
    that charset is unknown: read in the Windows code page that extends the charset (gb2312 as
    GBK), else as UTF-8 when well-formed, else as windows-1252."""
    part = body_part(d)
    if part is None:
        return False
    data = part.get_payload(decode=True) or b''
    try:
        data.decode(part.get_content_charset() or 'us-ascii')
        return False
    except (LookupError, UnicodeDecodeError):
        pass
    charset = part.get_content_charset() or 'us-ascii'
    if in_charset(data, charset).replace('\r\n', '\n').rstrip('\n') == d.got:
        return True
    text = fallback_decode(data).replace('\r\n', '\n').replace('\r', '\n').rstrip('\n')
    # A NUL ends a PtypString: the text body keeps what comes before the first one.
    return text.split('\x00', 1)[0].rstrip('\n') == d.got.rstrip('\n') if d.got is not None \
        else False


def content_type_without_subtype(d):
    """A part's Content-Type is not type/subtype (`application-x-gzip`): Python reads it as
    text/plain (RFC 2045 5.2), GMime as application/octet-stream, an attachment."""
    return any('/' not in (p.get('content-type') or '/').split(';')[0]
               for p in d.src.walk())


def repeated_content_type(d):
    """A part has two Content-Type headers: GMime keeps the last, Python the first."""
    return any(len(p.get_all('content-type') or []) > 1 for p in d.src.walk())


def tnef_part(d):
    """The source has a TNEF part (winmail.dat): the stream's body replaces the MIME body and
    its attachments are read into the message; it is no attachment (docs/mime.md, TNEF)."""
    return any(p.get_content_type() in ('application/ms-tnef', 'application/vnd.ms-tnef')
               or (p.get_filename() or '').lower() == 'winmail.dat' for p in d.src.walk())


def message_news(d):
    """A message/news part is a message (RFC 1036): GMime reads it as an embedded message,
    Python as an attachment of its own type."""
    return any(p.get_content_type() == 'message/news' for p in d.src.walk())


def status_message(d):
    """The message's own type is message/delivery-status (not in a multipart/report): GMime
    reads its body as one part, an attachment, where Python sees header blocks."""
    return d.src.get_content_type() == 'message/delivery-status'


def undecoded_base64(d):
    """A Content-Transfer-Encoding with white space after `base64`: Python does not decode the
    part, GMime does."""
    if d.part is None:
        return False
    candidates = []
    for p in d.src.walk():
        cte = p.get('content-transfer-encoding')
        if not p.is_multipart() and cte is not None and str(cte).strip().lower() == 'base64' \
                and raw_cte_padded(d.raw):
            text = p.get_payload()
            if isinstance(text, str):
                candidates.append((p, base64.b64decode(''.join(text.split()) + '==')))
    if d.want == 'in the source':
        return any(p is d.part for p, _ in candidates)
    data = (d.part.get_payload(decode=True) or b'').replace(b'\r\n', b'\n')
    return any(data == c.replace(b'\r\n', b'\n') for _, c in candidates)


def raw_cte_padded(raw):
    return re.search(rb'(?im)^content-transfer-encoding:[ \t]*base64[ \t]+\r?$', raw) is not None


def empty_message_part(d):
    """A message/rfc822 part with nothing in it (no header, no body): it holds no message and
    is left out with a warning."""
    if d.part is None or d.want != 'in the source' \
            or d.part.get_content_type() != 'message/rfc822':
        return False
    inner = d.part.get_payload()
    return not inner or (not inner[0].keys() and not (inner[0].get_payload() or '').strip())


def rfc2231_charset(d):
    """An RFC 2231 file name whose bytes are not in the charset it declares: read as UTF-8 when
    well-formed, else windows-1252."""
    for m in re.finditer(rb"name\*=[ \t]*([^']*)'[^']*'([^;\r\n]*)", d.raw):
        data = re.sub(rb'%([0-9A-Fa-f]{2})', lambda x: bytes([int(x.group(1), 16)]),
                      m.group(2).strip())
        try:
            data.decode(m.group(1).decode() or 'us-ascii')
        except (LookupError, UnicodeDecodeError):
            if fallback_decode(data) == d.got:
                return True
    return False


def file_names(d):
    """The raw values of every name or filename parameter of the source file."""
    return [m.group(1) for m in re.finditer(rb'name\*?=[ \t]*"?([^";\r\n]*)', d.raw)]


def eight_bit_name(d):
    """The source part names its file with 8-bit bytes that are not RFC 2231 or 2047: read as
    UTF-8 when well-formed, else windows-1252."""
    return any(any(b >= 0x80 for b in n) and fallback_decode(n) == d.got for n in file_names(d))


def encoded_word_in_name(d):
    """A file name holds RFC 2047 encoded words inside a quoted parameter, which RFC 2047 5
    does not allow: GMime decodes them (docs/mime.md), Python keeps them."""
    return '=?' in (d.want or '') and '=?' not in (d.got or '')


def tspecial_in_name(d):
    """An unquoted file name holds a tspecial (`filename=attach/01`, RFC 2045 5.1): Python
    stops before it, GMime reads to the end of the value."""
    return any(n.decode('latin-1') == d.got for n in file_names(d)) and (d.got or '').startswith(
        d.want or '\0')


def folded_name(d):
    """A quoted file name broken over two lines: GMime unfolds the break to a space."""
    return ' '.join((d.want or '').split()) == d.got


HEADERS = ('Subject', *ADDRESS_FIELDS, 'Date', 'Message-ID', 'In-Reply-To', 'References',
           'Importance', 'Priority', 'Sensitivity')
ANY = None

# (reason, the fields it may explain (ANY: every field and attachment), rule)
RULES = [
    ('the source begins with no header line: GMime reads the whole file as the body', ANY,
     header_block_lost),
    ('From with several mailboxes: a message has one sender, the first', ('From', 'Sender'),
     several_senders),
    ('a header given several times: the message keeps one', HEADERS, several_headers),
    ('a header Python reports defective, which GMime reads further', HEADERS, defective_header),
    ('8-bit header bytes: read as UTF-8, else windows-1252', HEADERS, eight_bit_header),
    ('an internationalised domain written in IDNA form (xn--)', ADDRESS_FIELDS, idna_domain),
    ('a mailbox with no address, written as an empty group', ADDRESS_FIELDS,
     name_without_address),
    ('an id without <> is written with them', ('Message-ID', 'In-Reply-To'), id_brackets),
    ('a Date that is not RFC 5322: its zone is read otherwise', ('Date',), odd_date),
    ('a header Python cannot read, which GMime reads', HEADERS, unreadable_header),
    ('a header in the obsolete syntax, which GMime reads', HEADERS, obsolete_header),
    ('an unquoted @ in a display name: the address is the one in <>', ADDRESS_FIELDS,
     at_in_display_name),
    ('an encoded word Python does not decode, which GMime decodes', ('Subject',),
     encoded_word_charset),
    ('a message/rfc822 part in base64: GMime decodes it', ANY, base64_message),
    ('no text body: the text is made from the HTML', ('text body',), text_from_html),
    ('no body: written as an empty text/plain', ('text body',), empty_text_for_no_body),
    ('8-bit bytes in a file name: read as UTF-8, else windows-1252', ('attachment name',),
     eight_bit_name),
    ('encoded words in a quoted file name: GMime decodes them', ('attachment name',),
     encoded_word_in_name),
    ('a tspecial in an unquoted file name: GMime reads the whole value', ('attachment name',),
     tspecial_in_name),
    ('a line break in a quoted file name: unfolded', ('attachment name',), folded_name),
    ('an RFC 2231 file name not in its charset: read as UTF-8, else windows-1252',
     ('attachment name',), rfc2231_charset),
    ('a message/news part: read as an embedded message', ANY, message_news),
    ('a message of type message/delivery-status: its body is one attachment', ANY,
     status_message),
    ('white space after base64 in Content-Transfer-Encoding: GMime decodes the part', ANY,
     undecoded_base64),
    ('an empty message/rfc822 part: holds no message, left out', ANY, empty_message_part),
    ('no Date: the newest Received date is the delivery time and the Date written', ('Date',),
     date_from_received),
    ('a message Python reports malformed, whose parts GMime finds otherwise',
     ('text body', 'HTML body'), malformed_message),
    ('a header block Python ends early (a line neither a field nor folded), GMime reads on',
     HEADERS, lambda d: d.want in (None, []) and malformed_message(d)),
    ('text not in its declared charset: read as UTF-8, else windows-1252',
     ('text body', 'HTML body'), undecodable_text),
    ('a Content-Type without subtype: an attachment, not text', ANY,
     content_type_without_subtype),
    ('a part with two Content-Type headers: GMime takes the last', ANY, repeated_content_type),
    ('a TNEF part: its body and attachments replace the MIME ones', ANY, tnef_part),
]


def explain(d):
    """The reason of the first rule that explains `d`, or None."""
    for reason, names, rule in RULES:
        if (names is ANY or d.field in names) and rule(d):
            return reason
    if d.field.startswith('attachment ') and part_defects(d):
        return 'a part Python reports malformed, which GMime reads otherwise'
    if d.field.startswith('attachment ') and malformed_message(d):
        return 'a message Python reports malformed, whose parts GMime finds otherwise'
    return None


def compare(src, res, where, raw, top, diffs, counts, container=None):
    a = fields(src)
    b = fields(res)
    for name, want in a.items():
        if name == 'parts':
            continue
        counts['fields'] += 1
        if want != b[name]:
            d = Diff(where, name, want, b[name], src, res, raw, top, container=container)
            diffs.append(d)
    compare_parts(a['parts'], b['parts'], src, res, where, raw, top, diffs, counts)


def compare_parts(want, got, src, res, where, raw, top, diffs, counts):
    left = list(got)
    for name, content, part in want:
        counts['attachments'] += 1
        match = None
        for i, (got_name, got_content, _) in enumerate(left):
            if isinstance(content, bytes) != isinstance(got_content, bytes):
                continue
            if isinstance(content, bytes) and content != got_content:
                continue
            if name == got_name or (name is None and got_name and (
                    UNNAMED.match(got_name) if isinstance(content, bytes)
                    else got_name == subject_of(content))):
                match = i
                break
        if match is None and isinstance(content, bytes):
            match = next((i for i, (_, c, _) in enumerate(left) if c == content), None)
            if match is not None:
                d = Diff(where, 'attachment name', name, left[match][0], src, res, raw, top,
                         part)
                diffs.append(d)
        if match is None:
            d = Diff(where, f'attachment {name!r}', 'in the source', 'missing or other bytes',
                     src, res, raw, top, part)
            diffs.append(d)
            continue
        got_name, got_content, _ = left.pop(match)
        if name is None:
            counts['unnamed part named ATT0000N or by its subject'] += 1
        if not isinstance(content, bytes) and content is not None:
            compare(content, got_content, f'{where}/{got_name}', raw, top, diffs, counts, part)
    for got_name, _, part in left:
        d = Diff(where, f'attachment {got_name!r}', 'not in the source', 'present', src, res,
                 raw, top, part)
        diffs.append(d)


def subject_of(message):
    """The name msgforge gives an unnamed embedded message: its subject, else `message`."""
    return (header(message, 'subject', unfolded) or 'message') if message is not None else None


def main():
    msgforge, corpus, work = sys.argv[1:4]
    eml_dir = os.path.join(corpus, 'eml')
    if not os.path.isdir(eml_dir):
        print(f'SKIP: no MIME corpus at {eml_dir}')
        return 77
    files = sorted(os.path.relpath(os.path.join(r, f), eml_dir)
                   for r, _, fs in os.walk(eml_dir) for f in fs if f.endswith('.eml'))
    sources = stage([os.path.join(eml_dir, name) for name in files], work, 'eml', ('msg', 'back'))
    results = convert_all(msgforge, convert_all(msgforge, sources, os.path.join(work, 'msg'),
                                                'msg'), os.path.join(work, 'back'), 'eml')
    counts = {'fields': 0, 'attachments': 0, 'unnamed part named ATT0000N or by its subject': 0}
    reasons = {}
    passed = failed = 0
    for i, name in enumerate(files):
        result = results[i]
        if not os.path.exists(result):
            print(f'{name}: not converted')
            failed += 1
            continue
        with open(os.path.join(eml_dir, name), 'rb') as f:
            raw = f.read()
        src = email.message_from_bytes(raw, policy=email.policy.default)
        with open(result, 'rb') as f:
            res = email.message_from_binary_file(f, policy=email.policy.default)
        diffs = []
        compare(src, res, name, raw, src, diffs, counts)
        unexplained = []
        for d in diffs:
            reason = explain(d)
            if reason is None:
                unexplained.append(str(d))
            else:
                reasons[reason] = reasons.get(reason, 0) + 1
        for line in unexplained:
            print(line)
        if unexplained:
            failed += 1
        else:
            passed += 1
    print(f'{len(files)} files, {counts["fields"]} fields and {counts["attachments"]} '
          f'attachments compared; {counts["unnamed part named ATT0000N or by its subject"]} '
          f'unnamed parts named ATT0000N or by their subject')
    return report(reasons, passed, failed)


if __name__ == '__main__':
    sys.exit(main())
