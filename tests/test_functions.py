import datetime as dt

import pytest

from escort.functions import add_months, days_between, months_between, years_between

D = dt.date


@pytest.mark.parametrize("start, end, months", [
    (D(2026, 1, 15), D(2026, 2, 14), 0),   # one day short of a month
    (D(2026, 1, 15), D(2026, 2, 15), 1),   # exactly one month
    (D(2026, 1, 31), D(2026, 2, 28), 1),   # month end: 31 Jan + 1 month = 28 Feb
    (D(2025, 11, 20), D(2026, 11, 20), 12),
    (D(2025, 11, 21), D(2026, 11, 20), 11),
    (D(2026, 11, 20), D(2026, 1, 20), -10),
])
def test_months_between_counts_whole_months(start, end, months):
    assert months_between(start, end) == months


def test_add_months_clamps_to_month_end():
    assert add_months(D(2026, 8, 31), -6) == D(2026, 2, 28)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)


def test_days_and_years_between():
    assert days_between("2026-08-01", "2026-11-20") == 31 + 30 + 31 + 19  # Aug 1 -> Nov 20
    assert years_between(D(2016, 11, 21), D(2026, 11, 20)) == 9
    assert years_between(D(2016, 11, 20), D(2026, 11, 20)) == 10
