"""Collecting every problem in a definition file before reporting any of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the spec: where it is and what to change."""

    file: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        location = f"{self.file}:{self.line}" if self.line else self.file
        return f"{location}: {self.where}: {self.message}"


class SpecError(Exception):
    """`questions.yaml` cannot be used; `problems` lists every reason at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class Collector:
    """Accumulates problems while a spec is read, instead of stopping at the first."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, node: Any, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, getattr(node, "line", 0), where, message))
