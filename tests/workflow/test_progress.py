"""Procedure progress by approval stage and by level."""

from __future__ import annotations

from qy_landing.workflow.definition import definition_files, load_definition
from qy_landing.workflow.progress import Progress, progress_of

STANDARD = next(load_definition(p) for p in definition_files() if p.stem == "standard")


def test_progress_counts_done_and_total_per_stage_and_level() -> None:
    """Approved and waived count as done; the level is the procedure's, the stage the step's."""
    progress = progress_of(
        STANDARD,
        [
            ("approval", "provincial", "approved"),  # approved by the province (a case)
            ("land_prereview", "provincial", "waived"),
            ("eia_form", "city", "submitted"),
            ("construction_permit", "county", "pending"),
        ],
    )
    assert progress.by_stage == {
        "project_land": [2, 2],
        "engineering": [0, 1],
        "construction": [0, 1],
    }
    assert progress.by_level == {"provincial": [2, 2], "city": [0, 1], "county": [0, 1]}
    assert (progress.done, progress.total) == (2, 4)


def test_unknown_steps_count_by_level_only() -> None:
    """A step the definition does not know (an old version's) still counts at its level."""
    progress = progress_of(STANDARD, [("gone", "county", "approved")])
    assert progress.by_stage["project_land"] == [0, 0]
    assert progress.by_level["county"] == [1, 1]


def test_labels_and_merge() -> None:
    """Labels name only what applies, in zh and en; merging adds the counts."""
    one = progress_of(STANDARD, [("filing", "county", "approved")])
    two = progress_of(STANDARD, [("eia_form", "city", "pending")])
    one.merge(two)
    assert one.label("zh") == "立项用地规划许可 1/1 · 工程建设许可 0/1；市级 0/1 · 县级 1/1"
    assert one.label("en") == (
        "project, land and planning permits 1/1 · engineering permits 0/1; city 0/1 · county 1/1"
    )
    assert Progress().label("en") == "—"
    assert one.as_dict()["by_stage"]["engineering"] == {"done": 0, "total": 1}
