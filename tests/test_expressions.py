import datetime as dt

import pytest

from escort.expressions import (HIDDEN, UNKNOWN, EvaluationError, ExpressionError, Record, Undetermined,
                                compile_expression, evaluate, substitute)
from escort.functions import FUNCTIONS


def ev(text, **names):
    return evaluate(compile_expression(text), names, FUNCTIONS)


@pytest.mark.parametrize("text, words", [
    ("__import__('os')", "names starting with '_'"),
    ("__import__('os').system('id')", "only named functions"),
    ("().__class__.__bases__", "attributes starting with '_'"),
    ("lambda: 1", "lambda functions"),
    ("9**9**9", "literal exponent"),
    ("2**100", "no larger than 10"),
    ("x.__globals__", "attributes starting with '_'"),
    ("[x for x in range(10**9)]", "range() is not available"),
    ("{k: 1 for k in rows}", "dict comprehensions"),
    ("f'{x}'", "f-strings"),
    ("a := 1", "not a valid expression"),
    ("x if", "not a valid expression"),
    ("open('/etc/passwd').read()", "only named functions"),
    ("a is None", "'is' (use ==)"),
    ("b'bytes'", "not allowed"),
])
def test_escape_attempts_and_cost_bombs_are_rejected_before_evaluation(text, words):
    with pytest.raises(ExpressionError) as exc:
        compile_expression(text)
    assert words in str(exc.value)


def test_free_names_exclude_comprehension_variables():
    expr = compile_expression("sum(r.wage for r in staff if r.months > limit) > 0")
    assert expr.names == {"staff", "limit"}
    assert expr.calls == {"sum"}


def test_unknown_answer_makes_comparison_undetermined():
    with pytest.raises(Undetermined) as exc:
        ev("wage < 2000", wage=UNKNOWN)
    assert exc.value.unknown == {"wage"}


def test_kleene_or_is_true_when_one_side_is_true_and_the_other_unknown():
    assert ev("a or b", a=UNKNOWN, b=True) is True
    with pytest.raises(Undetermined):
        ev("a or b", a=UNKNOWN, b=False)


def test_kleene_and_is_false_when_one_side_is_false_and_the_other_unknown():
    assert ev("a and b", a=UNKNOWN, b=False) is False
    with pytest.raises(Undetermined) as exc:
        ev("a and b", a=UNKNOWN, b=True)
    assert exc.value.unknown == {"a"}


def test_hidden_question_is_reported_separately_from_unknown():
    with pytest.raises(Undetermined) as exc:
        ev("share > 10", share=HIDDEN)
    assert exc.value.hidden == {"share"} and not exc.value.unknown


def test_table_rows_are_read_by_attribute_and_unknown_cells_propagate():
    rows = [Record({"wage": 5000, "months": 3}, "t[1]"), Record({"wage": UNKNOWN, "months": 2}, "t[2]")]
    assert ev("sum(r.months for r in t)", t=rows) == 5
    with pytest.raises(Undetermined) as exc:
        ev("sum(r.wage for r in t)", t=rows)
    assert exc.value.unknown == {"t[2].wage"}


def test_attributes_only_on_records():
    with pytest.raises(EvaluationError):
        ev("s.upper", s="abc")


def test_long_string_multiplication_is_refused_when_compiled_and_stopped_when_evaluated():
    with pytest.raises(ExpressionError, match="100,000,000 items"):
        compile_expression("'x' * 100000000")
    with pytest.raises(EvaluationError):
        ev("'x' * n", n=100_000_000)  # the count is an answer: only the evaluator can stop it


def test_type_errors_become_evaluation_errors():
    with pytest.raises(EvaluationError) as exc:
        ev("a + 1", a="text")
    assert "TypeError" in str(exc.value)


def test_dates_compare_and_subtract_through_functions():
    assert ev("days_between(start, today)", start=dt.date(2026, 1, 1), today=dt.date(2026, 1, 31)) == 30
    assert ev("start < today", start=dt.date(2026, 1, 1), today=dt.date(2026, 1, 31)) is True


def test_substitute_shows_values_in_place_of_names():
    expr = compile_expression("arrears * 0.0005 * days_between(since, today)")
    text = substitute(expr, {"arrears": 48000, "since": dt.date(2026, 8, 1), "today": dt.date(2026, 11, 20)})
    assert text == "48000 * 0.0005 * days_between('2026-08-01', '2026-11-20')"


def test_one_evaluator_serves_many_expressions_without_sharing_budgets():
    from escort.expressions import Evaluator

    rows = [Record({"n": 1}, f"t[{i}]") for i in range(6000)]
    names = {"t": rows}
    evaluator = Evaluator(names, FUNCTIONS)
    expr = compile_expression("sum(r.n for r in t)")
    # 6,000 rows twice is over simpleeval's 10,000-element comprehension cap if the count leaked across calls
    assert [evaluate(expr, names, FUNCTIONS, evaluator) for _ in range(2)] == [6000, 6000]
