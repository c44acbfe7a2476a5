"""Reference data taken from the gazette."""

import datetime as dt
from decimal import Decimal

from renovation import refdata
from renovation.rules.tasks import TaskDeadline, TaskStatus, overdue_by_lead, task_overdue


def test_2022_targets_are_the_gazettes_figures_s1_s5_1() -> None:
    targets = refdata.programme_targets(2022)
    assert targets is not None
    assert (targets["projects"], targets["buildings"], targets["households"]) == (11, 156, 13029)
    assert Decimal(targets["floor_area_m2"]) == Decimal("958500")  # 95.85万平方米
    assert Decimal(targets["investment_yuan"]) == Decimal(targets["courtyard_investment_yuan"]) + (
        Decimal(targets["building_investment_yuan"])
    )
    assert Decimal(targets["investment_yuan"]) == Decimal("443000000")


def test_demo_projects_sum_to_the_2022_targets() -> None:
    targets = refdata.programme_targets(2022)
    assert targets is not None
    projects = refdata.demo_projects()["projects"]
    assert len(projects) == targets["projects"]
    assert sum(p["buildings"] for p in projects) == targets["buildings"]
    assert sum(p["households"] for p in projects) == targets["households"]
    assert sum(Decimal(p["floor_area_m2"]) for p in projects) == Decimal(targets["floor_area_m2"])
    courtyard = sum(Decimal(p["courtyard_investment_yuan"]) for p in projects)
    building = sum(Decimal(p["building_investment_yuan"]) for p in projects)
    assert courtyard == Decimal(targets["courtyard_investment_yuan"])
    assert building == Decimal(targets["building_investment_yuan"])
    assert {p["district"] for p in projects} == set(refdata.district_names())


def test_demonstration_flags_one_each_per_district_s3_3() -> None:
    projects = refdata.demo_projects()["projects"]
    for district in refdata.district_names():
        for flag in refdata.demonstration_flags():
            n = sum(1 for p in projects if p["district"] == district and flag in p["demonstration"])
            assert n == 1, (district, flag)


def test_annex3_has_44_tasks_with_lead_units_and_deadlines() -> None:
    tasks = refdata.tasks()
    assert [t["number"] for t in tasks] == list(range(1, 45))
    assert all(t["lead_units"] and t["title"] for t in tasks)
    assert {t["deadline"][:4] for t in tasks} == {"2022"}
    assert tasks[28]["deadline"] == "2022-06-20"  # no.29 优化审批流程
    assert tasks[27]["deadline"] == "2022-06-30"  # no.28 下年度改造准备: 6月30日前


def test_task_overdue_only_after_its_deadline_annex3() -> None:
    task = TaskDeadline(1, ("市住建局",), dt.date(2022, 6, 20), TaskStatus.IN_PROGRESS)
    assert not task_overdue(task, dt.date(2022, 6, 19))
    assert not task_overdue(task, dt.date(2022, 6, 20))
    assert task_overdue(task, dt.date(2022, 6, 21))
    done = TaskDeadline(1, ("市住建局",), dt.date(2022, 6, 20), TaskStatus.DONE)
    assert not task_overdue(done, dt.date(2023, 1, 1))


def test_overdue_tasks_grouped_by_lead_unit_annex3() -> None:
    grouped = overdue_by_lead(refdata.task_deadlines(), dt.date(2022, 6, 21))
    june_20 = [t for t in refdata.tasks() if t["deadline"] == "2022-06-20"]
    assert grouped["市文旅局"] == [11]
    assert sum(len(v) for v in grouped.values()) == sum(len(t["lead_units"]) for t in june_20)
    assert overdue_by_lead(refdata.task_deadlines(), dt.date(2022, 6, 20)) == {}
