"""The public pages' helpers: content negotiation, relative links, the stylesheet's contrast."""

from __future__ import annotations

import re

import pytest
from starlette.requests import Request

from suitekit.public_pages import STYLESHEET, root_of, wants_html


def request(path: str = "/v1/public/outfalls/X", accept: str | None = None) -> Request:
    headers = [(b"accept", accept.encode())] if accept is not None else []
    return Request({"type": "http", "path": path, "headers": headers, "query_string": b""})


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        (None, False),  # the API's default stays JSON
        ("*/*", False),
        ("application/json", False),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),  # browsers
        ("text/html", True),
        ("application/json, text/html", False),
        ("text/html;q=0.5, application/json", False),
        ("application/json;q=0.5, text/html", True),
    ],
)
def test_html_only_for_callers_that_prefer_it(accept: str | None, html: bool) -> None:
    assert wants_html(request(accept=accept)) is html


@pytest.mark.parametrize(
    ("path", "root"),
    [
        ("/v1/public/outfalls", "./"),
        ("/v1/public/outfalls/X", "../"),
        ("/v1/public/outfalls/X/tip-offs", "../../"),
        ("/outfall/v1/public/jurisdictions/231002/outfalls", "../../"),
    ],
)
def test_links_are_relative_to_the_public_root(path: str, root: str) -> None:
    assert root_of(request(path)) == root


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_text_colour_meets_wcag_aa_on_its_background() -> None:
    """WCAG 2.1 SC 1.4.3: at least 4.5:1 for normal text (the pages have no large-only text)."""
    css = STYLESHEET.read_text()
    colour = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-f]{6})", css))
    pairs = [
        (colour["ink"], "#ffffff"),
        (colour["muted"], "#ffffff"),
        (colour["link"], "#ffffff"),
        (colour["error"], "#ffffff"),
        (colour["ok"], "#ffffff"),
        ("#ffffff", colour["brand"]),  # header text and buttons
        (colour["ink"], colour["panel"]),
        (colour["muted"], colour["panel"]),
    ]
    for foreground, background in pairs:
        assert contrast(foreground, background) >= 4.5, (foreground, background)


def test_stylesheet_loads_nothing_from_elsewhere() -> None:
    css = STYLESHEET.read_text()
    assert "@import" not in css and "url(" not in css and "@font-face" not in css


def test_money_reads_with_thousands_separators() -> None:
    from suitekit.public_pages import yuan

    assert yuan("5000000") == "5,000,000.00"
    assert yuan(0) == "0.00"
    assert yuan("1234.5") == "1,234.50"
