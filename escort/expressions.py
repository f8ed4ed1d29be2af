"""Checklist expressions: parsed once, checked statically, evaluated safely.

Legal teams write ``show_if``, ``applies_if``, ``when``, ``exposure`` and
message placeholders as small Python-like expressions::

    unsigned_count > 0 and months_between(hire_date, today) >= 1

Why simpleeval: it evaluates a parsed ``ast`` tree with an explicit table of
node handlers and never calls ``eval``/``exec``; it blocks dunder attributes
and caps powers, string sizes and comprehension lengths; it accepts a tree
parsed in advance, so each expression is parsed once at load.  On top of it
Escort adds a whitelist checker run at validation time (unknown names,
disallowed constructs and unbounded costs are reported with file and line
before anything is evaluated) and Kleene three-valued logic, so that an
answer nobody knows ("unknown") makes a rule *undetermined* rather than
quietly false.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import types
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import simpleeval

from escort.limits import (MAX_ELEMENTS, MAX_EXPONENT, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_NODES, MAX_LITERAL,
                           MAX_RESULT, MAX_STEPS)

MAX_GENERATORS = 2          # 'for' clauses in one comprehension, and comprehensions nested in one another
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


class ExpressionError(ValueError):
    """An expression that cannot be accepted; ``col`` is 0-based within the text."""

    def __init__(self, message: str, col: int | None = None):
        super().__init__(message)
        self.col = col


class Undetermined(Exception):
    """Raised while evaluating when a value needed is unknown or not applicable."""

    def __init__(self, unknown: Iterable[str] = (), hidden: Iterable[str] = ()):
        super().__init__()
        self.unknown = set(unknown)
        self.hidden = set(hidden)

    def merge(self, other: "Undetermined | None") -> "Undetermined":
        if other is not None:
            self.unknown |= other.unknown
            self.hidden |= other.hidden
        return self


class _Missing:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


UNKNOWN = _Missing("unknown")  # answered "unknown", or visible and left empty
HIDDEN = _Missing("hidden")    # not asked: its show_if is false


class Record(dict):
    """A mapping whose keys are read as attributes in expressions (a table row, the profile)."""

    def __init__(self, data: dict, label: str):
        super().__init__(data)
        self.label = label


_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)
_CMPOPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)
_ALLOWED = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.BinOp, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd,
    ast.Compare, ast.IfExp, ast.Call, ast.keyword, ast.Constant, ast.Name, ast.Load, ast.Store,
    ast.Attribute, ast.Subscript, ast.List, ast.Tuple, ast.ListComp, ast.GeneratorExp, ast.comprehension,
) + _BINOPS + _CMPOPS

_DESCRIBE = {
    ast.Lambda: "lambda functions", ast.NamedExpr: "assignment (:=)", ast.DictComp: "dict comprehensions",
    ast.SetComp: "set comprehensions", ast.Dict: "dict literals", ast.Set: "set literals",
    ast.JoinedStr: "f-strings", ast.Starred: "* unpacking", ast.Await: "await", ast.Yield: "yield",
    ast.Slice: "slices", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<",
    ast.RShift: ">>", ast.Invert: "~", ast.Is: "'is' (use ==)", ast.IsNot: "'is not' (use !=)",
    ast.MatMult: "@",
}


@dataclass
class Expression:
    """A parsed, checked expression."""

    text: str
    tree: ast.AST
    names: set[str] = field(default_factory=set)      # free names: question ids, enterprise, today …
    calls: set[str] = field(default_factory=set)      # functions called
    attributes: list[tuple[str, str]] = field(default_factory=list)  # (name, attr) for name.attr

    def __str__(self) -> str:
        return self.text


def compile_expression(text: str) -> Expression:
    """Parse *text* and check it uses only allowed constructs at a bounded cost; raise ExpressionError otherwise.

    Why a cost model here: an expression that validates must evaluate quickly and
    never crash, so everything whose size can be known from the text (the syntax
    tree, literals, lists repeated with ``*``) is bounded before any answer is
    read; the rest is bounded by the evaluator's step budget.
    """
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("an expression must be non-empty text")
    source = text.strip()
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        col = (exc.offset - 1) if exc.offset else None
        raise ExpressionError(f"not a valid expression ({exc.msg}) in {source!r}", col) from None
    except (RecursionError, MemoryError):
        raise ExpressionError(f"expression too deeply nested (more than {MAX_EXPRESSION_DEPTH} levels); "
                              "split it, or compute part of it in a plugin function") from None
    _check_size(tree)
    expr = Expression(source, tree.body)
    _check(tree, expr, bound=set())
    _check_cost(tree.body)
    return expr


def _check_size(tree: ast.AST) -> None:
    """Bound the number of nodes and the nesting of a tree, without recursion."""
    count, stack = 0, [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_EXPRESSION_NODES:
            raise ExpressionError(f"expression too long (more than {MAX_EXPRESSION_NODES} parts); "
                                  "split it into several rules or compute it in a plugin function")
        if depth > MAX_EXPRESSION_DEPTH:
            raise ExpressionError(f"expression too deeply nested (more than {MAX_EXPRESSION_DEPTH} levels); "
                                  "split it, or use sum(...) over a table", getattr(node, "col_offset", None))
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def _check_cost(node: ast.AST, loops: int = 0) -> tuple[int | None, int | None]:
    """Return (length, deep size) of the list or string *node* builds when known from the text; raise when too big."""
    col = getattr(node, "col_offset", None)
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        if loops + len(node.generators) > MAX_GENERATORS:
            raise ExpressionError(f"at most {MAX_GENERATORS} nested loops ('for') in one expression (unbounded cost)", col)
        for child in ast.iter_child_nodes(node):
            _check_cost(child, loops + len(node.generators))
        return None, None
    sizes = {id(child): _check_cost(child, loops) for child in ast.iter_child_nodes(node)}
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return len(node.value), len(node.value)
    if isinstance(node, (ast.List, ast.Tuple)):
        deep = [sizes[id(e)][1] for e in node.elts]
        total = len(node.elts) + sum(d or 0 for d in deep)
        return len(node.elts), total
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Add)):
        (left_len, left_deep), (right_len, right_deep) = sizes[id(node.left)], sizes[id(node.right)]
        if isinstance(node.op, ast.Add):
            if left_len is None or right_len is None:
                return None, None
            length, deep = left_len + right_len, (left_deep or 0) + (right_deep or 0)
        else:
            times = next((c.value for c in (node.left, node.right) if isinstance(c, ast.Constant)
                          and isinstance(c.value, int) and not isinstance(c.value, bool)), None)
            seq_len, seq_deep = (left_len, left_deep) if left_len is not None else (right_len, right_deep)
            if seq_len is None or times is None:
                return None, None
            length, deep = seq_len * max(times, 0), (seq_deep or 0) * max(times, 0)
        if length > MAX_LITERAL:
            raise ExpressionError(f"builds a list or text of {length:,} items (at most {MAX_LITERAL:,}; unbounded cost)", col)
        if deep > MAX_ELEMENTS:
            raise ExpressionError(f"builds nested lists of {deep:,} items in all (at most {MAX_ELEMENTS:,}; unbounded cost)", col)
        return length, deep
    return None, None


def _check(node: ast.AST, expr: Expression, bound: set[str]) -> None:
    col = getattr(node, "col_offset", None)
    if not isinstance(node, _ALLOWED):
        what = _DESCRIBE.get(type(node), type(node).__name__)
        raise ExpressionError(f"{what} not allowed in checklist expressions", col)
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        inner = set(bound)
        for gen in node.generators:
            if not isinstance(gen.iter, (ast.Name, ast.Attribute, ast.Call)):
                raise ExpressionError("a comprehension may only loop over a table answer or a function's result", col)
            if isinstance(gen.iter, ast.Call) and isinstance(gen.iter.func, ast.Name) and gen.iter.func.id == "range":
                raise ExpressionError("range() is not available; loop over a table answer instead", col)
            _check(gen.iter, expr, inner)
            if not isinstance(gen.target, ast.Name):
                raise ExpressionError("a comprehension variable must be a single name", col)
            inner.add(gen.target.id)
            for cond in gen.ifs:
                _check(cond, expr, inner)
        _check(node.elt, expr, inner)
        return
    if isinstance(node, ast.Name):
        if node.id.startswith("_"):
            raise ExpressionError(f"names starting with '_' are not allowed: {node.id!r}", col)
        if node.id not in bound:
            expr.names.add(node.id)
        return
    if isinstance(node, ast.Attribute):
        if node.attr.startswith("_"):
            raise ExpressionError(f"attributes starting with '_' are not allowed: {node.attr!r}", col)
        if isinstance(node.value, ast.Name) and node.value.id not in bound:
            expr.attributes.append((node.value.id, node.attr))
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            raise ExpressionError("only named functions can be called (no methods)", col)
        if node.func.id.startswith("_"):
            raise ExpressionError(f"names starting with '_' are not allowed: {node.func.id!r}", col)
        expr.calls.add(node.func.id)
        for arg in node.args:
            _check(arg, expr, bound)
        for kw in node.keywords:
            if kw.arg is None:
                raise ExpressionError("** unpacking is not allowed", col)
            _check(kw.value, expr, bound)
        return
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        exp = node.right
        if not (isinstance(exp, ast.Constant) and isinstance(exp.value, (int, float))
                and not isinstance(exp.value, bool) and abs(exp.value) <= MAX_EXPONENT):
            raise ExpressionError(f"** needs a literal exponent no larger than {MAX_EXPONENT} (unbounded cost)", col)
    if isinstance(node, ast.Constant):
        if isinstance(node.value, (bytes, complex)) or node.value is Ellipsis:
            raise ExpressionError(f"literal {node.value!r} not allowed", col)
        if isinstance(node.value, str) and len(node.value) > MAX_LITERAL:
            raise ExpressionError("string literal too long", col)
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        raise ExpressionError("slices not allowed", col)
    for child in ast.iter_child_nodes(node):
        _check(child, expr, bound)


def compile_template(text: str) -> list[Expression]:
    """Compile every {placeholder} of a message template."""
    return [compile_expression(m.group(1)) for m in PLACEHOLDER.finditer(text)]


# --------------------------------------------------------------------------- evaluation


class CostExceeded(Exception):
    """An evaluation went over its step budget, or built a list or number too large."""


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple, dict)) else 1


class Evaluator(simpleeval.EvalWithCompoundTypes):
    """simpleeval with Kleene logic for unknown answers, attribute access on records only, and a cost budget.

    Why a budget: the checker bounds what can be known from the text; what depends on
    answers (a list repeated answer-many times, a loop over a long table) is counted
    here, one step per node visited and per element built, compared or summed.
    """

    def __init__(self, names: dict[str, Any], functions: dict[str, Callable]):
        # a copy: simpleeval adds list/tuple/dict/set to the dict it is given (review F14)
        super().__init__(names=names, functions={k: (_safe_sum if v is sum else v) for k, v in functions.items()})
        for extra in ("list", "tuple", "dict", "set"):
            if extra not in functions:
                self.functions.pop(extra, None)
        self.operators[ast.Mult] = self._mult
        self.operators[ast.Add] = self._add
        self.operators[ast.In] = lambda a, b: self._charge(_size(b)) or a in b
        self.operators[ast.NotIn] = lambda a, b: self._charge(_size(b)) or a not in b
        self.operators[ast.Eq] = lambda a, b: self._charge(min(_size(a), _size(b))) or a == b
        self.operators[ast.NotEq] = lambda a, b: self._charge(min(_size(a), _size(b))) or a != b
        self.steps = 0

    def evaluate(self, expr: Expression) -> Any:
        self.expr = expr.text
        self._max_count = 0  # the comprehension budget is per expression, as in simpleeval's eval()
        self.steps = 0
        return self._eval(expr.tree)

    def _charge(self, steps: int) -> None:
        self.steps += steps
        if self.steps > MAX_STEPS:
            raise CostExceeded(f"more than {MAX_STEPS:,} evaluation steps")

    def _eval(self, node: ast.AST) -> Any:
        self._charge(1)
        result = super()._eval(node)
        if isinstance(result, (int, float)) and not isinstance(result, bool):
            if result != result or abs(result) > MAX_RESULT:
                raise CostExceeded(f"a number out of range ({'NaN' if result != result else 'beyond 1e18'})")
        return result

    def _check_disallowed_items(self, item: Any) -> None:
        """Only the top level: the checker keeps modules and builtins out of reach, and a deep walk costs O(size)."""
        if isinstance(item, types.ModuleType):
            raise simpleeval.FeatureNotAvailable("modules are not allowed")

    def _eval_call(self, node: ast.Call) -> Any:
        result = super()._eval_call(node)
        self._charge(_size(result))
        return result

    def _mult(self, a: Any, b: Any) -> Any:
        for seq, n in ((a, b), (b, a)):
            if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_LITERAL:
                raise simpleeval.IterableTooLong(f"result too long (more than {MAX_LITERAL:,} items)")
        result = a * b
        self._charge(_size(result))
        return result

    def _add(self, a: Any, b: Any) -> Any:
        if isinstance(a, (str, list, tuple)) and isinstance(b, (str, list, tuple)) and len(a) + len(b) > MAX_LITERAL:
            raise simpleeval.IterableTooLong(f"result too long (more than {MAX_LITERAL:,} items)")
        result = a + b
        self._charge(_size(result))
        return result

    def _eval_subscript(self, node: ast.Subscript) -> Any:
        base = self._eval(node.value)
        key = self._eval(node.slice)
        value = base[key]
        if isinstance(base, Record):  # r['x'] follows the same three-valued logic as r.x (review F13)
            return _present(value, f"{base.label}[{key!r}]")
        return value

    def _eval_name(self, node: ast.Name) -> Any:
        try:
            value = self.names[node.id]
        except KeyError:
            if node.id in self.functions:
                return self.functions[node.id]
            raise simpleeval.NameNotDefined(node.id, self.expr) from None
        return _present(value, node.id)

    def _eval_attribute(self, node: ast.Attribute) -> Any:
        base = self._eval(node.value)
        if not isinstance(base, Record):
            raise simpleeval.FeatureNotAvailable(f"'.{node.attr}' can only be read from a table row or the profile")
        if node.attr not in base:
            raise simpleeval.AttributeDoesNotExist(node.attr, self.expr)
        return _present(base[node.attr], f"{base.label}.{node.attr}")

    def _eval_boolop(self, node: ast.BoolOp) -> Any:
        is_and = isinstance(node.op, ast.And)
        pending: Undetermined | None = None
        result: Any = is_and
        for value in node.values:
            try:
                result = self._eval(value)
            except Undetermined as exc:
                pending = exc.merge(pending)
                continue
            if is_and and not result:
                return result
            if not is_and and result:
                return result
        if pending is not None:
            raise pending
        return result


def _safe_sum(items: Any, start: Any = 0) -> Any:
    """sum() of numbers only: a list start makes sum() copy quadratically (review F1)."""
    if isinstance(start, bool) or not isinstance(start, (int, float)):
        raise TypeError("sum() adds numbers; its start must be a number")
    return sum(items, start)


def _present(value: Any, label: str) -> Any:
    if value is UNKNOWN or value is None:
        raise Undetermined(unknown=[label])
    if value is HIDDEN:
        raise Undetermined(hidden=[label])
    return value


def evaluate(expr: Expression, names: dict[str, Any], functions: dict[str, Callable],
             evaluator: Evaluator | None = None) -> Any:
    """Evaluate a compiled expression; raises Undetermined, or EvaluationError for a failure.

    Pass an *evaluator* built once over the same *names* to save building one per call.
    """
    try:
        return (evaluator or Evaluator(names, functions)).evaluate(expr)
    except Undetermined:
        raise
    except simpleeval.InvalidExpression as exc:
        raise EvaluationError(f"{expr.text!r}: {exc}") from None
    except CostExceeded as exc:
        raise EvaluationError(f"{expr.text!r}: too costly to evaluate ({exc})") from None
    except RecursionError:
        raise EvaluationError(f"{expr.text!r}: too deeply nested to evaluate") from None
    except MemoryError:
        raise EvaluationError(f"{expr.text!r}: too costly to evaluate (out of memory)") from None
    except Exception as exc:  # a function given values it cannot take (review F7): the rule is to verify
        raise EvaluationError(f"{expr.text!r}: {type(exc).__name__}: {exc}") from None


class EvaluationError(Exception):
    """An expression failed on the given answers (wrong types, division by zero …)."""


def substitute(expr: Expression, names: dict[str, Any], functions: dict[str, Callable] | None = None) -> str:
    """Write the expression with the scalar values it reads put in place of their names.

    With *functions*, a call whose arguments are all plain values is replaced by its result,
    so ``days_between(since, today)`` shows as ``111``; ``sum(f(r) for r in table)`` is
    written out row by row.
    """
    tree = ast.parse(expr.text, mode="eval")
    tree = _Expand(names, functions).visit(tree)
    tree = _Put(names).visit(tree)
    if functions:
        tree = _Fold(functions).visit(tree)
    return ast.unparse(tree)


def _shown_value(value: Any) -> bool:
    return isinstance(value, (int, float, str, dt.date)) and not isinstance(value, bool)


class _Put(ast.NodeTransformer):
    """Replace names (and record.field) that hold plain values by those values."""

    def __init__(self, names: dict[str, Any]):
        self.names = names

    def visit_Name(self, node: ast.Name) -> ast.AST:
        value = self.names.get(node.id)
        return ast.copy_location(ast.Constant(_plain(value)), node) if _shown_value(value) else node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        if isinstance(node.value, ast.Name) and isinstance(self.names.get(node.value.id), Record):
            value = self.names[node.value.id].get(node.attr)
            if _shown_value(value):
                return ast.copy_location(ast.Constant(_plain(value)), node)
        return self.generic_visit(node)


class _Fold(ast.NodeTransformer):
    """Replace a call whose arguments are all plain values by its result."""

    def __init__(self, functions: dict[str, Callable]):
        self.functions = functions

    def visit_Call(self, node: ast.Call) -> ast.AST:
        node = self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id in self.functions and not node.keywords \
                and all(isinstance(a, ast.Constant) for a in node.args):
            try:
                value = self.functions[node.func.id](*(a.value for a in node.args))
            except Exception:  # leave the call as written; the evaluation reports real failures
                return node
            if _shown_value(value):
                return ast.copy_location(ast.Constant(_plain(value)), node)
        return node


class _Expand(ast.NodeTransformer):
    """sum(f(r) for r in table if …) becomes (f(row1) + f(row2) …) with each row's values put in."""

    def __init__(self, names: dict[str, Any], functions: dict[str, Callable] | None):
        self.names, self.functions = names, functions

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if not (isinstance(node.func, ast.Name) and node.func.id == "sum" and len(node.args) == 1
                and isinstance(node.args[0], (ast.GeneratorExp, ast.ListComp)) and len(node.args[0].generators) == 1):
            return self.generic_visit(node)
        gen = node.args[0].generators[0]
        rows = self.names.get(gen.iter.id) if isinstance(gen.iter, ast.Name) else None
        if not isinstance(gen.target, ast.Name) or not isinstance(rows, list) or len(rows) > 50:
            return self.generic_visit(node)
        elt = ast.unparse(node.args[0].elt)
        terms = []
        for row in rows:
            scope = dict(self.names, **{gen.target.id: row})
            try:
                if not all(evaluate(Expression(ast.unparse(c), c), scope, self.functions or {}) for c in gen.ifs):
                    continue
            except (Undetermined, EvaluationError):
                return self.generic_visit(node)
            term = _Put(scope).visit(ast.parse(elt, mode="eval"))
            if self.functions:
                term = _Fold(self.functions).visit(term)
            terms.append(ast.unparse(term))
        return ast.Name(id="(" + (" + ".join(terms) or "0") + ")", ctx=ast.Load())


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def render_template(text: str, names: dict[str, Any], functions: dict[str, Callable],
                    compiled: list[Expression] | None = None, evaluator: Evaluator | None = None) -> str:
    """Fill each {placeholder} of a message; an undetermined one is shown as （未知）."""
    exprs = iter(compiled if compiled is not None else compile_template(text))

    def fill(m: re.Match) -> str:
        try:
            value = evaluate(next(exprs), names, functions, evaluator)
        except Undetermined:
            return "（未知）"
        except EvaluationError:
            return "（无法计算）"
        return format_value(value)

    return PLACEHOLDER.sub(fill, text)


def format_value(value: Any) -> str:
    """Write a value as a message shows it (numbers with thousands separators, dates ISO, lists joined)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)) and (value != value or abs(value) > MAX_RESULT):
        return "（无法计算）"  # NaN, infinity, or an int too long to write (review F7)
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if not value.is_integer() else f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(format_value(v) for v in value)
    return str(value)
