"""A slow search never holds up the next keystroke or quitting (issue 21, item 6): a search
superseded by the next one, or running as the reader closes, is given up at its next term."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from helpers import SEEDS
from tui_helpers import press, settle, state

from dailypapers.index import Cancelled, PaperIndex

SIZE = (80, 24)
SLOW = "slow"  # the query the patched engine is slow on, until it is told to give up


@pytest.fixture
def slow_engine(monkeypatch):
    """PaperIndex.search that, for SLOW, runs until its `cancel` says to give up (at most 30 s)."""
    started, gave_up = threading.Event(), threading.Event()
    real = PaperIndex.search

    def search(self, text, *args, cancel=None, **kwargs):
        if text.strip() != SLOW:
            return real(self, text, *args, cancel=cancel, **kwargs)
        started.set()
        deadline = time.monotonic() + 30
        while not (cancel and cancel()):
            if time.monotonic() > deadline:
                raise AssertionError("the slow search was never given up")
            time.sleep(0.001)
        gave_up.set()
        raise Cancelled

    monkeypatch.setattr(PaperIndex, "search", search)
    return started, gave_up


async def _until(flag: threading.Event) -> None:
    deadline = time.monotonic() + 15
    while not flag.is_set():
        assert time.monotonic() < deadline
        await asyncio.sleep(0.002)


async def test_a_slow_search_is_given_up_for_the_next_keystroke(seed_app, slow_engine):
    started, gave_up = slow_engine
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a", "slash")
        for key in SLOW:  # (not `press`: it waits for the searches to end, and the last never does)
            seed_app.post_message(_key(key))
        await _until(started)
        await press(pilot, "backspace")  # the next keystroke: searched at once, the slow one given up
        assert gave_up.is_set()
        await settle(pilot)
        assert state(seed_app).found.request.text == "slo" and state(seed_app).query == "slo"


async def test_a_slow_search_does_not_hold_up_quitting(seed_app, slow_engine):
    started, gave_up = slow_engine
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a", "slash")
        for key in SLOW:
            seed_app.post_message(_key(key))
        await _until(started)
        seed_app.exit()
    assert gave_up.is_set()


def test_the_engine_gives_a_search_up_when_told(make_index):
    # An index of its own: the session's shared one may have another test's search on it (the
    # scorer's cache and its `cancelled` are the searcher's): a likely cause, not proven, of
    # its one failure under xdist.
    pix = make_index(SEEDS)
    pix.forget_scores()
    with pytest.raises(Cancelled):
        pix.search("=*e*", cancel=lambda: True)
    assert pix.search("=*e*").total  # and answers when not


def _key(char: str):
    from textual import events

    return events.Key(char, char)
