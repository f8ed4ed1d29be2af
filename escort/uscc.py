"""统一社会信用代码 (USCC) check per GB 32100-2015.

The code has 18 characters from a 31-character alphabet (digits and capital
letters without I, O, S, V, Z).  The last is a check character: the first 17
characters' values are weighted by 3**i mod 31, summed, and the check value is
31 - (sum mod 31), with 31 written as 0.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28


def check_character(first17: str) -> str:
    """Return the check character for the first 17 characters of a USCC."""
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Say what is wrong with a USCC, or return None when it is valid."""
    if not isinstance(code, str):
        return "统一社会信用代码 must be text"
    if len(code) != 18:
        return f"统一社会信用代码 must have 18 characters, {code!r} has {len(code)}"
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        return (f"统一社会信用代码 {code!r} has characters outside GB 32100-2015 "
                f"(digits and capital letters except I, O, S, V, Z): {''.join(bad)}")
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码 {code!r} fails its check: the last character should be {expected!r}, not {code[17]!r}"
    return None


def is_valid_uscc(code: str) -> bool:
    return uscc_problem(code) is None
