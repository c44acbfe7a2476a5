"""The published contract: docs/openapi/lawyer-query.json (regenerate with `make openapi`)."""

from suitekit.openapi_snapshot import check_snapshot, document_of


def test_openapi_matches_the_committed_snapshot_without_unrecorded_breaking_changes() -> None:
    check_snapshot("lawyer-query", document_of("lawyer_query"))
