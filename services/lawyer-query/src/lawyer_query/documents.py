"""Printable documents: the result (附件3, art. 9) and the refusal notice (附件2, art. 8).

Rendered with reportlab; the Chinese font is embedded as a subset (``pdffont``), so the page
prints the same on a machine without any Chinese font.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from lawyer_query.pdffont import FONT_NAME as FONT
from lawyer_query.pdffont import cjk_font

REGULATION = "《牡丹江市公安局关于办理律师查询人口信息工作规定（试行）》"

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 25 * mm
RIGHT = PAGE_WIDTH - 25 * mm
ROW = 9 * mm
LABEL_WIDTH = 45 * mm


@dataclass(frozen=True)
class PersonResult:
    heading: str  # "查询对象1"
    rows: list[tuple[str, str]]  # (label, value) of the allowed fields, in art. 3 order
    photo: bytes | None
    photo_allowed: bool
    found: bool


@dataclass(frozen=True)
class ResultDocument:
    application_id: str
    station_name: str
    purpose: str
    date: dt.date
    people: list[PersonResult]
    copy_number: int
    reprint_reason: str | None


@dataclass(frozen=True)
class RefusalDocument:
    application_id: str
    lawyer_name: str
    station_name: str
    submitted: dt.date
    reasons: list[tuple[str, str]]  # (article, text)


CHINESE_NUMERALS = "零一二三四五六七八九十"


def _numeral(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMERALS[n]
    return (
        ("" if n < 20 else CHINESE_NUMERALS[n // 10]) + "十" + CHINESE_NUMERALS[n % 10].strip("零")
    )


def article_label(article: str) -> str:
    """'art. 6(1)' -> '第六条第（一）项'; other references are printed as they are."""
    if not article.startswith("art. "):
        return article
    number, _, item = article[5:].partition("(")
    label = f"第{_numeral(int(number))}条"
    return label + (f"第（{_numeral(int(item.rstrip(')')))}）项" if item else "")


def wrap(text: str, width: float, size: float = 11) -> list[str]:
    lines, current = [], ""
    for char in text:
        if pdfmetrics.stringWidth(current + char, FONT, size) > width:
            lines.append(current)
            current = ""
        current += char
    return [*lines, current] if current else lines


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _new_canvas(buffer: io.BytesIO, title: str) -> Canvas:
    cjk_font()  # registers the embedded font, or refuses to print without one
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=FONT, initialFontSize=11)
    canvas.setTitle(title)
    canvas.setAuthor("牡丹江市公安局")
    canvas.setSubject(REGULATION)
    canvas.setFont(FONT, 11)
    return canvas


def _title(canvas: Canvas, text: str, y: float) -> float:
    canvas.setFont(FONT, 18)
    canvas.drawCentredString(PAGE_WIDTH / 2, y, text)
    canvas.setFont(FONT, 11)
    return y - 14 * mm


def _row(canvas: Canvas, y: float, label: str, value: str) -> float:
    canvas.rect(LEFT, y - ROW, LABEL_WIDTH, ROW)
    canvas.rect(LEFT + LABEL_WIDTH, y - ROW, RIGHT - LEFT - LABEL_WIDTH, ROW)
    canvas.drawString(LEFT + 2 * mm, y - ROW + 3 * mm, label)
    canvas.drawString(LEFT + LABEL_WIDTH + 2 * mm, y - ROW + 3 * mm, value)
    return y - ROW


def _photo(canvas: Canvas, y: float, photo: bytes | None) -> float:
    height = 32 * mm
    canvas.rect(LEFT, y - height, LABEL_WIDTH, height)
    canvas.rect(LEFT + LABEL_WIDTH, y - height, RIGHT - LEFT - LABEL_WIDTH, height)
    canvas.drawString(LEFT + 2 * mm, y - height / 2, "照片")
    if photo:
        image = ImageReader(io.BytesIO(photo))
        canvas.drawImage(image, LEFT + LABEL_WIDTH + 2 * mm, y - height + 1 * mm, 22 * mm, 30 * mm)
    else:
        canvas.drawString(LEFT + LABEL_WIDTH + 2 * mm, y - height / 2, "（无）")
    return y - height


def _person(canvas: Canvas, y: float, person: PersonResult) -> float:
    if y < 100 * mm:
        canvas.showPage()
        canvas.setFont(FONT, 11)
        y = PAGE_HEIGHT - 30 * mm
    canvas.drawString(LEFT, y, person.heading)
    y -= 3 * mm
    if not person.found:
        return _row(canvas, y, "查询结果", "在本次申请的查询范围内未查到该人员登记信息") - 8 * mm
    for label, value in person.rows:
        y = _row(canvas, y, label, value)
    if person.photo_allowed:
        y = _photo(canvas, y, person.photo)
    return y - 8 * mm


def _seal_block(canvas: Canvas, y: float, station: str, day: dt.date) -> float:
    canvas.circle(RIGHT - 30 * mm, y - 18 * mm, 17 * mm)
    canvas.setFont(FONT, 8)
    canvas.drawCentredString(RIGHT - 30 * mm, y - 19 * mm, "派出所印章或户口专用章")
    canvas.setFont(FONT, 11)
    canvas.drawRightString(RIGHT, y - 42 * mm, f"查询单位：{station}（印章）")
    canvas.drawRightString(RIGHT, y - 50 * mm, chinese_date(day))
    return y - 58 * mm


def render_result(doc: ResultDocument) -> bytes:
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, "人口信息查询结果")
    y = _title(canvas, "人口信息查询结果", PAGE_HEIGHT - 25 * mm)
    canvas.setFont(FONT, 9)
    mark = f"第{doc.copy_number}份" + (
        f"（补打，事由：{doc.reprint_reason}）" if doc.reprint_reason else ""
    )
    canvas.drawString(LEFT, y + 6 * mm, f"申请编号：{doc.application_id}    {mark}")
    canvas.setFont(FONT, 11)
    for person in doc.people:
        y = _person(canvas, y, person)
    y = _seal_block(canvas, y, doc.station_name, doc.date)
    canvas.drawString(LEFT, y, f"（查询用途：仅供{doc.purpose}使用）")
    canvas.setFont(FONT, 8)
    canvas.drawString(
        LEFT, 15 * mm, f"依据{REGULATION}第九条当场送达；不得以电子文档、截图、拍照等形式反馈。"
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_refusal_notice(doc: RefusalDocument) -> bytes:
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, "不予受理告知书")
    y = _title(canvas, "不予受理告知书", PAGE_HEIGHT - 25 * mm)
    addressee = doc.lawyer_name if doc.lawyer_name == "申请人" else f"{doc.lawyer_name} 律师"
    canvas.drawString(LEFT, y, f"{addressee}：")
    y -= 8 * mm
    lines = [
        f"你于{chinese_date(doc.submitted)}提交的人口信息查询申请（编号 {doc.application_id}），",
        f"经审核，存在下列情形，根据{REGULATION}",
        "第八条的规定，决定不予受理：",
    ]
    for line in lines:
        canvas.drawString(LEFT + 8 * mm, y, line)
        y -= 7 * mm
    for number, (article, text) in enumerate(doc.reasons, start=1):
        for line in wrap(f"{number}. {text}（{article_label(article)}）", RIGHT - LEFT - 8 * mm):
            canvas.drawString(LEFT + 8 * mm, y, line)
            y -= 7 * mm
    y -= 5 * mm
    _seal_block(canvas, y, doc.station_name, doc.submitted)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
