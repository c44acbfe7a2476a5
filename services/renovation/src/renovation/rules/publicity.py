"""Publicity before construction starts, §五(四)5.

"开工前，在改造项目内显著位置制作3块以上公示板 … 2名以上居民监督代表联系电话 … 实行1个项目
1个二维码": at least 3 boards of the three kinds, at least 2 supervisors' phones, the QR shown.
"""

from dataclasses import dataclass
from enum import StrEnum

MIN_BOARDS = 3  # §五(四)5: 3块以上公示板
MIN_SUPERVISORS = 2  # §五(四)5: 2名以上居民监督代表联系电话


class BoardKind(StrEnum):
    EFFECT_DRAWINGS = "effect_drawings"  # 改造项目效果图（鸟瞰图、平面图、新旧对比图）
    CONTENT_SCHEDULE = "content_schedule"  # 改造内容、工程投资、时间安排、监督代表电话
    ANNOUNCEMENT = "announcement"  # 工程公告


@dataclass(frozen=True)
class PublicitySummary:
    boards: int
    kinds: frozenset[BoardKind]
    supervisor_phones: frozenset[str]
    qr_displayed: bool


def publicity_missing(summary: PublicitySummary) -> list[str]:
    """What the project still lacks before the start action (§五(四)5)."""
    missing: list[str] = []
    if summary.boards < MIN_BOARDS:
        missing.append(
            f"{MIN_BOARDS - summary.boards} more public board(s) (at least {MIN_BOARDS})"
        )
    for kind in BoardKind:
        if kind not in summary.kinds:
            missing.append(f"a '{kind.value}' board")
    if len(summary.supervisor_phones) < MIN_SUPERVISORS:
        missing.append(
            f"{MIN_SUPERVISORS - len(summary.supervisor_phones)} more resident supervisor phone(s) "
            f"on the content board (at least {MIN_SUPERVISORS})"
        )
    if not summary.qr_displayed:
        missing.append("the project's QR code shown on a board")
    return missing
