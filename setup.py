"""The setuptools side of `pip install .` (pyproject.toml): the extension msgforge._msgforge is
built by the project's CMake build, for the Python that runs pip (docs/python.md, "Installing").

Environment:
  MSGFORGE_BUILD_DIR  a CMake build folder to build the extension in: configured here when it
                      has no CMakeCache.txt, else used as it is configured (an existing build
                      tree for the same Python rebuilds only what changed)
  CMAKE_ARGS          more arguments for the configure step, split as a shell would
"""

import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


def version():
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    return re.search(r"project\(msgforge VERSION ([0-9.]+)", text).group(1)


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = pathlib.Path(os.environ.get("MSGFORGE_BUILD_DIR") or self.build_temp).resolve()
        if not (build_dir / "CMakeCache.txt").exists():
            configure = [
                "cmake", "-S", str(ROOT), "-B", str(build_dir),
                "-DCMAKE_BUILD_TYPE=Release",
                "-DMSGFORGE_BUILD_PYTHON=ON",
                "-DMSGFORGE_BUILD_TESTS=OFF",
                "-DMSGFORGE_BUILD_TOOLS=OFF",
                f"-DPython3_EXECUTABLE={sys.executable}",
            ]
            if shutil.which("ninja"):
                configure += ["-G", "Ninja"]
            configure += shlex.split(os.environ.get("CMAKE_ARGS", ""))
            subprocess.run(configure, check=True)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "msgforge-python"],
                       check=True)
        name = "_msgforge" + sysconfig.get_config_var("EXT_SUFFIX")
        built = build_dir / "python" / "msgforge" / name
        if not built.exists():
            sys.exit(f"{build_dir} built no {name}: is it configured for another Python than "
                     f"{sys.executable}?")
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    version=version(),
    ext_modules=[CMakeExtension("msgforge._msgforge")],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": "build-pip"}},
)
