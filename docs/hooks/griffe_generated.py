"""A griffe extension: class attributes that a factory made into methods are documented as
the methods they are.

``Tensor.exp_ = _inplace_unary("exp", ...)`` is, to griffe's static reading, an attribute
with no docstring; at runtime it is a function with a signature and a docstring (doctest
included). For each class attribute whose value is a call, this imports the class and, when
the value is a function, puts a griffe ``Function`` with the runtime signature and docstring in
the attribute's place, its examples fenced as ``DoctestFences`` fences every other docstring's.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from pathlib import Path
from typing import Any

import griffe


def _fence_doctests() -> Any:
    """``fence_doctests`` of the sibling extension (these files are loaded by path)."""
    spec = importlib.util.spec_from_file_location(
        "griffe_doctest", Path(__file__).with_name("griffe_doctest.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.fence_doctests


fence_doctests = _fence_doctests()

_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: griffe.ParameterKind.positional_only,
    inspect.Parameter.POSITIONAL_OR_KEYWORD: griffe.ParameterKind.positional_or_keyword,
    inspect.Parameter.VAR_POSITIONAL: griffe.ParameterKind.var_positional,
    inspect.Parameter.KEYWORD_ONLY: griffe.ParameterKind.keyword_only,
    inspect.Parameter.VAR_KEYWORD: griffe.ParameterKind.var_keyword,
}


def _text(annotation: Any) -> str | None:
    if annotation is inspect.Parameter.empty:
        return None
    return annotation if isinstance(annotation, str) else getattr(annotation, "__name__", None)


def as_function(name: str, function: Any, attribute: griffe.Attribute) -> griffe.Function:
    """A griffe Function for the runtime ``function`` found at ``attribute``."""
    signature = inspect.signature(function)
    parameters = griffe.Parameters(
        *(
            griffe.Parameter(
                parameter.name,
                annotation=None if parameter.name == "self" else _text(parameter.annotation),
                kind=_KINDS[parameter.kind],
                default=None
                if parameter.default is inspect.Parameter.empty
                else repr(parameter.default),
            )
            for parameter in signature.parameters.values()
        )
    )
    made = griffe.Function(
        name,
        parameters=parameters,
        returns=_text(signature.return_annotation),
        lineno=attribute.lineno,
        endlineno=attribute.endlineno,
    )
    if function.__doc__:
        text = fence_doctests(inspect.cleandoc(function.__doc__))
        made.docstring = griffe.Docstring(text, parent=made)
    return made


class GeneratedMethods(griffe.Extension):
    """Document factory-made methods (``name = factory(...)`` in a class body) as methods."""

    def on_class_members(self, *, cls: griffe.Class, **kwargs: Any) -> None:
        generated = [
            (name, member)
            for name, member in cls.members.items()
            if isinstance(member, griffe.Attribute)
            and member.value is not None
            and "(" in str(member.value)
            and member.docstring is None
        ]
        if not generated:
            return
        try:
            runtime = getattr(importlib.import_module(cls.module.path), cls.name)
        except (ImportError, AttributeError):
            return
        for name, attribute in generated:
            function = runtime.__dict__.get(name)
            if inspect.isfunction(function):
                cls.set_member(name, as_function(name, function, attribute))
