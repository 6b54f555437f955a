"""A scrolling view's `virtual_size` (its lines, or an input's text width) changed without a
layout of the whole screen.

Setting `virtual_size` asks Textual to lay out every widget again (~20 ms a frame at 120x40 on
the real library) though the view's own size is fixed by its CSS: only its scrollbars depend on
it. Here the height is set, the scrollbar updated (as Textual's layout would), and the
view repainted; a scrollbar that appears or goes still lays the screen out (it takes a column).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_virtual_size(view: ScrollView, size: Size) -> bool:
    """`view.virtual_size = size`, repainted rather than laid out; True when a layout was spared
    (for the tests: the fast path is on)."""
    if size == view.virtual_size:
        return False
    if not view.is_mounted or view.size.height == 0:  # not laid out yet: the first layout does it
        view.virtual_size = size
        return False
    view.set_reactive(Widget.virtual_size, size)
    view._scroll_update(size)  # the scrollbar's range; shown or hidden: a layout (by Textual)
    view.refresh()
    return True
