"""Where to draw the systems of a handoff map, and the path of each boundary between them.

    placed = place([("Shopify", "NetSuite", 400.0), ("NetSuite", "WMS", 120.0)])
    placed.nodes["NetSuite"]              # (x, y) in pixels
    edge_points(placed, "Shopify", "NetSuite", bend=0.0)

Systems are laid out in layers from left to right: a system that nothing hands to sits in the
first layer, and every other one a layer to the right of the furthest system handing to it
(longest-path layering). Cycles (A → B and B → A) are broken first: the busiest boundaries
set the direction, and a lighter one closing a cycle is still drawn, curved, but does not
push layers. Within a layer, systems sit near the average height of those handing to them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Edge = tuple[str, str, float]
Point = tuple[float, float]

LAYER_GAP = 190
ROW_GAP = 90
MARGIN_X = 90
MARGIN_Y = 45
NODE_RADIUS = 11
LOOP_RADIUS = 20
SAMPLES = 24


@dataclass(frozen=True)
class Placed:
    """Each system's layer and pixel position, and the size of the drawing."""

    layers: dict[str, int]
    nodes: dict[str, Point]
    width: int
    height: int


def place(edges: Sequence[Edge]) -> Placed:
    """Lay out the systems named by `edges` ((source, target, volume) triples)."""
    names = sorted({name for source, target, _ in edges for name in (source, target)})
    outgoing = dict.fromkeys(names, 0.0)
    for source, _, volume in edges:
        outgoing[source] += volume
    forward = [(s, t) for s, t, _ in edges if s != t and (s, t) not in back_edges(names, edges)]
    layer = _longest_path(names, forward)
    columns: dict[int, list[str]] = {}
    for name in sorted(names, key=lambda n: (-outgoing[n], n)):
        columns.setdefault(layer[name], []).append(name)
    rows = _order_rows(columns, forward)
    tallest = max((len(column) for column in rows.values()), default=1)
    nodes: dict[str, Point] = {}
    for number, column in rows.items():
        shift = (tallest - len(column)) / 2
        for index, name in enumerate(column):
            nodes[name] = (MARGIN_X + number * LAYER_GAP, MARGIN_Y + (index + shift) * ROW_GAP)
    width = 2 * MARGIN_X + max(layer.values(), default=0) * LAYER_GAP
    height = 2 * MARGIN_Y + (tallest - 1) * ROW_GAP
    return Placed(layer, nodes, width, height)


def back_edges(names: Iterable[str], edges: Sequence[Edge]) -> set[tuple[str, str]]:
    """The edges left out of the layering so that no cycle remains: taking the edges busiest
    first, each one that would close a cycle with those already taken (self-loops too)."""
    kept: dict[str, set[str]] = {name: set() for name in names}
    back: set[tuple[str, str]] = set()
    for source, target, _ in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        if source == target or _reaches(kept, target, source):
            back.add((source, target))
        else:
            kept.setdefault(source, set()).add(target)
    return back


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for child in graph.get(node, ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return False


def _longest_path(names: Sequence[str], forward: Sequence[tuple[str, str]]) -> dict[str, int]:
    layer = dict.fromkeys(names, 0)
    incoming = dict.fromkeys(names, 0)
    for _, target in forward:
        incoming[target] += 1
    ready = [name for name in names if incoming[name] == 0]
    while ready:
        node = ready.pop()
        for source, target in forward:
            if source == node:
                layer[target] = max(layer[target], layer[node] + 1)
                incoming[target] -= 1
                if incoming[target] == 0:
                    ready.append(target)
    return layer


def _order_rows(
    columns: dict[int, list[str]], forward: Sequence[tuple[str, str]]
) -> dict[int, list[str]]:
    """Each layer's systems top to bottom, near the mean row of the systems handing to them."""
    row: dict[str, float] = {}
    ordered: dict[int, list[str]] = {}
    for number in sorted(columns):
        column = columns[number]
        keys = {}
        for index, name in enumerate(column):
            above = [row[s] for s, t in forward if t == name and s in row]
            keys[name] = (sum(above) / len(above) if above else float(index), index)
        ordered[number] = sorted(column, key=lambda n: keys[n])
        row.update({name: float(i) for i, name in enumerate(ordered[number])})
    return ordered


def edge_points(placed: Placed, source: str, target: str, bend: float) -> list[Point]:
    """Points along the drawn boundary, clear of both systems' circles.

    `bend` curves the path to the left of its direction, as a share of its length (two
    boundaries in opposite directions thus bow apart); a system handing to itself gets a loop
    above it.
    """
    if source == target:
        centre = placed.nodes[source]
        loop = [p for p in _loop(centre) if math.dist(p, centre) > NODE_RADIUS + 3]
        return loop
    (x0, y0), (x1, y1) = placed.nodes[source], placed.nodes[target]
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    normal = ((y1 - y0) / length, -(x1 - x0) / length)
    cx = (x0 + x1) / 2 + normal[0] * bend * length
    cy = (y0 + y1) / 2 + normal[1] * bend * length
    curve = [_bezier((x0, y0), (cx, cy), (x1, y1), i / SAMPLES) for i in range(SAMPLES + 1)]
    clear = NODE_RADIUS + 3
    kept = [
        point
        for point in curve
        if math.dist(point, (x0, y0)) > clear and math.dist(point, (x1, y1)) > clear
    ]
    if len(kept) < 2:
        return [curve[0], curve[-1]]
    # Start and end right at the circles' edges (a long curve's samples lie far apart).
    return [_toward((x0, y0), kept[0], clear), *kept, _toward((x1, y1), kept[-1], clear)]


def _toward(centre: Point, point: Point, distance: float) -> Point:
    """The point `distance` away from `centre` in the direction of `point`."""
    length = math.dist(centre, point) or 1.0
    return (
        centre[0] + (point[0] - centre[0]) * distance / length,
        centre[1] + (point[1] - centre[1]) * distance / length,
    )


def heading(points: Sequence[Point]) -> float:
    """The direction of travel at the end of a path, in degrees clockwise from east."""
    (x0, y0), (x1, y1) = points[-2], points[-1]
    return math.degrees(math.atan2(y1 - y0, x1 - x0))


def _bezier(a: Point, control: Point, b: Point, t: float) -> Point:
    u = 1 - t
    return (
        u * u * a[0] + 2 * u * t * control[0] + t * t * b[0],
        u * u * a[1] + 2 * u * t * control[1] + t * t * b[1],
    )


def _loop(centre: Point) -> list[Point]:
    """A circle above the system, leaving from its upper left and returning at its upper right."""
    x, y = centre
    cy = y - NODE_RADIUS - LOOP_RADIUS + 8
    start, end = math.radians(110), math.radians(430)
    steps = [start + (end - start) * i / SAMPLES for i in range(SAMPLES + 1)]
    return [(x + LOOP_RADIUS * math.cos(a), cy + LOOP_RADIUS * math.sin(a)) for a in steps]
