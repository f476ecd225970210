"""Action items and reasons on a saved analysis, on SQLite and on PostgreSQL: they survive a
restart, appear in the report (`report --analysis` too), carry across revisions, and a diff
of two revisions says who changed what."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from framework.analysis.action_items import (
    DONE,
    IN_PROGRESS,
    ActionItem,
    ActionItems,
    OverrideReason,
)
from framework.analysis.document import AnalysisDocument
from framework.analysis.overrides import with_overrides
from framework.analysis.pipeline import analyze_table
from framework.cli.main import main
from framework.logs.reading import read_log_file
from framework.report.analysis_report import analysis_report_html, analysis_report_markdown
from framework.spec.model import Spec
from framework.store.config import sqlite_url
from framework.store.opening import open_saved
from framework.store.records import AnalysisNotFound, SavedRef
from framework.store.revision_changes import revision_diff
from framework.store.saved_analyses import Store, open_store
from tests.support.pgserver import PostgresServer, find_bindir_or_fail
from tests.support.sample_logs import DATA

GROUP = "PO_AMENDMENT_WMS_GAP"
DUE = date(2024, 5, 31)


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer.start(find_bindir_or_fail())
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "triage.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    url = server.create_database()
    yield url
    server.drop_database(url)


@pytest.fixture(scope="module")
def document(spec: Spec) -> AnalysisDocument:
    """The 'after' sample period with one answer set by hand, an owner and a status."""
    _, analysis = analyze_table(read_log_file(DATA / "period_after.csv"), spec)
    edited = with_overrides(analysis, {GROUP: {"varies_by_handler": "no"}})
    actions = (
        ActionItems()
        .with_item(GROUP, ActionItem("Amira Haddad", IN_PROGRESS, DUE, "release rule drafted"))
        .with_reason(GROUP, "varies_by_handler", OverrideReason("Tom", "one runbook since May"))
    )
    return AnalysisDocument(edited, "After the fixes", actions=actions)


def save(store: Store, document: AnalysisDocument, spec: Spec, **options: object) -> SavedRef:
    return store.create(
        document.to_dict(),
        title=document.title,
        spec_version=spec.version,
        spec_digest=spec.digest,
        **options,  # type: ignore[arg-type]
    )


def revise(
    store: Store, ref: SavedRef, document: AnalysisDocument, spec: Spec, author: str
) -> SavedRef:
    return store.save_revision(
        ref.analysis_id,
        document.to_dict(),
        base_revision=ref.revision,
        spec_version=spec.version,
        spec_digest=spec.digest,
        author=author,
    )


def test_owner_and_status_survive_a_restart_and_appear_in_the_report(
    spec: Spec, store_url: str, document: AnalysisDocument, capsys: pytest.CaptureFixture[str]
) -> None:
    """Saved, the store closed and opened again: the item and reason are there, and in the
    HTML and Markdown reports and in `report --analysis`."""
    with open_store(store_url) as store:
        ref = save(store, document, spec, author="Amira")
    with open_store(store_url) as store:  # a restart: a new engine on the same database
        opened = open_saved(store, spec, ref.analysis_id)
    item = opened.document.actions.item(GROUP)
    assert (item.owner, item.status, item.due) == ("Amira Haddad", IN_PROGRESS, DUE)
    assert opened.document.actions.reason(GROUP, "varies_by_handler").by == "Tom"
    page = analysis_report_html(opened.document)
    assert "<h2>Action items</h2>" in page
    assert "<td>Amira Haddad</td>" in page and "<td>In progress</td>" in page
    assert "<td>one runbook since May</td>" in page
    text = analysis_report_markdown(opened.document)
    assert f"| PO_AMENDMENT_WMS_GAP | Both present | In progress | Amira Haddad | {DUE} |" in text
    code = main(
        ["report", f"--analysis={ref.analysis_id}", "--database", store_url, "--format", "md"]
    )
    assert code == 0 and "Amira Haddad" in capsys.readouterr().out


def test_items_carry_across_revisions(
    spec: Spec, store_url: str, document: AnalysisDocument
) -> None:
    """A revision that changes only an answer keeps every item and reason of its base."""
    with open_store(store_url) as store:
        ref = save(store, document, spec)
        base = open_saved(store, spec, ref.analysis_id).document
        edited = AnalysisDocument(
            with_overrides(
                base.analysis,
                {**base.overrides, "RETURN_NO_RMA": {"root_cause": "schema_mismatch"}},
            ),
            base.title,
            base.source,
            base.cost,
            base.actions,
        )
        second = revise(store, ref, edited, spec, "Tom")
        again = open_saved(store, spec, ref.analysis_id, second.revision).document
    assert again.actions == document.actions
    assert again.overrides["RETURN_NO_RMA"] == {"root_cause": "schema_mismatch"}


def test_diff_says_who_changed_what(spec: Spec, store_url: str, document: AnalysisDocument) -> None:
    """Revision 1 by Amira, 2 by Tom (status), 3 by Lee (an answer): the diff from 1 to 3
    credits each change to the revision and person that made it."""
    with open_store(store_url) as store:
        first = save(store, document, spec, author="Amira")
        done = document.actions.with_item(GROUP, ActionItem("Amira Haddad", DONE, DUE, "released"))
        second = revise(
            store,
            first,
            AnalysisDocument(document.analysis, document.title, actions=done),
            spec,
            "Tom",
        )
        answered = with_overrides(
            document.analysis, {**document.overrides, "RETURN_NO_RMA": {"retry_resolves": "yes"}}
        )
        third = revise(
            store, second, AnalysisDocument(answered, document.title, actions=done), spec, "Lee"
        )
        diff = revision_diff(store, spec, first.analysis_id, 1, third.revision)
        sibling = revise(store, first, document, spec, "Noor")
        across = revision_diff(store, spec, first.analysis_id, sibling.revision, third.revision)
        with pytest.raises(AnalysisNotFound):
            revision_diff(store, spec, first.analysis_id, 1, 99)
    found = {
        (c.change.group, c.change.what): (
            c.change.before,
            c.change.after,
            c.revision.author if c.revision else None,
        )
        for c in diff.changes
    }
    assert found == {
        (GROUP, "Status"): ("In progress", "Done", "Tom"),
        (GROUP, "Note"): ("release rule drafted", "released", "Tom"),
        ("RETURN_NO_RMA", "Answer 3. Retry"): ("No (inferred)", "Yes (set by hand)", "Lee"),
    }
    assert diff.on_one_line and not across.on_one_line
    assert {c.revision.author for c in across.changes if c.revision} == {"Tom", "Lee"}
