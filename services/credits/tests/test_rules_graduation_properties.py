"""Property tests: the audit's buckets add up to the total and no credit counts twice."""

from collections import defaultdict
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from credits.demo_records import complete_record
from credits.refdata import course_table
from credits.rules.course_table import ArtsMode, Category, SchoolType
from credits.rules.graduation import CreditItem, audit

TABLE = course_table()
CATALOGUE = [
    CreditItem(
        source_id=f"{s.code}-{cat.value}-{n}",
        source_kind="module",
        subject_code=s.code,
        category=cat,
        credits=item.credits,
        name=item.name,
        extension=item.extension,
        series=item.series,
        labour_eligible=item.labour_eligible,
        ice_snow=item.ice_snow,
    )
    for s in TABLE
    for cat in Category
    for n, item in enumerate(s.items[cat])
]
ACTIVITIES = [
    CreditItem(f"research-{n}", "research_project", "ZHSJ", Category.compulsory, Decimal(3))
    for n in range(4)
] + [
    CreditItem("social", "social_practice", "ZHSJ", Category.compulsory, Decimal(2)),
    CreditItem("volunteer", "volunteer_service", "LD", Category.compulsory, Decimal(2)),
]
records = st.lists(st.sampled_from(CATALOGUE + ACTIVITIES), unique_by=lambda i: i.source_id)
school_types = st.sampled_from(list(SchoolType))
arts_modes = st.sampled_from(list(ArtsMode))


def allocated_per_source(result) -> dict[str, Decimal]:
    per_source: dict[str, Decimal] = defaultdict(Decimal)
    for bucket in result.buckets:
        for line in bucket.lines:
            for allocation in line.allocations:
                assert allocation.credits > 0
                per_source[allocation.source_id] += allocation.credits
    return per_source


@settings(max_examples=150, deadline=None)
@given(records, school_types, arts_modes)
def test_buckets_add_up_to_the_total(items, school_type, arts_mode) -> None:
    result = audit(items, course_table=TABLE, school_type=school_type, arts_mode=arts_mode)
    assert result.total_earned == sum(b.earned for b in result.buckets)
    assert result.total_earned + sum(n.credits for n in result.not_counted) == sum(
        i.credits for i in items
    )
    total = next(c for c in result.checks if c.key == "total")
    assert total.earned == result.total_earned


@settings(max_examples=150, deadline=None)
@given(records, school_types, arts_modes)
def test_no_credit_is_counted_twice(items, school_type, arts_mode) -> None:
    result = audit(items, course_table=TABLE, school_type=school_type, arts_mode=arts_mode)
    allocated = allocated_per_source(result)
    for n in result.not_counted:
        allocated[n.source_id] += n.credits
    assert dict(allocated) == {i.source_id: i.credits for i in items}


@settings(max_examples=150, deadline=None)
@given(records, school_types)
def test_no_line_exceeds_its_requirement(items, school_type) -> None:
    result = audit(items, course_table=TABLE, school_type=school_type)
    for bucket in result.buckets:
        for line in bucket.lines:
            if line.required is not None:
                assert line.earned <= line.required
            assert line.earned + line.missing >= (line.required or 0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(CATALOGUE), unique_by=lambda i: i.source_id, max_size=30))
def test_adding_credits_never_makes_a_graduate_fail(extra_items) -> None:
    base = complete_record(TABLE)
    ids = {i.source_id for i in base}
    items = base + [i for i in extra_items if i.source_id not in ids]
    result = audit(items, course_table=TABLE, school_type=SchoolType.ordinary)
    assert result.eligible


def _catalogue(*source_ids: str) -> list[CreditItem]:
    return [next(i for i in CATALOGUE if i.source_id == s) for s in source_ids]


# Found by hypothesis: 英语 electives over their 6-credit range, where the extension modules'
# ids sorted first, so the detailed record counted 0 non-extension credits and the merged 2.
CAPPED_WY = _catalogue("WY-elective-0", "WY-elective-1", "WY-elective-2", "WY-elective-4")


@settings(max_examples=200, deadline=None)
@given(records, school_types, arts_modes)
@example(CAPPED_WY, SchoolType.ordinary, ArtsMode.music_and_fine_art)
def test_aggregated_items_give_the_same_verdict_and_checks(items, school_type, arts_mode) -> None:
    from credits.rules.audit_model import aggregate

    kw = {"course_table": TABLE, "school_type": school_type, "arts_mode": arts_mode}
    detailed = audit(items, **kw)
    merged = audit(aggregate(items), **kw)
    assert [(c.key, c.earned) for c in merged.checks] == [
        (c.key, c.earned) for c in detailed.checks
    ]
    assert merged.eligible is detailed.eligible
    assert [b.earned for b in merged.buckets] == [b.earned for b in detailed.buckets]
    assert merged.ice_snow_credit is detailed.ice_snow_credit
