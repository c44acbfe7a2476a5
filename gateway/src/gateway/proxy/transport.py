"""Upstream HTTP clients behind one small interface: httpx or aiohttp.

Both keep one pooled keep-alive client per upstream. The proxy only sees ``send`` ->
``UpstreamResponse`` and ``TransportFailure(kind)``; ``kind`` is ``connect`` (nothing was
sent: safe to retry), ``timeout``, ``protocol`` or ``pool``. bench/gateway measures both;
aiohttp is the default because httpcore's pool bookkeeping costs more per request.
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from http.cookiejar import Cookie, CookieJar
from typing import TYPE_CHECKING, Any, Literal, Protocol

import httpx

from gateway.settings import UpstreamConfig

if TYPE_CHECKING:
    import aiohttp

FailureKind = Literal["connect", "timeout", "protocol", "pool"]
Content = bytes | AsyncIterator[bytes] | None
_KEEPALIVE_SECONDS = 4.0  # below uvicorn's 5 s, so the gateway closes idle connections first
_POOL_SIZE = 256


class TransportFailure(Exception):
    def __init__(self, kind: FailureKind, cause: BaseException) -> None:
        super().__init__(f"{kind}: {type(cause).__name__}")
        self.kind = kind
        self.cause = cause


class UpstreamResponse(Protocol):
    status: int
    raw_headers: list[tuple[bytes, bytes]]

    def aiter_raw(self) -> AsyncIterator[bytes]: ...

    async def aclose(self) -> None: ...


class UpstreamTransport(Protocol):
    async def send(
        self, method: str, url: str, headers: list[tuple[bytes, bytes]], content: Content
    ) -> UpstreamResponse: ...

    async def fetch(self, url: str, *, timeout: float) -> tuple[int, bytes]: ...

    async def close(self) -> None: ...


# --- httpx --------------------------------------------------------------------------------
class _NoCookies(CookieJar):
    def set_cookie(self, cookie: Cookie) -> None:
        return None

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None


class _HttpxResponse:
    def __init__(self, response: httpx.Response) -> None:
        self._response = response
        self.status = response.status_code
        self.raw_headers = response.headers.raw

    async def aiter_raw(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.aiter_raw():
                yield chunk
        except httpx.TransportError as exc:
            raise TransportFailure("protocol", exc) from exc

    async def aclose(self) -> None:
        await self._response.aclose()


class HttpxTransport:
    def __init__(self, config: UpstreamConfig) -> None:
        self.client = httpx.AsyncClient(
            timeout=httpx.Timeout(
                connect=config.connect_timeout,
                read=config.read_timeout,
                write=config.read_timeout,
                pool=config.connect_timeout,
            ),
            limits=httpx.Limits(
                max_connections=_POOL_SIZE,
                max_keepalive_connections=_POOL_SIZE,
                keepalive_expiry=_KEEPALIVE_SECONDS,
            ),
            follow_redirects=False,
            trust_env=False,
            cookies=_NoCookies(),  # a shared client must never keep one caller's cookies
        )

    async def send(
        self, method: str, url: str, headers: list[tuple[bytes, bytes]], content: Content
    ) -> UpstreamResponse:
        request = self.client.build_request(method, url, headers=headers, content=content)
        try:
            return _HttpxResponse(await self.client.send(request, stream=True))
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise TransportFailure("connect", exc) from exc
        except httpx.PoolTimeout as exc:
            raise TransportFailure("pool", exc) from exc
        except httpx.TimeoutException as exc:
            raise TransportFailure("timeout", exc) from exc
        except httpx.TransportError as exc:
            raise TransportFailure("protocol", exc) from exc

    async def fetch(self, url: str, *, timeout: float) -> tuple[int, bytes]:
        response = await self.client.get(url, timeout=timeout)
        return response.status_code, response.content

    async def close(self) -> None:
        await self.client.aclose()


# --- aiohttp ------------------------------------------------------------------------------
class _AiohttpResponse:
    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response
        self.status = response.status
        self.raw_headers = list(response.raw_headers)

    async def aiter_raw(self) -> AsyncIterator[bytes]:
        import aiohttp

        try:
            async for chunk in self._response.content.iter_any():
                yield chunk
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise TransportFailure("protocol", exc) from exc

    async def aclose(self) -> None:
        self._response.release()


def aiohttp_available() -> bool:
    return importlib.util.find_spec("aiohttp") is not None


class AiohttpTransport:
    def __init__(self, config: UpstreamConfig) -> None:
        self.config = config
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        import aiohttp

        # created on first use: an aiohttp session belongs to the running event loop
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    limit=_POOL_SIZE, keepalive_timeout=_KEEPALIVE_SECONDS, use_dns_cache=True
                ),
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    connect=self.config.connect_timeout,
                    sock_connect=self.config.connect_timeout,
                    sock_read=self.config.read_timeout,
                ),
                auto_decompress=False,
                # a shared client must never keep one caller's cookies for the next caller
                cookie_jar=aiohttp.DummyCookieJar(),
                skip_auto_headers=("User-Agent", "Accept-Encoding", "Accept"),
                trust_env=False,
            )
        return self._session

    async def send(
        self, method: str, url: str, headers: list[tuple[bytes, bytes]], content: Content
    ) -> UpstreamResponse:
        import aiohttp
        from yarl import URL

        str_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]
        try:
            response = await self._client().request(
                method,
                URL(url, encoded=True),
                headers=str_headers,  # type: ignore[arg-type]
                data=content,
                allow_redirects=False,
                compress=None,
            )
        except aiohttp.ConnectionTimeoutError as exc:
            raise TransportFailure("connect", exc) from exc
        except aiohttp.ClientConnectorError as exc:
            raise TransportFailure("connect", exc) from exc
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise TransportFailure("timeout", exc) from exc
        except aiohttp.ClientError as exc:
            raise TransportFailure("protocol", exc) from exc
        return _AiohttpResponse(response)

    async def fetch(self, url: str, *, timeout: float) -> tuple[int, bytes]:
        import aiohttp

        async with self._client().get(
            url, timeout=aiohttp.ClientTimeout(total=timeout)
        ) as response:
            return response.status, await response.read()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


def make_transport(kind: str, config: UpstreamConfig) -> UpstreamTransport:
    """``auto``: aiohttp when installed (measured faster, bench/gateway), else httpx."""
    if kind == "auto":
        kind = "aiohttp" if aiohttp_available() else "httpx"
    transports: dict[str, Any] = {"aiohttp": AiohttpTransport, "httpx": HttpxTransport}
    return transports[kind](config)  # type: ignore[no-any-return]
