"""The peers of the benchmark (DuckDB SQL, polars) compute the project's per-group figures.

`benchmarks/bench_peers.py` compares the project's speed with DuckDB's and polars' only if
they compute the same thing: on a small log of each layout, every figure of every group
(rows, span, days, payload shapes, boundaries, retries, handoff, handlers) must be equal.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from benchmarks import layouts, peers

ROWS = 20_000


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A 20,000-row log of every layout, written once for the module."""
    where = tmp_path_factory.mktemp("layouts")
    return {name: layouts.cached_layout(name, ROWS, where, quiet=True) for name in layouts.LAYOUTS}


@pytest.fixture(scope="module")
def project(logs: dict[str, Path]) -> dict[str, pd.DataFrame]:
    """The project's figures of every log, from its own count tables."""
    return {name: peers.project_figures(path) for name, path in logs.items()}


@pytest.mark.parametrize("peer", ["duckdb", "polars"])
@pytest.mark.parametrize("layout", layouts.LAYOUTS)
def test_peer_figures_equal_the_projects(
    layout: str, peer: str, logs: dict[str, Path], project: dict[str, pd.DataFrame]
) -> None:
    """DuckDB's and polars' per-group figures equal the project's on every layout."""
    theirs = peers.figures_of(peer, logs[layout])
    assert peers.differences(project[layout], theirs) == []
    assert len(theirs) == len(project[layout]) > 0


@pytest.mark.parametrize(
    ("layout", "groups"),
    [("current", (10, 400)), ("long", (900, 1_000)), ("groups", (10_000, 20_000))],
)
def test_layouts_have_the_groups_they_promise(
    layout: str, groups: tuple[int, int], project: dict[str, pd.DataFrame]
) -> None:
    """The long layout has ~1,000 groups, the many-groups one ~100k codes of a few rows each
    (at 20k rows: most codes seen once or twice), the current one a few hundred at most."""
    low, high = groups
    assert low <= len(project[layout]) <= high
    assert project[layout]["rows"].sum() == ROWS


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [
        ({"rows": 3}, {"rows": 3}, []),
        ({"rows": 3}, {"rows": 4}, ["G: rows 3 ≠ 4"]),
        ({"shapes": 2}, {"shapes": 1}, ["G: shapes 2 ≠ 1"]),
    ],
)
def test_differences_name_the_group_and_the_figure(
    ours: dict[str, int], theirs: dict[str, int], expected: list[str]
) -> None:
    """A difference names the group, the figure and both values; none when they agree."""

    def figures(changed: dict[str, int]) -> pd.DataFrame:
        return pd.DataFrame([{"group": "G", **dict.fromkeys(peers.FIGURES, 1), **changed}])

    assert peers.differences(figures(ours), figures(theirs)) == expected


def test_a_group_missing_from_a_peer_is_a_difference() -> None:
    """A group one side has and the other lacks is reported, not silently dropped."""
    one = pd.DataFrame([{"group": "A", **dict.fromkeys(peers.FIGURES, 1)}])
    two = pd.DataFrame([{"group": "B", **dict.fromkeys(peers.FIGURES, 1)}])
    assert peers.differences(one, two) == ["groups only in one: ['A'] / ['B']"]
