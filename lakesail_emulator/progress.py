"""The emulated job's progress counter: how far a job got, so tests can see lost state.

Derived from time like the states: a job counts `PER_SECOND` for every second it is RUNNING,
starting from 0 (stateless start) or from the value its savepoint captured (restore).
"""

from __future__ import annotations

from .store import ResourceRow

PER_SECOND = 10


def counted(running_ms: int) -> int:
    """The counter's growth over ``running_ms`` milliseconds of RUNNING time."""
    return running_ms * PER_SECOND // 1000


def progress_at(row: ResourceRow, now: int) -> int:
    """The counter of an application or session job at ``now``."""
    return row.start_progress + counted(row.timeline.running_ms(now))


def captured_at(row: ResourceRow, complete_at: int) -> int:
    """The counter a savepoint of a job RUNNING now captures when it completes at ``complete_at``.

    Only meaningful while the job runs uninterrupted until then; a stop aborts the savepoint.
    """
    return row.start_progress + counted(max(0, complete_at - row.timeline.settle_at))
