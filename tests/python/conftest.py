"""Shared fixtures of the Python package's tests: the corpus folder and the built CLI."""

import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def corpus():
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS


@pytest.fixture
def cli():
    path = os.environ.get("MSGFORGE_CLI")
    if not path or not os.path.exists(path):
        pytest.skip("MSGFORGE_CLI does not name the built msgforge tool")
    return path
