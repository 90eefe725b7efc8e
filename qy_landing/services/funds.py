"""Funds in place (到位资金): what a project has actually received, recorded over time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import col

from qy_landing.errors import Term
from qy_landing.parsing import parse_amount
from qy_landing.services.changes import change_project
from qy_landing.services.context import Context
from qy_landing.services.effective import check_effective
from qy_landing.services.project_views import find_project
from qy_landing.store.models import FundsRecord


def record_funds(
    ctx: Context,
    code: str,
    amount: Decimal | str | float,
    *,
    on: date | None = None,
    out_of_province: bool = True,
    note: str | None = None,
) -> FundsRecord:
    """Record funds received (亿元) as of ``on``; one row per report, summed in statistics."""
    from qy_landing.checks import check_amount

    value = check_amount(parse_amount(amount, "funds"), "funds")
    effective = ctx.effective(on)
    with change_project(ctx, code) as change:
        check_effective(change, effective, Term("action", "funds"))
        record = FundsRecord(
            project_id=change.project_id,
            received_on=effective,
            amount=value,
            out_of_province=out_of_province,
            note=note,
        )
        change.session.add(record)
        change.session.flush()
        change.record(
            "funds",
            on=effective,
            field="out_of_province" if out_of_province else "in_province",
            new=value,
            entity="funds",
            entity_id=record.id,
            note=note,
        )
    return record


def list_funds(ctx: Context, code: str) -> list[FundsRecord]:
    with ctx.db.read() as session:
        project = find_project(session, code)
        return list(
            session.execute(
                select(FundsRecord)
                .where(col(FundsRecord.project_id) == project.id)
                .order_by(col(FundsRecord.received_on), col(FundsRecord.id))
            ).scalars()
        )
