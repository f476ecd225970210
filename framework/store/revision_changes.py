"""Who changed what between two revisions of a saved analysis.

    diff = revision_diff(store, spec, analysis_id, older=2, newer=5)
    for found in diff.changes:
        found.change.what, found.change.before, found.change.after
        found.revision          # the revision that made it: its number, author, time

The changes are those between the two documents (`framework.analysis.revision_diff`). Each
is credited to the revision on the newer one's line of parents that last set the value it
has now: walking back from the newer revision, the first one whose parent held another value.
When the older revision is not on that line (two edits made from the same base) the walk
stops at the first revision; a change it cannot credit says so (`revision` is None). At most
`MAX_CHAIN` revisions are read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from framework.analysis.revision_diff import Change, Key, document_changes, flatten
from framework.spec.model import Spec
from framework.store.records import RevisionInfo, missing
from framework.store.saved_analyses import Store

MAX_CHAIN = 100


@dataclass(frozen=True)
class AttributedChange:
    """A change and the revision that made it (None when it is not on the newer line)."""

    change: Change
    revision: RevisionInfo | None


@dataclass(frozen=True)
class RevisionDiff:
    """Two revisions, whether the older is an ancestor of the newer, and what changed."""

    older: RevisionInfo
    newer: RevisionInfo
    on_one_line: bool
    changes: tuple[AttributedChange, ...]


def revision_diff(
    store: Store, spec: Spec, analysis_id: str, older: int, newer: int
) -> RevisionDiff:
    """The changes from revision `older` to revision `newer`, each credited to its revision;
    `AnalysisNotFound` when either does not exist."""
    history = {info.revision: info for info in store.history(analysis_id)}
    for number in (older, newer):
        if number not in history:
            raise missing(analysis_id, number)
    chain = _line(history, newer, older)
    documents = {number: store.load(analysis_id, number).document for number in {*chain, older}}
    flat = {number: flatten(spec, document) for number, document in documents.items()}
    changes = document_changes(spec, documents[older], documents[newer])
    credited = tuple(
        AttributedChange(change, _credit(change.key, change.after, chain, flat, history))
        for change in changes
    )
    return RevisionDiff(history[older], history[newer], older in chain, credited)


def _line(history: Mapping[int, RevisionInfo], newer: int, older: int) -> list[int]:
    """`newer` and its parents, newest first, down to `older` or the first revision."""
    chain = [newer]
    while len(chain) < MAX_CHAIN and chain[-1] != older:
        parent = history[chain[-1]].parent_revision
        if parent is None or parent not in history:
            break
        chain.append(parent)
    return chain


def _credit(
    key: Key,
    value: str,
    chain: list[int],
    flat: Mapping[int, Mapping[Key, str]],
    history: Mapping[int, RevisionInfo],
) -> RevisionInfo | None:
    for number, parent in pairwise(chain):
        if flat[number].get(key, "") == value and flat[parent].get(key, "") != value:
            return history[number]
    last = chain[-1]
    if history[last].parent_revision is None and flat[last].get(key, "") == value:
        return history[last]  # set when the analysis was first saved
    return None
