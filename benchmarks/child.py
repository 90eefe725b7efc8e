"""One measurement in a process of its own: ``python -m benchmarks.child SPEC_JSON``.

The spec names the side (``ours``, ``baseline`` or ``writer``: one xlsx writer of
:mod:`benchmarks.writers`),
the scenario, the database URL and the scenario's parameters. The process prints one line
``BENCH-RESULT {json}`` with the timed seconds, the counts the scenario reports and the
process's peak resident memory (everything it ever held, imports included).

Peak memory is ``VmHWM`` of ``/proc/self/status``, not ``ru_maxrss``: Linux carries the
parent's high-water mark into a forked child across ``exec``, so ``ru_maxrss`` of a small
child started by a large parent reports the parent's size.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path
from typing import Any

MARKER = "BENCH-RESULT "


def run(spec: dict[str, Any]) -> dict[str, Any]:
    if spec["side"] == "ours":
        from benchmarks.ours import SCENARIOS
    elif spec["side"] == "writer":
        from benchmarks.writers import SCENARIOS
    else:
        from benchmarks.baselines import SCENARIOS
    function = SCENARIOS[spec["scenario"]]
    profile = spec.get("profile")
    if profile:
        # pyinstrument (``pip install pyinstrument``): a statistical profile of the whole
        # scenario, setup included, written as text and HTML next to the results
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        seconds, info = function(spec["url"], spec.get("params", {}))
        profiler.stop()
        Path(profile + ".txt").write_text(
            profiler.output_text(unicode=True, color=False, show_all=False)
        )
        Path(profile + ".html").write_text(profiler.output_html())
    else:
        seconds, info = function(spec["url"], spec.get("params", {}))
    return {"seconds": seconds, "info": info, "rss_mb": round(peak_rss_kb() / 1024, 1)}


def peak_rss_kb() -> int:
    """This process's peak resident set size in KiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str]) -> int:
    spec = json.loads(argv[1])
    result = run(spec)
    sys.stdout.write(MARKER + json.dumps(result, default=str) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
