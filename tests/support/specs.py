"""Broken variants of the real questions.yaml, made in the test from the file itself, so they
never drift from it (a committed copy did)."""

from __future__ import annotations

from pathlib import Path

from framework.spec.loader import DEFAULT_SPEC_PATH

# (text to find in questions.yaml, its replacement): a bare yes, a next to a misspelt id and a
# misspelt key, three problems on three lines.
APP_MISTAKES = (
    (
        '      - value: "yes"\n        label: "Yes"\n        hint: Same fields',
        '      - value: yes\n        label: "Yes"\n        hint: Same fields',
    ),
    (
        "        points_to: integration\n        next: varies_by_handler\n",
        "        points_to: integration\n        next: varies_by_handlr\n",
    ),
    (
        "  - id: root_cause\n    title: Root cause\n    prompt: >-\n",
        "  - id: root_cause\n    title: Root cause\n    promt: >-\n",
    ),
)


def broken_spec(folder: Path, name: str = "broken_app.yaml") -> Path:
    """questions.yaml with the three `APP_MISTAKES`, written to `folder / name`."""
    text = DEFAULT_SPEC_PATH.read_text(encoding="utf-8")
    for old, new in APP_MISTAKES:
        assert text.count(old) == 1, f"the anchor must occur exactly once: {old!r}"
        text = text.replace(old, new)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
