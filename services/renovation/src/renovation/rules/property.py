"""Property management after renovation, §三(二), §五(三)5 and annex 3 no.38-44."""

from enum import StrEnum


class PropertyManagementMode(StrEnum):
    PROFESSIONAL_COMPANY = "professional_company"  # 选聘物业服务企业, 专业化管理
    OWNERS_SELF_MANAGEMENT = "owners_self_management"  # 业主自治管理
    STATE_FALLBACK = "state_fallback"  # 国投公司（物业）兜底, §五(三)5


def handover_missing(
    *, mode: PropertyManagementMode | None, contract_filing_ref: str | None
) -> list[str]:
    """Annex 3 no.39: 完成物业服务合同备案工作; a project ends with a recorded mode."""
    missing: list[str] = []
    if mode is None:
        missing.append("the property-management mode after renovation")
    if not contract_filing_ref:
        missing.append("the property-service contract filing reference (合同备案)")
    return missing
