"""The CJK font every printed document embeds (issue 19: printouts that print anywhere).

ReportLab's built-in ``STSong-Light`` is only *referenced* in the PDF, so a printer or viewer
without that font shows blank Chinese. A TrueType (glyf) font registered with ``TTFont`` is
embedded as a subset of the glyphs used. The font is LXGW WenKai (霞鹜文楷, SIL Open Font
License 1.1), installed by the project's set-up from Debian's ``fonts-lxgw-wenkai``
(``make system-packages``). ReportLab cannot embed CFF-flavoured OpenType (Noto CJK ``.otf``).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from suitekit.errors import ServiceUnavailable

FONT_NAME = "SuiteCJK"
FONT_ENV = "LAWYER_QUERY_PDF_FONT"
# Debian's fonts-lxgw-wenkai; the first file that exists wins
DEFAULT_FONT_FILES = (
    Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"),
    Path("/usr/share/fonts/truetype/lxgw/LXGWWenKai-Regular.ttf"),
)


def font_file() -> Path | None:
    """The configured font file (``LAWYER_QUERY_PDF_FONT``) or the first installed default."""
    configured = os.environ.get(FONT_ENV)
    candidates = (Path(configured),) if configured else DEFAULT_FONT_FILES
    return next((path for path in candidates if path.is_file()), None)


@cache
def _register(path: Path) -> str:
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(path)))
    return FONT_NAME


def cjk_font() -> str:
    """Register the embeddable CJK font once and return its name for the canvas.

    Without it the suite refuses to print rather than hand out a page with blank characters.
    """
    path = font_file()
    if path is None:
        raise ServiceUnavailable(
            "no embeddable CJK font is installed: run `make system-packages` "
            f"(Debian fonts-lxgw-wenkai) or set {FONT_ENV} to a TrueType font file",
            code="print_font_missing",
        )
    return _register(path)
