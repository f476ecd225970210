"""Shared fixtures: the project's spec, loaded once."""

from __future__ import annotations

import pytest

from framework.spec.loader import DEFAULT_SPEC_PATH, load_spec
from framework.spec.model import Spec


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec()


@pytest.fixture(scope="session")
def spec_text() -> str:
    return DEFAULT_SPEC_PATH.read_text(encoding="utf-8")
