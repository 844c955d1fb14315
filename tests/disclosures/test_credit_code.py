"""统一社会信用代码 validation by the GB 32100 check character."""

import pytest
from django.core.exceptions import ValidationError

from disclosures.credit_code import check_character, is_valid, normalise, problem, validate

VALID = ["53330702MJ73PWQ39D", "51330702MJ0LCCBX76", "91350100M000100Y43"]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass(code):
    assert is_valid(code)
    validate(code)


@pytest.mark.parametrize("code", VALID)
def test_every_wrong_check_character_is_refused(code):
    for wrong in "0123456789ABCDEFGHJKLMNPQRTUWXY":
        if wrong != code[-1]:
            assert not is_valid(code[:-1] + wrong)


def test_wrong_check_character_message_names_the_expected_one():
    message = str(problem("53330702MJ73PWQ39E"))
    assert "D" in message and "E" in message


def test_single_character_typos_are_caught():
    code = VALID[0]
    for position in range(17):
        for replacement in "0123456789ABCDEFGHJKLMNPQRTUWXY":
            if replacement != code[position]:
                mistyped = code[:position] + replacement + code[position + 1 :]
                assert not is_valid(mistyped), mistyped


def test_wrong_length_is_refused_with_the_length():
    assert "17" in str(problem("53330702MJ73PWQ39"))
    assert "19" in str(problem("53330702MJ73PWQ39DD"))


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_letters_outside_the_code_set_are_refused(letter):
    code = "53330702MJ73PWQ3" + letter + "D"
    assert letter in str(problem(code))


def test_lower_case_and_spaces_are_normalised():
    assert normalise(" 53330702mj73 pwq39d ") == "53330702MJ73PWQ39D"
    assert is_valid("53330702mj73pwq39d")


def test_validate_raises_a_validation_error():
    with pytest.raises(ValidationError) as error:
        validate("12345")
    assert error.value.code == "invalid_credit_code"


def test_check_character_of_a_known_code():
    assert check_character("91350100M000100Y4") == "3"
