"""Pure rules of public tip-offs (§六(七) 公众监督举报机制): form limits at, below and above each
bound, the photo check by content, the per-address allowance and the status machine."""

import pytest

from outfall.rules.errors import TransitionRefused
from outfall.rules.tipoffs import (
    TipOffAction,
    TipOffForm,
    form_errors,
    next_status,
    photo_error,
    within_rate_limit,
)

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 10
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 10


def form(**overrides: object) -> TipOffForm:
    values = {
        "location": "桥下",
        "description": "五个字描述",
        "contact": "",
        "honeypot": "",
        "photo": None,
        "photo_max_bytes": 1024,
    }
    return TipOffForm(**{**values, **overrides})


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({}, set()),
        ({"description": "四个字啊"}, {"description"}),  # 4 < 5
        ({"description": "五" * 5000}, set()),
        ({"description": "五" * 5001}, {"description"}),
        ({"location": ""}, {"location"}),
        ({"location": "地" * 300}, set()),
        ({"location": "地" * 301}, {"location"}),
        ({"contact": "c" * 200}, set()),
        ({"contact": "c" * 201}, {"contact"}),
        ({"honeypot": "http://spam"}, {"website"}),
    ],
)
def test_form_limits(overrides: dict, fields: set[str]) -> None:
    assert set(form_errors(form(**overrides))) == fields


@pytest.mark.parametrize(
    ("content", "refused"),
    [
        (JPEG, False),
        (PNG, False),
        (b"GIF89a" + b"\x00" * 10, True),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", True),
        (PNG + b"\x00" * (1024 - len(PNG)), False),  # exactly the limit
        (PNG + b"\x00" * (1025 - len(PNG)), True),  # one byte above
    ],
)
def test_photo_is_checked_by_content_and_size(content: bytes, refused: bool) -> None:
    assert (photo_error(content, 1024) is not None) is refused


def test_rate_limit_allows_up_to_the_limit() -> None:
    assert within_rate_limit(4, 5)
    assert not within_rate_limit(5, 5)
    assert not within_rate_limit(6, 5)


def test_tip_off_states() -> None:
    assert next_status("received", TipOffAction.FORWARD) == "forwarded"
    assert next_status("received", TipOffAction.HANDLE) == "handled"
    assert next_status("forwarded", TipOffAction.HANDLE) == "handled"
    with pytest.raises(TransitionRefused) as refused:
        next_status("handled", TipOffAction.FORWARD)
    assert refused.value.allowed == []
    with pytest.raises(TransitionRefused):
        next_status("forwarded", TipOffAction.FORWARD)
