"""§三3-4 milestones, §五(四) annual reports / retention / standardisation, coding, categories."""

from datetime import date

import pytest

from outfall.rules import RuleViolation
from outfall.rules.categories import categories, resolve
from outfall.rules.coding import code_prefix, format_code, max_serial, standard_name
from outfall.rules.location import check_wgs84
from outfall.rules.milestones import (
    annual_report_due,
    check_report_year,
    milestones_past,
    overdue_report_years,
    retention_until,
    submissions,
    work_milestones,
)
from outfall.rules.standardization import (
    check_complete,
    check_direct_standardization,
    missing_hardware,
)


def test_2022_milestone_dates_s3_3_and_s3_4() -> None:
    assert {m.key: m.due for m in work_milestones("2022")} == {
        "cross_county_sections": date(2022, 6, 20),
        "survey_tracing": date(2022, 6, 30),
        "difficult_tracing": date(2022, 7, 15),
        "remediation": date(2022, 8, 31),
    }
    assert {s.key: s.due for s in submissions()} == {
        "implementation_plan": date(2022, 6, 15),
        "survey_results": date(2022, 7, 2),
        "tracing_results": date(2022, 7, 16),
        "remediation_information": date(2022, 9, 1),
    }


@pytest.mark.parametrize(
    ("as_of", "status", "past"),
    [
        (date(2022, 6, 29), "confirmed", []),
        (date(2022, 6, 30), "confirmed", []),
        (date(2022, 7, 1), "confirmed", ["survey_tracing"]),
        (date(2022, 7, 15), "discovered", ["survey_tracing"]),
        # 7/15 is the milestone of outfalls marked difficult only (test_rules_difficult.py)
        (date(2022, 7, 16), "discovered", ["survey_tracing"]),
        (date(2022, 7, 16), "traced", []),
        (date(2022, 8, 31), "traced", []),
        (date(2022, 9, 1), "traced", ["remediation"]),
        (date(2022, 9, 1), "remediation_planned", ["remediation"]),
        (date(2022, 9, 1), "remediated", []),
        (date(2022, 9, 1), "dismissed", []),
    ],
)
def test_outfall_past_milestone_s3_3(as_of: date, status: str, past: list[str]) -> None:
    assert milestones_past(status, as_of) == past


def test_unknown_campaign_is_refused() -> None:
    with pytest.raises(RuleViolation):
        work_milestones("1999")


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [(date(2023, 1, 30), []), (date(2023, 1, 31), []), (date(2023, 2, 1), [2022])],
)
def test_annual_report_due_31_january_s5_4(as_of: date, overdue: list[int]) -> None:
    assert annual_report_due(2022) == date(2023, 1, 31)
    assert (
        overdue_report_years(monitored_since=date(2022, 9, 1), reported_years=[], as_of=as_of)
        == overdue
    )


def test_filed_annual_report_is_not_overdue_s5_4() -> None:
    assert overdue_report_years(
        monitored_since=date(2021, 5, 1), reported_years=[2022], as_of=date(2023, 3, 1)
    ) == [2021]


def test_report_on_unfinished_year_is_refused_s5_4() -> None:
    check_report_year(2022, date(2023, 1, 5))
    with pytest.raises(RuleViolation):
        check_report_year(2023, date(2023, 12, 31))


@pytest.mark.parametrize(
    ("recorded", "until"),
    [(date(2022, 6, 15), date(2027, 6, 15)), (date(2024, 2, 29), date(2029, 2, 28))],
)
def test_ledger_kept_at_least_5_years_s5_4(recorded: date, until: date) -> None:
    assert retention_until(recorded) == until


@pytest.mark.parametrize(
    ("hardware", "missing"),
    [
        (["monitoring_point", "signboard", "video_monitoring"], []),
        (["monitoring_point", "signboard"], ["video_monitoring"]),
        ([], ["monitoring_point", "signboard", "video_monitoring"]),
    ],
)
def test_standardized_needs_every_hardware_item_s5_4(
    hardware: list[str], missing: list[str]
) -> None:
    assert missing_hardware(hardware) == missing
    if missing:
        with pytest.raises(RuleViolation):
            check_complete(hardware)
    else:
        check_complete(hardware)


@pytest.mark.parametrize(
    ("tests", "latest_abnormal", "open_tasks", "ok"),
    [(0, None, 0, False), (1, False, 0, True), (1, True, 0, False), (2, False, 1, False)],
)
def test_direct_standardization_needs_normal_monitoring_s5_4(
    tests: int, latest_abnormal: bool | None, open_tasks: int, ok: bool
) -> None:
    if ok:
        check_direct_standardization(
            tests_recorded=tests, latest_abnormal=latest_abnormal, open_lab_tasks=open_tasks
        )
    else:
        with pytest.raises(RuleViolation):
            check_direct_standardization(
                tests_recorded=tests, latest_abnormal=latest_abnormal, open_lab_tasks=open_tasks
            )


def test_code_has_water_division_type_serial_hj1235() -> None:
    prefix = code_prefix(water_body_code="AC110000", division_code="231002", type_code="GY")
    assert format_code(prefix, 7) == "AC110000231002GY0007"


@pytest.mark.parametrize(("serial", "ok"), [(0, False), (1, True), (9999, True), (10000, False)])
def test_serial_range_hj1235(serial: int, ok: bool) -> None:
    assert max_serial() == 9999
    if ok:
        format_code("P", serial)
    else:
        with pytest.raises(RuleViolation):
            format_code("P", serial)


def test_standard_name_hj1235() -> None:
    assert (
        standard_name(water_body_name="牡丹江", place_or_party="东安区某厂", type_name_short="工业")
        == "牡丹江东安区某厂工业排污口"
    )


def test_four_categories_with_lead_bureaus_s5_3() -> None:
    cats = categories()
    assert set(cats) == {"industrial", "urban_wastewater_plant", "agricultural", "other"}
    leads = {s.code: s.lead_bureau for c in cats.values() for s in c.subtypes}
    assert leads["irrigation_district"] == "water"
    assert leads["livestock_farm"] == "agriculture"
    assert leads["urban_storm"] == "housing"
    assert leads["port_wharf"] == "transport"
    assert leads["mine_tailings"] == "ecology"


def test_subtype_implies_category_and_mismatch_is_refused_s5_3() -> None:
    category, subtype = resolve(None, "port_wharf")
    assert category is not None and category.code == "other"
    assert subtype is not None and subtype.lead_bureau == "transport"
    with pytest.raises(RuleViolation):
        resolve("industrial", "port_wharf")
    with pytest.raises(RuleViolation):
        resolve("nonsense", None)


@pytest.mark.parametrize(
    ("lon", "lat", "ok"),
    [
        (129.6, 44.55, True),
        (180, 90, True),
        (-180, -90, True),
        (180.0001, 44, False),
        (129, 90.0001, False),
        (-180.01, 0, False),
    ],
)
def test_location_is_wgs84(lon: float, lat: float, ok: bool) -> None:
    if ok:
        check_wgs84(lon, lat)
    else:
        with pytest.raises(RuleViolation):
            check_wgs84(lon, lat)


def test_progress_counts_outfalls_past_milestones_per_group_s3_3() -> None:
    from outfall.rules.progress import GroupRow, statuses_past, summarise

    rows = [
        GroupRow("231002", "industrial", "confirmed", 3, missing_river_chief=2),
        GroupRow("231002", "industrial", "traced", 2, enforcement_flagged=1),
        GroupRow("231083", None, "discovered", 1),
        GroupRow("231002", "industrial", "standardized", 4),
    ]
    groups, total = summarise(rows, date(2022, 9, 1))
    dongan = groups[0]
    assert (dongan.jurisdiction_code, dongan.total) == ("231002", 9)
    assert dongan.past_milestones == {"survey_tracing": 3, "remediation": 5}  # none is difficult
    assert dongan.missing_river_chief == 2 and dongan.enforcement_flagged == 1
    assert total.total == 10 and total.past_milestones["survey_tracing"] == 4
    on_time, _ = summarise(rows, date(2022, 6, 30))
    assert on_time[0].past_milestones == {}
    assert set(statuses_past("survey_tracing", date(2022, 7, 1))) == {"discovered", "confirmed"}
