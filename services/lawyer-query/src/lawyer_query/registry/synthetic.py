"""Synthetic people for the embedded registry (seeded RNG; never real people).

Every address, station and name is generated; addresses carry "演示" (demo) so a printed
result can never be mistaken for a real one.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass

from lawyer_query.rules.citizen_id import check_citizen_id, with_check_digit

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅文辉鑫宇浩然子"
    "轩欣怡思雨博涵晨阳雪松春燕海波"
)
ETHNICITIES = ("汉族",) * 17 + ("满族", "朝鲜族", "回族", "蒙古族")
DEREGISTRATION_REASONS = ("迁出", "死亡", "出国（境）定居", "参军入伍")

MUDANJIANG = {
    "231002": "东安区",
    "231003": "阳明区",
    "231004": "爱民区",
    "231005": "西安区",
    "231083": "海林市",
    "231084": "宁安市",
}
PROVINCE = {"230102": "哈尔滨市道里区", "230103": "哈尔滨市南岗区", "230602": "大庆市萨尔图区"}
OTHER = {"110101": "北京市东城区", "310104": "上海市徐汇区", "220102": "长春市南关区"}
STREETS = "光华 太平 西长安 东新荣 七星 卫国 新华 兴平 北山 江滨"


@dataclass(frozen=True)
class SyntheticPerson:
    kind: str  # registered | floating
    region: str  # mudanjiang | province | other_province
    name: str
    sex: str
    date_of_birth: dt.date
    ethnicity: str
    id_number: str
    registered_address: str
    photo: bytes | None
    registration_station: str
    deregistration_date: dt.date | None
    deregistration_reason: str | None

    def field_values(self) -> dict[str, str | None]:
        """Text values of the 10 fields of art. 3 (photo excluded: bytes)."""
        return {
            "name": self.name,
            "sex": self.sex,
            "date_of_birth": self.date_of_birth.isoformat(),
            "ethnicity": self.ethnicity,
            "id_number": self.id_number,
            "registered_address": self.registered_address,
            "registration_station": self.registration_station,
            "deregistration_date": (
                self.deregistration_date.isoformat() if self.deregistration_date else None
            ),
            "deregistration_reason": self.deregistration_reason,
        }


def synthetic_photo(rng: random.Random) -> bytes:
    """A tiny abstract portrait (grey head on a coloured card), PNG; never a real face."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (60, 80), (rng.randrange(150, 255), 200, 220))
    draw = ImageDraw.Draw(image)
    grey = rng.randrange(80, 200)
    draw.ellipse((15, 10, 45, 45), fill=(grey, grey, grey))
    draw.rectangle((8, 50, 52, 80), fill=(grey - 40, grey - 40, grey - 40))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _id_number(
    rng: random.Random, division: str, birth: dt.date, male: bool, taken: set[str]
) -> str:
    """A number not yet given to anyone generated in this run (real numbers are unique)."""
    order = rng.randrange(0, 500) * 2 + (1 if male else 0)
    for step in range(500):
        number = with_check_digit(f"{division}{birth:%Y%m%d}{(order + 2 * step) % 1000:03d}")
        if number not in taken:
            taken.add(number)
            return number
    raise ValueError("no free order code left for that place and birth date")


def _place(rng: random.Random, region: str) -> tuple[str, str]:
    table = {"mudanjiang": MUDANJIANG, "province": PROVINCE, "other_province": OTHER}[region]
    division = rng.choice(sorted(table))
    return division, table[division]


def _address(rng: random.Random, place: str, region: str) -> str:
    prefix = "黑龙江省牡丹江市" if region == "mudanjiang" else ""
    street = rng.choice(STREETS.split())
    return f"{prefix}{place}{street}演示街{rng.randrange(1, 300)}号{rng.randrange(1, 9)}单元"


def _deregistration(rng: random.Random, birth: dt.date) -> tuple[dt.date | None, str | None]:
    if rng.random() >= 0.2:
        return None, None
    start = max(birth, dt.date(2000, 1, 1))
    when = start + dt.timedelta(days=rng.randrange(0, max(1, (dt.date(2025, 12, 31) - start).days)))
    return when, rng.choice(DEREGISTRATION_REASONS)


def generate_person(
    rng: random.Random, *, kind: str, region: str, photo: bool, taken: set[str] | None = None
) -> SyntheticPerson:
    # floating people are recorded in Mudanjiang but registered (户口) elsewhere
    home = rng.choice(("province", "other_province")) if kind == "floating" else region
    division, place = _place(rng, home)
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 65))
    male = rng.random() < 0.5
    number = _id_number(rng, division, birth, male, set() if taken is None else taken)
    assert check_citizen_id(number, today=dt.date(2026, 1, 1)).valid, "generator bug"
    dereg_date, dereg_reason = _deregistration(rng, birth) if kind == "registered" else (None, None)
    return SyntheticPerson(
        kind=kind,
        region=region if kind == "registered" else "mudanjiang",
        name=_name(rng),
        sex="男" if male else "女",
        date_of_birth=birth,
        ethnicity=rng.choice(ETHNICITIES),
        id_number=number,
        registered_address=_address(rng, place, home),
        photo=synthetic_photo(rng) if photo else None,
        registration_station=f"{place}演示派出所",
        deregistration_date=dereg_date,
        deregistration_reason=dereg_reason,
    )


# (kind, region, people out of every 20)
MIX: tuple[tuple[str, str, int], ...] = (
    ("registered", "mudanjiang", 11),
    ("floating", "mudanjiang", 2),
    ("registered", "province", 4),
    ("registered", "other_province", 3),
)
MIX_BLOCK = sum(weight for _kind, _region, weight in MIX)


def population_slot(index: int) -> tuple[str, str]:
    """Deterministic mix: every block of 20 people follows the weights of MIX."""
    position, cumulative = index % MIX_BLOCK, 0
    for kind, region, weight in MIX:
        cumulative += weight
        if position < cumulative:
            return kind, region
    raise AssertionError("unreachable: MIX covers the block")


def generate_people(count: int, *, seed: int, photos: bool = True) -> Iterator[SyntheticPerson]:
    rng, taken = random.Random(seed), set[str]()
    for index in range(count):
        kind, region = population_slot(index)
        yield generate_person(rng, kind=kind, region=region, photo=photos, taken=taken)
