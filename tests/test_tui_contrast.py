"""The selection in 8/16-colour terminals (issue 23): TERM=xterm or TERM=screen (a stock tmux)
give 16 colours, where the selected row was white on yellow (1.7-3.2:1). Its colours must hold
at least 4.5:1 in the usual 16-colour palettes."""

from __future__ import annotations

from rich.color import Color, ColorSystem
from tui_helpers import results, settle

from dailypapers.tui.app import few_colours

XTERM = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
    (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
    (255, 0, 255), (0, 255, 255), (255, 255, 255),
]  # fmt: skip
VGA = [
    (0, 0, 0), (170, 0, 0), (0, 170, 0), (170, 85, 0), (0, 0, 170), (170, 0, 170), (0, 170, 170),
    (170, 170, 170), (85, 85, 85), (255, 85, 85), (85, 255, 85), (255, 255, 85), (85, 85, 255),
    (255, 85, 255), (85, 255, 255), (255, 255, 255),
]  # fmt: skip


def _luminance(rgb: tuple[int, int, int]) -> float:
    def lin(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(lin, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _in(palette: list[tuple[int, int, int]], color: Color) -> tuple[int, int, int]:
    number = color.downgrade(ColorSystem.STANDARD).number
    assert number is not None
    return palette[number]


def test_16_colour_terminals_are_told_apart():
    assert few_colours("standard") and few_colours("windows") and few_colours(None) and few_colours("256")
    assert not few_colours("truecolor")


async def test_the_selected_row_holds_4_5_to_1_in_16_colours(seed_app):
    async with seed_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seed_app.add_class("-few-colours")  # as on_mount does when the console has 16 colours
        await pilot.pause()
        for focused in (True, False):
            rl = results(seed_app)
            if not focused:
                seed_app.screen.set_focus(None)
                await pilot.pause()
            rl.redraw()
            strip = rl.render_line(int(rl._line_of[rl.cursor] - rl.scroll_offset.y))
            cells = [s for s in strip if s.text.strip()]
            assert cells
            for segment in cells:
                style = segment.style
                assert style is not None and style.color is not None and style.bgcolor is not None
                for palette in (XTERM, VGA):
                    ratio = contrast(_in(palette, style.color), _in(palette, style.bgcolor))
                    assert ratio >= 4.5, (segment.text, style, ratio)
