"""Route templates of the app, for request statistics and ``Allow`` headers.

Kept apart from FastAPI's router internals (which change between releases): every
`APIRoute` the emulator defines is registered here as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import APIRouter
from fastapi.routing import APIRoute


@dataclass(frozen=True)
class RouteInfo:
    """One route: its path regex, its template (``/api/.../{ws}/applications``), its methods."""

    regex: re.Pattern[str]
    template: str
    methods: frozenset[str]


class RouteTable:
    """Every route of the app."""

    def __init__(self) -> None:
        self.routes: list[RouteInfo] = []

    def add(self, router: APIRouter) -> APIRouter:
        """Register the routes of ``router``; returns it for chaining."""
        for route in router.routes:
            if isinstance(route, APIRoute):
                info = RouteInfo(route.path_regex, route.path, frozenset(route.methods or ()))
                self.routes.append(info)
        return router

    def template(self, path: str) -> str:
        """The template of the route serving ``path`` (any method), else ``path`` itself."""
        for route in self.routes:
            if route.regex.match(path):
                return route.template
        return path

    def allowed(self, path: str) -> str:
        """The ``Allow`` header value for ``path``."""
        methods = {m for r in self.routes if r.regex.match(path) for m in r.methods}
        return ", ".join(sorted(methods))
