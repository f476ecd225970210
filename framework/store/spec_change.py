"""Has `questions.yaml` changed since an analysis was saved? A pure check and its notice.

    change = spec_change(saved.info.spec_version, saved.info.spec_digest, spec)
    if change.changed:
        show(change.notice)   # then re-evaluate the stored answers under `spec`

The digest decides: it is the hash of the file, so an edit that kept the version number
still counts as a change.
"""

from __future__ import annotations

from dataclasses import dataclass

from framework.spec.model import Spec

SPEC_FILE = "questions.yaml"


@dataclass(frozen=True)
class SpecChange:
    """The spec a revision was saved under, next to the one the app runs now."""

    saved_version: str
    saved_digest: str
    current_version: str
    current_digest: str

    @property
    def changed(self) -> bool:
        return self.saved_digest != self.current_digest

    @property
    def notice(self) -> str | None:
        """One sentence for the reader of a saved analysis; None when nothing changed."""
        if not self.changed:
            return None
        now = (
            f"an edited {self.current_version}"
            if self.saved_version == self.current_version
            else self.current_version
        )
        return (
            f"Saved with {SPEC_FILE} {self.saved_version} ({self.saved_digest}); the app now "
            f"runs {now} ({self.current_digest}): answers were re-evaluated under the current "
            "rules."
        )


def spec_change(saved_version: str, saved_digest: str, spec: Spec) -> SpecChange:
    """Compare a saved revision's spec stamp with the spec the app runs now."""
    return SpecChange(saved_version, saved_digest, spec.version, spec.digest)
