"""Loading a project within the caller's districts (others are reported as absent)."""

from sqlmodel import Session, select

from renovation.projects.models import Project
from suitekit.identity import Caller


def load_project(
    session: Session, project_id: str, caller: Caller, *, for_update: bool = False
) -> Project:
    statement = select(Project).where(Project.id == project_id)
    if for_update:
        statement = statement.with_for_update()
    project = session.exec(statement).first()
    caller.ensure_covers(project.district if project else None, what="project", ident=project_id)
    assert project is not None
    return project
