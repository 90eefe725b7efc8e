"""The baseline of the ``cli_list`` and ``cli_list_json`` scenarios, run as its own process.

``python -m benchmarks.listing URL [--json]`` does what a person could do instead of
``qy-landing project list --all``: start Python with the same libraries imported
(``import sqlmodel, typer``, the start-up baseline of ``cli_show``), run one plain query
for the same rows (each project with its unit and its open and overdue procedure counts,
newest signing first) through the driver, and print each row as it comes: a line of
fields, or with ``--json`` one JSON object per project.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal

import sqlmodel  # noqa: F401  (the start-up the CLI pays too)
import typer  # noqa: F401

from benchmarks.common import AS_OF, is_sqlite, pg_connect, sqlite_connect

QUERY = """
SELECT p.code, p.name, u.name, p.amount, p.state, p.chain, p.signed_on,
       coalesce(c.open, 0), coalesce(c.overdue, 0)
FROM project p
JOIN unit u ON u.id = p.unit_id
LEFT JOIN (
    SELECT project_id,
           sum(CASE WHEN status NOT IN ('approved', 'waived') THEN 1 ELSE 0 END) AS open,
           sum(CASE WHEN status IN ('submitted', 'accepted') AND due_on < {as_of}
                    THEN 1 ELSE 0 END) AS overdue
    FROM procedure GROUP BY project_id
) c ON c.project_id = p.id
ORDER BY p.signed_on DESC, p.code
"""


def main(argv: list[str]) -> None:
    url = argv[0]
    as_json = "--json" in argv[1:]
    out = sys.stdout
    if is_sqlite(url):
        connection = sqlite_connect(url)
        cursor = connection.execute(QUERY.format(as_of=f"'{AS_OF.isoformat()}'"))
    else:
        connection = pg_connect(url)
        cursor = connection.cursor(name="listing")  # server-side: streamed like ours
        cursor.execute(QUERY.format(as_of=f"DATE '{AS_OF.isoformat()}'"))
    scale = Decimal(10_000)
    if as_json:
        out.write("[")
    first = True
    for code, name, unit, amount, state, chain, signed, open_, overdue in cursor:
        shown = str(Decimal(amount) / scale)
        if as_json:
            item = {"code": code, "name": name, "unit": unit, "amount": shown, "state": state,
                    "chain": chain, "signed_on": str(signed), "open_procedures": open_,
                    "overdue_procedures": overdue}  # fmt: skip
            out.write(("" if first else ",") + "\n  " + json.dumps(item, ensure_ascii=False))
        else:
            out.write(f"{code}  {name}  {unit}  {shown}  {state}  {open_}  {overdue}\n")
        first = False
    if as_json:
        out.write("\n]\n")
    connection.close()


if __name__ == "__main__":
    main(sys.argv[1:])
