"""附件1 一(五), 附件4 一1: the graduation audit, every bound at / below / above."""

from decimal import Decimal

import pytest

from credits.demo_records import complete_record
from credits.refdata import course_table
from credits.rules.course_table import ArtsMode, Category, SchoolType
from credits.rules.graduation import AuditResult, CreditItem, audit

TABLE = course_table()
C, S, E = Category.compulsory, Category.selective, Category.elective


def run(items: list[CreditItem], school_type=SchoolType.ordinary, **kw) -> AuditResult:
    return audit(items, course_table=TABLE, school_type=school_type, **kw)


def check(result: AuditResult, key: str):
    return next(c for c in result.checks if c.key == key)


def extra(n: int, subject: str, category: Category, credits: str, **kw) -> CreditItem:
    return CreditItem(
        f"extra-{subject}-{n}", "transfer", subject, category, Decimal(credits), f"extra {n}", **kw
    )


def without(items: list[CreditItem], source_id: str) -> list[CreditItem]:
    assert any(i.source_id == source_id for i in items)
    return [i for i in items if i.source_id != source_id]


def shrink(items: list[CreditItem], source_id: str, by: str) -> list[CreditItem]:
    return [
        i._replace(credits=i.credits - Decimal(by)) if i.source_id == source_id else i
        for i in items
    ]


@pytest.fixture
def record() -> list[CreditItem]:
    return complete_record(TABLE)


@pytest.fixture
def korean() -> list[CreditItem]:
    return complete_record(TABLE, SchoolType.korean_ethnic)


def test_complete_record_graduates_with_exactly_144_annex1_1_5(record) -> None:
    result = run(record)
    assert result.eligible
    assert [(b.key, b.earned) for b in result.buckets] == [
        ("compulsory", 88),
        ("selective_compulsory", 42),
        ("elective", 14),
    ]
    assert result.total_earned == 144
    assert result.ice_snow_credit is True


@pytest.mark.parametrize(("delta", "met"), [("-0.5", False), ("0", True), ("0.5", True)])
def test_total_144_at_below_above_annex1_1_5(record, delta: str, met: bool) -> None:
    items = record
    if delta.startswith("-"):
        items = shrink(record, "YW-ele-0", "0.5")
    elif delta != "0":
        items = [*record, extra(1, "XB", E, delta)]
    assert check(run(items), "total").met is met
    assert run(items).total_earned == Decimal(144) + Decimal(delta)


@pytest.mark.parametrize(("delta", "met"), [("-0.5", False), ("0", True)])
def test_compulsory_88_at_and_below_annex4_1_1(record, delta: str, met: bool) -> None:
    items = shrink(record, "WL-com-0", "0.5") if delta != "0" else record
    result = run(items)
    assert check(result, "compulsory").met is met
    assert result.buckets[0].earned == Decimal(88) + Decimal(delta)
    assert result.eligible is met


def test_compulsory_above_88_is_not_counted_twice_annex4_1_1(record) -> None:
    result = run([*record, extra(1, "WL", C, "1")])
    assert result.buckets[0].earned == 88
    assert [n.reason for n in result.not_counted] == ["beyond the subject's compulsory credits"]


@pytest.mark.parametrize(("delta", "met"), [(-1, False), (0, True), (1, True)])
def test_selective_compulsory_42_at_below_above_annex1_1_5(record, delta: int, met: bool) -> None:
    items = record
    if delta < 0:
        items = without(record, "YW-sel-0")  # 1 credit
    elif delta > 0:
        items = [*record, extra(1, "ZZ", S, "1")]
    result = run(items)
    assert result.buckets[1].earned == 42 + delta
    assert check(result, "selective_compulsory").met is met
    assert result.eligible is met


@pytest.mark.parametrize(("delta", "met"), [(-1, False), (0, True), (1, True)])
def test_elective_14_at_below_above_annex1_1_5(record, delta: int, met: bool) -> None:
    items = record
    if delta < 0:
        items = without(record, "YW-ele-0")  # an extension course of 1 credit
    elif delta > 0:
        items = [*record, extra(1, "SX", E, "1", extension=True)]
    result = run(items)
    assert result.buckets[2].earned == 14 + delta
    assert check(result, "elective").met is met


@pytest.mark.parametrize(("non_extension", "met"), [("7.5", False), ("8", True), ("8.5", True)])
def test_elective_non_extension_8_at_below_above_annex2_2_2_1(record, non_extension, met) -> None:
    items = [i for i in record if not (i.subject_code == "XB" and i.category is E)]
    items += [extra(1, "XB", E, non_extension)]
    result = run(items)
    assert check(result, "elective_non_extension").earned == Decimal(non_extension)
    assert check(result, "elective_non_extension").met is met


def test_extension_courses_do_not_count_towards_the_8(record) -> None:
    items = [i for i in record if not (i.subject_code == "XB" and i.category is E)]
    items += [extra(1, "SX", E, "6", extension=True), extra(2, "WL", E, "4", extension=True)]
    result = run(items)
    assert check(result, "elective").earned == 16  # 6 语文 + 6 数学 + 4 物理 extension
    assert check(result, "elective").met
    assert check(result, "elective_non_extension").earned == 0
    assert not result.eligible


def test_korean_complete_record_graduates_with_96_compulsory_annex1_1_5(korean) -> None:
    result = run(korean, SchoolType.korean_ethnic)
    assert result.variant == "korean_ethnic"
    assert result.eligible
    assert result.buckets[0].earned == 96
    assert check(result, "selective_plus_elective").earned == 48
    assert check(result, "elective").earned == 7
    assert result.total_earned == 144


def test_korean_compulsory_96_just_below_annex1_1_5(korean) -> None:
    result = run(shrink(korean, "CYW-com-0", "0.5"), SchoolType.korean_ethnic)
    assert check(result, "compulsory").earned == Decimal("95.5")
    assert not check(result, "compulsory").met


def test_korean_record_without_chaoyu_fails_and_standard_yuwen_is_not_counted(record) -> None:
    result = run(record, SchoolType.korean_ethnic)
    assert not check(result, "compulsory").met
    assert any(n.reason == "subject not in this school's course plan" for n in result.not_counted)


@pytest.mark.parametrize(("delta", "met"), [(-1, False), (0, True), (1, True)])
def test_korean_selective_plus_elective_48_annex1_1_5(korean, delta: int, met: bool) -> None:
    items = korean
    if delta < 0:
        items = without(korean, "CYW-sel-0")
    elif delta > 0:
        items = [*korean, extra(1, "ZZ", S, "1")]
    result = run(items, SchoolType.korean_ethnic)
    assert check(result, "selective_plus_elective").earned == 48 + delta
    assert check(result, "selective_plus_elective").met is met


@pytest.mark.parametrize(("delta", "met"), [(-1, False), (0, True), (1, True)])
def test_korean_elective_7_annex1_1_5(korean, delta: int, met: bool) -> None:
    items = [*korean, extra(9, "ZZ", S, "1")]  # keep selective + elective at 48+
    if delta < 0:
        items = without(items, "CYW-ele-0")
    elif delta > 0:
        items = [*items, extra(1, "XB", E, "1")]
    result = run(items, SchoolType.korean_ethnic)
    assert check(result, "elective").earned == 7 + delta
    assert check(result, "elective").met is met


def test_korean_variant_has_no_non_extension_8_rule(korean) -> None:
    assert "elective_non_extension" not in {
        c.key for c in run(korean, SchoolType.korean_ethnic).checks
    }


def test_pe_needs_one_credit_in_each_series_table6_note(record) -> None:
    result = run(without(record, "TJ-com-0"))  # 体能
    line = next(x for x in result.buckets[0].lines if x.key == "compulsory.TJ.体能")
    assert line.missing == 1
    assert not result.eligible


def test_pe_10_selective_credits_count_as_compulsory_not_selective_table6_note(record) -> None:
    result = run(record)
    pe = next(x for x in result.buckets[0].lines if x.key == "compulsory.TJ.selective")
    assert pe.earned == 10
    assert "selective_compulsory.TJ" not in {x.key for x in result.buckets[1].lines}


def test_pe_9_selective_credits_leave_1_missing_table6_note(record) -> None:
    result = run(shrink(record, "TJ-sel-0", "1"))
    pe = next(x for x in result.buckets[0].lines if x.key == "compulsory.TJ.selective")
    assert pe.missing == 1


def test_music_needs_2_compulsory_credits_table7_note1() -> None:
    yy = [
        CreditItem("m1", "module", "YY", C, Decimal(1), "音乐鉴赏"),
        CreditItem("m2", "module", "YY", S, Decimal(1), "合唱"),
        CreditItem("m3", "module", "YY", S, Decimal(1), "合奏"),
    ]
    lines = {x.key: x for x in run(yy).buckets[0].lines}
    assert lines["compulsory.YY.compulsory"].missing == 1
    assert lines["compulsory.YY.either"].earned == 1  # one selective credit fills the third
    two = [*yy, CreditItem("m4", "module", "YY", C, Decimal(1), "歌唱")]
    lines = {x.key: x for x in run(two).buckets[0].lines}
    assert lines["compulsory.YY.compulsory"].missing == 0
    assert lines["compulsory.YY.either"].missing == 0


def test_fine_art_1_compulsory_and_2_selective_table7_note2() -> None:
    ms = [
        CreditItem("a1", "module", "MS", C, Decimal(1), "美术鉴赏"),
        CreditItem("a2", "module", "MS", S, Decimal(1), "绘画"),
    ]
    lines = {x.key: x for x in run(ms).buckets[0].lines}
    assert lines["compulsory.MS.compulsory"].missing == 0
    assert lines["compulsory.MS.selective"].missing == 1


def test_combined_arts_mode_needs_6_arts_credits_annex1_1_4(record) -> None:
    result = run(record, arts_mode=ArtsMode.combined)
    line = next(x for x in result.buckets[0].lines if x.key == "compulsory.YS")
    assert line.missing == 6


@pytest.mark.parametrize(("projects", "counted"), [(1, 3), (2, 6), (3, 6)])
def test_research_credits_capped_at_6_in_audit_s2_2_2_1(record, projects, counted) -> None:
    items = [i for i in record if i.source_kind != "research_project"]
    items += [
        CreditItem(f"r{n}", "research_project", "ZHSJ", C, Decimal(3)) for n in range(projects)
    ]
    result = run(items)
    line = next(x for x in result.buckets[0].lines if x.key == "compulsory.ZHSJ.research")
    assert line.earned == counted
    assert sum(n.credits for n in result.not_counted) == projects * 3 - counted


def test_labour_takes_4_credits_from_two_general_technology_modules_s2_2_3(record) -> None:
    result = run(record)
    line = next(x for x in result.buckets[0].lines if x.key == "compulsory.LD.tech")
    assert line.earned == 4
    assert len(line.allocations) == 2


def test_selective_range_cap_is_enforced_table1(record) -> None:
    result = run([*record, extra(1, "YW", S, "1")])  # 语文 0-6 already full
    assert result.buckets[1].earned == 42
    assert result.not_counted[0].reason.startswith("above the selective_compulsory range")


def test_same_source_twice_is_rejected(record) -> None:
    with pytest.raises(ValueError):
        run([*record, record[0]])


def _elective(subject: str, n: int, *, extension: bool) -> CreditItem:
    return CreditItem(
        f"{subject}-elective-{n}", "module", subject, E, Decimal(2), extension=extension
    )


def test_a_capped_range_counts_non_extension_credits_first_annex1_1_5(record) -> None:
    """英语 electives are capped at 6 (表1 0-6): of 3 extension modules and 1 non-extension
    module the 2 non-extension credits are counted, whichever source id sorts first."""
    base = [i for i in record if i.category is not E]
    wy = [_elective("WY", n, extension=True) for n in range(3)]
    wy.append(_elective("WY", 4, extension=False))
    result = run(base + wy)
    assert check(result, "elective").earned == 6
    assert check(result, "elective_non_extension").earned == 2
    assert [(n.source_id, n.credits) for n in result.not_counted] == [("WY-elective-2", 2)]


def test_a_capped_range_counts_the_ice_snow_credit_first_table6_note(record) -> None:
    """表6 注 recommends an ice/snow sports credit: when PE selective credits exceed what
    can be counted, the ice/snow module is among those counted, whatever its source id."""
    base = [i for i in record if not (i.subject_code == "TJ" and i.category is S)]
    tj = [extra(n, "TJ", S, "2") for n in range(12)]
    ice = CreditItem("extra-TJ-z", "transfer", "TJ", S, Decimal(2), ice_snow=True)
    result = run(base + tj + [ice])
    assert result.ice_snow_credit
    assert "extra-TJ-z" not in {n.source_id for n in result.not_counted}
