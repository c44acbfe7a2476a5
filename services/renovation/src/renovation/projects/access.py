"""Loading a project within the caller's districts (others are reported as absent)."""

from sqlmodel import Session, select

from renovation.projects.models import Project
from suitekit.errors import NotFound
from suitekit.identity import Caller


def load_project(
    session: Session, project_id: str, caller: Caller, *, for_update: bool = False
) -> Project:
    statement = select(Project).where(Project.id == project_id)
    if for_update:
        statement = statement.with_for_update()
    project = session.exec(statement).first()
    if project is None:
        raise NotFound(f"project {project_id} not found")
    caller.ensure_covers(project.district, what="project", ident=project_id)
    return project
