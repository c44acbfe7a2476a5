"""Issue 19: every printed document embeds its (CJK) font and prints on a machine without one.

The old documents referenced ReportLab's ``STSong-Light`` without embedding it: `pdffonts`
listed it with emb=no and a renderer with no Chinese font drew the characters blank, so both
tests below failed on that code.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from lawyer_query.documents import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PersonResult,
    RefusalDocument,
    ResultDocument,
    render_refusal_notice,
    render_result,
)
from lawyer_query.pdffont import font_file

POPPLER = shutil.which("pdffonts") and shutil.which("pdftoppm")
pytestmark = [
    pytest.mark.skipif(
        not POPPLER, reason="poppler-utils (pdffonts, pdftoppm) not installed: make system-packages"
    ),
    pytest.mark.skipif(
        font_file() is None,
        reason="no embeddable CJK font (Debian fonts-lxgw-wenkai): make system-packages",
    ),
]
DPI = 72  # one pixel per PDF point


def _refusal() -> bytes:
    return render_refusal_notice(
        RefusalDocument(
            application_id="la_0001",
            lawyer_name="张律师",
            station_name="东安区新安派出所",
            submitted=dt.date(2022, 6, 1),
            reasons=[("art. 6(1)", "律师执业证已过期")],
        )
    )


def _result() -> bytes:
    person = PersonResult(
        heading="查询对象1",
        rows=[("姓名", "王*明"), ("性别", "男"), ("住址", "牡丹江市东安区某街道")],
        photo=None,
        photo_allowed=False,
        found=True,
    )
    return render_result(
        ResultDocument(
            application_id="la_0002",
            station_name="东安区新安派出所",
            purpose="诉讼",
            date=dt.date(2022, 6, 2),
            people=[person],
            copy_number=1,
            reprint_reason=None,
        )
    )


DOCUMENTS = {"refusal_notice": _refusal, "result": _result}


def _fonts(pdf: Path) -> list[dict[str, str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()[2:]  # header and ruler
    # columns from the right: object ID (2), uni, sub, emb, then encoding and type
    return [
        {"name": line.split()[0], "emb": line.split()[-5], "sub": line.split()[-4]}
        for line in lines
    ]


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_every_font_of_the_document_is_embedded_as_a_subset(kind: str, tmp_path: Path) -> None:
    pdf = tmp_path / f"{kind}.pdf"
    pdf.write_bytes(DOCUMENTS[kind]())
    fonts = _fonts(pdf)
    assert fonts, "the document uses no font at all"
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert all(f["sub"] == "yes" for f in fonts), fonts


def _empty_fontconfig(tmp_path: Path) -> dict[str, str]:
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n"
    )
    return {"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}


def _ink(image: Image.Image, box: tuple[float, float, float, float]) -> int:
    """Dark pixels inside box (left, top, right, bottom in points from the top-left)."""
    region = image.convert("L").crop(tuple(round(v) for v in box))
    return sum(region.histogram()[:128])


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_chinese_title_has_ink_when_no_font_is_installed(kind: str, tmp_path: Path) -> None:
    pdf = tmp_path / f"{kind}.pdf"
    pdf.write_bytes(DOCUMENTS[kind]())
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        env=_empty_fontconfig(tmp_path),
        check=True,
        capture_output=True,
    )
    (page,) = tmp_path.glob("p-*.png")
    image = Image.open(page)
    assert abs(image.size[1] - PAGE_HEIGHT) <= 1  # rendered at one pixel per point
    # the title (18 pt, centred, baseline 25 mm below the top edge): only Chinese characters,
    # no table lines there; blank glyphs would leave the box white
    baseline = 25 * 72 / 25.4
    title_box = (PAGE_WIDTH / 2 - 90, baseline - 18, PAGE_WIDTH / 2 + 90, baseline + 4)
    assert _ink(image, title_box) > 150
    # and an empty margin stays empty: the ink above is text, not a grey page
    assert _ink(image, (5, 5, 60, 40)) == 0
