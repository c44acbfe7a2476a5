"""Dockerfile structure (parsed by the `dockerfile` package, BuildKit's own parser) and
`.dockerignore` matching, for checks that run without a Docker engine."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import dockerfile


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[dockerfile.Command] = field(default_factory=list)

    def all(self, cmd: str) -> list[dockerfile.Command]:
        return [i for i in self.instructions if i.cmd == cmd]

    def last(self, cmd: str) -> dockerfile.Command | None:
        found = self.all(cmd)
        return found[-1] if found else None

    def env(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for instruction in self.all("ENV"):
            pairs = instruction.value
            values.update(zip(pairs[::2], pairs[1::2], strict=True))
        return values


@dataclass
class ParsedDockerfile:
    global_args: dict[str, str]
    stages: list[Stage]

    def stage(self, name: str) -> Stage:
        return next(s for s in self.stages if s.name == name)

    def resolve(self, text: str) -> str:
        return re.sub(r"\$\{(\w+)\}", lambda m: self.global_args.get(m.group(1), m.group(0)), text)


def parse(path: Path) -> ParsedDockerfile:
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for instruction in dockerfile.parse_file(str(path)):
        if instruction.cmd == "FROM":
            base, *rest = instruction.value
            name = rest[1] if len(rest) == 2 and rest[0].upper() == "AS" else str(len(stages))
            stages.append(Stage(name=name, base=base))
        elif not stages and instruction.cmd == "ARG":
            key, _, default = instruction.value[0].partition("=")
            args[key] = default
        else:
            stages[-1].instructions.append(instruction)
    return ParsedDockerfile(global_args=args, stages=stages)


def flag(instruction: dockerfile.Command, name: str) -> str | None:
    prefix = f"--{name}="
    return next((f.removeprefix(prefix) for f in instruction.flags if f.startswith(prefix)), None)


class DockerIgnore:
    """Docker's .dockerignore rules: ordered patterns, `!` re-includes, last match wins, a
    pattern that matches a directory matches everything below it, `**` spans directories."""

    def __init__(self, text: str) -> None:
        self._rules: list[tuple[bool, re.Pattern[str]]] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            negated = line.startswith("!")
            pattern = line[1:].strip() if negated else line
            self._rules.append((negated, _glob_to_regex(pattern.strip("/"))))

    def is_included(self, relative_path: str) -> bool:
        included = True
        candidates = _self_and_parents(relative_path)
        for negated, regex in self._rules:
            if any(regex.fullmatch(candidate) for candidate in candidates):
                included = negated
        return included


def _self_and_parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _glob_to_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))
