"""Pieces every sub-domain of the service shares: scopes, decimal strings, rule errors."""

from datetime import date, datetime, timedelta, timezone
from typing import Annotated

from fastapi import FastAPI, Path, Query, Request
from fastapi.responses import JSONResponse

from labs.rules.errors import InvalidTransition, RuleConflict, RuleError
from suitekit.errors import InvalidInput, problem_response
from suitekit.identity import RequireScope
from suitekit.money import DecimalStr

READ = RequireScope("labs:read", "labs:write", "labs:assess")
WRITE = RequireScope("labs:write")
ASSESS = RequireScope("labs:assess")

OptionalDecimalStr = DecimalStr | None

CITY_CODE = "231000"  # 牡丹江市
FIRST_YEAR, LAST_YEAR = 2000, 2100
YearPath = Annotated[int, Path(ge=FIRST_YEAR, le=LAST_YEAR, description="assessment year")]
YearQuery = Annotated[int, Query(ge=FIRST_YEAR, le=LAST_YEAR, description="assessment year")]
OptionalYearQuery = Annotated[int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR)]


CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")  # no daylight saving time


def today() -> date:
    """The bureau's calendar day (the gazette's dates are Beijing dates)."""
    return datetime.now(CHINA_STANDARD_TIME).date()


def bad_field(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, errors=[{"field": field, "message": message}])


async def _on_rule_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RuleError)
    if isinstance(exc, InvalidTransition):
        return problem_response(
            409,
            exc.code,
            "Invalid transition",
            f"cannot {exc.action} from state '{exc.current}'",
            extra={"state": exc.current, "allowed": exc.allowed},
        )
    if isinstance(exc, RuleConflict):
        return problem_response(409, exc.code, "Conflict", exc.message)
    errors = [{"field": f"body.{exc.field}", "message": exc.message}] if exc.field else None
    return problem_response(422, exc.code, "Rule violated", exc.message, errors=errors)


def install_rule_errors(app: FastAPI) -> None:
    app.add_exception_handler(RuleError, _on_rule_error)
