"""Server-rendered public pages shared by outfall and renovation (issue 19): one look.

One Jinja2 base template (``lang="zh-CN"``, no script, no web font, no CDN) and one small
hand-written stylesheet that each service serves itself under ``/v1/public/assets/suite.css``
(the gateway routes ``/{service}/v1/public/...`` anonymously). Links are relative to the
``/v1/public/`` root, so the same page works on the service's own port and through the
gateway's ``/{service}`` prefix.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

ASSETS = Path(__file__).parent
STYLESHEET = ASSETS / "static" / "suite.css"
PUBLIC_ROOT = "/v1/public/"


def environment(*template_dirs: Path) -> Environment:
    """A service's templates first, then the kit's (``base.html``, ``macros.html``)."""
    loaders = [FileSystemLoader(str(d)) for d in template_dirs]
    loaders.append(FileSystemLoader(str(ASSETS / "templates")))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yuan"] = yuan
    return env


def yuan(amount: Decimal | str | int) -> str:
    """Money as people read it: ``1,234,567.50``."""
    return f"{Decimal(str(amount)):,.2f}"


def wants_html(request: Request) -> bool:
    """HTML only when the caller prefers it to JSON (a browser); the API stays JSON."""
    accept = request.headers.get("accept", "").lower()
    if "text/html" not in accept:
        return False
    if "application/json" not in accept:
        return True
    return _quality(accept, "text/html") > _quality(accept, "application/json") or (
        _quality(accept, "text/html") == _quality(accept, "application/json")
        and accept.find("text/html") < accept.find("application/json")
    )


def _quality(accept: str, media: str) -> float:
    for part in accept.split(","):
        name, *params = (p.strip() for p in part.split(";"))
        if name == media:
            for param in params:
                key, _, value = param.partition("=")
                if key.strip() == "q":
                    try:
                        return float(value)
                    except ValueError:
                        return 0.0
            return 1.0
    return 0.0


def root_of(request: Request) -> str:
    """The relative way from this page back to ``/v1/public/`` (``./``, ``../`` ...)."""
    path = request.url.path
    rest = path[path.find(PUBLIC_ROOT) + len(PUBLIC_ROOT) :] if PUBLIC_ROOT in path else ""
    return "../" * rest.count("/") or "./"


def render(
    env: Environment, request: Request, template: str, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    html = env.get_template(template).render(root=root_of(request), **context)
    return HTMLResponse(
        html,
        status_code=status_code,
        headers={
            "Content-Language": "zh-CN",
            "Vary": "Accept",
            # nothing on these pages runs script or loads from elsewhere
            "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


def asset_router() -> APIRouter:
    """``GET /v1/public/assets/suite.css``: the suite's one stylesheet."""
    router = APIRouter(prefix="/v1/public/assets", tags=["public"], include_in_schema=False)

    @router.get("/suite.css")
    def stylesheet() -> Response:
        return Response(
            STYLESHEET.read_bytes(),
            media_type="text/css; charset=utf-8",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    return router
