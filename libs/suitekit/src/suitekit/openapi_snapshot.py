"""Committed OpenAPI snapshots per service, and the breaking changes between two of them.

- ``docs/openapi/<service>.json`` is the published contract. Each service's tests call
  ``check_snapshot``: the document it builds must equal the snapshot (regenerate with
  ``make openapi``), and every breaking change between the last two committed versions of the
  snapshot must be named, line for line, in ``CHANGELOG.md``.
- Breaking: a path or operation removed, a parameter or schema property removed, an enum value
  removed, an optional parameter or property made required.

CLI (what ``make openapi`` runs, one process per service because services share table names):
``python -m suitekit.openapi_snapshot write <service> <package>``.
"""

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

METHODS = ("get", "put", "post", "delete", "patch")


def repo_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "uv.lock").exists():
            return folder
    raise FileNotFoundError("no uv.lock above the current directory: run from the repository")


def snapshot_path(service: str, root: Path | None = None) -> Path:
    return (root or repo_root()) / "docs" / "openapi" / f"{service}.json"


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _enum_facts(node: Any, pointer: str) -> Iterator[str]:
    if isinstance(node, dict):
        for value in node.get("enum") or []:
            yield f"enum value {pointer} = {value!r}"
        for key, child in node.items():
            if key != "enum":
                yield from _enum_facts(child, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _enum_facts(child, f"{pointer}/{index}")


def facts(document: dict[str, Any]) -> tuple[set[str], set[str]]:
    """(what exists, what is required) as comparable sentences."""
    exists: set[str] = set()
    required: set[str] = set()
    for path, item in (document.get("paths") or {}).items():
        exists.add(f"path {path}")
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            op = f"{method.upper()} {path}"
            exists.add(f"operation {op}")
            for param in operation.get("parameters") or []:
                name = f"parameter {param.get('in')}:{param.get('name')} of {op}"
                exists.add(name)
                if param.get("required"):
                    required.add(name)
    for schema_name, schema in ((document.get("components") or {}).get("schemas") or {}).items():
        for prop in schema.get("properties") or {}:
            exists.add(f"property {schema_name}.{prop}")
        for prop in schema.get("required") or []:
            required.add(f"property {schema_name}.{prop}")
        exists.update(_enum_facts(schema, f"#/components/schemas/{schema_name}"))
    return exists, required


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    old_exists, old_required = facts(old)
    new_exists, new_required = facts(new)
    removed = [f"removed {fact}" for fact in sorted(old_exists - new_exists)]
    made_required = [
        f"made required {fact}"
        for fact in sorted(new_required - old_required)
        if fact in old_exists  # it existed as optional before
    ]
    return removed + made_required


def _previous_snapshot(path: Path, root: Path) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The last two committed versions of the snapshot (None when it has only one)."""
    relative = path.relative_to(root).as_posix()
    log = subprocess.run(
        ["git", "log", "-2", "--format=%H", "--", relative],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if len(log) < 2:
        return None
    versions = [
        json.loads(
            subprocess.run(
                ["git", "show", f"{commit}:{relative}"],
                cwd=root,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for commit in log
    ]
    return versions[1], versions[0]


def check_snapshot(service: str, document: dict[str, Any]) -> None:
    """Fails (AssertionError) when the service's document and its committed contract differ."""
    root = repo_root()
    path = snapshot_path(service, root)
    assert path.exists(), f"no snapshot {path}: run `make openapi` and commit it"
    snapshot = json.loads(path.read_text(encoding="utf-8"))
    breaking = breaking_changes(snapshot, document)
    assert not breaking, (
        f"breaking changes to the {service} API against docs/openapi/{service}.json:\n  "
        + "\n  ".join(breaking)
        + "\nif intended: `make openapi`, and add these lines to CHANGELOG.md in the same commit"
    )
    assert render(document) == render(snapshot), (
        f"docs/openapi/{service}.json is out of date: run `make openapi` and commit it"
    )
    history = _previous_snapshot(path, root)
    if history is not None:
        changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
        unrecorded = [c for c in breaking_changes(*history) if c not in changelog]
        assert not unrecorded, (
            f"the last change of docs/openapi/{service}.json breaks callers; CHANGELOG.md must "
            "name each change:\n  " + "\n  ".join(unrecorded)
        )


def document_of(package: str) -> dict[str, Any]:
    app_module = importlib.import_module(f"{package}.app")
    settings_module = importlib.import_module(f"{package}.settings")
    # building the document needs no database and no gateway: nothing is contacted
    settings = settings_module.Settings(identity_jwks_url="http://127.0.0.1:9/jwks")
    return app_module.create_app(settings).openapi()  # type: ignore[no-any-return]


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] != "write":
        print("usage: python -m suitekit.openapi_snapshot write <service> <package>")
        return 2
    service, package = argv[1], argv[2]
    path = snapshot_path(service)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(document_of(package)), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
