"""The value classes written without `dataclasses` (`papers/record.py`) behave as the dataclasses
they replace: fields and defaults, equality, repr, hashing and assignment."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from typing import ClassVar

import pytest

from dailypapers.index.papers import model
from dailypapers.index.papers import signals as sig
from dailypapers.index.papers.model import Appearance, Paper
from dailypapers.index.papers.views import Sort
from dailypapers.index.search import results
from dailypapers.index.search.results import Hit, SearchResult


def _twins():
    """Each class beside the dataclass it was, and arguments to make both with."""

    @dataclasses.dataclass(frozen=True, slots=True)
    class Repo:
        url: str
        stars: int | None = None

    @dataclasses.dataclass(frozen=True, slots=True)
    class Account:
        name: str | None
        fullname: str | None = None

    @dataclasses.dataclass(frozen=True, slots=True)
    class Signals:
        ai_summary: str | None = None
        keywords: tuple[str, ...] | None = None
        github: object = None
        project_page: str | None = None
        organization: object = None
        comments: int | None = None
        submitted_by: object = None

    @dataclasses.dataclass(frozen=True, slots=True)
    class Appearance:
        snapshot: str
        date: str | None
        position: int
        upvotes: int | None = None
        signals: object = None

    @dataclasses.dataclass(slots=True)
    class Paper:
        id: str
        title: str
        abstract: str
        arxiv_id: str | None = None
        authors: list[str] | None = None
        appearances: list = dataclasses.field(default_factory=list)
        aliases: list[str] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(slots=True)
    class Hit:
        paper: object
        score: float
        terms: frozenset = frozenset()

    @dataclasses.dataclass(slots=True)
    class SearchResult:
        query: str
        total: int = 0
        hits: list = dataclasses.field(default_factory=list)
        suggestion: str | None = None
        notes: list[str] = dataclasses.field(default_factory=list)
        seconds: float = 0.0
        all_words: int = 0
        some_words: int = 0
        sort: Sort = Sort.RELEVANCE
        syntax: tuple[str, ...] = ()
        ranking: str = "all words first"

    signals = (("tl;dr", ("a", "b"), None, "https://x.org", None, 3, None), {})
    return [
        (sig.Repo, Repo, [(("https://github.com/a/b", 5), {}), (("https://g/c",), {})]),
        (sig.Account, Account, [(("acme", "Acme Inc"), {}), ((None,), {})]),
        (sig.Signals, Signals, [signals, ((), {})]),
        (model.Appearance, Appearance, [(("2024-05-27", "2024-05-27", 3, 7), {}), (("s", None, 1), {})]),
        (model.Paper, Paper, [(("p1", "T", "A", "2401.00001", ["Ada"]), {}), (("p2", "T", ""), {})]),
        (results.Hit, Hit, [(("p", 1.5, frozenset({("title", "x")})), {}), (("p", 0.0), {})]),
        (results.SearchResult, SearchResult, [(("q", 3), {"notes": ["n"]}), (("q",), {})]),
    ]


@pytest.mark.parametrize("ours, theirs, made", _twins(), ids=lambda x: getattr(x, "__name__", ""))
def test_each_class_behaves_as_the_dataclass_it_replaces(ours, theirs, made):
    frozen = theirs.__dataclass_params__.frozen
    assert ours.__slots__ == tuple(f.name for f in dataclasses.fields(theirs))
    for args, kwargs in made:
        a, b = ours(*args, **kwargs), theirs(*args, **kwargs)
        assert [getattr(a, n) for n in ours.__slots__] == [getattr(b, n) for n in ours.__slots__]
        assert repr(a) == repr(b).replace(theirs.__qualname__, ours.__qualname__)
        assert a == ours(*args, **kwargs)
        assert not a != ours(*args, **kwargs)  # noqa: SIM202  (__ne__ too)
        assert a != b  # another class: never equal (as two dataclasses)
        assert pickle.loads(pickle.dumps(a)) == a and copy.copy(a) == a
        if frozen:
            assert hash(a) == hash(ours(*args, **kwargs)) == hash(b)
            with pytest.raises(AttributeError):
                setattr(a, ours.__slots__[0], None)
            with pytest.raises(AttributeError):
                delattr(a, ours.__slots__[0])
        else:
            with pytest.raises(TypeError):
                hash(a)
            setattr(a, ours.__slots__[0], "changed")
            assert a != ours(*args, **kwargs)
        with pytest.raises(AttributeError):
            a.not_a_field = 1  # slots: no other attribute
    # Changing one field makes them unequal, whichever field it is.
    args, kwargs = made[0]
    base = theirs(*args, **kwargs)
    for field in dataclasses.fields(theirs):
        other = dataclasses.replace(base, **{field.name: "other"})
        values = {n: getattr(other, n) for n in ours.__slots__}
        assert ours(**values) != ours(*args, **kwargs)


def test_mutable_defaults_are_not_shared():
    a, b = Paper("a", "T", ""), Paper("b", "T", "")
    a.appearances.append(Appearance("s", None, 1))
    a.aliases.append("x")
    assert b.appearances == [] and b.aliases == []
    r, s = SearchResult("q"), SearchResult("q")
    r.hits.append(Hit(a, 1.0))
    r.notes.append("n")
    assert s.hits == [] and s.notes == []


def test_a_search_process_imports_no_dataclasses(tmp_path):
    code = (
        "import sys; import dailypapers.index.search.oneshot, dailypapers.index.cli.hits, "
        "dailypapers.index.cli.main; print('dataclasses' in sys.modules, 'inspect' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def _declared(decorate):
    """The same declaration under `decorate`: fields with and without defaults, a factory, a
    method, a property, a class variable."""
    from dailypapers.index.papers.record import field as record_field

    made_field = record_field if decorate.__module__.endswith("record") else dataclasses.field

    class Shape:
        """A shape."""

        KIND: ClassVar[str] = "shape"
        name: str
        size: int = 3
        tags: list[str] = made_field(default_factory=list)

        def double(self) -> int:
            return self.size * 2

        @property
        def label(self) -> str:
            return f"{self.name}:{self.size}"

    return decorate(Shape)


@pytest.mark.parametrize("frozen", [True, False], ids=["frozen", "not frozen"])
def test_a_record_behaves_as_the_dataclass_declared_alike(frozen):
    from dailypapers.index.papers import record as rec

    ours = _declared(rec.record(frozen=frozen))
    theirs = _declared(dataclasses.dataclass(frozen=frozen, slots=True))
    assert ours.__slots__ == theirs.__slots__ == ("name", "size", "tags")
    assert ours.__doc__ == theirs.__doc__ and ours.__qualname__ == theirs.__qualname__
    assert ours.KIND == "shape" and ours.__module__ == theirs.__module__
    for args, kwargs in [(("a",), {}), (("a", 5), {}), ((), {"name": "b", "tags": ["x"]})]:
        mine, yours = ours(*args, **kwargs), theirs(*args, **kwargs)
        assert repr(mine).split("(", 1)[1] == repr(yours).split("(", 1)[1]
        assert (mine.double(), mine.label, mine.tags) == (yours.double(), yours.label, yours.tags)
        assert mine == ours(*args, **kwargs) and mine != ours("other") and mine != yours
        assert rec.replace(mine, size=9) == ours(mine.name, 9, mine.tags)
        assert copy.copy(mine) == mine == copy.deepcopy(mine)  # (pickled as copied: a local class)
        with pytest.raises(AttributeError):
            mine.colour = "red"  # type: ignore[attr-defined]  # (slots)
    assert ours("a").tags is not ours("a").tags  # (a factory's default made anew)
    for call in (lambda c: c(), lambda c: c("a", 1, [], 4), lambda c: c("a", nope=1)):
        with pytest.raises(TypeError):
            call(theirs)
        with pytest.raises(TypeError):
            call(ours)
    with pytest.raises(TypeError):
        rec.replace(ours("a"), nope=1)
    made = ours("a", 1, ["t"])
    if frozen:
        with pytest.raises(AttributeError):
            made.size = 2  # type: ignore[misc]
        assert hash(ours("a", 1, ())) == hash(ours("a", 1, ()))  # type: ignore[arg-type]
    else:
        made.size = 2
        assert made.size == 2
        with pytest.raises(TypeError):
            hash(made)


def test_a_record_refuses_a_field_without_default_after_one_with():
    from dailypapers.index.papers.record import record

    with pytest.raises(TypeError):

        @record()
        class Wrong:
            first: int = 1
            second: str


def test_a_record_refuses_to_inherit_fields_it_would_drop():
    """A dataclass takes its base's fields; a record would show and compare its own alone: it
    says so rather than drop them (a base of methods only is fine)."""
    from dailypapers.index.papers.record import record

    @record()
    class Base:
        x: int

    class Methods:
        def twice(self) -> int:
            return 2 * self.y  # type: ignore[attr-defined]

    @record(frozen=True)
    class Fine(Methods):
        y: int

    assert Fine(3).twice() == 6 and Fine(3) == Fine(3)
    with pytest.raises(TypeError, match="no fields from a base"):

        @record()
        class Child(Base):
            y: int
