"""msgforge: read and write Outlook .msg files (and their SMS/MMS objects) from Python.

The work is done by the C++ library through the extension module msgforge._msgforge; reading,
writing, MIME conversion and records release the GIL. See docs/python.md.
"""

import json as _json
import os as _os

from ._msgforge import (  # noqa: F401 (re-exported)
    Address,
    Attachment,
    Error,
    FormatError,
    IoError,
    LimitError,
    Message,
    Mms,
    MmsView,
    Note,
    OmsView,
    Part,
    Party,
    Slide,
    Sms,
    SmsView,
    UsageError,
    __version__,
    from_eml,
    read,
)
from ._msgforge import _message_files, _record_lines, _write_records
from ._msgforge import validate as _validate

__all__ = [
    "Address", "Attachment", "Error", "FormatError", "IoError", "LimitError", "Message",
    "Mms", "MmsView", "Note", "OmsView", "Part", "Party", "Slide", "Sms", "SmsView",
    "UsageError", "__version__", "from_eml", "message_files", "read", "records",
    "records_to_jsonl", "validate",
]


def validate(message):
    """Checks an SMS or MMS message (a Message, or the path of a .msg file) against MS-OXOSMMS.

    Returns a list of findings, dicts with severity ("MUST" or "SHOULD"), section and message;
    an empty list when the message conforms.
    """
    if isinstance(message, (str, bytes, _os.PathLike)):
        message = read(message)
    return _validate(message)


def message_files(paths):
    """The message files of paths, as `msgforge records` finds them: a folder is searched
    recursively for .msg and .oft files (any case), sorted by path; anything else is taken as
    a file, as given."""
    if isinstance(paths, (str, _os.PathLike)):
        paths = [paths]
    return _message_files([_os.fspath(p) for p in paths])


def records(paths, threads=0, bodies=False):
    """One normalised record (a dict) per message and embedded message of the files under
    paths, in the order `msgforge records` gives them (docs/records.md). threads=0 uses one
    thread per core; the result is the same for any number of threads."""
    lines = _record_lines(message_files(paths), threads, bodies)
    return [_json.loads(line) for line in lines]


def records_to_jsonl(paths, out, threads=0, bodies=False):
    """Writes the records of the files under paths to out (JSON Lines, atomically) without
    holding them in memory; returns {"files", "records", "failed"}."""
    return _write_records(message_files(paths), _os.fspath(out), threads, bodies)

