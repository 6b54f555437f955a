"""Every command of the reader, declared once: the bindings of each screen and widget, the
footer, the help screen and the command palette are all made from this table."""

from __future__ import annotations

from collections.abc import Iterator

from textual.binding import Binding, BindingType

from dailypapers.index.papers.record import record

# Where a key works, in the order the help screen lists them.
ANYWHERE = "Anywhere"
INPUT = "In the search input"
LIST = "On the list (and the paper beside it)"
PAPER = "In the paper pane"
DRAWER = "In the snapshot list (b)"
READER = "Reading a paper (enter)"
FULLTEXT = "Reading its full text (v)"
LINKS = "In the links list (l)"
HELP = "In this help"
GROUPS = (ANYWHERE, INPUT, LIST, PAPER, DRAWER, READER, FULLTEXT, LINKS, HELP)


@record(frozen=True)
class Command:
    keys: str  # Textual key names, comma separated ("" for the palette only)
    action: str
    title: str  # short: footer and palette
    help: str  # what it does: help screen and palette
    where: str  # one of GROUPS
    # who binds it: app, main, results, paper, drawer, reader, fulltext(-view), help ("textual": built in)
    owner: str
    footer: bool = False
    priority: bool = False  # acts as the key arrives, before the focused widget sees it
    palette: bool = True
    display: tuple[str, str] | None = None  # the footer's key and label, when not the usual ones
    also: tuple[str, ...] = ()  # screens over the main one where the key works too ("anywhere")

    @property
    def id(self) -> str:
        return f"{self.owner}.{self.action}"


C = Command
OVER = ("reader", "help")  # the screens over the main one that take its "anywhere" keys
# fmt: off
COMMANDS: tuple[Command, ...] = (
    C("f1,question_mark", "help", "Help", "Show every key (? is typed in the input)", ANYWHERE, "app", True),
    C("ctrl+q", "quit", "Quit", "Quit the reader", ANYWHERE, "app", priority=True),
    C("ctrl+p", "command_palette", "Palette", "Run any command by name", ANYWHERE, "textual", palette=False),
    C("slash,ctrl+f", "focus_search", "Search", "Type a query (searches as you type)", ANYWHERE, "main", True,
      True, also=OVER),
    C("escape", "escape", "Back", "One step back: the query, then the filter, then the scope (to the newest"
      " day)", ANYWHERE, "main", priority=True, palette=False),
    C("b", "toggle_drawer", "Lists", "Open or close the snapshot list: new, for you, starred, follows, weeks,"
      " days (b, as tmux takes ctrl+b)", LIST, "main", True, also=OVER),
    C("tab", "cycle_pane(1)", "Next pane", "Next pane: search input, list, paper", ANYWHERE, "main",
      palette=False),
    C("shift+tab", "cycle_pane(-1)", "Previous pane", "Previous pane", ANYWHERE, "main", palette=False),
    C("ctrl+r,f5", "reload", "Reload", "Read the library again (it is also checked every 5 s)", ANYWHERE,
      "main", also=OVER),
    C("R", "fetch", "Fetch", "Fetch today and the recent days from the site, in the background", ANYWHERE,
      "main", also=OVER),
    C("enter", "submit", "To the list", "Go to the list (search at once)", INPUT, "main", priority=True,
      palette=False),
    C("down", "move(1)", "Next paper", "Move the list's selection while typing", INPUT, "main", priority=True,
      palette=False),
    C("up", "move(-1)", "Previous paper", "Move the list's selection while typing", INPUT, "main",
      priority=True, palette=False),
    C("pagedown", "page(1)", "Page down", "Page the list while typing", INPUT, "main", priority=True,
      palette=False),
    C("pageup", "page(-1)", "Page up", "Page the list while typing", INPUT, "main", priority=True,
      palette=False),
    C("j,down", "move(1)", "Down", "Next paper", LIST, "results", palette=False),
    C("k,up", "move(-1)", "Up", "Previous paper", LIST, "results", palette=False),
    C("g,home", "jump(0)", "First", "First paper", LIST, "results", palette=False),
    C("G,end", "jump(-1)", "Last", "Last paper", LIST, "results", palette=False),
    C("pagedown,space", "page(1)", "Page down", "A page down", LIST, "results", palette=False),
    C("pageup", "page(-1)", "Page up", "A page up", LIST, "results", palette=False),
    C("enter", "open", "Read", "Read the paper full-screen (marks it read)", LIST, "main", True),
    C("left_square_bracket", "day(-1)", "Older day", "The previous (older) day", LIST, "main", True,
      display=("[ ]", "Day")),
    C("right_square_bracket", "day(1)", "Newer day", "The next (newer) day", LIST, "main"),
    C("a", "all_days", "All days", "All snapshots, newest day first (again: back to the newest day)", LIST,
      "main"),
    C("h", "reach", "Here/every day", "A search looks in every day (from a week, a follow, the inbox: in it);"
      " h: only the list in view, again: every day", LIST, "main"),
    C("l", "links", "Links", "The paper's links (arXiv, PDF, HF page, GitHub, project page): copy or open",
      LIST, "main", True),
    C("o", "cycle_order", "Order", "Order: relevance (a query), upvotes, GitHub stars, comments, newest,"
      " page", LIST, "main"),
    C("w", "widen", "Week", "The day's week by upvotes; again: its month; again: back to the day", LIST,
      "main"),
    C("i", "inbox", "New", "What is new since your last visit (again: back to the newest day)", LIST, "main",
      True),
    C("f", "cycle_filter", "Filter", "Show all, new (since your last visit), unread or starred papers", LIST,
      "main"),
    C("s", "toggle_star", "Star", "Star or unstar the paper", LIST, "main", True),
    C("r", "toggle_read", "Read/unread", "Mark the paper read or unread", LIST, "main"),
    C("x", "not_interested", "Not interested", "Not interested: out of the inbox and the picks (x again or u"
      " undoes)", LIST, "main"),
    C("u", "undo_dismiss", "Undo not interested", "Bring back the last paper marked not interested", LIST,
      "main"),
    C("e", "edit_note", "Note", "Edit the paper's note (ctrl+s saves)", LIST, "main"),
    C("m", "related", "Related", "Papers most like this one (escape: back)", LIST, "main"),
    C("A", "by_author", "By author", "More papers by one of its authors, chosen (escape: back)", LIST,
      "main"),
    C("O", "by_org", "By organisation", "More papers from its organisation (escape: back)", LIST, "main"),
    C("F", "follow", "Follow", "Follow one of its authors or its organisation", LIST, "main"),
    C("t", "toggle_trend", "Trend", "Matches of the query per day, as a sparkline", LIST, "main"),
    C("v", "full_text", "Full text", "Read the paper's whole text (fetched once, then kept and searchable)",
      LIST, "main"),
    C("y", "copy('link')", "Copy link", "Copy the title and arXiv link (OSC 52)", LIST, "main"),
    C("Y", "copy('abstract')", "Copy abstract", "Copy the abstract (OSC 52)", LIST, "main"),
    C("S", "follow_search", "Follow search", "Follow the query: it joins the snapshot list, its new papers"
      " counted", LIST, "main"),
    C("q", "app.quit", "Quit", "Quit the reader", LIST, "main", palette=False),
    C("j,down", "scroll_down", "Scroll down", "Scroll down", PAPER, "paper", palette=False),
    C("k,up", "scroll_up", "Scroll up", "Scroll up", PAPER, "paper", palette=False),
    C("space,pagedown", "page_down", "Page down", "A page down", PAPER, "paper", palette=False),
    C("pageup", "page_up", "Page up", "A page up", PAPER, "paper", palette=False),
    C("g,home", "scroll_home", "Top", "To the top", PAPER, "paper", palette=False),
    C("G,end", "scroll_end", "Bottom", "To the end", PAPER, "paper", palette=False),
    C("n", "match(1)", "Next match", "Next match of the query", PAPER, "paper", palette=False),
    C("N", "match(-1)", "Previous match", "Previous match of the query", PAPER, "paper", palette=False),
    C("j,down", "cursor_down", "Down", "Next entry (the list follows)", DRAWER, "drawer", palette=False),
    C("k,up", "cursor_up", "Up", "Previous entry", DRAWER, "drawer", palette=False),
    C("g,home", "first", "First", "First entry", DRAWER, "drawer", palette=False),
    C("G,end", "last", "Last", "Last entry", DRAWER, "drawer", palette=False),
    C("enter", "choose", "Choose", "Choose the entry and close the list", DRAWER, "drawer", palette=False),
    C("d,delete", "delete", "Unfollow", "Unfollow the highlighted follow (or delete the saved search)",
      DRAWER, "drawer", palette=False),
    C("escape,q", "close", "Back", "Back to the list", READER, "reader", True, priority=True,
      palette=False),
    C("J", "step(1)", "Next paper", "The next paper of the list", READER, "reader", True, palette=False),
    C("K", "step(-1)", "Previous paper", "The previous paper of the list", READER, "reader", True,
      palette=False),
    C("s", "mark('starred')", "Star", "Star or unstar the paper", READER, "reader", True, palette=False),
    C("r", "mark('read')", "Read/unread", "Mark the paper read or unread", READER, "reader", palette=False),
    C("x", "mark('dismissed')", "Not interested", "Not interested (x again undoes)", READER, "reader",
      palette=False),
    C("A", "aside('by_author')", "By author", "More papers by one of its authors", READER, "reader",
      palette=False),
    C("O", "aside('by_org')", "By organisation", "More papers from its organisation", READER, "reader",
      palette=False),
    C("F", "aside('follow')", "Follow", "Follow one of its authors or its organisation", READER, "reader",
      palette=False),
    C("e", "note", "Note", "Edit the paper's note", READER, "reader", palette=False),
    C("l", "links", "Links", "The paper's links: copy or open", READER, "reader", True, palette=False),
    C("y", "copy('link')", "Copy link", "Copy the title and arXiv link", READER, "reader", palette=False),
    C("v", "full_text", "Full text", "The paper's whole text", READER, "reader", palette=False),
    C("Y", "copy('abstract')", "Copy abstract", "Copy the abstract", READER, "reader", palette=False),
    C("escape,q", "close", "Back", "Back (from the contents or the find box first)", FULLTEXT, "fulltext",
      True, priority=True, palette=False),
    C("c", "contents", "Contents", "The table of contents: enter jumps to a section", FULLTEXT,
      "fulltext", True, palette=False),
    C("slash", "find", "Find", "Find a word in the text (n / N: the next, the previous)", FULLTEXT,
      "fulltext", True, palette=False),
    C("n", "match(1)", "Next match", "The next line with the word found", FULLTEXT, "fulltext",
      palette=False),
    C("N", "match(-1)", "Previous match", "The previous line with the word found", FULLTEXT, "fulltext",
      palette=False),
    C("right_square_bracket", "section(1)", "Next section", "The next section", FULLTEXT, "fulltext", True,
      palette=False, display=("[ ]", "Section")),
    C("left_square_bracket", "section(-1)", "Previous section", "The previous section", FULLTEXT, "fulltext",
      palette=False),
    C("y", "copy_link", "Copy link", "Copy the link of the section at the top (arXiv's HTML version)",
      FULLTEXT, "fulltext", palette=False),
    C("a", "abstract", "Abstract", "The paper's abstract, full-screen (v comes back)", FULLTEXT, "fulltext",
      True, palette=False),
    C("j,down", "scroll_down", "Down", "Scroll down", FULLTEXT, "fulltext-view", palette=False),
    C("k,up", "scroll_up", "Up", "Scroll up", FULLTEXT, "fulltext-view", palette=False),
    C("space,pagedown", "page_down", "Page down", "A page down", FULLTEXT, "fulltext-view", palette=False),
    C("pageup", "page_up", "Page up", "A page up", FULLTEXT, "fulltext-view", palette=False),
    C("g,home", "scroll_home", "Top", "To the top", FULLTEXT, "fulltext-view", palette=False),
    C("G,end", "scroll_end", "Bottom", "To the end", FULLTEXT, "fulltext-view", palette=False),
    C("enter,y", "copy", "Copy", "Copy the link (as y does: OSC 52, tmux's buffer)", LINKS, "links", True,
      palette=False),
    C("o", "open", "Open", "Open the link in the browser ($BROWSER, xdg-open; not over ssh)", LINKS, "links",
      True, palette=False),
    C("j,down", "cursor(1)", "Down", "Next link", LINKS, "links", palette=False),
    C("k,up", "cursor(-1)", "Up", "Previous link", LINKS, "links", palette=False),
    C("escape,q,l", "close", "Close", "Close the links", LINKS, "links", True, palette=False),
    C("escape,q,f1,question_mark", "close", "Close", "Close the help", HELP, "help", True, palette=False),
    C("j,down", "scroll_down", "Down", "Scroll down", HELP, "help", palette=False),
    C("k,up", "scroll_up", "Up", "Scroll up", HELP, "help", palette=False),
    C("space,pagedown", "page_down", "Page down", "A page down", HELP, "help", palette=False),
    C("pageup", "page_up", "Page up", "A page up", HELP, "help", palette=False),
    C("g,home", "scroll_home", "Top", "To the top", HELP, "help", palette=False),
    C("G,end", "scroll_end", "Bottom", "To the end", HELP, "help", palette=False),
)
# fmt: on
del C

EXPORTS = {"md": "Markdown", "bibtex": "BibTeX", "json": "JSON"}
PALETTE_ONLY = tuple(
    Command("", f"export('{which}', '{fmt}')", f"Export {which} as {name}", help, LIST, "main")
    for fmt, name in EXPORTS.items()
    for which, help in (
        ("listed", "Write every paper the list holds (all the status line counts) to a file"),
        ("starred", "Write the starred papers to a file"),
    )
)


def bindings(owner: str) -> list[BindingType]:
    """The Textual bindings of one screen or widget. A main-screen key that works "anywhere"
    is bound on the screens over it too: there it closes them and acts on the main screen
    (reload acts from where it is)."""
    own = [
        Binding(
            c.keys,
            c.action,
            c.display[1] if c.display else c.title,
            show=c.footer,
            priority=c.priority,
            tooltip=c.help,
            key_display=c.display[0] if c.display else None,
            id=c.id,
        )
        for c in COMMANDS
        if c.owner == owner
    ]
    over = [
        Binding(
            c.keys,
            f"app.on_main({c.action!r}, {c.action != 'reload'})",
            c.title,
            show=False,
            priority=c.priority,
            tooltip=c.help,
            id=f"{owner}.{c.action}",
        )
        for c in COMMANDS
        if owner in c.also
    ]
    return [*own, *over]


def grouped() -> Iterator[tuple[str, list[Command]]]:
    """The commands with keys, by where they work (for the help screen)."""
    for group in GROUPS:
        yield group, [c for c in COMMANDS if c.where == group and c.keys]


def palette(owners: tuple[str, ...]) -> list[Command]:
    """The commands the palette offers on a screen whose bindings come from `owners`."""
    return [c for c in (*COMMANDS, *PALETTE_ONLY) if c.palette and c.owner in owners]
