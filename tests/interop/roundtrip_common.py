"""What the return-trip tests (mime_eml_roundtrip.py, mime_msg_roundtrip.py) share: the work
folder, the conversions, the closing report."""

import os
import shutil
import subprocess


def stage(files, work, ext, folders):
    """Empties WORK, makes its `folders`, and links each of `files` as WORK/src/N.ext, so that
    every file has a stem of its own: returns the links."""
    shutil.rmtree(work, ignore_errors=True)
    for name in ('src', *folders):
        os.makedirs(os.path.join(work, name))
    links = [os.path.join(work, 'src', f'{i}.{ext}') for i in range(len(files))]
    for path, link in zip(files, links):
        os.symlink(os.path.abspath(path), link)
    return links


def convert_all(msgforge, sources, out, to):
    """One `msgforge convert` of every existing source into the folder `out` (`--to` TO):
    returns the output path of each source, N.TO, which is absent where it failed."""
    subprocess.run([msgforge, 'convert', *[s for s in sources if os.path.exists(s)], '-o', out,
                    '--to', to], capture_output=True)
    return [os.path.join(out, os.path.splitext(os.path.basename(s))[0] + '.' + to)
            for s in sources]


def report(reasons, passed, failed):
    """Prints the differences per reason, then 'N passed, M failed'; the exit status."""
    for reason, n in sorted(reasons.items(), key=lambda x: -x[1]):
        print(f'  {n}: {reason}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0
