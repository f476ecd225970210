"""A saved analysis as one JSON document: what "Save & share" stores and a report renders.

    doc = AnalysisDocument(analysis, title="Week 12 queue", source=SourceInfo(...), cost=...,
                           actions=ActionItems(...))
    data = doc.to_dict()                       # JSON-ready, stable key order
    doc = AnalysisDocument.from_dict(data, spec)   # re-read under the current questions.yaml

The document holds the small per-group summary (answers, evidence, overrides, metrics), the
column mapping, the cost settings, the action items (owner, status, due date, note, and why
answers were set by hand) and where the log came from, never the log rows; the
store keeps the log separately, and only when the user agrees.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from framework.analysis.action_items import ActionItems
from framework.analysis.results import Analysis, AnalysisFormatError
from framework.spec.model import Spec

FORMAT = "exception-triage/saved-analysis"
FORMAT_VERSION = 1
DEFAULT_MINUTES_PER_FIX = 15.0
MAX_TITLE_LENGTH = 120
_SHEET = re.compile(r".*· Excel, sheet '(.*)'(?: ·.*)?")


@dataclass(frozen=True)
class SourceInfo:
    """The log an analysis was made from: name, size, how it was read, its sha256, and the
    Excel sheet it was read from (None for other formats or the first sheet by default)."""

    filename: str
    rows: int
    description: str
    sha256: str
    sheet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "rows": self.rows,
            "description": self.description,
            "sha256": self.sha256,
            "sheet": self.sheet,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SourceInfo:
        description = str(data["description"])
        sheet = data.get("sheet")
        if "sheet" not in data and (named := _SHEET.fullmatch(description)):  # saved before it
            sheet = named.group(1)
        filename, rows, sha256 = str(data["filename"]), int(data["rows"]), str(data["sha256"])
        return cls(filename, rows, description, sha256, None if sheet is None else str(sheet))


@dataclass(frozen=True)
class CostSettings:
    """Minutes one manual fix takes: a default for every group, and per-group exceptions."""

    minutes_per_fix: float = DEFAULT_MINUTES_PER_FIX
    per_group: Mapping[str, float] = field(default_factory=dict)

    def minutes_for(self, group: str) -> float:
        return self.per_group.get(group, self.minutes_per_fix)

    def to_dict(self) -> dict[str, Any]:
        return {"minutes_per_fix": self.minutes_per_fix, "per_group": dict(self.per_group)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> CostSettings:
        if not data:
            return cls()
        per_group = {str(k): float(v) for k, v in (data.get("per_group") or {}).items()}
        return cls(float(data.get("minutes_per_fix", DEFAULT_MINUTES_PER_FIX)), per_group)


@dataclass(frozen=True)
class AnalysisDocument:
    """Everything needed to show, share and report an analysis without the log."""

    analysis: Analysis
    title: str = ""
    source: SourceInfo | None = None
    cost: CostSettings = field(default_factory=CostSettings)
    actions: ActionItems = field(default_factory=ActionItems)

    @property
    def overrides(self) -> dict[str, dict[str, str]]:
        """{group: {question id: answer}} for every answer set by hand."""
        return {g.group: dict(g.overrides) for g in self.analysis.groups if g.overrides}

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "title": self.title,
            "source": self.source.to_dict() if self.source else None,
            "cost": self.cost.to_dict(),
            "action_items": self.actions.kept_for(self.analysis).to_dict(),
            "analysis": self.analysis.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], spec: Spec) -> AnalysisDocument:
        """Rebuild a saved document; every group is diagnosed again under `spec`."""
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise AnalysisFormatError(f"not a saved analysis document (expected '{FORMAT}')")
        if data.get("format_version") != FORMAT_VERSION:
            found = data.get("format_version")
            raise AnalysisFormatError(f"document format version {found!r} is not {FORMAT_VERSION}")
        try:
            source = SourceInfo.from_dict(data["source"]) if data.get("source") else None
            cost = CostSettings.from_dict(data.get("cost"))
            title = str(data.get("title") or "")[:MAX_TITLE_LENGTH]
            actions = ActionItems.from_dict(data.get("action_items"))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise AnalysisFormatError(f"saved analysis is damaged: {error!r}") from None
        analysis = Analysis.from_dict(data["analysis"], spec)
        return cls(analysis, title, source, cost, actions.kept_for(analysis))
