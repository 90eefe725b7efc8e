"""The full-screen dispatch meeting (Textual): agenda on the left, the project on the right.

Keyboard first: arrows move through persons and projects (the card follows), letters
record (``c`` commitment, ``n`` note, ``p`` problem, ``r`` resolve, ``s`` procedure
progress, ``d`` commitment done), ``f`` filters the agenda (unit, person, level, stuck
only), ``x`` toggles stuck only, ``F5`` refreshes, ``q`` quits; the footer lists them.
Every database call runs in a worker thread; every write goes through the same service
as the CLI, with the version of the project the card shows, so a change someone made
meanwhile is refused (:class:`~qy_landing.errors.ConflictError`): the message is shown,
the card reloaded, and the form opens again with what was typed.

Imported only by ``qy-landing meeting`` (Textual is heavy).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Header, Input, Label, Static, Tree
from textual.widgets.tree import TreeNode

from qy_landing import i18n
from qy_landing.errors import ChoiceError, ConflictError, LandingError
from qy_landing.services.context import Context
from qy_landing.services.meetings import (
    Agenda,
    AgendaFilter,
    AgendaProject,
    AgendaSubject,
    ProjectCard,
)

PAGE = 20  # subjects whose projects are loaded at a time (one statement)
CARD_PAGE = 20  # projects whose cards are read at a time (one set of statements)


@dataclass(frozen=True)
class Field:
    """One input of a form: its name, label and starting value."""

    name: str
    label: str
    value: str = ""


class FormScreen(ModalScreen[dict[str, str] | None]):
    """A small form over the meeting: Enter goes to the next field, saves on the last;
    Escape cancels."""

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    #form { width: 70; max-width: 100%; height: auto; border: round $accent;
            background: $surface; padding: 0 1; }
    #form Label { margin-top: 1; }
    #form .title { text-style: bold; margin-top: 0; }
    """

    def __init__(self, title: str, fields: list[Field], lang: str) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label(self.form_title, classes="title")
            for item in self.fields:
                yield Label(item.label)
                field = Input(value=item.value, id=f"f_{item.name}")
                field.cursor_blink = False  # a steady cursor (and steady screenshots)
                yield field
            yield Label(
                i18n.t("meeting.app.form.keys", self.lang),
                classes="keys",
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.dismiss({i.id[2:]: i.value for i in inputs if i.id})

    def key_escape(self) -> None:
        self.dismiss(None)


def _bindings(lang: str) -> list[Binding | tuple[str, str] | tuple[str, str, str]]:
    def k(name: str) -> str:
        return i18n.t(f"meeting.app.key.{name}", lang)

    return [
        Binding("c", "commit", k("commit")),
        Binding("n", "note", k("note")),
        Binding("p", "problem", k("problem")),
        Binding("r", "resolve", k("resolve")),
        Binding("s", "progress", k("progress")),
        Binding("d", "done", k("done")),
        Binding("f", "filter", k("filter")),
        Binding("x", "stuck", k("stuck"), show=False),  # named in the filter form (80 columns)
        Binding("f5", "refresh", k("refresh")),
        Binding("q", "quit", k("quit")),
    ]


class MeetingApp(App[None]):
    """The meeting. Build it with :func:`meeting_app` (bindings in the user's language)."""

    ENABLE_COMMAND_PALETTE = False
    CSS = """
    #agenda { width: 34; border-right: solid $primary; }
    #card_scroll { padding: 0 1; }
    """

    def __init__(
        self,
        ctx: Context,
        lang: str,
        month: str,
        *,
        by: str = "person",
        unit: str | None = None,
        person: str | None = None,
        filters: AgendaFilter | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.lang = lang
        self.month = month
        self.by = by
        self.filters = filters or AgendaFilter(unit=unit, person=person)
        self.agenda: Agenda | None = None
        self.nodes: dict[tuple[str, str], TreeNode[tuple[str, str]]] = {}
        self.card: ProjectCard | None = None
        self.subject_key: str | None = None
        self.code: str | None = None
        self.loading: set[str] = set()  # subject keys whose page is on its way
        self.cards: dict[str, ProjectCard] = {}  # read with their page, by code
        self.title = self.t("app.title", month=month)
        self.sub_title = self.filter_text()

    def t(self, key: str, **fields: Any) -> str:
        return i18n.t(f"meeting.{key}", self.lang, **fields)

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Horizontal():
            tree: Tree[tuple[str, str]] = Tree(self.t("app.loading"), id="agenda")
            tree.show_root = False
            yield tree
            with VerticalScroll(id="card_scroll"):
                yield Static(self.t("app.loading"), id="card")
        yield Footer(compact=True)  # every key fits at 80 columns

    def on_mount(self) -> None:
        self.query_one("#agenda", Tree).focus()
        self.load_agenda()

    # --- loading --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="agenda")
    def load_agenda(self) -> None:
        """One person's agenda whole; otherwise the outline (subjects and their number of
        projects), whose projects then come a page of subjects at a time."""
        from qy_landing.services.meetings import agenda, agenda_outline

        try:
            found = self._read_agenda(agenda, agenda_outline)
        except LandingError as exc:  # e.g. the database went away: one line, the app stays
            self.call_from_thread(self.worker_error, exc)
            return
        self.call_from_thread(self.show_agenda, found)

    def _read_agenda(self, agenda: Any, agenda_outline: Any) -> Agenda:
        f = self.filters
        if self.paged:
            found: Agenda = agenda_outline(
                self.ctx,
                self.month,
                by=self.by,
                unit=f.unit,
                person=f.person,
                level=f.level,
                stuck=f.stuck,
            )
        else:
            found = agenda(self.ctx, self.month, lang=self.lang, **self.scope())
        return found

    def worker_error(self, exc: LandingError) -> None:
        """A read in the background failed: its one-line message; the screen stays."""
        self.notify(exc.render(self.lang), severity="error", timeout=8)

    def scope(self) -> dict[str, Any]:
        """The agenda's grouping and filters, as :func:`~qy_landing.services.meetings.agenda`
        takes them."""
        f = self.filters
        return {
            "by": self.by,
            "unit": f.unit,
            "person": f.person,
            "level": f.level,
            "stuck": f.stuck,
        }

    @property
    def paged(self) -> bool:
        return self.filters.person is None

    def filter_text(self) -> str:
        """The filters in force, for the header ("" when none)."""
        f = self.filters
        parts = [
            self.t(f"app.filter.{name}", value=value)
            for name, value in (("unit", f.unit), ("person", f.person), ("level", f.level))
            if value
        ]
        if f.level:
            parts[-1] = self.t("app.filter.level", value=i18n.term("level", f.level, self.lang))
        if f.stuck:
            parts.append(self.t("app.filter.stuck"))
        return self.t("app.filtered", what=" · ".join(parts)) if parts else ""

    def show_agenda(self, found: Agenda) -> None:
        self.agenda = found
        tree: Tree[tuple[str, str]] = self.query_one("#agenda", Tree)
        tree.clear()
        self.nodes.clear()
        self.loading.clear()
        if not found.subjects:
            self.query_one("#card", Static).update(self.t("agenda.empty"))
            return
        for subject in found.subjects:
            branch = tree.root.add(
                subject_label(subject), data=("subject", subject.key), expand=subject.loaded
            )
            self.nodes[(subject.key, "")] = branch
            if subject.loaded:
                self.add_leaves(subject)
        if all(s.loaded for s in found.subjects):
            self.go_first()
        else:  # the page where the meeting stopped (or the first), then the cursor there
            self.load_page(self.page_from(found.resume[0] if found.resume else ""), go=True)

    def add_leaves(self, subject: AgendaSubject) -> None:
        branch = self.nodes[(subject.key, "")]
        for project in subject.projects:
            self.nodes[(subject.key, project.code)] = branch.add_leaf(
                project_label(project, project.id in subject.visited),
                data=(subject.key, project.code),
            )

    def go_first(self) -> None:
        """The cursor to where the meeting stopped, else to the first project."""
        tree: Tree[tuple[str, str]] = self.query_one("#agenda", Tree)
        resume = self.agenda.resume if self.agenda else None
        first = self.nodes.get(resume) if resume else None
        if first is None:
            first = next((b.children[0] for b in tree.root.children if b.children), None)
        if first is not None and first.data is not None:
            # The tree lays out its lines on the next refresh; move there after it.
            self.call_after_refresh(tree.move_cursor, first)
            self.open_project(*first.data)
        else:
            self.query_one("#card", Static).update(self.t("app.pick"))

    def page_from(self, key: str) -> list[str]:
        """Up to :data:`PAGE` subjects not loaded yet, from ``key`` on (the first if unknown)."""
        if self.agenda is None:
            return []
        keys = [s.key for s in self.agenda.subjects]
        start = keys.index(key) if key in keys else 0
        page = [
            s.key
            for s in self.agenda.subjects[start:]
            if not s.loaded and s.key not in self.loading
        ][:PAGE]
        self.loading.update(page)
        return page

    @work(thread=True, group="page")
    def load_page(self, keys: list[str], go: bool = False) -> None:
        from qy_landing.services.meetings import agenda

        try:
            found = agenda(self.ctx, self.month, lang=self.lang, subjects=keys, **self.scope())
        except LandingError as exc:
            self.loading.difference_update(keys)  # the cursor may ask again
            self.call_from_thread(self.worker_error, exc)
            return
        self.call_from_thread(self.fill_page, keys, found, go)

    def fill_page(self, keys: list[str], found: Agenda, go: bool) -> None:
        """A page of subjects arrived: their projects under them, figures in their labels."""
        if self.agenda is None:
            return
        got = {s.key: s for s in found.subjects}
        for subject in self.agenda.subjects:
            if subject.key not in keys or subject.loaded:
                continue
            page = got.get(subject.key)
            subject.projects = page.projects if page else []
            subject.visited = page.visited if page else set()
            subject.loaded = True
            self.loading.discard(subject.key)
            branch = self.nodes[(subject.key, "")]
            branch.set_label(subject_label(subject))
            self.add_leaves(subject)
            branch.expand()
        if go:
            self.go_first()

    def relabel(self, found: Agenda) -> None:
        """New figures from a reload, in place: the cursor stays where it is."""
        if self.agenda is None:
            return
        got = {s.key: s for s in found.subjects}
        for subject in self.agenda.subjects:
            fresh = got.get(subject.key)
            if fresh is None or not subject.loaded:
                continue
            subject.projects, subject.visited = fresh.projects, fresh.visited
            node = self.nodes.get((subject.key, ""))
            if node is not None:
                node.set_label(subject_label(subject))
            for project in subject.projects:
                leaf = self.nodes.get((subject.key, project.code))
                if leaf is not None:
                    leaf.set_label(project_label(project, project.id in subject.visited))

    def _load_subject(self, key: str) -> None:
        found = (
            next((s for s in self.agenda.subjects if s.key == key), None) if self.agenda else None
        )
        if found is not None and not found.loaded and key not in self.loading:
            self.load_page(self.page_from(key))

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[tuple[str, str]]) -> None:
        data = event.node.data
        if data is not None and data[0] == "subject":
            self._load_subject(data[1])

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[tuple[str, str]]) -> None:
        data = event.node.data
        if data is None:
            return
        if data[0] == "subject":
            self._load_subject(data[1])
            return
        if (data[0], data[1]) != (self.subject_key, self.code):
            self.open_project(data[0], data[1])

    def open_project(self, subject: str, code: str) -> None:
        """Show a project: from the cards read with its page, else read that page now."""
        self.subject_key, self.code = subject, code
        cached = self.cards.get(code)
        if cached is not None:
            self.show_card(cached, subject)
            self.remember_visit(subject, code)
        else:
            self.load_card(subject, code, self.card_page(subject, code), visit=True)

    def card_page(self, subject: str, code: str) -> list[str]:
        """The codes of up to :data:`CARD_PAGE` projects of ``subject`` from ``code`` on: their
        cards are read together (one set of statements), so moving on reads nothing."""
        found = (
            next((s for s in self.agenda.subjects if s.key == subject), None)
            if self.agenda
            else None
        )
        codes = [p.code for p in found.projects] if found else []
        start = codes.index(code) if code in codes else 0
        page = [c for c in codes[start:] if c not in self.cards][:CARD_PAGE]
        return page if code in page else [code, *page[: CARD_PAGE - 1]]

    @work(thread=True, exclusive=True, group="card")
    def load_card(self, subject: str, code: str, codes: list[str], visit: bool = False) -> None:
        from qy_landing.services.meetings import project_card, project_cards

        try:
            read = project_cards(self.ctx, codes, self.month, lang=self.lang)
            cards = {c.view.code: c for c in read}
            # A code not read with the page (mistyped, removed): the single read says why.
            card = cards.get(code) or project_card(self.ctx, code, self.month, lang=self.lang)
            if visit:
                self.remember_visit_now(subject, code)
        except LandingError as exc:
            self.call_from_thread(self.worker_error, exc)
            return
        self.call_from_thread(self.show_cards, cards, card, subject if visit else None)

    @work(thread=True, group="visit")
    def remember_visit(self, subject: str, code: str) -> None:
        try:
            self.remember_visit_now(subject, code)
        except LandingError as exc:
            self.call_from_thread(self.worker_error, exc)

    def remember_visit_now(self, subject: str, code: str) -> None:
        from qy_landing.services.meetings import visit as remember

        remember(self.ctx, self.month, subject, code)

    def show_cards(
        self, cards: dict[str, ProjectCard], card: ProjectCard, visited: str | None
    ) -> None:
        self.cards.update(cards)
        if card.view.code == self.code:  # the cursor may have moved on meanwhile
            self.show_card(card, visited)

    def show_card(self, card: ProjectCard, visited: str | None = None) -> None:
        self.card = card
        self.query_one("#card", Static).update(render_card(card, self.lang))
        leaf = self.nodes.get((visited or "", card.view.code))
        if leaf is None or self.agenda is None:
            return
        for subject in self.agenda.subjects:
            for project in subject.projects if subject.key == visited else ():
                if project.code == card.view.code:
                    subject.visited.add(project.id)
                    leaf.set_label(project_label(project, True))

    # --- recording ------------------------------------------------------------------------

    def _subject_person(self) -> str:
        if self.agenda is None or self.subject_key is None or self.by != "person":
            return ""
        found = next((s for s in self.agenda.subjects if s.key == self.subject_key), None)
        return f"{found.name}@{found.unit}" if found else ""

    def _form(
        self,
        title: str,
        fields: list[Field],
        save: Callable[[dict[str, str], int], object],
    ) -> None:
        if self.card is None:
            return

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self.write(title, fields, values, save)

        self.push_screen(FormScreen(title, fields, self.lang), done)

    @work(thread=True, exclusive=True, group="write")
    def write(
        self,
        title: str,
        fields: list[Field],
        values: dict[str, str],
        save: Callable[[dict[str, str], int], object],
    ) -> None:
        assert self.card is not None
        try:
            save(values, self.card.version)
        except ConflictError as exc:
            message = self.t("app.conflict", message=exc.render(self.lang))
            self.call_from_thread(self.after_error, message, title, fields, values)
            return
        except LandingError as exc:
            self.call_from_thread(self.after_error, exc.render(self.lang), title, fields, values)
            return
        self.call_from_thread(self.after_save)

    def after_save(self) -> None:
        self.notify(self.t("app.saved"), timeout=2)
        self.refresh_all()

    def after_error(
        self,
        message: str,
        title: str,
        fields: list[Field],
        values: dict[str, str],
    ) -> None:
        """Show the one-line message, reload, and reopen the form with what was typed."""
        self.notify(message, severity="error", timeout=6)
        self.refresh_all()
        kept = [Field(f.name, f.label, values.get(f.name, f.value)) for f in fields]
        save = self._last_save
        if save is not None:

            def again(values: dict[str, str] | None) -> None:
                if values is not None:
                    self.write(title, kept, values, save)

            self.push_screen(FormScreen(title, kept, self.lang), again)

    _last_save: Callable[[dict[str, str], int], object] | None = None

    def _open(
        self, title: str, fields: list[Field], save: Callable[[dict[str, str], int], object]
    ) -> None:
        self._last_save = save
        self._form(title, fields, save)

    def refresh_all(self) -> None:
        self.cards.clear()  # read again as the cursor gets to them
        if self.subject_key and self.code:
            self.load_card(self.subject_key, self.code, [self.code])
        self.load_agenda_quietly()

    @work(thread=True, exclusive=True, group="agenda")
    def load_agenda_quietly(self) -> None:
        """Reload the agenda's figures without moving the cursor (on a paged agenda: the
        subject at the cursor)."""
        from qy_landing.services.meetings import agenda

        keys = [self.subject_key] if self.paged and self.subject_key else None
        if self.paged and keys is None:
            return
        try:
            found = agenda(self.ctx, self.month, lang=self.lang, subjects=keys, **self.scope())
        except LandingError as exc:
            self.call_from_thread(self.worker_error, exc)
            return
        self.call_from_thread(self.relabel, found)

    def action_refresh(self) -> None:
        self.refresh_all()

    # --- filters ----------------------------------------------------------------------------

    def action_filter(self, values: dict[str, str] | None = None) -> None:
        """``f``: unit, person, level and stuck-only in a form; an empty field is "all"."""
        f = self.filters
        yes, no = self.t("app.yes"), self.t("app.no")
        given = values or {
            "unit": f.unit or "",
            "person": f.person or "",
            "level": i18n.term("level", f.level, self.lang) if f.level else "",
            "stuck": yes if f.stuck else no,
        }
        fields = [
            Field(name, self.t(f"app.form.{name}"), given.get(name, ""))
            for name in ("unit", "person", "level", "stuck")
        ]

        def done(chosen: dict[str, str] | None) -> None:
            if chosen is not None:
                self.apply_filter(chosen)

        self.push_screen(FormScreen(self.t("app.form.filter"), fields, self.lang), done)

    def action_stuck(self) -> None:
        """``x``: stuck projects only, or all again."""
        f = self.filters
        self.set_filters(AgendaFilter(f.unit, f.person, f.level, not f.stuck))

    @work(thread=True, exclusive=True, group="filter")
    def apply_filter(self, chosen: dict[str, str]) -> None:
        from qy_landing.services.meetings import check_filters, check_level

        def text(name: str) -> str | None:
            return chosen.get(name, "").strip() or None

        try:
            stuck = parse_yes_no(chosen.get("stuck", ""))
            level = check_level(text("level"))
            check_filters(
                self.ctx, self.month, by=self.by, unit=text("unit"), person=text("person")
            )
        except LandingError as exc:
            message = exc.render(self.lang)
            self.call_from_thread(self.filter_refused, message, chosen)
            return
        found = AgendaFilter(text("unit"), text("person"), level, stuck)
        self.call_from_thread(self.set_filters, found)

    def filter_refused(self, message: str, chosen: dict[str, str]) -> None:
        self.notify(message, severity="error", timeout=6)
        self.action_filter(chosen)

    def set_filters(self, filters: AgendaFilter) -> None:
        """Show the agenda again with these filters (the cards are read again)."""
        self.filters = filters
        self.sub_title = self.filter_text()
        self.cards.clear()
        self.card = None
        self.subject_key = self.code = None
        self.query_one("#card", Static).update(self.t("app.loading"))
        self.load_agenda()

    def action_commit(self) -> None:
        from qy_landing.services.commitments import add_commitment

        code = self.code or ""

        def save(v: dict[str, str], version: int) -> object:
            return add_commitment(
                self.ctx,
                code,
                v["what"],
                v["who"],
                v["by"],
                meeting=self.month,
                expected_version=version,
            )

        self._open(
            self.t("app.form.commit"),
            [
                Field("what", self.t("app.form.what")),
                Field("who", self.t("app.form.who"), self._subject_person()),
                Field("by", self.t("app.form.by"), "10"),
            ],
            save,
        )

    def action_note(self) -> None:
        from qy_landing.services.meetings import add_note

        code = self.code or ""

        def save(v: dict[str, str], version: int) -> object:
            return add_note(self.ctx, code, v["text"], self.month, expected_version=version)

        self._open(self.t("app.form.note"), [Field("text", self.t("app.form.text"))], save)

    def action_problem(self) -> None:
        from qy_landing.services.problems import open_problem

        code = self.code or ""

        def save(v: dict[str, str], version: int) -> object:
            return open_problem(self.ctx, code, v["text"], expected_version=version)

        self._open(self.t("app.form.problem"), [Field("text", self.t("app.form.text"))], save)

    def action_resolve(self) -> None:
        from qy_landing.cli.options import parse_positive_int
        from qy_landing.services.problems import resolve_problem

        code = self.code or ""
        first = ""
        if self.card is not None:
            open_ = [p for p in self.card.view.problems if p.resolved_on is None]
            first = str(open_[0].id) if open_ else ""

        def save(v: dict[str, str], version: int) -> object:
            number = parse_positive_int(v["id"].strip().lstrip("#") or "0", "problem")
            # The version checked is the card's project's: the problem must be one of its.
            return resolve_problem(self.ctx, number, v["text"], code=code, expected_version=version)

        self._open(
            self.t("app.form.resolve"),
            [
                Field("id", self.t("app.form.problem_id"), first),
                Field("text", self.t("app.form.resolution")),
            ],
            save,
        )

    def action_progress(self) -> None:
        from qy_landing.services.procedures import set_status

        code = self.code or ""
        step, status = "", ""
        if self.card is not None:
            following = {"pending": "submitted", "submitted": "accepted", "accepted": "approved"}
            for p in self.card.view.procedures:
                if p.status in following:
                    step, status = p.step, following[p.status]
                    break

        def save(v: dict[str, str], version: int) -> object:
            return set_status(self.ctx, code, v["step"], v["status"], expected_version=version)

        self._open(
            self.t("app.form.progress"),
            [
                Field("step", self.t("app.form.step"), step),
                Field("status", self.t("app.form.status"), status),
            ],
            save,
        )

    def action_done(self) -> None:
        from qy_landing.cli.options import parse_positive_int
        from qy_landing.services.commitments import complete_commitment

        code = self.code or ""
        first = ""
        if self.card is not None:
            waiting = [
                c
                for c in (
                    *self.card.last_month,
                    *self.card.open_commitments,
                    *self.card.this_meeting,
                )
                if c.status in ("open", "missed")
            ]
            first = str(waiting[0].id) if waiting else ""

        def save(v: dict[str, str], version: int) -> object:
            number = parse_positive_int(v["id"].strip().lstrip("#") or "0", "number")
            return complete_commitment(
                self.ctx, number, v["text"], code=code, expected_version=version
            )

        self._open(
            self.t("app.form.done"),
            [
                Field("id", self.t("app.form.commitment_id"), first),
                Field("text", self.t("app.form.evidence")),
            ],
            save,
        )


YES = ("y", "yes", "true", "1", "是", "对", "仅")
NO = ("", "n", "no", "false", "0", "否", "不", "全部", "all")


def parse_yes_no(value: str) -> bool:
    """ "yes"/"no" (or 是/否) as typed in a form; anything else is refused, naming both."""
    folded = value.strip().casefold()
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise ChoiceError("option", value, ["yes", "no", "是", "否"])


def subject_label(subject: AgendaSubject) -> Text:
    """A person (or unit) in the agenda: name, open projects, overdue procedures."""
    label = Text(subject.name, style="bold")
    counts = f" {subject.total}"
    if subject.overdue:
        counts += f" !{subject.overdue}"
    label.append(counts, style="red" if subject.overdue else "dim")
    return label


def project_label(project: AgendaProject, visited: bool) -> Text:
    """A project in the agenda: ✓ once gone through this month, !N overdue procedures."""
    label = Text("✓ " if visited else "  ")
    label.append(project.name)
    if project.overdue:
        label.append(f" !{project.overdue}", style="red")
    return label


def render_card(card: ProjectCard, lang: str) -> Text:
    """The project as the meeting sees it (rich text; no markup from data)."""

    def say(key: str, **fields: Any) -> str:
        return i18n.t(f"meeting.{key}", lang, **fields)

    view = card.view
    out = Text()
    out.append(f"{view.name}\n", style="bold")
    out.append(f"{view.code} · {view.unit}\n", style="dim")
    out.append(
        say(
            "app.state",
            state=view.state_label,
            on=view.last_progress_on.isoformat(),
            days=view.idle_workdays,
        )
        + "\n"
    )

    def heading(key: str) -> None:
        out.append("\n" + say(key) + "\n", style="bold underline")

    heading("app.procedures")
    for p in view.procedures:
        status = i18n.term("status", p.status, lang)
        if p.overdue and p.due:
            line = say(
                "app.procedure_over",
                name=p.name,
                status=status,
                due=p.due.isoformat(),
                days=-(p.workdays_left or 0),
            )
            out.append("• " + line + "\n", style="red")
        elif p.due and p.status in ("submitted", "accepted"):
            out.append(
                "• "
                + say("app.procedure_due", name=p.name, status=status, due=p.due.isoformat())
                + "\n"
            )
        else:
            style = "green" if p.status in ("approved", "waived") else ""
            out.append("• " + say("app.procedure", name=p.name, status=status) + "\n", style=style)
    heading("app.problems")
    problems = [p for p in view.problems if p.resolved_on is None]
    if not problems:
        out.append(say("app.none") + "\n", style="dim")
    for pr in problems:
        out.append(
            "• " + say("app.problem", id=pr.id, text=pr.text, on=pr.opened_on.isoformat()) + "\n",
            style="yellow",
        )

    def commitments(key: str, rows: list[Any], always: bool = False) -> None:
        if not rows and not always:
            return
        heading(key)
        if not rows:
            out.append(say("app.none") + "\n", style="dim")
        for c in rows:
            status = say(f"status.{c.status}")
            if c.status == "done" and c.kept is False:
                status += " ⚠"
            style = {"missed": "red", "done": "green", "withdrawn": "dim"}.get(c.status, "")
            out.append(
                "• "
                + say(
                    "app.commitment",
                    id=c.id,
                    text=c.text,
                    person=c.person,
                    due=c.due_on.isoformat(),
                    status=status,
                )
                + "\n",
                style=style,
            )

    commitments("app.last_month", card.last_month, always=True)
    commitments("app.commitments", [*card.open_commitments, *card.this_meeting])
    if card.notes:
        heading("app.notes")
        for note in card.notes:
            out.append("• " + note.text + "\n")
    return out


def meeting_app(
    ctx: Context,
    lang: str,
    month: str,
    *,
    by: str = "person",
    unit: str | None = None,
    person: str | None = None,
    filters: AgendaFilter | None = None,
) -> MeetingApp:
    """The meeting application, with its keys named in ``lang``."""

    class LocalMeeting(MeetingApp):
        BINDINGS = _bindings(lang)

    return LocalMeeting(ctx, lang, month, by=by, unit=unit, person=person, filters=filters)


def run_meeting(
    ctx: Context,
    lang: str,
    month: str,
    *,
    by: str = "person",
    filters: AgendaFilter | None = None,
) -> None:
    meeting_app(ctx, lang, month, by=by, filters=filters).run()


__all__ = ["FormScreen", "MeetingApp", "meeting_app", "render_card", "run_meeting"]
