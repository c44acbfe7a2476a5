"""Problem titles and details in Chinese (default) or English, chosen by Accept-Language.

Pure: no I/O. The systems calling the suite are Chinese government systems, so ``zh-CN`` is
the default language (configurable per service: ``<PREFIX>DEFAULT_LANGUAGE``); ``en`` on
request. Every problem gets a Chinese title by status and code; a detail written in English
by a use case is shown inside a Chinese summary until the use case gives ``detail_zh``.
"""

from collections.abc import Mapping, Sequence
from typing import Any

SUPPORTED = ("zh", "en")

TITLE_ZH_BY_STATUS: Mapping[int, str] = {
    400: "请求有误",
    401: "未认证",
    403: "无权访问",
    404: "未找到",
    405: "不支持该请求方法",
    406: "无法提供所请求的格式",
    409: "与当前状态冲突",
    412: "前提条件不成立",
    413: "请求体过大",
    415: "不支持的内容类型",
    422: "请求数据无效",
    428: "缺少前提条件",
    429: "请求过于频繁",
    500: "内部错误",
    502: "上游服务出错",
    503: "服务暂不可用",
    504: "上游服务超时",
}

TITLE_ZH_BY_CODE: Mapping[str, str] = {
    "validation_failed": "请求数据无效",
    "invalid_transition": "当前状态不允许该操作",
    "storage_unavailable": "数据库暂不可用",
    "unstorable_value": "请求数据无效",
    "not_acceptable": "无法提供所请求的格式",
}

DETAIL_ZH_BY_CODE: Mapping[str, str] = {
    "not_found": "未找到所请求的资源（或不在本机构的辖区内）",
    "method_not_allowed": "该路径不支持此请求方法",
    "conflict": "该修改与已存储的数据冲突",
    "precondition_failed": "If-Match 中的版本已过期：请重新获取（GET）最新版本后再提交",
    "precondition_required": "修改须携带 If-Match 请求头（取自 GET 返回的 ETag）",
    "storage_unavailable": "数据库暂时无法处理请求，未写入任何数据，请稍后重试",
    "unstorable_value": "有值无法存储（文本中不允许 NUL 等控制字符）",
    "internal_error": "服务内部错误，请联系运维人员并提供 request_id",
    "unauthorized": "缺少或无效的访问令牌",
    "forbidden": "访问令牌没有该操作所需的权限范围（scope）",
}

# pydantic error types -> Chinese message (ctx values are filled in)
MESSAGE_ZH_BY_TYPE: Mapping[str, str] = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不允许的字段",
    "string_type": "应为字符串",
    "string_too_short": "长度至少为 {min_length}",
    "string_too_long": "长度至多为 {max_length}",
    "string_pattern_mismatch": "格式不符合要求（{pattern}）",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "decimal_type": "应为数字（十进制字符串）",
    "decimal_parsing": "应为数字（十进制字符串）",
    "bool_type": "应为布尔值",
    "bool_parsing": "应为布尔值",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应大于或等于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应小于或等于 {le}",
    "enum": "取值应为以下之一：{expected}",
    "literal_error": "取值应为以下之一：{expected}",
    "date_type": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "datetime_type": "应为带时区的时间（RFC 3339）",
    "datetime_parsing": "应为带时区的时间（RFC 3339）",
    "datetime_from_date_parsing": "应为带时区的时间（RFC 3339）",
    "timezone_aware": "时间须带时区偏移",
    "list_type": "应为数组",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "至多允许 {max_length} 项",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "json_invalid": "JSON 格式错误",
    "value_error": "取值无效",
    "uuid_parsing": "应为 UUID",
    "url_parsing": "应为 URL",
}


def negotiate(accept_language: str | None, default: str = "zh-CN") -> str:
    """``zh`` or ``en``: the first supported language by q-value, else the default."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in SUPPORTED and quality > 0:
            ranked.append((-quality, index, primary))
    if ranked:
        return min(ranked)[2]
    fallback = default.lower().split("-")[0]
    return fallback if fallback in SUPPORTED else "zh"


def title_for(language: str, status: int, code: str, english: str) -> str:
    if language != "zh":
        return english
    return TITLE_ZH_BY_CODE.get(code) or TITLE_ZH_BY_STATUS.get(status, "请求未能完成")


def with_clause(text: str, clause: str | None, language: str) -> str:
    """Rule refusals cite their clause of the gazette, in either language."""
    if not clause or clause in text:
        return text
    return f"{text}（依据：{clause}）" if language == "zh" else f"{text} (clause {clause})"


def detail_for(
    language: str,
    status: int,
    code: str,
    english: str,
    *,
    chinese: str | None = None,
    clause: str | None = None,
) -> str:
    if language != "zh":
        return with_clause(english, clause, "en")
    if chinese:
        return with_clause(chinese, clause, "zh")
    summary = DETAIL_ZH_BY_CODE.get(code) or title_for("zh", status, code, english)
    return with_clause(f"{summary}：{english}", clause, "zh")


def message_zh(error_type: str, english: str, ctx: Mapping[str, Any] | None) -> str:
    template = MESSAGE_ZH_BY_TYPE.get(error_type)
    if template is None:
        return english
    try:
        return template.format(**(ctx or {}))
    except (KeyError, IndexError):
        return english


def validation_detail(language: str, errors: Sequence[Mapping[str, str]]) -> str:
    """One sentence naming every invalid field and why."""
    parts = [f"{e['field']}: {e['message']}" for e in errors]
    if language == "zh":
        return f"请求有 {len(errors)} 处无效：" + "；".join(parts)
    noun = "error" if len(errors) == 1 else "errors"
    return f"{len(errors)} invalid {noun}: " + "; ".join(parts)
