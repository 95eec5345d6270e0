"""Marker pagination as a lazy iterator: the caller sees items, never markers."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from .errors import LakeSailError

__all__ = ["MAX_PAGE_SIZE", "PaginationError", "check_page_size", "iterate_pages"]

T = TypeVar("T")

MAX_PAGE_SIZE = 100
"""The contract's maximum ``limit``."""


class PaginationError(LakeSailError):
    """The server repeated a marker: following it would never end."""

    def __init__(self, path: str, pages: int) -> None:
        self.path = path
        self.pages = pages
        super().__init__(path, pages)

    def __str__(self) -> str:
        return f"PaginationError: GET {self.path} repeated a marker after {self.pages} pages"


def check_page_size(page_size: int) -> int:
    """Validate a page size against the contract (1 to 100)."""
    if isinstance(page_size, bool) or not isinstance(page_size, int):
        raise TypeError("page_size must be an int")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {page_size}")
    return page_size


def iterate_pages(
    fetch: Callable[[str | None], tuple[Sequence[T], str | None]],
    *,
    path: str,
) -> Iterator[T]:
    """Yield every item of every page; ``fetch(marker)`` returns ``(items, next_marker)``.

    Pages are fetched lazily, each when the previous one is used up, so the first request
    happens on the first ``next()``. A missing or empty marker ends the listing.
    """
    seen: set[str] = set()
    marker: str | None = None
    while True:
        items, marker = fetch(marker)
        yield from items
        if not marker:
            return
        if marker in seen:
            raise PaginationError(path, len(seen) + 1)
        seen.add(marker)
