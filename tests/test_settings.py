"""The project settings: each declared once (default, type, reader, help), and every value
the roadmap cannot use refused with one located line, by the build and the command line
alike, never converted silently and never a traceback."""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sphinxproject

from roadmap import cli
from roadmap.config import (
    AS_OF_VARIABLE,
    DEFAULTS,
    SETTINGS,
    Settings,
    SettingsError,
    assignment_line,
    settings_from,
)

RULE = "[roadmap.settings]"


def test_every_field_of_settings_is_one_declared_setting() -> None:
    declared = dataclasses.fields(Settings)
    assert [s.name for s in SETTINGS] == [f.name for f in declared]
    for spec in SETTINGS:
        assert spec.description and spec.expects, spec.name
        # the default is a value its own reader accepts as it is
        assert spec.reader.read(spec.default) == getattr(DEFAULTS, spec.name), spec.name


def test_the_defaults_are_the_settings_of_an_empty_conf_py() -> None:
    # today is the one setting resolved when read: None means the build's own date
    read = settings_from({}, {"ROADMAP_TODAY": "2025-11-12"})
    assert dataclasses.replace(read, today=None) == DEFAULTS
    assert read.today == read.build_date == date(2025, 11, 12)
    assert settings_from({}).today == date.today() == DEFAULTS.build_date
    assert DEFAULTS.calendar.start.isoformat() == DEFAULTS.calendar_start


# (setting, a value of the wrong type or range, what the line says is expected)
BAD_VALUES: list[tuple[str, Any, str]] = [
    ("high_risk_threshold", "10", "expected a whole number from 1 to 25 (got a string)"),
    ("high_risk_threshold", True, "expected a whole number from 1 to 25 (got a bool)"),
    ("high_risk_threshold", 10.0, "(got a float)"),
    ("high_risk_threshold", 30, "expected a whole number from 1 to 25"),
    ("high_risk_threshold", 12, "expected the lowest score of one of roadmap_risk_bands"),
    ("risk_bands", [("low", 1), ("high", 10)], "(got a list)"),
    ("risk_bands", ("low", 1), "the entry 'low' is not a (name, lowest score) pair"),
    ("risk_bands", (("low", "1"), ("high", 10)), "the band 'low' starts at '1'"),
    ("risk_bands", (("low", 1), ("high", 10), ("x", 5)), "the scores [1, 10, 5] do not "
                                                           "increase"),
    ("risk_bands", (), "(no band)"),
    ("risk_bands", ((1, 1), ("high", 10)), "the band name 1 is not a string"),
    ("focus_factor", float("nan"), "expected a number above 0 and at most 1"),
    ("focus_factor", math.inf, "expected a number above 0 and at most 1"),
    ("focus_factor", "0.8", "(got a string)"),
    ("focus_factor", False, "(got a bool)"),
    ("focus_factor", 0, "expected a number above 0 and at most 1"),
    ("focus_factor", 1.1, "expected a number above 0 and at most 1"),
    ("checkpoint_prefix", 3, "expected a string (got an int)"),
    ("calendar_start", "2025-10-07", "'2025-10-07' is a Tuesday; week 1 starts on a Monday"),
    ("calendar_start", "6 Oct 2025", "is not a date (YYYY-MM-DD)"),
    ("calendar_start", 20251006, "(got an int)"),
    ("non_working", [("2025-12-22", "2026-01-02", "Freeze")], "(got a list)"),
    ("non_working", (("2025-12-22", "2026-01-02"),), "is not a (first day, last day, name) "
                                                      "triple"),
    ("non_working", (("2026-01-02", "2025-12-22", "Freeze"),), "ends on 2025-12-22 before"),
    ("non_working", (("2025-12-22", "2026-01-02", None),), "holds a value that is not a string"),
    ("baseline", None, "(got None)"),
    ("as_of", "6", "expected a whole number from 0 to 10000 (got a string)"),
    ("as_of", True, "(got a bool)"),
    ("as_of", -1, "expected a whole number from 0 to 10000"),
    ("site_url", "roadmap.example", "expected an http:// or https:// address"),
    ("site_url", ["https://x/"], "(got a list)"),
    ("site_url", "https://x.example/\n[needs]", "(it holds a line break or a control "
                                                 "character)"),
    ("site_url", 'https://x.example/"onload="', "(it holds a space, a quote or an angle "
                                                "bracket)"),
    ("checkpoint_prefix", "MS-\x1b[31m", "(it holds a line break or a control character)"),
    ("as_of", 1022, "expected a program week of the calendar (0 to 520) (it lies after the "
                    "last program week, week 520)"),
    ("review_ledger", 1, "expected a string (got an int)"),
    ("release", "yes", "expected True or False (got a string)"),
    ("release", 1, "expected True or False (got an int)"),
    ("review_base", None, "expected a string (got None)"),
    ("health_stale_weeks", 53, "expected a whole number from 0 to 52"),
    ("health_stale_weeks", "2", "(got a string)"),
    ("today", "12 Nov 2025", "expected a date as a string YYYY-MM-DD, or None (not a date)"),
    ("today", 20251112, "(got an int)"),
]


@pytest.mark.parametrize(("name", "value", "expected"), BAD_VALUES,
                         ids=[f"{n}={v!r}" for n, v, _ in BAD_VALUES])
def test_a_value_the_roadmap_cannot_use_is_one_line(name: str, value: Any,
                                                    expected: str) -> None:
    with pytest.raises(SettingsError) as refused:
        settings_from({f"roadmap_{name}": value})
    line = str(refused.value)
    assert line.startswith(f"{RULE} roadmap_{name} = {value!r}: "), line
    assert expected in line and "\n" not in line, line


# ROADMAP_AS_OF (a week or a date) -> what the line says
BAD_AS_OF: list[tuple[str, str]] = [
    ("\u00b2", "expected a program week (a whole number from 0 to 10000) or a date"),
    ("-3", "or a date (YYYY-MM-DD) from 2025-10-06 on"),
    ("2025-01-01", "(a date before week 1)"),
    ("99999", "a whole number from 0 to 10000"),
    ("next week", "in place of roadmap_as_of"),
    ("2040-01-06", "(it lies after the last program week, week 520)"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_AS_OF, ids=[t for t, _ in BAD_AS_OF])
def test_a_bad_as_of_in_the_environment_is_one_line(text: str, expected: str) -> None:
    with pytest.raises(SettingsError) as refused:
        settings_from({}, {AS_OF_VARIABLE: text})
    line = str(refused.value)
    assert line.startswith(f"{RULE} {AS_OF_VARIABLE} = {text!r}: ") and expected in line


def test_good_values_are_kept_as_the_settings_hold_them() -> None:
    read = settings_from({"roadmap_focus_factor": 1, "roadmap_site_url": "https://x.example",
                          "roadmap_as_of": 3},
                         {AS_OF_VARIABLE: "2025-10-15"})
    assert read.focus_factor == 1.0 and isinstance(read.focus_factor, float)
    assert read.site_url == "https://x.example/"
    assert read.as_of == 2  # the environment's date wins over conf.py's week
    overridden = settings_from({"roadmap_review_base": "base.json"},
                               {"ROADMAP_RELEASE": "1", "ROADMAP_REVIEW_BASE": "origin/main"})
    assert overridden.release is True and overridden.review_base == "origin/main"
    today = settings_from({"roadmap_today": "2025-11-12"}, {"SOURCE_DATE_EPOCH": "0"})
    assert today.today == date(2025, 11, 12)  # conf.py's date wins over the epoch
    pinned = settings_from({"roadmap_today": "2025-11-12"}, {"ROADMAP_TODAY": "2025-12-01"})
    assert pinned.today == date(2025, 12, 1)  # the environment's wins over conf.py's


def test_a_bad_today_in_the_environment_is_one_line_at_roadmap_today(tmp_path: Path) -> None:
    conf = tmp_path / "conf.py"
    conf.write_text('project = "x"\nroadmap_today = None\n', encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        settings_from({}, {"ROADMAP_TODAY": "last week"}, conf_file=conf)
    assert str(refused.value) == (f"{conf}:2: {RULE} ROADMAP_TODAY = 'last week': expected "
                                  "a date (YYYY-MM-DD)")


CONF = """\
project = "x"
roadmap_as_of = 0
roadmap_as_of: int = 4  # the last assignment is the one Python keeps
roadmap_high_risk_threshold = (
    "10")
"""


def test_the_line_of_a_setting_is_its_last_assignment_in_conf_py(tmp_path: Path) -> None:
    conf = tmp_path / "conf.py"
    conf.write_text(CONF, encoding="utf-8")
    assert assignment_line(conf, "roadmap_as_of") == 3
    assert assignment_line(conf, "roadmap_high_risk_threshold") == 4
    assert assignment_line(conf, "roadmap_site_url") is None
    assert assignment_line(tmp_path / "none.py", "roadmap_as_of") is None
    with pytest.raises(SettingsError) as refused:
        settings_from({"roadmap_high_risk_threshold": "10"}, conf_file=conf)
    assert str(refused.value).startswith(
        f"{conf}:4: {RULE} roadmap_high_risk_threshold = '10': expected a whole number")
    with pytest.raises(SettingsError) as refused:
        settings_from({}, {AS_OF_VARIABLE: "-3"}, conf_file=conf)
    assert str(refused.value).startswith(f"{conf}:3: {RULE} ROADMAP_AS_OF = '-3': ")


def test_the_command_line_exits_2_with_the_one_line(tmp_path: Path, repo_root: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("ubproject.toml", "schemas.json"):
        (tmp_path / name).write_text((repo_root / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    conf = (repo_root / "conf.py").read_text(encoding="utf-8")
    assert "\nroadmap_focus_factor = 0.8\n" in conf
    (tmp_path / "conf.py").write_text(conf.replace(
        "\nroadmap_focus_factor = 0.8\n", "\nroadmap_focus_factor = float('nan')\n"),
        encoding="utf-8")
    (tmp_path / "needs.json").write_text('{"current_version": "1", "versions": {"1": '
                                         '{"needs": {}}}}', encoding="utf-8")
    code = cli.main(["check", str(tmp_path / "needs.json"), "--project", str(tmp_path)])
    err = capsys.readouterr().err
    line = assignment_line(tmp_path / "conf.py", "roadmap_focus_factor")
    assert code == 2 and err == (
        f"error: {tmp_path / 'conf.py'}:{line}: {RULE} roadmap_focus_factor = nan: "
        "expected a number above 0 and at most 1\n")


# --- the build: one warning line, at conf.py's line, and nothing else -------------------
BUILD_CASES = {
    "a string for a number": ('roadmap_high_risk_threshold = "10"', {},
                              "roadmap_high_risk_threshold = '10': expected a whole number"),
    "a list for a tuple of pairs": ('roadmap_risk_bands = [("low", 1), ("high", 10)]', {},
                                    "roadmap_risk_bands = [('low', 1), ('high', 10)]: "
                                    "expected a tuple of (name, lowest score) pairs"),
    "a bad ROADMAP_AS_OF": ("roadmap_as_of = 0", {AS_OF_VARIABLE: "\u00b2"},
                            "ROADMAP_AS_OF = '\u00b2': expected a program week"),
}


@pytest.mark.parametrize("case", sorted(BUILD_CASES))
def test_the_build_warns_once_at_the_line_of_the_setting(
        case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    setting, environ, expected = BUILD_CASES[case]
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    built = sphinxproject.build(tmp_path, {}, conf_extra=f"\n{setting}\n")
    conf = Path(built.app.srcdir) / "conf.py"
    line = assignment_line(conf, setting.split(" ")[0])
    lines = built.warning_lines()
    assert len(lines) == 1, lines  # Sphinx's own type check adds no second line
    assert lines[0].startswith(f"{conf}:{line}: WARNING: {RULE} {expected}"), lines[0]
    assert "Traceback" not in built.warnings + built.status
    assert "Extension error" not in built.warnings + built.status


def test_suppress_warnings_silences_the_setting_warning(tmp_path: Path) -> None:
    built = sphinxproject.build(tmp_path, {}, conf_extra='\nroadmap_as_of = "six"\n'
                                'suppress_warnings = ["roadmap.settings"]\n')
    assert built.warning_lines() == []
