"""Service-wide start-up work."""

from sqlalchemy import Engine

from labs import refdata


def load_reference_data(_engine: Engine) -> None:
    """Parse and check every reference file at start, so a broken file stops the service
    before it answers (the parsed data is cached; nothing is stored in the database)."""
    refdata.violation_catalogue()
    refdata.default_weights()
    refdata.technical_parameters()
    refdata.notice_kinds()
