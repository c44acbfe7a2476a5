"""Swagger UI and ReDoc served by the suite itself, so /docs works on networks without a CDN.

The JavaScript and CSS come from the ``fastapi-offline`` package (it bundles Swagger UI 5 and
ReDoc 2); the pages carry no inline script, so their Content-Security-Policy allows only
``'self'`` scripts.
"""

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from starlette.responses import Response

from suitekit.errors import NotFound

ASSETS_PATH = "/docs/assets"
_VENDOR = Path(str(files("fastapi_offline") / "static"))
_OWN = Path(__file__).parent / "docs_assets"
ASSET_FILES: dict[str, Path] = {
    "swagger-ui-bundle.js": _VENDOR / "swagger-ui-bundle.js",
    "swagger-ui.css": _VENDOR / "swagger-ui.css",
    "redoc.standalone.js": _VENDOR / "redoc.standalone.js",
    "favicon.png": _VENDOR / "favicon.png",
    "swagger-init.js": _OWN / "swagger-init.js",
}

# Swagger UI and ReDoc set inline styles from script (hence style 'unsafe-inline' only);
# ReDoc's search runs in a blob: worker; Swagger renders schema images as data: URLs.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def swagger_page(*, title: str, openapi_url: str, root: str = "") -> str:
    assets = root + ASSETS_PATH
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{_escape(title)}</title>
<link rel="icon" type="image/png" href="{assets}/favicon.png">
<link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{_escape(root + openapi_url)}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{assets}/swagger-init.js"></script>
</body>
</html>
"""


def redoc_page(*, title: str, openapi_url: str, root: str = "") -> str:
    assets = root + ASSETS_PATH
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{_escape(title)}</title>
<link rel="icon" type="image/png" href="{assets}/favicon.png">
</head>
<body>
<redoc spec-url="{_escape(root + openapi_url)}"></redoc>
<script src="{assets}/redoc.standalone.js"></script>
</body>
</html>
"""


def docs_router(*, title: str, openapi_url: str = "/openapi.json") -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    async def swagger_ui() -> HTMLResponse:
        page = swagger_page(title=f"{title} - Swagger UI", openapi_url=openapi_url)
        return HTMLResponse(page, headers=SECURITY_HEADERS)

    @router.get("/redoc")
    async def redoc() -> HTMLResponse:
        page = redoc_page(title=f"{title} - ReDoc", openapi_url=openapi_url)
        return HTMLResponse(page, headers=SECURITY_HEADERS)

    @router.get(ASSETS_PATH + "/{name}")
    async def asset(name: str) -> Response:
        path = ASSET_FILES.get(name)
        if path is None:
            raise NotFound(f"no documentation asset named {name!r}")
        headers = {"Cache-Control": "public, max-age=86400", **SECURITY_HEADERS}
        return FileResponse(path, headers=headers)

    return router


def install_docs(app: FastAPI, *, title: str, openapi_url: str = "/openapi.json") -> None:
    """Serve /docs, /redoc and their assets; build the app with ``docs_url=None, redoc_url=None``
    so FastAPI's CDN pages are not there too."""
    app.include_router(docs_router(title=title, openapi_url=openapi_url))
