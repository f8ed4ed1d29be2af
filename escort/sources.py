"""Read YAML and JSON files, keeping the line of every value.

PyYAML's node tree knows where each value starts; we keep a map from the
path of each value (``("sections", 0, "questions", 2, "id")``) to its line so
that errors found later, by pydantic or by the linker, can name the line.
The libyaml C loader is used when it is installed.

Every file Escort reads from a user goes through :func:`read_document`, with
the limits of :mod:`escort.limits`: size, nesting, number of values, digits
of an integer; YAML aliases (``*name``) are refused before any walk, since
a 600-byte file of nested aliases expands to billions of values; NaN and
infinity are refused wherever they are written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from escort.errors import Problem, ProblemsFound
from escort.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_INT_DIGITS, MAX_NODES

try:  # libyaml is several times faster on large answers files
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on the build of PyYAML
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

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


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"


def _walk(root: yaml.Node, lines: dict, problems: list, file: str) -> None:
    """Map every value's path to its line, without recursion; refuse aliases, deep nesting, huge numbers."""
    seen_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, tuple]] = [(root, ())]
    count = 0
    while stack:
        node, path = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen_nodes:
            problems.append(Problem(file, line, "YAML aliases (*name) are not allowed; write the value out in full",
                                    where=dotted(path)))
            return
        seen_nodes.add(id(node))
        count += 1
        if count > MAX_NODES:
            problems.append(Problem(file, line, f"more than {MAX_NODES:,} values in one file"))
            return
        if len(path) > MAX_DEPTH:
            problems.append(Problem(file, line, f"nested more than {MAX_DEPTH} levels deep", where=dotted(path[:8]) + "…"))
            return
        lines.setdefault(path, line)
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value
                key_line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    problems.append(Problem(file, key_line, "a key must be plain text", where=dotted(path)))
                    continue
                if key in seen:
                    problems.append(Problem(file, key_line, f"duplicate key {key!r} (first given on line {seen[key]})",
                                            where=dotted(path)))
                seen[key] = key_line
                lines[path + (key,)] = key_line
                stack.append((value_node, path + (key,)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, path + (i,)) for i, item in enumerate(node.value))
        else:
            message = _bad_number(node)
            if message:
                problems.append(Problem(file, line, message, where=dotted(path)))


def _bad_number(node: yaml.Node) -> str:
    """Say what is wrong with a number written in a file: too many digits, NaN or infinity."""
    if node.tag == _INT_TAG:
        digits = sum(ch.isdigit() for ch in node.value)
        if digits > MAX_INT_DIGITS:
            return f"a number with {digits:,} digits; at most {MAX_INT_DIGITS} are accepted"
    elif node.tag == _FLOAT_TAG:
        text = node.value.replace("_", "").lower()
        if "nan" in text or "inf" in text:
            return f"{node.value!r} is not a number that can be used (NaN and infinity are refused)"
        try:
            value = float(text)
        except ValueError:
            return ""
        if value in (float("inf"), float("-inf")):
            return f"{node.value[:40]!r} is too large a number"
    return ""


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"a number with {len(text.lstrip('-')):,} digits; at most {MAX_INT_DIGITS} are accepted")
    return int(text)


def _json_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:40]!r} is too large a number")
    return value


def _json_constant(text: str) -> Any:
    raise ValueError(f"{text} is not a number that can be used (NaN and infinity are refused)")


def parse_json(text: str, file: str) -> Any:
    """Parse JSON with the same limits as YAML: no NaN or infinity, bounded integers and nesting."""
    try:
        data = json.loads(text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant)
    except json.JSONDecodeError as exc:
        raise ProblemsFound([Problem(file, exc.lineno, f"not valid JSON: {exc.msg}")]) from None
    except ValueError as exc:
        raise ProblemsFound([Problem(file, None, str(exc))]) from None
    except RecursionError:
        raise ProblemsFound([Problem(file, None, f"nested more than {MAX_DEPTH} levels deep")]) from None
    if _depth(data) > MAX_DEPTH:
        raise ProblemsFound([Problem(file, None, f"nested more than {MAX_DEPTH} levels deep")])
    return data


def _depth(data: Any) -> int:
    deepest, stack = 0, [(data, 0)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


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
    """Parse YAML (or JSON, which is YAML) text; raise ProblemsFound with the line of any problem."""
    if file.endswith(".json"):
        return Document(file, parse_json(text, file))
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(file, None, {(): 1})
        lines: dict[tuple, int] = {}
        problems: list[Problem] = []
        _walk(node, lines, problems, file)  # before constructing: aliases, depth and numbers first
        if problems:
            raise ProblemsFound(problems)
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
    except RecursionError:
        raise ProblemsFound([Problem(file, None, f"nested more than {MAX_DEPTH} levels deep")]) from None
    finally:
        loader.dispose()
    return Document(file, data, lines)


def read_bytes(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read at most *limit* bytes of a file; a larger file, a folder or an unreadable one is a Problem.

    Why read rather than stat: a device or a pipe (``/dev/zero``) has no size.
    """
    path = Path(path)
    name = str(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except FileNotFoundError:
        raise ProblemsFound([Problem(name, None, "no such file")]) from None
    except IsADirectoryError:
        raise ProblemsFound([Problem(name, None, "is a folder, not a file")]) from None
    except OSError as exc:
        raise ProblemsFound([Problem(name, None, f"cannot be read: {exc.strerror or exc}")]) from None
    if len(raw) > limit:
        raise ProblemsFound([Problem(name, None, f"file is larger than {limit // 1024 // 1024} MiB")])
    return raw


def decode_text(raw: bytes, name: str) -> str:
    """UTF-8 text (a BOM, as Notepad writes, is dropped); otherwise a Problem with the line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProblemsFound([Problem(name, line, "is not UTF-8 text; save it as UTF-8")]) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ProblemsFound([Problem(name, line, "contains a NUL character; this is not a text file")])
    return text


def read_document(path: str | Path) -> Document:
    """Read and parse a YAML or JSON file within the limits; every failure is a Problem naming the file."""
    raw = read_bytes(path)
    return parse_text(decode_text(raw, str(path)), str(path))
