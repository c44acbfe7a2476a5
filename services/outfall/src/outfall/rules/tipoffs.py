"""Public tip-offs (§六(七) 建立完善公众监督举报机制): what a resident may send, how often, and
the states a tip-off goes through. Pure: no I/O, no framework.

The gazette sets no figures for the form; the limits below are the suite's own (settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from outfall.rules.errors import TransitionRefused


class TipOffStatus(StrEnum):
    RECEIVED = "received"
    FORWARDED = "forwarded"
    HANDLED = "handled"


class TipOffAction(StrEnum):
    FORWARD = "forward"
    HANDLE = "handle"


STATUS_NAMES_ZH = {
    TipOffStatus.RECEIVED: "已受理",
    TipOffStatus.FORWARDED: "已转交责任单位",
    TipOffStatus.HANDLED: "已办结",
}

_TRANSITIONS: dict[TipOffStatus, dict[TipOffAction, TipOffStatus]] = {
    TipOffStatus.RECEIVED: {
        TipOffAction.FORWARD: TipOffStatus.FORWARDED,
        TipOffAction.HANDLE: TipOffStatus.HANDLED,
    },
    TipOffStatus.FORWARDED: {TipOffAction.HANDLE: TipOffStatus.HANDLED},
    TipOffStatus.HANDLED: {},
}


def next_status(current: str, action: TipOffAction) -> TipOffStatus:
    allowed = _TRANSITIONS[TipOffStatus(current)]
    if action not in allowed:
        raise TransitionRefused(current, action.value, sorted(a.value for a in allowed))
    return allowed[action]


LOCATION_MAX = 300
DESCRIPTION_MIN = 5
DESCRIPTION_MAX = 5000
CONTACT_MAX = 200
PHOTO_TYPES = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}


@dataclass(frozen=True)
class TipOffForm:
    location: str
    description: str
    contact: str
    honeypot: str
    photo: bytes | None
    photo_max_bytes: int


def form_errors(form: TipOffForm) -> dict[str, str]:
    """Field -> message in Chinese; empty when the form may be accepted."""
    errors: dict[str, str] = {}
    if form.honeypot:
        errors["website"] = "提交未被接受，请刷新页面后重新填写。"
    if not form.location:
        errors["location"] = "请填写发现问题的地点。"
    elif len(form.location) > LOCATION_MAX:
        errors["location"] = f"地点不能超过{LOCATION_MAX}个字。"
    if len(form.description) < DESCRIPTION_MIN:
        errors["description"] = f"请描述看到的情况，至少{DESCRIPTION_MIN}个字。"
    elif len(form.description) > DESCRIPTION_MAX:
        errors["description"] = f"情况描述不能超过{DESCRIPTION_MAX}个字。"
    if len(form.contact) > CONTACT_MAX:
        errors["contact"] = f"联系方式不能超过{CONTACT_MAX}个字。"
    if form.photo is not None:
        problem = photo_error(form.photo, form.photo_max_bytes)
        if problem:
            errors["photo"] = problem
    return errors


def photo_type(content: bytes) -> str | None:
    """The image type by its first bytes (what the browser claims is not trusted)."""
    return next((kind for kind, magic in PHOTO_TYPES.items() if content.startswith(magic)), None)


def photo_error(content: bytes, max_bytes: int) -> str | None:
    if len(content) > max_bytes:
        return f"照片不能超过{max_bytes // (1024 * 1024)}MB。"
    if photo_type(content) is None:
        return "照片只接受JPEG或PNG格式。"
    return None


def within_rate_limit(recent: int, limit: int) -> bool:
    """``recent`` tip-offs from the same address inside the window; ``limit`` allowed."""
    return recent < limit
