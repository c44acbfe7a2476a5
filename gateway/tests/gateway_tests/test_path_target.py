"""One decision on one representation of the path (issue 14 item 1), as a table of rules."""

from __future__ import annotations

import pytest

from gateway.proxy.target import PathRefused, ProxyTarget, proxy_target

SERVICES = frozenset({"outfall", "lawyer-query"})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"/outfall/v1", ProxyTarget("outfall", "/v1", public=False)),
        (b"/outfall/v1/", ProxyTarget("outfall", "/v1/", public=False)),
        (b"/outfall/v1/outfalls", ProxyTarget("outfall", "/v1/outfalls", public=False)),
        (b"/outfall/v1/public/ping", ProxyTarget("outfall", "/v1/public/ping", public=True)),
        (b"/outfall/v1/public", ProxyTarget("outfall", "/v1/public", public=True)),
        (b"/outfall/v1/publicity", ProxyTarget("outfall", "/v1/publicity", public=False)),
        # decoded once, re-encoded canonically: the service sees what was decided on
        (b"/outfall/v1/%70ublic/ping", ProxyTarget("outfall", "/v1/public/ping", public=True)),
        (b"/outfall/%761/x", ProxyTarget("outfall", "/v1/x", public=False)),
        (b"/%6Futfall/v1/x", ProxyTarget("outfall", "/v1/x", public=False)),
        (b"/outfall/v1/a%20b", ProxyTarget("outfall", "/v1/a%20b", public=False)),
        (b"/outfall/v1/%E7%89%A1", ProxyTarget("outfall", "/v1/%E7%89%A1", public=False)),
        (b"/lawyer-query/v1/x:y", ProxyTarget("lawyer-query", "/v1/x:y", public=False)),
        # not proxied: the gateway's own routes answer (404 for these)
        (b"/outfall/metrics", None),
        (b"/outfall", None),
        (b"/outfall/v2/x", None),
        (b"/outfall//v1/x", None),
        (b"/nothing/v1/x", None),
        (b"/oauth/token", None),
        (b"//outfall/v1/x", None),
        (b"/OUTFALL/v1/x", None),
    ],
)
def test_paths_that_are_decided(raw: bytes, expected: ProxyTarget | None) -> None:
    assert proxy_target(raw, SERVICES) == expected


@pytest.mark.parametrize(
    "raw",
    [
        # encoded slash in the service or version segment, any case (the reported escapes)
        b"/outfall%2fv1%2fpublic/metrics",
        b"/outfall%2Fv1%2Fpublic/metrics",
        b"/outfall%2Fv1%2Fpublic/v1/outfalls",
        b"/lawyer-query%2fv1%2fpublic/docs",
        b"/outfall%2fv1",
        b"/outfall/v1%2fpublic/ping",
        b"/outfall/v1/public%2f..%2f..%2fmetrics",
        # backslash, raw or encoded
        b"/outfall%5cv1%5cpublic/metrics",
        b"/outfall%5Cv1/x",
        b"/outfall\\v1\\public/metrics",
        b"/outfall/v1/public\\..\\echo",
        # double encoding of a separator, a dot, a ';' or a '%'
        b"/outfall%252fv1%252fpublic/metrics",
        b"/outfall%252Fv1/x",
        b"/outfall/v1/public/%252e%252e/echo",
        b"/outfall/v1/x%253b",
        b"/outfall/v1/x%2525",
        # ';' parameters anywhere, raw or encoded
        b"/outfall;a=b/v1/public/ping",
        b"/outfall/v1;a=b/public/ping",
        b"/outfall/v1/public;x/ping",
        b"/outfall/v1/public%3Bx/ping",
        # empty and dot segments, raw or encoded
        b"/outfall/v1//public/ping",
        b"/outfall/v1/public//ping",
        b"/outfall/v1/../metrics",
        b"/outfall/v1/./echo",
        b"/outfall/v1/public/%2e%2e/echo",
        b"/outfall/v1/%2E/echo",
        b"/outfall/v1/x%00",
    ],
)
def test_ambiguous_paths_are_refused(raw: bytes) -> None:
    with pytest.raises(PathRefused):
        proxy_target(raw, SERVICES)


@pytest.mark.parametrize("raw", [b"/admin%2fclients", b"/docs%5C", b"/x\\y", b"/a%252fb"])
def test_hidden_separators_are_refused_on_the_gateways_own_paths_too(raw: bytes) -> None:
    with pytest.raises(PathRefused):
        proxy_target(raw, SERVICES)
