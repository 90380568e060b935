"""Where the follow-up questionnaire gets the previous cycle's action points from.

Action points are agreed in the meetings and recorded in the minutes, which live in a higher app
(``peerreview.meetings``) that this one may not import. That app registers a source here instead:
a function ``(previous_cycle, network) -> list[ActionPointSeed]``. When no source gives anything
(the first cycle run in the product), the action points the secretary entered or imported for the
cycle are used (``PreviousActionPoint``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from networks.models import Network
from peerreview.cycles.models import Cycle


@dataclass(frozen=True)
class ActionPointSeed:
    text: str
    who: str = ""
    due: date | None = None


ActionPointSource = Callable[[Cycle, Network], list[ActionPointSeed]]

_SOURCES: list[ActionPointSource] = []


def register_action_point_source(source: ActionPointSource) -> ActionPointSource:
    """Make a source of action points known (registering the same function twice adds it once).

    Returns the function, so that it can be used as a decorator.
    """
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def unregister_action_point_source(source: ActionPointSource) -> None:
    """Forget a source (for tests that register one of their own)."""
    if source in _SOURCES:
        _SOURCES.remove(source)


def registered_seeds(previous: Cycle | None, network: Network) -> list[ActionPointSeed]:
    """The network's action points of the previous cycle according to the registered sources, in
    the order of registration; empty when the previous cycle is not in the product."""
    if previous is None:
        return []
    return [seed for source in _SOURCES for seed in source(previous, network)]
