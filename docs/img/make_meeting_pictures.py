"""Draw the dispatch meeting's screenshots for docs/guide.md (SVG exported by Textual).

    python docs/img/make_meeting_pictures.py

Builds the small meeting office of the tests (clock 2026-11-10) in a temporary SQLite
database, opens ``qy-landing meeting`` at 80×24 in Chinese and English, and saves the
main screen and the commitment form as ``meeting-*.svg`` beside this script.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))  # the tests' sample office

from qy_landing.cli.meeting_app import meeting_app  # noqa: E402
from qy_landing.clock import FixedClock  # noqa: E402
from qy_landing.services.context import Context  # noqa: E402
from qy_landing.services.setup import init_database  # noqa: E402
from tests.meeting_office import build_meeting_office  # noqa: E402


async def shoot(ctx: Context, lang: str) -> None:
    app = meeting_app(ctx, lang, "2026-11", person="张伟")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        app.save_screenshot(f"meeting-{lang}.svg", str(HERE))
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*("办理用地预审" if lang == "zh" else "Land pre-review"))
        await pilot.pause()
        app.save_screenshot(f"meeting-form-{lang}.svg", str(HERE))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/meeting.db"
        ctx = Context.open(url, actor="王芳", clock=FixedClock.on(date(2026, 11, 10)))
        init_database(ctx)
        build_meeting_office(ctx)
        for lang in ("zh", "en"):
            asyncio.run(shoot(ctx, lang))
        ctx.db.dispose()


if __name__ == "__main__":
    main()
