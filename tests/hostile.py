"""Hostile user values for the hardening fuzz (#12), shared by the host and browser tests.

Each class stands for something users pass in their first hour: a numpy array or a
DataFrame as a prop (``==`` answers element-wise, ``bool()`` refuses), objects
whose ``__eq__``, ``__hash__``, ``__bool__`` or ``__str__`` raise, and subclasses
of str and int that do the same while being accepted as text, attributes and keys.
The browser test writes this file into Pyodide, like fuzz_trees.py.
"""

from __future__ import annotations


class Ambiguous(Exception):
    pass


class ArrayLike:
    """Compares element-wise, like numpy: ``a == b`` is another ArrayLike, whose truth raises."""

    def __init__(self, items):
        self.items = list(items)

    def __eq__(self, other):
        return ArrayLike(x == y for x, y in zip(self.items, getattr(other, "items", [])))

    def __bool__(self):
        raise Ambiguous("The truth value of an array with more than one element is ambiguous")

    __hash__ = None


class RaisingEq:
    def __eq__(self, other):
        raise Ambiguous("== raised")

    def __hash__(self):
        return id(self)


class RaisingBool:
    def __bool__(self):
        raise Ambiguous("bool() raised")


class RaisingHash:
    def __hash__(self):
        raise Ambiguous("hash() raised")


class RaisingStr:
    def __str__(self):
        raise Ambiguous("str() raised")

    def __repr__(self):
        raise Ambiguous("repr() raised")


class HostileStr(str):
    """A str that h() accepts as text, attribute or key, with every override raising."""

    def __eq__(self, other):
        raise Ambiguous("str subclass == raised")

    def __ne__(self, other):
        raise Ambiguous("str subclass != raised")

    def __hash__(self):
        raise Ambiguous("str subclass hash raised")

    def __str__(self):
        raise Ambiguous("str subclass str() raised")

    def __bool__(self):
        raise Ambiguous("str subclass bool() raised")


class HostileInt(int):
    def __eq__(self, other):
        raise Ambiguous("int subclass == raised")

    def __hash__(self):
        raise Ambiguous("int subclass hash raised")

    def __str__(self):
        raise Ambiguous("int subclass str() raised")

    __repr__ = __str__


PROP_KINDS = ("array", "eq", "bool", "hash", "str")


def hostile_prop(kind: str, seed: int):
    """A new hostile object of ``kind`` (a new one each render: the comparison runs)."""
    if kind == "array":
        return ArrayLike(range(seed % 3 + 2))
    return {"eq": RaisingEq, "bool": RaisingBool, "hash": RaisingHash, "str": RaisingStr}[kind]()
