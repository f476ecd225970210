"""Driving the app with Streamlit's AppTest: open a page, answer, click, read what is shown."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
BASE_URL = "http://localhost:8501"
TIMEOUT = 30


def open_app(
    params: Mapping[str, str | list[str]] | None = None, page: str | None = None
) -> AppTest:
    """Run app.py as a fresh browser session would, optionally from a link and on a page."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.context["url"] = BASE_URL
    at.query_params.update(params or {})
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def switch_through_sidebar(at: AppTest, page: str) -> AppTest:
    """Change page the way a sidebar link does: the browser drops the query string."""
    at.query_params.clear()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def click(at: AppTest, label: str) -> AppTest:
    """Click the button with this label and rerun."""
    matches = [button for button in at.button if button.label == label]
    assert len(matches) == 1, f"expected one {label!r} button, found {[b.label for b in at.button]}"
    matches[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def button_disabled(at: AppTest, label: str) -> bool:
    """Whether the button with this label is greyed out."""
    return next(button for button in at.button if button.label == label).disabled


def choose(at: AppTest, value: str) -> AppTest:
    """Pick an answer (by value) for the question on screen."""
    at.radio[0].set_value(value).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def walk(at: AppTest, values: Iterable[str]) -> AppTest:
    """Answer the questions one after another, clicking Next between them."""
    values = list(values)
    for index, value in enumerate(values):
        choose(at, value)
        if index < len(values) - 1:
            click(at, "Next")
    return at


def on_screen(at: AppTest) -> str:
    """The caption of the question card: 'Question N · Title'."""
    return next(c.value for c in at.caption if c.value.startswith("Question "))


def texts(at: AppTest) -> str:
    """Everything Markdown-ish the page shows, joined (for 'is this said somewhere' checks)."""
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.text)]
    parts += [element.proto.body for element in at.get("html")]
    return "\n".join(str(part) for part in parts)


def verdict_pills(at: AppTest) -> list[str]:
    """The verdict labels shown as coloured pills."""
    html = " ".join(element.proto.body for element in at.get("html"))
    return re.findall(r'data-verdict="[^"]+"[^>]*>([^<]+)</span>', html)


def progress_text(at: AppTest) -> str:
    """The text of the progress bar ('Step 2 of 5 · 1 answered')."""
    text: str = at.get("progress")[0].proto.text
    return text


def tally_votes(at: AppTest) -> dict[str, int]:
    """The graded tally as shown: votes per side (from the tally's data attributes)."""
    html = " ".join(element.proto.body for element in at.get("html"))
    return {side: int(n) for side, n in re.findall(r'data-side="(\w+)" data-votes="(\d+)"', html)}


def scroll_targets(at: AppTest) -> list[str]:
    """The elements this run asked the browser to bring into view (by Streamlit key)."""
    html = " ".join(element.proto.body for element in at.get("html"))
    return re.findall(r'document\.querySelector\("\.st-key-([\w-]+)"\)', html)


def button_labels(at: AppTest) -> list[str]:
    """Every button's label, in page order."""
    return [button.label for button in at.button]
