"""Synthetic demo data for `make run`."""

from sqlmodel import Session, select

from outfall.models import Outfall


def seed_demo(session: Session) -> None:
    if session.exec(select(Outfall).limit(1)).first() is not None:
        return
