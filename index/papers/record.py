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

`record` is the rest of `dataclasses` these classes used, for those declared as dataclasses are
(annotated fields, defaults, `field(default_factory=…)`): the reader's classes, 27 of which were
made before its first frame, each in ~0.5 ms.
"""

from __future__ import annotations

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:

    def dataclass_transform(**_: object):  # (for mypy only: at run time, the class as it is)
        return lambda f: f


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


# -- classes declared as dataclasses are, made for a fifth of the cost ------------------------

_MISSING: Any = object()


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A field's default made anew for each instance (`dataclasses.field(default_factory=…)`)."""
    return _Factory(default_factory)  # type: ignore[return-value]  # (read by `record`)


@dataclass_transform(field_specifiers=(field,))
def record(*, frozen: bool = False) -> Callable[[type[T]], type[T]]:
    """`@dataclass(slots=True)`, or `(frozen=True, slots=True)`, for a class of annotated fields
    with defaults and `field(default_factory=…)`: the same `__init__` (mypy checks its calls as
    a dataclass's), `__slots__`, equality, repr, hash and refused assignment (`Record`,
    `Frozen`). `dataclasses` makes each class in ~0.5 ms (its methods compiled apart, a slotted
    class made twice): the reader makes 27 before its first frame. `tests/test_records.py`
    compares the two."""

    def make(cls: type[T]) -> type[T]:
        return _made(cls, Frozen if frozen else Record)

    return make


def _made(cls: type, base: type) -> type:
    names = [n for n, kind in cls.__annotations__.items() if "ClassVar" not in str(kind)]  # (its own)
    space = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__")}
    defaults = {n: space.pop(n) for n in names if n in space}
    space["__slots__"], space["__qualname__"] = tuple(names), cls.__qualname__
    where: dict[str, object] = {"_MISSING": _MISSING, "_set": object.__setattr__}
    params: list[str] = []
    body: list[str] = []
    for n in names:
        value = f"_d_{n}"
        if n not in defaults:
            if params and "=" in params[-1]:
                raise TypeError(f"non-default argument {n!r} follows default argument")
            params.append(n)
            value = n
        elif isinstance(defaults[n], _Factory):
            params.append(f"{n}=_MISSING")
            where[f"_d_{n}"] = defaults[n].make
            value = f"_d_{n}() if {n} is _MISSING else {n}"
        else:
            params.append(f"{n}=_d_{n}")
            where[f"_d_{n}"] = defaults[n]
            value = n
        body.append(f" _set(self, {n!r}, {value})" if base is Frozen else f" self.{n} = {value}")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or " pass")
    exec(source, where)  # (our own text: field names are identifiers, values are passed as globals)
    init = where["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    space["__init__"] = init
    if any(b.__dict__.get("__slots__") for b in cls.__mro__[1:-1] if b not in (Record, Frozen)):
        raise TypeError(f"{cls.__qualname__}: a record takes no fields from a base (declare them)")
    bases = tuple(b for b in cls.__bases__ if b is not object) or (base,)
    if not any(issubclass(b, base) for b in bases):
        bases = (*bases, base)
    return type(cls.__name__, bases, space)


def replace(obj: T, **changes: object) -> T:
    """A copy of a `record` with these fields changed (`dataclasses.replace`)."""
    names: tuple[str, ...] = obj.__slots__  # type: ignore[attr-defined]
    return type(obj)(**{n: changes.pop(n) if n in changes else getattr(obj, n) for n in names}, **changes)
