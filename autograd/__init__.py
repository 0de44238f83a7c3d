"""graphgrad's autograd: a NumPy Tensor that records a dynamic graph, and exact gradients.

>>> from autograd import Tensor
>>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
>>> loss = -x.log_softmax()[2]  # cross-entropy for target class 2
>>> loss.backward()
>>> x.grad  # softmax(x) - onehot(2): p - y
array([ 0.09003057,  0.24472845, -0.33475903], dtype=float32)
"""

from . import functional
from .anomaly import AnomalyError, detect_anomaly
from .composite import log_softmax, logsumexp, softmax, var
from .dtypes import get_default_dtype, set_default_dtype
from .engine import backward, grad
from .function import Function
from .functions import concatenate, maximum, minimum, stack, where
from .grad_mode import (
    enable_grad,
    is_grad_enabled,
    no_grad,
    record_edge_grads,
    scope,
    set_grad_enabled,
)
from .gradcheck import GradcheckError, gradcheck
from .tensor import Tensor, from_numpy

__all__ = [
    "AnomalyError",
    "Function",
    "GradcheckError",
    "Tensor",
    "backward",
    "concatenate",
    "detect_anomaly",
    "enable_grad",
    "from_numpy",
    "functional",
    "get_default_dtype",
    "grad",
    "gradcheck",
    "is_grad_enabled",
    "log_softmax",
    "logsumexp",
    "maximum",
    "minimum",
    "no_grad",
    "record_edge_grads",
    "scope",
    "set_default_dtype",
    "set_grad_enabled",
    "softmax",
    "stack",
    "var",
    "where",
]
__version__ = "0.1.0"
