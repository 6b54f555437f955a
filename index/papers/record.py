"""Value classes without `dataclasses`: equality, repr and (frozen) hashing from `__slots__`.

The papers, their appearances and signals, and a search's hits and result are made by every
command, the one-shot search's included, and `dataclasses` costs that process a fifth of its
time: its import (`inspect`, `ast`, `dis`, `tokenize`: 42 M instructions) and the methods it
compiles for each class (about 3 M a class, a frozen class with slots made twice). These classes
write their `__init__` out (typed: mypy checks every call) and take the rest from here, as
`@dataclass(slots=True)` and `@dataclass(frozen=True, slots=True)` would make them: equal when
of the same class with equal fields in order, shown as `Name(field=value, ...)`, a frozen one
hashed by its fields and refusing assignment (`tests/test_records.py` compares them with the
dataclasses they replace).
"""

from __future__ import annotations


class Record:
    """A class whose `__slots__` are its fields, in order."""

    __slots__: tuple[str, ...] = ()

    def _fields(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # (other: this class, as checked above)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__qualname__}({shown})"

    __hash__ = None  # type: ignore[assignment]  # (mutable: as a dataclass with eq and no frozen)


class Frozen(Record):
    """A `Record` whose fields are set once, by `__init__` (through `object.__setattr__`)."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self._fields())

    def __getstate__(self) -> tuple:  # (pickling and copying: the fields are not assignable)
        return self._fields()

    def __setstate__(self, state: tuple) -> None:
        names: tuple[str, ...] = self.__slots__
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)
