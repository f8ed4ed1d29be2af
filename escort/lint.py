"""Lint a linked checklist: problems that are legal YAML but almost surely mistakes.

``escort validate`` runs these after parsing and linking.  Each problem has
its own code, so a team can grep for it:

* ``E-TYPE``  a rule's ``when`` that is not true/false, an exposure bound that
  is not a number, a comparison between values of different kinds (a date
  with a number, a date with text);
* ``W-TYPE``  the same for ``show_if`` and ``applies_if`` (a warning, since
  the truthiness of a number is at least well defined);
* ``W-UNREACHABLE``  a question (or section) whose ``show_if`` is false for
  every possible answer, and a rule that only reads questions never asked;
* ``W-UNUSED-OPTION``  options no expression ever looks at, when the
  question is only tested for particular options (one option may stay
  unmentioned: it is the implicit "nothing to report" answer);
* ``W-NO-ENGLISH``  a checklist with ``title_en`` that leaves a section,
  question, column, option or rule without its English text.

Why a static type inference: the engine only learns that ``when: headcount``
is a number when it evaluates a real answers file, and then silently reads
it as true; a type known from the question's declared type is enough to say
so at the line where it is written.
"""

from __future__ import annotations

import ast
import inspect
import itertools
from typing import Any, Callable, Iterator

from escort.checklists import LoadedChecklist
from escort.errors import Problem
from escort.expressions import HIDDEN, EvaluationError, Expression, Undetermined, evaluate
from escort.models import Question, QuestionType

ANY = "any"
BOOL, NUMBER, DATE, TEXT, LIST, ROW, PROFILE = "bool", "number", "date", "text", "list", "row", "profile"
WORDS = {BOOL: "true/false", NUMBER: "a number", DATE: "a date", TEXT: "text", LIST: "a list", ROW: "a table row",
         PROFILE: "a profile"}

QUESTION_TYPES = {
    QuestionType.yes_no: BOOL, QuestionType.number: NUMBER, QuestionType.money: NUMBER,
    QuestionType.percent: NUMBER, QuestionType.date: DATE, QuestionType.text: TEXT, QuestionType.choice: TEXT,
    QuestionType.multi_choice: LIST, QuestionType.table: LIST,
}
PROFILE_TYPES = {
    "enterprise": {"name": TEXT, "uscc": TEXT, "industry": TEXT, "region": TEXT, "employees": NUMBER,
                   "registered_capital": NUMBER, "founded": DATE, "listing": TEXT, "tags": LIST},
    "assessment": {"date": DATE, "assessor": TEXT, "firm": TEXT, "licence": TEXT, "mode": TEXT},
}
# Return types of escort.functions; None: the type of the arguments (min, max).
FUNCTION_TYPES = {
    "date": DATE, "add_days": DATE, "add_months": DATE, "add_years": DATE,
    "days_between": NUMBER, "months_between": NUMBER, "years_between": NUMBER, "sum_of": NUMBER,
    "count": NUMBER, "clamp": NUMBER, "ceil": NUMBER, "floor": NUMBER, "len": NUMBER, "sum": NUMBER,
    "abs": NUMBER, "round": NUMBER, "any": BOOL, "all": BOOL, "min": None, "max": None, "share_of": NUMBER,
    "law_in_force": BOOL,
}
ANNOTATIONS = {"int": NUMBER, "float": NUMBER, "bool": BOOL, "str": TEXT, "date": DATE, "dt.date": DATE,
               "datetime.date": DATE, "list": LIST}
MAX_COMBINATIONS = 4096


def lint_checklist(loaded: LoadedChecklist, registry: Any) -> list[Problem]:
    """Return the lint problems of a parsed and linked checklist (errors and warnings)."""
    functions = getattr(registry, "functions", {}) or {}
    problems = _check_types(loaded, functions)
    problems += _check_unreachable(loaded, functions)
    problems += _check_unused_options(loaded)
    problems += _check_english(loaded)
    return problems


# --------------------------------------------------------------------------- types


class TypeInference:
    """Infer the kind of value an expression yields from the questions' declared types."""

    def __init__(self, questions: dict[str, Question], functions: dict[str, Callable]):
        self.questions = questions
        self.functions = functions
        self.mismatches: list[str] = []

    def infer(self, node: ast.AST, rows: dict[str, Question] | None = None) -> str:
        rows = rows or {}
        method = getattr(self, f"_{type(node).__name__}", None)
        return method(node, rows) if method else ANY

    def _Constant(self, node: ast.Constant, rows: dict) -> str:
        value = node.value
        if isinstance(value, bool):
            return BOOL
        if isinstance(value, (int, float)):
            return NUMBER
        return TEXT if isinstance(value, str) else ANY

    def _Name(self, node: ast.Name, rows: dict) -> str:
        if node.id in rows:
            return ROW
        if node.id == "today":
            return DATE
        if node.id in PROFILE_TYPES:
            return PROFILE
        q = self.questions.get(node.id)
        return QUESTION_TYPES.get(q.type, ANY) if q else ANY

    def _Attribute(self, node: ast.Attribute, rows: dict) -> str:
        if isinstance(node.value, ast.Name):
            base = node.value.id
            if base in rows:
                col = next((c for c in rows[base].columns if c.id == node.attr), None)
                return QUESTION_TYPES.get(col.type, ANY) if col else ANY
            if base in PROFILE_TYPES:
                return PROFILE_TYPES[base].get(node.attr, ANY)
        return ANY

    def _Compare(self, node: ast.Compare, rows: dict) -> str:
        left = self.infer(node.left, rows)
        for op, comp in zip(node.ops, node.comparators):
            right = self.infer(comp, rows)
            if not isinstance(op, (ast.In, ast.NotIn)) and left != right and {left, right} <= {NUMBER, DATE, TEXT}:
                self.mismatches.append(f"{ast.unparse(node)!r} compares {WORDS[left]} with {WORDS[right]}; "
                                       f"it is never true as intended (write dates as date('2026-01-01'))")
            left = right
        return BOOL

    def _BoolOp(self, node: ast.BoolOp, rows: dict) -> str:
        kinds = {self.infer(v, rows) for v in node.values}
        return kinds.pop() if len(kinds) == 1 else (BOOL if kinds <= {BOOL, ANY} else ANY)

    def _UnaryOp(self, node: ast.UnaryOp, rows: dict) -> str:
        inner = self.infer(node.operand, rows)
        if isinstance(node.op, ast.Not):
            return BOOL
        return NUMBER if inner in (NUMBER, BOOL) else ANY

    def _BinOp(self, node: ast.BinOp, rows: dict) -> str:
        left, right = self.infer(node.left, rows), self.infer(node.right, rows)
        kinds = {left, right}
        if kinds <= {NUMBER, BOOL}:
            return NUMBER
        if kinds <= {NUMBER, BOOL, ANY}:
            return NUMBER if NUMBER in kinds else ANY
        if isinstance(node.op, ast.Add) and kinds == {TEXT}:
            return TEXT
        if isinstance(node.op, ast.Add) and kinds == {LIST}:
            return LIST
        if isinstance(node.op, ast.Mult) and kinds == {TEXT, NUMBER}:
            return TEXT
        return ANY

    def _IfExp(self, node: ast.IfExp, rows: dict) -> str:
        self.infer(node.test, rows)
        body, other = self.infer(node.body, rows), self.infer(node.orelse, rows)
        return body if body == other else ANY

    def _Call(self, node: ast.Call, rows: dict) -> str:
        args = [self.infer(a, rows) for a in node.args]
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        fn = self.functions.get(name)
        core = fn is None or getattr(fn, "__module__", "") in ("escort.functions", "builtins")
        if name in FUNCTION_TYPES and core:
            kind = FUNCTION_TYPES[name]
            if kind is None:  # min/max: of several values, their common type; of one list, unknown
                kinds = set(args)
                return kinds.pop() if len(args) > 1 and len(kinds) == 1 else ANY
            return kind
        return _annotated_return(fn)

    def _List(self, node: ast.AST, rows: dict) -> str:
        for elt in node.elts:
            self.infer(elt, rows)
        return LIST

    _Tuple = _List

    def _ListComp(self, node: ast.AST, rows: dict) -> str:
        inner = dict(rows)
        for gen in node.generators:
            if isinstance(gen.iter, ast.Name) and isinstance(gen.target, ast.Name):
                q = self.questions.get(gen.iter.id)
                if q is not None and q.type is QuestionType.table:
                    inner[gen.target.id] = q
            for cond in gen.ifs:
                self.infer(cond, inner)
        self.infer(node.elt, inner)
        return LIST

    _GeneratorExp = _ListComp


def _annotated_return(fn: Callable | None) -> str:
    if fn is None:
        return ANY
    try:
        ann = inspect.signature(fn).return_annotation
    except (TypeError, ValueError):
        return ANY
    if ann is inspect.Signature.empty:
        return ANY
    name = ann if isinstance(ann, str) else getattr(ann, "__name__", "")
    return ANNOTATIONS.get(name, ANY)


def _check_types(loaded: LoadedChecklist, functions: dict) -> list[Problem]:
    problems = []
    for path, expr in loaded.exprs.items():
        infer = TypeInference(loaded.questions, functions)
        kind = infer.infer(expr.tree)
        field = path[-1]
        if field == "when" and kind not in (BOOL, ANY):
            problems.append(loaded.problem(path, f"when should be true or false, but {expr.text!r} is {WORDS[kind]}; "
                                           f"compare it, e.g. '{expr.text} > 0'", code="E-TYPE"))
        elif field in ("low", "high") and kind not in (NUMBER, ANY):
            problems.append(loaded.problem(path, f"exposure {field} should be an amount in CNY, but {expr.text!r} is "
                                           f"{WORDS[kind]}", code="E-TYPE"))
        elif field == "facts_date" and kind not in (DATE, ANY):
            problems.append(loaded.problem(path, f"facts_date should be a date, but {expr.text!r} is {WORDS[kind]}",
                                           code="E-TYPE"))
        elif field in ("show_if", "applies_if") and kind not in (BOOL, ANY):
            problems.append(loaded.problem(path, f"{field} should be true or false, but {expr.text!r} is {WORDS[kind]}",
                                           level="warning", code="W-TYPE"))
        problems += [loaded.problem(path, msg, code="E-TYPE") for msg in infer.mismatches]
    return problems


# --------------------------------------------------------------------------- reachability


def _check_unreachable(loaded: LoadedChecklist, functions: dict) -> list[Problem]:
    """Walk questions in order; a show_if false for every possible known answer hides its question for good."""
    problems: list[Problem] = []
    never: set[str] = set()
    for si, section in enumerate(loaded.model.sections):
        spath = ("sections", si, "show_if")
        section_never = _never_true(loaded.exprs.get(spath), loaded, never, functions)
        if section_never:
            problems.append(loaded.problem(spath, f"section {section.id!r} is never shown: its show_if "
                                           f"{section.show_if!r} is false for every possible answer",
                                           level="warning", code="W-UNREACHABLE"))
        for qi, q in enumerate(section.questions):
            qpath = ("sections", si, "questions", qi, "show_if")
            if section_never:
                never.add(q.id)
            elif _never_true(loaded.exprs.get(qpath), loaded, never, functions):
                never.add(q.id)
                problems.append(loaded.problem(qpath, f"question {q.id!r} is never asked: its show_if {q.show_if!r} "
                                               f"is false for every possible answer", level="warning",
                                               code="W-UNREACHABLE"))
    for ri, rule in enumerate(loaded.model.rules):
        path = ("rules", ri, "when")
        expr = loaded.exprs.get(path)
        read = {n for n in expr.names if n in loaded.questions} if expr else set()
        if read and read <= never:
            problems.append(loaded.problem(path, f"rule {rule.id!r} can never fire: it only reads questions that are "
                                           f"never asked ({', '.join(sorted(read))})", level="warning",
                                           code="W-UNREACHABLE"))
    return problems


def _never_true(expr: Expression | None, loaded: LoadedChecklist, never: set[str], functions: dict) -> bool:
    """True when *expr* is false (or not applicable) for every combination of possible answers."""
    if expr is None:
        return False
    domains: dict[str, list[Any]] = {}
    for name in expr.names:
        if name in functions and name not in loaded.questions:
            continue
        if name in never:
            domains[name] = [HIDDEN]
            continue
        q = loaded.questions.get(name)
        values = _possible_values(q) if q is not None else None
        if values is None:
            return False  # a number, date, text, table or profile value: not enumerable, assume reachable
        domains[name] = values
    names = sorted(domains)
    total = 1
    for name in names:
        total *= len(domains[name])
    if total > MAX_COMBINATIONS:
        return False
    for combo in itertools.product(*(domains[n] for n in names)):
        try:
            if evaluate(expr, dict(zip(names, combo)), functions):
                return False
        except Undetermined as u:
            if u.unknown:
                return False
        except EvaluationError:
            return False
    return True


def _possible_values(q: Question) -> list[Any] | None:
    if q.type is QuestionType.yes_no:
        return [True, False]
    if q.type is QuestionType.choice:
        return [o.id for o in q.options]
    if q.type is QuestionType.multi_choice and len(q.options) <= 8:
        ids = [o.id for o in q.options]
        return [list(c) for n in range(len(ids) + 1) for c in itertools.combinations(ids, n)]
    return None


# --------------------------------------------------------------------------- options


def _check_unused_options(loaded: LoadedChecklist) -> list[Problem]:
    """Warn about options never looked at, when a question is only tested for particular options."""
    mentioned: dict[str, set[str]] = {}
    covers_all: set[str] = set()
    for expr in _all_expressions(loaded):
        _scan_option_use(expr.tree, loaded.questions, mentioned, covers_all)
    problems = []
    for qid, q in loaded.questions.items():
        if q.type not in (QuestionType.choice, QuestionType.multi_choice) or qid in covers_all or qid not in mentioned:
            continue
        path = loaded.question_paths[qid]
        unused = [o.id for o in q.options if o.id not in mentioned[qid]]
        if len(unused) <= 1:
            continue  # one option may stay the implicit "nothing to report" answer
        first = next(oi for oi, o in enumerate(q.options) if o.id in unused)
        problems.append(loaded.problem(path + ("options", first, "id"),
                                       f"options {', '.join(map(repr, unused))} of {qid!r} are never used by any rule "
                                       f"or show_if; say what they mean in a rule, or remove them", level="warning",
                                       code="W-UNUSED-OPTION"))
    return problems


def _all_expressions(loaded: LoadedChecklist) -> Iterator[Expression]:
    yield from loaded.exprs.values()
    for exprs in loaded.templates.values():
        yield from exprs


def _scan_option_use(tree: ast.AST, questions: dict, mentioned: dict, covers_all: set) -> None:
    """Record options compared with each question; a question read any other way counts as using them all."""
    compared: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for name in operands:
            if not (isinstance(name, ast.Name) and name.id in questions):
                continue
            compared.add(id(name))
            negative = any(isinstance(op, (ast.NotEq, ast.NotIn)) for op in node.ops)
            if negative and questions[name.id].type is QuestionType.choice:
                covers_all.add(name.id)  # 'q != x' speaks about every other option too
            for other in operands:
                for const in _strings(other):
                    mentioned.setdefault(name.id, set()).add(const)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in questions and id(node) not in compared:
            covers_all.add(node.id)


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


# --------------------------------------------------------------------------- English


def _check_english(loaded: LoadedChecklist) -> list[Problem]:
    """A checklist that gives title_en promises English: report each text left without it."""
    model = loaded.model
    if not model.title_en:
        return []
    gaps: list[tuple[tuple, str]] = []

    def missing(path: tuple, what: str) -> None:
        gaps.append((path, what))

    for si, section in enumerate(model.sections):
        if not section.title_en:
            missing(("sections", si, "title"), f"section {section.id!r}")
        for qi, q in enumerate(section.questions):
            qpath = ("sections", si, "questions", qi)
            if not q.text_en:
                missing(qpath + ("text",), f"question {q.id!r}")
            for key, items in (("options", q.options), ("columns", q.columns)):
                for i, item in enumerate(items):
                    if not item.text_en:
                        missing(qpath + (key, i), f"{key[:-1]} {item.id!r} of {q.id!r}")
                    for oi, option in enumerate(getattr(item, "options", [])):
                        if not option.text_en:
                            missing(qpath + (key, i, "options", oi), f"option {option.id!r} of column {item.id!r}")
    for ri, rule in enumerate(model.rules):
        if not rule.title_en:
            missing(("rules", ri, "title"), f"rule {rule.id!r}")
    if not gaps:
        return []
    # One line per checklist: a translation gap is one task, not hundreds of problems.
    path, what = gaps[0]
    more = f" and {len(gaps) - 1} more text(s)" if len(gaps) > 1 else ""
    return [loaded.problem(path, f"{what}{more} have no English text, but the checklist has title_en",
                           level="warning", code="W-NO-ENGLISH")]
