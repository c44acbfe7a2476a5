import pytest
from starlette.requests import Request

from suitekit.errors import InvalidInput, PreconditionFailed, PreconditionRequired
from suitekit.etag import etag_for, require_if_match
from suitekit.pagination import decode_cursor, encode_cursor


@pytest.mark.parametrize("key", ["of_1", 17, "中文"])
def test_cursor_round_trip(key: object) -> None:
    assert decode_cursor(encode_cursor(key)) == key


def test_garbage_cursor_is_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        decode_cursor("not a cursor")


def request_with(headers: dict[str, str]) -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    return Request({"type": "http", "method": "PATCH", "headers": raw})


def test_if_match_current_version_passes() -> None:
    require_if_match(request_with({"If-Match": etag_for(3)}), 3)
    require_if_match(request_with({"If-Match": 'W/"3"'}), 3)


def test_if_match_stale_version_is_412() -> None:
    with pytest.raises(PreconditionFailed):
        require_if_match(request_with({"If-Match": etag_for(2)}), 3)


def test_missing_if_match_is_428() -> None:
    with pytest.raises(PreconditionRequired):
        require_if_match(request_with({}), 3)
