"""What each scope allows, for the Authorize dialog and the merged OpenAPI."""

from gateway.clients.rules import ALL_SCOPES

_SERVICES = {
    "outfall": "river outfalls (入河排污口): registry, surveys, tests, remediation, reports",
    "renovation": "old-community renovation (老旧小区改造): programmes, projects, publicity",
    "credits": "high-school credits (学分认定): schools, students, enrolments, graduation audit",
    "labs": "food-safety testing labs (承检机构): registry, tasks, assessments, sanctions",
    "lawyer-query": "lawyers' population-registry queries (律师查询人口信息): applications",
}
_SPECIAL = {
    "lawyer-query:process": "process lawyers' applications: accept, decide, print results "
    "(officers; X-Officer-Id names the officer)",
    "lawyer-query:supervise": "supervise lawyer-query processing: read every application and "
    "the audit trail",
    "labs:assess": "assess labs: record assessment scores and publish composite results",
    "credits:recognize": "recognise credits and decide appeals (school credit committees)",
    "admin": "manage OAuth clients at the gateway and read every service's audit chain",
}


def describe(scope: str) -> str:
    if scope in _SPECIAL:
        return _SPECIAL[scope]
    service, _, verb = scope.partition(":")
    area = _SERVICES.get(service, service)
    if verb == "read":
        return f"read {area}, within the client's jurisdiction"
    if verb == "write":
        return f"create and change {area} through actions, within the client's jurisdiction"
    return scope


SCOPE_DESCRIPTIONS: dict[str, str] = {scope: describe(scope) for scope in ALL_SCOPES}
