"""Turn pydantic validation errors into plain lines that name the file and line."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from escort.errors import Problem
from escort.sources import Document

# pydantic error type -> wording for people; {input} and {ctx...} are filled in.
WORDING = {
    "missing": "is required but missing",
    "extra_forbidden": "is not a known field",
    "string_type": "should be text, got {input!r}",
    "int_type": "should be a whole number, got {input!r}",
    "int_parsing": "should be a whole number, got {input!r}",
    "float_type": "should be a number, got {input!r}",
    "float_parsing": "should be a number, got {input!r}",
    "bool_type": "should be true or false, got {input!r}",
    "list_type": "should be a list (lines starting with '- '), got {input!r}",
    "dict_type": "should be a mapping (key: value lines), got {input!r}",
    "model_type": "should be a mapping (key: value lines), got {input!r}",
    "date_type": "should be a date like 2026-11-01, got {input!r}",
    "date_from_datetime_parsing": "should be a date like 2026-11-01, got {input!r}",
    "date_parsing": "should be a date like 2026-11-01, got {input!r}",
    "too_short": "should not be empty",
    "string_too_short": "should not be empty",
    "string_too_long": "is too long",
    "greater_than_equal": "should be at least {ge}, got {input!r}",
    "string_pattern_mismatch": "{input!r} is not in the expected form ({pattern})",
}

PATTERN_WORDS = {
    r"^[a-z][a-z0-9_]*$": "lower-case letters, digits and _ , starting with a letter",
    r"^[a-z][a-z0-9_]*#(\d+(-\d+)?|full)$": "law_id#article, e.g. labour_contract_law#82 (or law_id#full for an instrument quoted whole)",
    r"^\d+\.\d+(\.\d+)?$": "a version such as 1.0.0",
}


def model_problems(doc: Document, exc: ValidationError, model: type[BaseModel], prefix: tuple = ()) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = prefix + tuple(err["loc"])
        loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
        etype = err["type"]
        ctx = dict(err.get("ctx") or {})
        if "pattern" in ctx:
            ctx["pattern"] = PATTERN_WORDS.get(ctx["pattern"], ctx["pattern"])
        if etype in ("literal_error", "enum"):
            message = f"{err['input']!r} is not allowed; use one of: {ctx.get('expected', '')}"
        elif etype == "extra_forbidden":
            message = f"{loc[-1]!r} " + WORDING[etype] + _nearest_field(model, loc)
            loc = loc[:-1] + (loc[-1],)
        elif etype == "value_error":
            message = str(ctx.get("error", err["msg"]))
        elif etype in WORDING:
            try:
                message = WORDING[etype].format(input=_short(err.get("input")), **ctx)
            except (KeyError, IndexError):
                message = err["msg"]
        else:
            message = err["msg"]
        problems.append(doc.problem(loc, message))
    return problems


def _short(value: Any) -> Any:
    text = repr(value)
    return value if len(text) <= 60 else text[:57] + "..."


def _nearest_field(model: type[BaseModel], loc: tuple) -> str:
    """Suggest the nearest field name for a misspelt key, walking the model along *loc*."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(part)
        current = _inner_model(field.annotation) if field else None
    names = list(getattr(current, "model_fields", {}) or [])
    close = difflib.get_close_matches(str(loc[-1]), names, n=1)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; allowed: {', '.join(names)}" if names else ""


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def did_you_mean(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else ""
