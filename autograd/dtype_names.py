"""PyTorch's dtype names as NumPy dtypes: ``autograd.float32`` is ``np.dtype("float32")``,
``autograd.long`` is int64, as ``torch.long``. They are accepted wherever a dtype is
(``x.to(autograd.float64)``, ``zeros(2, dtype=autograd.int64)``) and compare equal to a
tensor's ``dtype``. ``autograd.dtype`` is ``np.dtype``, the class of them all.

>>> import autograd as torch
>>> x = torch.zeros(2, dtype=torch.long)
>>> x.dtype == torch.int64, x.to(torch.half).dtype, isinstance(x.dtype, torch.dtype)
(True, dtype('float16'), True)

This module holds only these names: it defines ``float``, ``int`` and ``bool``, so it must not
use Python's.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "bool",
    "cdouble",
    "cfloat",
    "complex64",
    "complex128",
    "double",
    "dtype",
    "float",
    "float16",
    "float32",
    "float64",
    "half",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "long",
    "short",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
]

dtype = np.dtype

float16 = np.dtype(np.float16)
float32 = np.dtype(np.float32)
float64 = np.dtype(np.float64)
half, float, double = float16, float32, float64  # noqa: A001 - torch.float is float32

int8 = np.dtype(np.int8)
int16 = np.dtype(np.int16)
int32 = np.dtype(np.int32)
int64 = np.dtype(np.int64)
short, int, long = int16, int32, int64  # noqa: A001 - torch.int is int32, torch.long int64

uint8 = np.dtype(np.uint8)
uint16 = np.dtype(np.uint16)
uint32 = np.dtype(np.uint32)
uint64 = np.dtype(np.uint64)

bool = np.dtype(np.bool_)  # noqa: A001 - torch.bool

complex64 = np.dtype(np.complex64)
complex128 = np.dtype(np.complex128)
cfloat, cdouble = complex64, complex128
