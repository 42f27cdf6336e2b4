"""Risk heat-map cells and exposure per phase."""

from __future__ import annotations

import pytest

from roadmap.config import DEFAULTS
from roadmap.views import heatmap, risk_exposure


@pytest.fixture
def risky(make_graph, base_needs, milestone, need):
    return make_graph(
        *base_needs,
        milestone("MS-A", 1, 2),
        milestone("MS-B", 5, 6, phase="PH-2"),
        need("RSK-1", "risk", likelihood=4, impact=5, threatens=["MS-A"]),
        need("RSK-2", "risk", likelihood=4, impact=5, threatens=["MS-A", "MS-B"]),
        need("RSK-3", "risk", likelihood=1, impact=2, threatens=["PH-2"]),
        need("RSK-4", "risk", likelihood=2, impact=3, threatens=["MS-B"]),
        need("RSK-X", "risk", likelihood=7, impact=3, threatens=["MS-B"]),  # off the scale
        need("RSK-Y", "risk", impact=3, threatens=["MS-B"]),  # no likelihood
    )


def test_every_cell_exists_and_each_scored_risk_is_in_exactly_one(risky):
    cells = heatmap.heatmap_cells(risky)
    assert set(cells) == {(x, y) for x in range(1, 6) for y in range(1, 6)}
    placed = [r.id for c in cells.values() for r in c.risks]
    assert sorted(placed) == ["RSK-1", "RSK-2", "RSK-3", "RSK-4"]
    assert [r.id for r in cells[(4, 5)].risks] == ["RSK-1", "RSK-2"]
    assert cells[(4, 5)].score == 20 and cells[(4, 5)].band == "critical"
    assert [r.id for r in heatmap.unscored_risks(risky)] == ["RSK-X", "RSK-Y"]


def test_four_bands_follow_the_settings():
    """The bands of risk-management.md: low 1-4, medium 5-9, high 10-14, critical 15-25."""
    assert [DEFAULTS.band(s) for s in (1, 4, 5, 9, 10, 14, 15, 25)] == [
        "low", "low", "medium", "medium", "high", "high", "critical", "critical"]
    assert DEFAULTS.band(DEFAULTS.high_risk_threshold) == "high"
    assert [DEFAULTS.band_range(b) for b, _ in DEFAULTS.risk_bands] == [
        (1, 4), (5, 9), (10, 14), (15, 25)]


def test_cells_of_one_phase(risky):
    cells = heatmap.heatmap_cells(risky, phase="PH-1")
    assert sorted(r.id for c in cells.values() for r in c.risks) == ["RSK-1", "RSK-2"]


def test_exposure_per_phase_counts_a_risk_in_every_phase_it_bears_on(risky):
    rows = {row.phase.id: row for row in risk_exposure.exposure_by_phase(risky)}
    assert list(rows) == ["PH-1", "PH-2"]
    assert [r.id for r in rows["PH-1"].risks] == ["RSK-1", "RSK-2"]
    assert rows["PH-1"].exposure == 40 and rows["PH-1"].top == 20
    assert [r.id for r in rows["PH-1"].high] == ["RSK-1", "RSK-2"]
    # PH-2: RSK-2 (20), RSK-4 (6), RSK-3 (2, threatens the phase itself); unscored add 0
    assert [r.id for r in rows["PH-2"].risks][:3] == ["RSK-2", "RSK-4", "RSK-3"]
    assert rows["PH-2"].exposure == 28
    assert [r.id for r in rows["PH-2"].high] == ["RSK-2"]
