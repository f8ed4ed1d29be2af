import pytest

from escort.uscc import WEIGHTS, check_character, is_valid_uscc, uscc_problem


def test_weights_are_powers_of_three_mod_31():
    # GB 32100-2015 table: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    assert WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


@pytest.mark.parametrize("code", [
    "91350100M000100Y43",   # the worked example printed in GB 32100-2015
    "91110000802100433B",   # codes published on business licences
    "914403001922038216",
])
def test_known_valid_codes_pass(code):
    assert is_valid_uscc(code)


def test_check_character_worked_by_hand():
    # 9 1 3 5 0 1 0 0 M(21) 0 0 0 1 0 0 Y(30) 4 weighted:
    # 9*1+1*3+3*9+5*27+0+1*26+0+0+21*20+0+0+0+1*8+0+0+30*30+4*28 = 1640; 1640 % 31 = 28; 31-28 = 3
    assert check_character("91350100M000100Y4") == "3"


def test_wrong_check_character_names_the_expected_one():
    message = uscc_problem("91350100M000100Y44")
    assert "should be '3'" in message


@pytest.mark.parametrize("code, words", [
    ("9135010", "18 characters"),
    ("91350100M000100YI3", "outside GB 32100-2015"),
    ("91350100m000100Y43", "outside GB 32100-2015"),
])
def test_malformed_codes_are_explained(code, words):
    assert words in uscc_problem(code)


def test_the_template_placeholder_code_passes_its_own_check():
    from escort.labels import PLACEHOLDER_USCC
    from escort.uscc import check_character, uscc_problem

    assert PLACEHOLDER_USCC[-1] == check_character(PLACEHOLDER_USCC[:17]) and uscc_problem(PLACEHOLDER_USCC) is None
