"""The progress report as an XLSX workbook with Chinese labels (§三3-4), for bureaus that file
it as a spreadsheet. Outfalls are named by their HJ code, times are Beijing time."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook

from outfall.exports.labels import category_zh, local_time, status_zh
from outfall.reports.schemas import GroupPublic, ProgressReport
from outfall.rules.lifecycle import Status

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _group_row(group: GroupPublic, jurisdictions: dict[str, str]) -> list[object]:
    return [
        jurisdictions.get(group.jurisdiction_code, group.jurisdiction_code),
        category_zh(group.category) or "（全部）",
        group.total,
        *(group.by_status.get(status.value, 0) for status in Status),
        group.overdue_remediation_plans,
        group.enforcement_flagged,
        group.missing_river_chief,
        group.abnormal,
    ]


def progress_workbook(
    report: ProgressReport, jurisdictions: dict[str, str], generated_at: datetime
) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "进度汇总"
    summary.append(["入河排污口排查整治专项行动进度报告"])
    summary.append(["专项行动", report.campaign])
    summary.append(["统计截至", report.as_of.isoformat()])
    summary.append(["生成时间（北京时间）", local_time(generated_at)])
    summary.append([])
    summary.append(["节点", "截止日期", "是否已过"])
    for milestone in [*report.milestones, *report.submissions]:
        summary.append(
            [milestone.label_zh, milestone.due.isoformat(), "是" if milestone.passed else "否"]
        )

    groups = workbook.create_sheet("分辖区分类型")
    groups.append(
        [
            "县（市）区/管委会",
            "排污口类型",
            "合计",
            *(status_zh(status.value) for status in Status),
            "整治逾期",
            "移交执法",
            "未落实河湖长",
            "监测异常",
        ]
    )
    for group in report.groups:
        groups.append(_group_row(group, jurisdictions))
    groups.append(["合计", "", *_group_row(report.totals, jurisdictions)[2:]])

    flagged = workbook.create_sheet("移交执法")
    flagged.append(["排污口编码", "排污口名称", "县（市）区/管委会", "排污口类型", "状态", "原因"])
    for outfall in report.enforcement:
        flagged.append(
            [
                outfall.code,
                outfall.name,
                jurisdictions.get(outfall.jurisdiction_code, outfall.jurisdiction_code),
                category_zh(outfall.category),
                status_zh(outfall.status),
                outfall.reason or "",
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
