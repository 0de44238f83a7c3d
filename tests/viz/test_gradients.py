"""Arithmetic on edge gradients: sums at forks and in collapsed boxes, sizes for widths."""

import numpy as np

from autograd.edges import GradSummary
from autograd.viz import gradients

FLOAT32 = np.dtype("float32")


def test_arrays_that_meet_at_a_fork_add_exactly_in_their_dtype():
    total = gradients.sum_grads([np.float32([1.0, 2.0]), np.float32([0.5, -4.0])])
    assert total.dtype == FLOAT32
    assert total.tolist() == [1.5, -2.0]


def test_summaries_add_up_to_the_bound_the_triangle_inequality_gives():
    total = gradients.sum_grads(
        [GradSummary((9,), FLOAT32, 3.0, -1.0, 2.0), np.full(9, 0.5, dtype=np.float32)]
    )
    assert (total.norm, total.min, total.max) == (3.0 + 1.5, -0.5, 2.5)


def test_a_summary_without_a_range_gives_a_sum_without_one():
    total = gradients.sum_grads([GradSummary((4,), FLOAT32, 1.0), np.ones(4, dtype=np.float32)])
    assert (total.norm, total.min, total.max) == (3.0, None, None)


def test_a_gradient_ten_times_the_median_is_drawn_wider_and_a_zero_one_is_not():
    wide = gradients.arrow_width(np.array([10.0]), median=1.0, fresh=False, zero=False)
    zero = gradients.arrow_width(np.array([0.0]), median=1.0, fresh=False, zero=True)
    assert wide > zero == 1.3
