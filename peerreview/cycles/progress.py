"""Columns of the dashboard's network table that later features fill in.

The cycle's dashboard shows one row per network with its progress through the cycle (follow-up,
attendees, preparation, feedback). Those features live in higher apps, which ``cycles`` may not
import; each registers a column here instead, and the dashboard asks every column for its cells
in one call per column (so the page's query count does not grow with the networks).
"""

from collections.abc import Callable
from dataclasses import dataclass

from peerreview.cycles.models import Cycle


@dataclass(frozen=True)
class ProgressCell:
    label: str
    # A Bootstrap colour: success (done), warning (late), info (under way), secondary (not started).
    tone: str = "secondary"
    url: str = ""


@dataclass(frozen=True)
class ProgressColumn:
    key: str
    label: str
    # cycle -> network id -> cell; a network without a cell shows a dash.
    cells: Callable[[Cycle], dict[int, ProgressCell]]


_COLUMNS: dict[str, ProgressColumn] = {}


def register(column: ProgressColumn) -> None:
    _COLUMNS[column.key] = column


def columns() -> list[ProgressColumn]:
    return list(_COLUMNS.values())
