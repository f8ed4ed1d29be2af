"""Read YAML and JSON files, keeping the line of every value.

PyYAML's node tree knows where each value starts; we keep a map from the
path of each value (``("sections", 0, "questions", 2, "id")``) to its line so
that errors found later, by pydantic or by the linker, can name the line.
The libyaml C loader is used when it is installed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from escort.errors import Problem, ProblemsFound

try:  # libyaml is several times faster on large answers files
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on the build of PyYAML
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 20 * 1024 * 1024
Path_ = tuple  # a tuple of str keys and int indexes


@dataclass
class Document:
    """A parsed file: its data, and the line of every value in it."""

    file: str
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, path: tuple) -> int | None:
        """Line of the value at *path*, or of the nearest enclosing value that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def problem(self, path: tuple, message: str, *, level: str = "error", code: str = "") -> Problem:
        return Problem(self.file, self.line(path), message, where=dotted(path), level=level, code=code)


def dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _walk(node: yaml.Node, path: tuple, lines: dict, problems: list, file: str) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(Problem(file, line, f"duplicate key {key!r} (first given on line {seen[key]})",
                                        where=dotted(path)))
            seen[key] = line
            _walk(value_node, path + (key,), lines, problems, file)
            lines[path + (key,)] = line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines, problems, file)


def _bad_scalar(loader: Any, node: yaml.Node | None) -> tuple[int | None, str]:
    """Find the scalar (a timestamp, in practice) that could not be constructed."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            try:
                yaml.constructor.SafeConstructor().construct_object(current, deep=True)
            except (ValueError, OverflowError):
                return current.start_mark.line + 1, current.value
        elif isinstance(current, yaml.MappingNode):
            stack.extend(v for pair in current.value for v in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return None, ""


def parse_text(text: str, file: str) -> Document:
    """Parse YAML (or JSON, which is YAML) text; raise ProblemsFound with the line of any syntax error."""
    if file.endswith(".json"):
        try:
            return Document(file, json.loads(text))
        except json.JSONDecodeError as exc:
            raise ProblemsFound([Problem(file, exc.lineno, f"not valid JSON: {exc.msg}")]) from None
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(file, None, {(): 1})
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(filter(None, [exc.context, exc.problem]))
        raise ProblemsFound([Problem(file, line, f"not valid YAML: {what}")]) from None
    except yaml.YAMLError as exc:
        raise ProblemsFound([Problem(file, None, f"not valid YAML: {exc}")]) from None
    except (ValueError, OverflowError) as exc:  # e.g. an impossible date such as 2026-02-30
        line, value = _bad_scalar(loader, node)
        what = f"{value!r} is not a real date ({exc})" if value else f"not valid YAML: {exc}"
        raise ProblemsFound([Problem(file, line, what)]) from None
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}
    problems: list[Problem] = []
    _walk(node, (), lines, problems, file)
    if problems:
        raise ProblemsFound(problems)
    return Document(file, data, lines)


def read_document(path: str | Path) -> Document:
    """Read and parse a YAML or JSON file; every failure is a Problem naming the file."""
    path = Path(path)
    name = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ProblemsFound([Problem(name, None, f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MiB")])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProblemsFound([Problem(name, None, "no such file")]) from None
    except IsADirectoryError:
        raise ProblemsFound([Problem(name, None, "is a folder, not a file")]) from None
    except OSError as exc:
        raise ProblemsFound([Problem(name, None, f"cannot be read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProblemsFound([Problem(name, line, "is not UTF-8 text; save it as UTF-8")]) from None
    return parse_text(text, name)
