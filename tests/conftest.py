"""Shared fixtures: the project's spec, loaded once."""

from __future__ import annotations

import pytest

from framework.model import Spec
from framework.spec import DEFAULT_SPEC_PATH, load_spec


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec()


@pytest.fixture(scope="session")
def spec_text() -> str:
    return DEFAULT_SPEC_PATH.read_text(encoding="utf-8")
