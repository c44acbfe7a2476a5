"""Path and query values are named by kind in problem answers, never repeated (issue 14)."""

import pytest

from suitekit.redaction import named_by_kind, redact, request_values, unknown_keys

ID_NUMBER = "231004199212078257"


def test_path_values_are_named_by_their_parameter() -> None:
    values = request_values({"application_id": ID_NUMBER}, [])
    assert named_by_kind(f"application {ID_NUMBER} not found", values) == (
        "application {application_id} not found"
    )


def test_whole_values_only_but_names_inside_chinese_text_are_found() -> None:
    values = request_values({"action": "accept", "name": "欧阳明月"}, [])
    assert named_by_kind("cannot accept; acceptance party", values) == (
        "cannot {action}; acceptance party"
    )
    assert named_by_kind("查询对象欧阳明月未找到", values) == "查询对象{name}未找到"


def test_short_query_values_are_left_alone_long_ones_named() -> None:
    values = request_values({}, [("limit", "5"), ("lawyer", "12310201810000001")])
    assert named_by_kind("limit 5 for 12310201810000001", values) == "limit 5 for {lawyer}"


def test_redact_walks_problem_bodies_and_unknown_keys_are_named() -> None:
    errors = [{"type": "extra_forbidden", "loc": ("body", ID_NUMBER), "msg": "Extra inputs"}]
    values = unknown_keys(errors)
    body = {
        "detail": f"invalid fields: body.{ID_NUMBER}",
        "errors": [{"field": f"body.{ID_NUMBER}"}],
    }
    assert ID_NUMBER not in str(redact(body, values))
    assert redact(body, []) is body


@pytest.mark.parametrize("key", ["", " ", "/", ":", "~"])
def test_a_key_without_letters_or_digits_never_cuts_the_problem_apart(key: str) -> None:
    """Found by contract fuzzing: an unknown body key "" was 'named' between every character,
    which also broke the problem's `type` URI."""
    problem = {
        "type": "https://mudanjiang-suite.example/problems/validation_failed",
        "code": "validation_failed",
        "detail": "body.person: field required",
    }
    assert redact(problem, [(key, "unknown field")]) == problem


def test_the_problem_type_and_code_are_never_rewritten() -> None:
    problem = {"type": "https://x.example/problems/not_found", "code": "not_found", "detail": "x"}
    redacted = redact(problem, [("not_found", "application_id")])
    assert redacted["type"] == problem["type"] and redacted["code"] == "not_found"
