"""Units: names and codes are unique."""

from __future__ import annotations

import pytest


def test_units_without_code_can_be_added_one_after_another(ctx):
    """Two new units without a code do not clash with each other (only names and codes do)."""
    from qy_landing.errors import DuplicateError
    from qy_landing.services import units

    units.add_unit(ctx, "市招商促进中心", kind="office")
    units.add_unit(ctx, "市委督查室", kind="department")
    with pytest.raises(DuplicateError):
        units.add_unit(ctx, "市委督查室", kind="department")
    with pytest.raises(DuplicateError):
        units.add_unit(ctx, "新园区", code="621022", kind="park")
