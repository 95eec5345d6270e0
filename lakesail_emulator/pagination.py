"""Opaque list markers: base64url of the list's scope and the last item's sequence number."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from starlette.requests import Request

from .validation import bad_request, parse_limit

T = TypeVar("T")


def encode_marker(scope: str, seq: int) -> str:
    """A marker that resumes the list ``scope`` after sequence ``seq``."""
    raw = f"{scope}|{seq}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_marker(marker: str | None, scope: str, max_seq: int) -> int:
    """The sequence a marker resumes after (0 without one); 400 if it was not issued here."""
    if marker is None:
        return 0
    try:
        padded = marker + "=" * (-len(marker) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        bad_request("marker: not a marker returned by this list")
    marker_scope, _, seq_text = text.rpartition("|")
    if marker_scope != scope or not seq_text.isdigit() or not 0 < int(seq_text) <= max_seq:
        bad_request("marker: not a marker returned by this list")
    if encode_marker(scope, int(seq_text)) != marker:
        bad_request("marker: not a marker returned by this list")
    return int(seq_text)


@dataclass(frozen=True)
class PageRequest:
    """Parsed ``limit`` and ``marker`` of a list request."""

    limit: int
    after: int


def page_request(request: Request, scope: str, max_seq: int) -> PageRequest:
    """Read and validate ``limit`` (1..100, default 100) and ``marker``."""
    limit = parse_limit(request.query_params.get("limit"))
    after = decode_marker(request.query_params.get("marker"), scope, max_seq)
    return PageRequest(limit, after)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of items and the marker of the next page (None on the last page)."""

    items: Sequence[T]
    marker: str | None


def make_page(rows: Sequence[T], limit: int, scope: str, seq: Callable[[T], int]) -> Page[T]:
    """Cut ``limit + 1`` fetched rows into a page; the extra row proves a next page exists."""
    if len(rows) <= limit:
        return Page(rows, None)
    return Page(rows[:limit], encode_marker(scope, seq(rows[limit - 1])))


def list_body(page: Page[T], render: Callable[[T], dict[str, Any]]) -> dict[str, Any]:
    """The ``{items, marker?}`` body of a list response; no marker key on the last page."""
    body: dict[str, Any] = {"items": [render(item) for item in page.items]}
    if page.marker is not None:
        body["marker"] = page.marker
    return body
