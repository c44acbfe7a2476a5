import pytest

from suitekit.identity import Caller, division_prefix


def caller(*jurisdiction: str) -> Caller:
    return Caller(client_id="c", scopes=frozenset({"x:read"}), jurisdiction=jurisdiction)


@pytest.mark.parametrize(
    ("code", "prefix"),
    [("231002", "231002"), ("231000", "2310"), ("230000", "23"), ("KFQ", "KFQ")],
)
def test_division_prefix_strips_trailing_zero_pairs(code: str, prefix: str) -> None:
    assert division_prefix(code) == prefix


@pytest.mark.parametrize(
    ("jurisdiction", "code", "covered"),
    [
        (("*",), "231002", True),
        (("231002",), "231002", True),
        (("231002",), "231003", False),
        (("231000",), "231086", True),  # the city covers its counties
        (("231000",), "231100", False),  # ... but not Heihe (2311xx)
        (("KFQ",), "KFQ", True),
        (("KFQ",), "JPH", False),
        (("231002",), None, False),
        (("school-17",), "school-17", True),
        (("school-17",), "school-170", False),
    ],
)
def test_caller_covers(jurisdiction: tuple[str, ...], code: str | None, covered: bool) -> None:
    assert caller(*jurisdiction).covers(code) is covered


def test_scope_check_is_any_of() -> None:
    c = caller("*")
    assert c.has_scope("x:write", "x:read")
    assert not c.has_scope("x:write")
