"""The hostile corpus uploaded on "Analyse a log": each file is an error naming it with what to
do, never an exception on the page, and the sample log loaded before stays loaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import texts
from tests.support.hostile_logs import CORPUS, Hostile
from tests.support.lead_page import load_sample, open_lead, plain, upload

SAMPLE = "exceptions_ops.csv"
LOADED = f"{SAMPLE} · 1,984 rows"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppTest]:
    """One session with the sample loaded; every hostile file is uploaded into it in turn."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRIAGE_DB_PATH", str(tmp_path_factory.mktemp("db") / "triage.db"))
        patch.delenv("TRIAGE_DATABASE_URL", raising=False)
        yield load_sample(open_lead(), SAMPLE)


@pytest.mark.parametrize("case", CORPUS, ids=[case.name for case in CORPUS])
def test_a_hostile_upload_is_explained_and_the_sample_stays(
    page: AppTest, case: Hostile, hostile_logs: dict[str, Path]
) -> None:
    """The error names the file, says the problem and what to do, and that nothing was lost;
    the sample log is still the one in use."""
    upload(page, case.name, hostile_logs[case.name].read_bytes())
    assert not page.exception
    message = plain(page.error[0].value)
    assert message.startswith(f"**{case.name}")
    for words in case.words:
        assert words in message
    assert "What to do:" in message and "Nothing you had set up was lost" in message
    assert LOADED in texts(page)


def test_an_unexpected_failure_is_a_message_without_a_class_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Should a reader ever raise something else than LogError, the page says the file could
    not be read and what to do, not the Python error's class name, and keeps the sample."""
    import ui.lead.loading

    class Failing:
        """A reading job that ends in an error no reader should raise."""

        def wait(self, _: float) -> bool:
            return True

        def result(self) -> None:
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

        def cancel(self) -> None:
            pass

    monkeypatch.setenv("TRIAGE_DB_PATH", str(tmp_path / "triage.db"))
    at = load_sample(open_lead(), SAMPLE)
    monkeypatch.setattr(ui.lead.loading, "start_prepare", lambda *_, **__: Failing())
    upload(at, "odd.csv", b"id\n1\n")
    message = plain(at.error[0].value)
    assert message.startswith("**odd.csv:** the file could not be read.")
    assert "Error" not in message and "What to do:" in message
    assert LOADED in texts(at)
