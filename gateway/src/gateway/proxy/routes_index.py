"""Route templates (``/outfall/v1/outfalls/{id}``) for metric and log labels.

Learned from each service's OpenAPI document; a path no template matches is labelled
``/{service}/v1/{path}`` so raw paths (and the ids in them) never become label values.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PARAM = re.compile(r"\{[^}/]+\}")


def compile_template(template: str) -> re.Pattern[str]:
    pieces = _PARAM.split(template)
    pattern = "[^/]+".join(re.escape(piece) for piece in pieces)
    return re.compile(f"^{pattern}$")


class RouteIndex:
    def __init__(self) -> None:
        self._by_service: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        self._match = lru_cache(maxsize=8192)(self._match_uncached)

    def learn(self, service: str, templates: list[str]) -> None:
        # static templates first so /v1/outfalls/export wins over /v1/outfalls/{id}
        ordered = sorted(set(templates), key=lambda t: (t.count("{"), -len(t)))
        self._by_service[service] = [(compile_template(t), t) for t in ordered]
        self._match.cache_clear()

    def template(self, service: str, path: str) -> str:
        return self._match(service, path)

    def _match_uncached(self, service: str, path: str) -> str:
        for pattern, template in self._by_service.get(service, ()):
            if pattern.match(path):
                return f"/{service}{template}"
        return f"/{service}/v1/{{path}}"
