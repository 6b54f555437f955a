"""The frame after a search's answer: what it costs, counted (never timed). Typing lays the
screen out only when something changes size (a scrollbar comes or goes, the status line grows);
a new height of the list or the paper, or a wider query in the input, is a repaint; the list's
styles are looked up once per restyle, not once per row."""

from __future__ import annotations

import gc

from textual.screen import Screen
from tui_helpers import paper_view, press, results, search_box, settle

SIZE = (120, 40)  # the paper beside the list, its abstract scrolling or not


async def test_typing_a_query_repaints_rather_than_lays_out(seed_app, monkeypatch):
    layouts = []
    lay_out = Screen._refresh_layout

    def counted(self, *args, **kwargs):
        layouts.append(self)
        return lay_out(self, *args, **kwargs)

    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a", "slash")  # every day
        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        query = "lazy rich grokking training"
        await press(pilot, *query)
        await settle(pilot)
        assert results(seed_app).rows  # answered
        # Layouts left (11-13 here): a scrollbar that came or went as the hits thinned out, the
        # footer's keys. Before: 43, one a letter for the input alone, one an answer for the
        # paper's new height, one for the list's.
        assert len(layouts) < len(query), len(layouts)
        assert search_box(seed_app).spared == len(query)  # each letter: the input wider, no layout
        assert paper_view(seed_app).spared > 0  # papers of other heights, shown without a layout


async def test_the_lists_styles_are_looked_up_once_per_restyle(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a", "slash", *"model")
        await settle(pilot)
        listed = results(seed_app)
        assert listed.rendered_lines > 10
        looks, over = listed.looks, listed.look().over
        assert looks <= 3  # not one a row
        await press(pilot, "enter")  # the list focused: its highlight in the focused colour
        await settle(pilot)
        assert seed_app.focused is listed
        assert listed.looks > looks and listed.look().over != over  # looked up again, not stale


async def test_the_catalogue_is_kept_out_of_the_cyclic_collector(seed_app):
    """Loaded, the catalogue (and what the index holds) is frozen: the collector's full passes
    no longer walk it between two keystrokes."""
    gc.unfreeze()
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.get_freeze_count() > 0
