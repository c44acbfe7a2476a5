"""Synthetic demo data for `make run` (filled in below)."""

from sqlmodel import Session


def seed_demo(session: Session) -> None:
    return None
