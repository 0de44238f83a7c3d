"""Number formatting in the drawings: short, and never a crash for any magnitude."""

import numpy as np
import pytest

from autograd.viz import labels


@pytest.mark.parametrize(
    "value, text",
    [
        (0.0, "0"),
        (0.045, "0.045"),
        (-3.0, "-3"),
        (12345.0, "12345"),
        (1.5e-8, "1.5e-8"),
        (2.5e-4, "2.5e-4"),
        (-7.7e-4, "-7.7e-4"),
        (3e7, "3e7"),
        (float("nan"), "nan"),
        (float("-inf"), "-inf"),
        (np.float32(0.5), "0.5"),
        (7, "7"),
    ],
)
def test_number_uses_at_most_three_significant_digits(value, text):
    assert labels.number(value) == text


def test_number_formats_every_magnitude_without_failing():
    for exponent in range(-12, 12):
        for mantissa in (1.0, -2.5, 9.99):
            assert labels.number(mantissa * 10.0**exponent)
