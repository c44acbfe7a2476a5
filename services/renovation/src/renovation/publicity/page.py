"""The public project page as HTML, for a person who scans the QR code with a phone."""

from html import escape

from renovation.publicity.schemas import PublicProjectPage

PHASE_NAMES = {
    "preparation": "前期准备",
    "design": "施工设计",
    "construction": "改造施工",
    "completed": "施工完成",
    "accepted": "竣工验收",
    "handed_over": "移交",
}
CLASS_NAMES = {"basic": "基础类", "complete": "完善类", "upgrade": "提升类"}


def render_html(page: PublicProjectPage) -> str:
    rows = [
        ("所在城区", page.district_name),
        ("改造类别", CLASS_NAMES.get(page.content_class, page.content_class)),
        ("楼栋 / 户数", f"{page.buildings} 栋 / {page.households} 户"),
        ("改造面积", f"{page.floor_area_m2} 平方米"),
        ("工程投资", f"{page.total_investment_yuan} 元"),
        ("当前阶段", PHASE_NAMES.get(page.phase, page.phase)),
        ("居民监督代表电话", "、".join(page.supervisor_phones) or "—"),
    ]
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    boards = "".join(
        f"<li>{escape(b.title)}（{escape(str(b.installed_on))}）</li>" for b in page.boards
    )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(page.name)}</title></head><body>"
        f"<h1>{escape(page.name)}</h1>"
        f"<p>{page.programme_year}年城镇老旧小区改造项目 · 接受社会各界监督</p>"
        f"<table>{table}</table><h2>公示板</h2><ul>{boards}</ul></body></html>"
    )
