"""``torch.NAME`` pointwise functions as ``autograd.NAME``: each calls the Tensor method of the
same name (``autograd.erf(x)`` is ``x.erf()``), accepting anything ``to_tensor`` accepts.

>>> from autograd import Tensor
>>> erf(Tensor([0.0]))
Tensor([0.])
"""

from __future__ import annotations

from typing import Any

from .tensor import Tensor, to_tensor

__all__ = ["erf", "erfc"]


def erf(x: Any) -> Tensor:
    """The error function, as ``torch.erf``: ``x.erf()``.

    >>> from autograd import Tensor
    >>> erf(Tensor([0.0]))
    Tensor([0.])
    """
    return to_tensor(x).erf()


def erfc(x: Any) -> Tensor:
    """The complementary error function 1 - erf(x), as ``torch.erfc``: ``x.erfc()``.

    >>> erfc([0.0])
    Tensor([1.])
    """
    return to_tensor(x).erfc()
