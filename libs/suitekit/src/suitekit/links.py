"""Links a caller can follow: they name the gateway's paths and its public address.

A service answers on ``/v1/...`` but is reached as ``/{service}/v1/...`` through the gateway,
so a ``Location`` of ``/v1/outfalls/of_1`` would 404 for the caller. Public pages and QR codes
need an absolute address: ``SUITE_PUBLIC_BASE_URL`` (the supervisor sets it to the gateway's
actual address; a service's own ``<PREFIX>PUBLIC_BASE_URL`` overrides it).
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from suitekit.settings import ServiceSettings


def gateway_path(service: str, path: str) -> str:
    """``/v1/x`` -> ``/{service}/v1/x``; anything else (absolute URLs, gateway paths) unchanged."""
    if path == "/v1" or path.startswith("/v1/"):
        return f"/{service}{path}"
    return path


def public_root(settings: ServiceSettings) -> str:
    """The gateway's public address, without a trailing slash."""
    return (settings.public_base_url or settings.suite_public_base_url).rstrip("/")


def public_service_url(settings: ServiceSettings, path: str = "") -> str:
    """Absolute public URL of one of this service's paths: ``{root}/{service}{path}``."""
    return f"{public_root(settings)}/{settings.service_name}{path}"


class GatewayLinksMiddleware:
    """Rewrites a service-relative ``Location`` (``/v1/...``) to the gateway path."""

    def __init__(self, app: ASGIApp, *, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_gateway_links(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (name, self._rewrite(value) if name.lower() == b"location" else value)
                    for name, value in message.get("headers", [])
                ]
            await send(message)

        await self.app(scope, receive, send_with_gateway_links)

    def _rewrite(self, value: bytes) -> bytes:
        return gateway_path(self.service, value.decode("latin-1")).encode("latin-1")
