"""The monthly dispatch pack as files: one self-contained HTML page, or an Excel workbook.

The HTML page opens offline: inline CSS, inline SVG charts drawn by
:mod:`qy_landing.reports.charts`, no script, no external URL. It prints one unit per page.
The workbook has a summary sheet and one sheet per kind of row (projects, approvals,
procedures due, problems, changes), each with a frozen header and a filter.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime
from html import escape
from typing import IO, Any

from qy_landing import i18n
from qy_landing.reports import charts
from qy_landing.reports.common import STAGES, month_label
from qy_landing.reports.monthly import (
    AGEING_BUCKETS,
    MonthlyPack,
    ProjectDigest,
    UnitSummary,
    bucket_label,
    total_of,
)
from qy_landing.reports.writers import Column, PrintTitle, XlsxBook
from qy_landing.vocabulary import LEVELS

# --- charts ---------------------------------------------------------------------------------


def stage_names(lang: str) -> list[str]:
    return [i18n.text(f"report.stage.{s}", lang) for s in STAGES]


def funnel_chart(pack: MonthlyPack, lang: str) -> str:
    return charts.grouped_bars(
        "chart-funnel",
        i18n.t("report.monthly.chart.funnel", lang, year=pack.month.year),
        [(unit, counts) for unit, counts in pack.funnel],
        stage_names(lang),
        desc=i18n.t("report.monthly.chart.funnel_desc", lang),
    )


def funnel_total_chart(pack: MonthlyPack, lang: str) -> str:
    return charts.funnel(
        "chart-funnel-total",
        i18n.t("report.monthly.chart.funnel_total", lang, year=pack.month.year),
        list(zip(stage_names(lang), pack.funnel_total(), strict=True)),
    )


def ageing_chart(pack: MonthlyPack, lang: str) -> str:
    return charts.stacked_columns(
        "chart-ageing",
        i18n.t("report.monthly.chart.ageing", lang, as_of=pack.as_of),
        [bucket_label(b, lang) for b in AGEING_BUCKETS],
        [(i18n.term("level", level, lang), pack.ageing.get(level, [0] * 6)) for level in LEVELS],
        desc=i18n.t("report.monthly.chart.ageing_desc", lang),
    )


def trend_chart(pack: MonthlyPack, lang: str) -> str:
    return charts.stacked_columns(
        "chart-trend",
        i18n.t("report.monthly.chart.trend", lang),
        [f"{m.year % 100:02d}-{m.month:02d}" for m, _s, _g in pack.trend],
        [(i18n.t("report.monthly.chart.started", lang), [s for _m, s, _g in pack.trend])],
        line=(i18n.t("report.monthly.chart.signed", lang), [g for _m, _s, g in pack.trend]),
        desc=i18n.t("report.monthly.chart.trend_desc", lang),
    )


def all_charts(pack: MonthlyPack, lang: str) -> dict[str, str]:
    """Every chart of the pack by id (also used to draw the pictures in docs/)."""
    return {
        "chart-funnel": funnel_chart(pack, lang),
        "chart-funnel-total": funnel_total_chart(pack, lang),
        "chart-ageing": ageing_chart(pack, lang),
        "chart-trend": trend_chart(pack, lang),
    }


# --- HTML -------------------------------------------------------------------------------------

_CSS = (
    """
:root { color-scheme: light; }
body { font-family: FONTS;
       margin: 24px; color: #222; line-height: 1.45; font-size: 14px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; border-bottom: 2px solid #4e79a7; padding-bottom: 4px; margin-top: 32px; }
.meta { color: #666; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid #ccc; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #eef2f7; position: sticky; top: 0; white-space: nowrap; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; background: #f7f7f7; }
ul { margin: 0; padding-left: 16px; }
.code { color: #666; font-size: 12px; white-space: nowrap; }
.overdue { color: #c62828; font-weight: bold; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.charts figure { margin: 0; border: 1px solid #ddd; padding: 8px; }
nav a { margin-right: 12px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 11px; }
  #charts, section.unit { break-before: page; page-break-before: always; }
  th { position: static; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; page-break-inside: avoid; }
  .charts svg { max-width: 100%; height: auto; }
}
"""
).replace("FONTS", charts.FONT_STACK)


def page_css() -> str:
    """The style of the pack's page (also of the red/black page)."""
    from qy_landing.reports.redblack_files import CSS

    return _CSS + CSS


class _Html:
    def __init__(self, stream: IO[bytes]) -> None:
        self.text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")

    def write(self, *parts: str) -> None:
        for part in parts:
            self.text.write(part)

    def close(self) -> None:
        self.text.flush()
        self.text.detach()


def _list(items: Iterable[str], css: str = "") -> str:
    values = list(items)
    if not values:
        return ""
    attr = f' class="{css}"' if css else ""
    return "<ul>" + "".join(f"<li{attr}>{escape(v)}</li>" for v in values) + "</ul>"


def _summary_table(summaries: list[UnitSummary], lang: str) -> str:
    keys = ("projects", "started", "changes", "approved", "due", "overdue", "problems")
    head = f"<th>{escape(i18n.text('report.col.unit', lang))}</th>" + "".join(
        f'<th class="n">{escape(i18n.t(f"report.monthly.sum.{k}", lang))}</th>' for k in keys
    )
    rows = []
    for index, summary in enumerate(summaries, start=1):
        cells = "".join(f'<td class="n">{getattr(summary, k)}</td>' for k in keys)
        rows.append(f'<tr><td><a href="#unit-{index}">{escape(summary.unit)}</a></td>{cells}</tr>')
    total = total_of(summaries)
    cells = "".join(f'<td class="n">{getattr(total, k)}</td>' for k in keys)
    rows.append(
        f'<tr class="total"><td>{escape(i18n.text("report.word.total", lang))}</td>{cells}</tr>'
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _progress_table(pack: MonthlyPack, lang: str) -> str:
    """Procedures done and in total over the pack's projects, by approval stage and by level."""
    rows = []
    for kind, values in (("stage", pack.progress.by_stage), ("level", pack.progress.by_level)):
        for key, (done, total) in values.items():
            share = f"{done * 100 / total:.0f}%" if total else "—"
            rows.append(
                f"<tr><td>{escape(i18n.term(kind, key, lang))}</td>"
                f'<td class="n">{done}</td><td class="n">{total}</td>'
                f'<td class="n">{share}</td></tr>'
            )
    head = "".join(
        f"<th>{escape(i18n.t(f'report.monthly.progress.{k}', lang))}</th>"
        for k in ("part", "done", "total", "share")
    )
    return (
        f"<h3>{escape(i18n.t('report.monthly.progress.title', lang))}</h3>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


_PROJECT_COLUMNS = ("project", "state", "changes", "approved", "due", "problems", "persons")


def _project_row(project: ProjectDigest, lang: str) -> str:
    changes = [c.label(lang) for c in project.changes]
    if project.more_changes:
        changes.append(i18n.t("report.monthly.more", lang, count=project.more_changes))
    approved = [
        i18n.t(
            "report.monthly.approved_on",
            lang,
            name=p.name.get(lang),
            on=f"{a.month:02d}-{a.day:02d}",
        )
        for p, (a, _due) in zip(project.approved, project.approved_on, strict=True)
    ]
    due = "".join(
        f'<li class="{"overdue" if p.overdue_workdays is not None else ""}">'
        f"{escape(project.due_label(i, lang))}</li>"
        for i, p in enumerate(project.due)
    )
    problems = [p.label(lang) for p in project.problems]
    persons = []
    if project.first_responsible:
        persons.append(
            f"{i18n.term('role', 'first_responsible', lang)}："
            f"{i18n.join(project.first_responsible, lang, cell=True)}"
        )
    if project.direct_responsible:
        persons.append(
            f"{i18n.term('role', 'direct_responsible', lang)}："
            f"{i18n.join(project.direct_responsible, lang, cell=True)}"
        )
    name = (
        f"<strong>{escape(project.name)}</strong><br>"
        f'<span class="code">{escape(project.code)} · {project.amount.normalize():f} '
        f"{escape(i18n.text('report.word.yuan', lang))} · {project.signed_on.isoformat()}</span>"
    )
    state = escape(project.state_label.get(lang))
    if project.progress.total:
        stages, levels = project.progress.parts(lang)
        state += f'<br><span class="code">{escape(" · ".join(stages + levels))}</span>'
    return (
        f"<tr><td>{name}</td><td>{state}</td>"
        f"<td>{_list(changes)}</td><td>{_list(approved)}</td>"
        f"<td>{'<ul>' + due + '</ul>' if due else ''}</td>"
        f"<td>{_list(problems)}</td><td>{_list(persons)}</td></tr>"
    )


def _limited(pack: MonthlyPack, lang: str) -> str:
    """A unit staff login's pack says it holds that unit only (row-level security)."""
    if pack.limited_to is None:
        return ""
    note = i18n.t("report.limited", lang, unit=pack.limited_to or "-")
    return f'<p class="meta limited">{escape(note)}</p>'


def write_monthly_html(pack: MonthlyPack, stream: IO[bytes], lang: str = "zh") -> int:
    """The pack as one self-contained HTML page; the number of projects in it.

    The unit sections are streamed to a temporary file while the summary is counted, then
    the page is written: head, summary, charts, sections.
    """
    import shutil
    import tempfile

    headers = "".join(
        f"<th>{escape(i18n.t(f'report.monthly.col.{k}', lang))}</th>" for k in _PROJECT_COLUMNS
    )
    summaries: list[UnitSummary] = []
    count = 0
    with tempfile.TemporaryFile() as spool:
        sections = _Html(spool)
        current: UnitSummary | None = None

        def close_section(summary: UnitSummary) -> None:
            line = i18n.t("report.monthly.unit_line", lang, **summary.as_dict())
            sections.write("</tbody></table>", f'<p class="meta">{escape(line)}</p>', "</section>")

        for project in pack.projects():
            if current is None or project.unit != current.unit:
                if current is not None:
                    close_section(current)
                current = UnitSummary(project.unit)
                summaries.append(current)
                sections.write(
                    f'<section class="unit" id="unit-{len(summaries)}">',
                    f"<h2>{escape(project.unit)}</h2>",
                    f"<table><thead><tr>{headers}</tr></thead><tbody>",
                )
            current.count(project, pack.month)
            sections.write(_project_row(project, lang))
            count += 1
        if current is not None:
            close_section(current)
        else:
            sections.write(f"<p>{escape(i18n.t('report.monthly.empty', lang))}</p>")
        sections.close()
        out = _Html(stream)
        title = i18n.t("report.monthly.title", lang, month=month_label(pack.month))
        if pack.unit:
            title += f" · {pack.unit}"
        meta = i18n.t("report.monthly.meta", lang, as_of=pack.as_of, generated=_now(pack))
        out.write(
            "<!DOCTYPE html>\n",
            f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title><style>{page_css()}</style></head><body>",
            f"<header><h1>{escape(title)}</h1>",
            f'<p class="meta">{escape(meta)}</p>',
            _limited(pack, lang),
            "</header>",
            f'<section id="summary"><h2>{escape(i18n.t("report.monthly.summary", lang))}</h2>',
            _summary_table(summaries, lang),
            _progress_table(pack, lang),
            "</section>",
            f'<section id="charts"><h2>{escape(i18n.t("report.monthly.charts", lang))}</h2>',
            '<div class="charts">',
        )
        for svg in all_charts(pack, lang).values():
            out.write(f"<figure>{svg}</figure>")
        out.write("</div></section>")
        from qy_landing.reports.redblack_files import growth_html, redblack_html, targets_html

        out.write(
            growth_html(pack.growth, lang),
            targets_html(pack.targets, lang),
            redblack_html(pack.boards, lang),
        )
        out.text.flush()
        spool.seek(0)
        shutil.copyfileobj(spool, stream)
        out.write("</body></html>\n")
        out.close()
    return count


def _now(pack: MonthlyPack) -> str:
    moment: datetime = pack.ctx.clock.now()
    return moment.strftime("%Y-%m-%d %H:%M")


# --- xlsx -----------------------------------------------------------------------------------


def _columns(*spec: tuple[str, str, float]) -> list[Column]:
    return [Column(key, kind, width) for key, kind, width in spec]


SUMMARY = _columns(
    ("unit", "text", 20),
    ("m_projects", "int", 12),
    ("m_started", "int", 12),
    ("m_changes", "int", 12),
    ("m_approved", "int", 12),
    ("m_due", "int", 12),
    ("m_overdue", "int", 12),
    ("m_problems", "int", 12),
)
PROJECTS = _columns(
    ("unit", "text", 14),
    ("code", "text", 26),
    ("name", "text", 30),
    ("amount", "amount", 12),
    ("signed_on", "date", 12),
    ("state", "text", 16),
    ("m_changes_text", "text", 48),
    ("m_approved_text", "text", 36),
    ("m_due_text", "text", 40),
    ("open_problems", "text", 36),
    ("first_responsible", "text", 14),
    ("direct_responsible", "text", 14),
    ("progress", "text", 40),
)
PROGRESS = _columns(
    ("m_progress_part", "text", 20),
    ("m_progress_done", "int", 12),
    ("m_progress_total", "int", 12),
)
APPROVED = _columns(
    ("unit", "text", 14),
    ("code", "text", 26),
    ("name", "text", 30),
    ("procedure", "text", 28),
    ("level", "text", 8),
    ("approved_on", "date", 12),
    ("due_on", "date", 12),
    ("on_time", "bool", 8),
)
DUE = _columns(
    ("unit", "text", 14),
    ("code", "text", 26),
    ("name", "text", 30),
    ("procedure", "text", 28),
    ("level", "text", 8),
    ("status", "text", 8),
    ("due_on", "date", 12),
    ("workdays_left", "int", 12),
    ("overdue_workdays", "int", 12),
)
PROBLEMS = _columns(
    ("unit", "text", 14),
    ("code", "text", 26),
    ("name", "text", 30),
    ("problem_id", "int", 8),
    ("problem", "text", 48),
    ("owner", "text", 12),
    ("opened_on", "date", 12),
    ("open_workdays", "int", 12),
)
CHANGES = _columns(
    ("unit", "text", 14),
    ("code", "text", 26),
    ("name", "text", 30),
    ("effective_on", "date", 12),
    ("change", "text", 60),
    ("actor", "text", 12),
)


def write_monthly_xlsx(pack: MonthlyPack, stream: IO[bytes], lang: str = "zh") -> int:
    """The pack as a workbook (summary, projects, approvals, due, problems, changes, procedure
    progress), then the year-on-year growth, target progress and a sheet per red/black board;
    it prints by itself."""
    report = i18n.t("report.monthly.title", lang, month=pack.label)
    title = PrintTitle(report, pack.unit, pack.as_of, pack.ctx.clock.now())
    book = XlsxBook(lang, title)

    def sheet(key: str, columns: list[Column]) -> Any:
        return book.sheet(i18n.text(f"report.sheet.{key}", lang), columns)

    summary = sheet("m_summary", SUMMARY)
    summaries: list[UnitSummary] = []
    projects = sheet("m_projects", PROJECTS)
    approved = sheet("m_approved", APPROVED)
    due = sheet("m_due", DUE)
    problems = sheet("m_problems", PROBLEMS)
    changes = sheet("m_changes", CHANGES)
    count = 0
    for p in pack.projects():
        count += 1
        if not summaries or summaries[-1].unit != p.unit:
            summaries.append(UnitSummary(p.unit))
        summaries[-1].count(p, pack.month)
        head = [p.unit, p.code, p.name]
        change_texts = [c.label(lang) for c in p.changes]
        if p.more_changes:
            change_texts.append(i18n.t("report.monthly.more", lang, count=p.more_changes))
        projects.append(
            [
                *head,
                p.amount,
                p.signed_on,
                p.state_label.get(lang),
                "\n".join(change_texts),
                i18n.join((a.name.get(lang) for a in p.approved), lang, cell=True),
                i18n.join((p.due_label(i, lang) for i in range(len(p.due))), lang, cell=True),
                i18n.join((x.label(lang) for x in p.problems), lang, cell=True),
                i18n.join(p.first_responsible, lang, cell=True),
                i18n.join(p.direct_responsible, lang, cell=True),
                p.progress.label(lang),
            ]
        )
        for ref, (approved_on, due_on) in zip(p.approved, p.approved_on, strict=True):
            approved.append(
                [
                    *head,
                    ref.name.get(lang),
                    i18n.term("level", ref.level, lang),
                    approved_on,
                    due_on,
                    due_on is None or approved_on <= due_on,
                ]
            )
        for ref, left in zip(p.due, p.due_left, strict=True):
            due.append(
                [
                    *head,
                    ref.name.get(lang),
                    i18n.term("level", ref.level, lang),
                    i18n.term("status", ref.status, lang),
                    ref.due_on,
                    max(left, 0) if ref.overdue_workdays is None else None,
                    ref.overdue_workdays,
                ]
            )
        for problem, owner in zip(p.problems, p.problem_owners, strict=True):
            problems.append(
                [*head, problem.id, problem.text, owner, problem.opened_on, problem.open_workdays]
            )
        for change in p.changes:
            changes.append([*head, change.on, change.text.get(lang), change.actor])
    total = total_of(summaries, i18n.text("report.word.total", lang))
    for s in [*summaries, total]:
        summary.append(
            [s.unit, s.projects, s.started, s.changes, s.approved, s.due, s.overdue, s.problems]
        )
    progress = sheet("m_progress", PROGRESS)
    for kind, values in (("stage", pack.progress.by_stage), ("level", pack.progress.by_level)):
        for key, (done, total_count) in values.items():
            progress.append([i18n.term(kind, key, lang), done, total_count])
    from qy_landing.reports.redblack_files import (
        add_board_sheets,
        add_growth_sheet,
        add_targets_sheet,
    )

    add_growth_sheet(book, pack.growth, lang)
    add_targets_sheet(book, pack.targets, lang)
    add_board_sheets(book, pack.boards, lang)
    book.save(stream)
    return count
