"""The package's surface: the stubs (__init__.pyi) declare what the module has, and every public
class, attribute and function has a docstring."""

import ast
import inspect

import pytest

import msgforge

from conftest import ROOT

STUBS = ast.parse((ROOT / "python" / "msgforge" / "__init__.pyi").read_text())
STUB_CLASSES = {n.name: n for n in STUBS.body if isinstance(n, ast.ClassDef)}
STUB_FUNCTIONS = {n.name for n in STUBS.body if isinstance(n, ast.FunctionDef)}


def stub_members(name):
    node = STUB_CLASSES[name]
    members = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
    members |= {n.target.id for n in node.body if isinstance(n, ast.AnnAssign)}
    for base in node.bases:
        if isinstance(base, ast.Name) and base.id in STUB_CLASSES:
            members |= stub_members(base.id)
    return {m for m in members if not m.startswith("_")}


def runtime_members(cls):
    return {m for m in dir(cls) if not m.startswith("_")}


def test_the_stubs_declare_every_public_name():
    declared = set(STUB_CLASSES) | STUB_FUNCTIONS | {"__version__"}
    assert declared == set(msgforge.__all__)


@pytest.mark.parametrize("name", sorted(n for n in STUB_CLASSES
                                        if not issubclass(getattr(msgforge, n), Exception)))
def test_a_stub_class_has_the_members_of_the_class(name):
    assert stub_members(name) == runtime_members(getattr(msgforge, name))


@pytest.mark.parametrize("name", sorted(n for n in msgforge.__all__ if n != "__version__"))
def test_every_public_name_is_documented(name):
    value = getattr(msgforge, name)
    assert inspect.getdoc(value), name
    if inspect.isclass(value) and not issubclass(value, Exception):
        for member in runtime_members(value):
            assert inspect.getdoc(getattr(value, member)), f"{name}.{member}"


def test_errors_carry_where_and_what():
    for name in ("FormatError", "LimitError", "UsageError", "IoError"):
        assert issubclass(getattr(msgforge, name), msgforge.Error)
    assert issubclass(msgforge.LimitError, msgforge.FormatError)
    assert {"file", "structure", "offset", "detail"} <= stub_members("Error")
