"""Shared fixtures: the project's spec, loaded once; the hostile logs, written once."""

from __future__ import annotations

from pathlib import Path

import pytest

from framework.spec.loader import DEFAULT_SPEC_PATH, load_spec
from framework.spec.model import Spec
from tests.support.hostile_logs import write_corpus


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec()


@pytest.fixture(scope="session")
def spec_text() -> str:
    return DEFAULT_SPEC_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def hostile_logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hostile corpus (tests/support/hostile_logs.py), written once per session."""
    return write_corpus(tmp_path_factory.mktemp("hostile"))
