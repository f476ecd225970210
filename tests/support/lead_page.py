"""Driving the team lead's page with AppTest: load a sample, upload, switch tabs, override."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import FileUploader

from tests.support.apptest import open_app
from tests.support.sample_logs import DATA
from ui import ANALYZE_PAGE
from ui.lead.group_detail import answer_key
from ui.lead.page import TAB_KEY
from ui.lead.upload import UPLOAD_KEY

MIME = {"csv": "text/csv", "jsonl": "application/jsonl", "xlsx": "application/octet-stream"}


def open_lead(params: Mapping[str, str] | None = None) -> AppTest:
    """The team lead's page in a fresh session, optionally from a share link."""
    return open_app(params, page=ANALYZE_PAGE)


def ok(at: AppTest) -> AppTest:
    """Fail on any exception the run raised; return the AppTest for chaining."""
    assert not at.exception, [e.message for e in at.exception]
    return at


def load_sample(at: AppTest, name: str) -> AppTest:
    """Click the sample log's button."""
    button = next(b for b in at.button if b.label == name)
    return ok(button.click().run())


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    """Upload a file through the page's uploader."""
    mime = MIME.get(name.rsplit(".", 1)[-1], "application/octet-stream")
    return ok(uploader(at).upload(name, data, mime).run())


def uploader(at: AppTest, key: str = UPLOAD_KEY) -> FileUploader:
    """The page's file uploader for `key` (its key turns after each file read: `key.0`,
    `key.1` …)."""
    found = [u for u in at.file_uploader if (u.key or "").startswith(f"{key}.")]
    assert len(found) == 1, [u.key for u in at.file_uploader]
    return found[0]


def sample_bytes(name: str) -> bytes:
    return (DATA / name).read_bytes()


def show_tab(at: AppTest, label: str) -> AppTest:
    """Open one of the page's tabs (only the open tab renders)."""
    at.session_state[TAB_KEY] = label
    return ok(at.run())


def override(at: AppTest, group: str, question: str, value: str) -> AppTest:
    """Set one answer of one group by hand in the group detail."""
    return ok(at.selectbox(key=answer_key(group, question)).set_value(value).run())


def click(at: AppTest, label: str) -> AppTest:
    """Click the one button with this label."""
    matches = [b for b in at.button if b.label == label]
    assert len(matches) == 1, [b.label for b in at.button]
    return ok(matches[0].click().run())


def group_rows(at: AppTest) -> list[dict[Hashable, Any]]:
    """The group table as records (the first dataframe on the Groups tab)."""
    records: list[dict[Hashable, Any]] = at.dataframe[0].value.to_dict("records")
    for record in records:  # the verdict is shown as a one-label list (a coloured label)
        verdict: Any = record.get("Verdict")
        if verdict is not None and not isinstance(verdict, str) and len(verdict) == 1:
            record["Verdict"] = str(verdict[0])
    return records


def plain(text: str) -> str:
    """Alert text without the Markdown escapes the page adds to log content."""
    return text.replace("\\", "")
