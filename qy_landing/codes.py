"""Project codes (项目代码) and administrative division codes (行政区划代码).

A national code from the investment-project online approval platform (GB/T 40058-2021,
发改投资〔2020〕1439号) reads ``YYMM-RRRRRR-DD-TT-NNNNNN``: time code (year and month),
region code (a division code), department code, project-type code, five serial digits
and a check digit. Older codes carry the year alone (``YYYY-…``). We check

- the shape (after normalising what Chinese input methods and Excel produce: full-width
  digits and letters, full-width/en/em dashes and minus signs, spaces),
- the time code (month 01–12; or, in the older form, a year the platform existed),
- the region code against Gansu's official division codes (``data/gansu_divisions.tsv``,
  with its source and date), and
- that the region belongs to the project's landing unit (:class:`RegionRule`).

The check digit is not checked: its algorithm is not public. Projects without a
national code yet get a local one, ``QY-2026-0001``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qy_landing.errors import Msg

NATIONAL_CODE = re.compile(r"^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$")
LOCAL_CODE = re.compile(r"^[A-Z]{2,6}-\d{4}-\d{1,8}$")
PROVINCE = "620000"
# The online approval platform issues codes since 2014; the older YYYY form was replaced
# by YYMM (发改投资〔2020〕1439号), so a year-form code from far later is a typing error.
FIRST_YEAR = 2014
LAST_YEAR_FORM = 2029
# How wide a unit's project codes may reach beyond the unit's own division.
SCOPES = ("county", "city", "province")

# Dashes and minus signs NFKC leaves alone; all mean the ASCII hyphen in a code.
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−⁃﹘﹣－"), "-")


@dataclass(frozen=True)
class Division:
    """One administrative division of Gansu."""

    code: str
    level: str  # province | prefecture | county
    name: str
    name_en: str

    @property
    def prefecture(self) -> str:
        """The code of the prefecture this division lies in (itself for a prefecture)."""
        return PROVINCE if self.level == "province" else f"{self.code[:4]}00"

    def localize(self, lang: str) -> str:
        return f"{self.code} {self.name if lang == 'zh' else self.name_en}"


@cache
def divisions() -> dict[str, Division]:
    """Gansu's division codes (province, 14 prefectures, 86 county-level divisions)."""
    text = resources.files("qy_landing").joinpath("data/gansu_divisions.tsv").read_text("utf-8")
    found: dict[str, Division] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, level, name, name_en = line.split("\t")
        found[code] = Division(code, level, name, name_en)
    return found


def division(code: str) -> Division | None:
    return divisions().get(code)


def counties_of(prefecture: str) -> list[Division]:
    return [d for d in divisions().values() if d.level == "county" and d.prefecture == prefecture]


@dataclass(frozen=True)
class SeedUnit:
    name: str
    name_en: str
    code: str
    kind: str


# The units that carry targets from the start: Qingyang's 8 counties/districts and the
# 3 city-managed industrial parks (their codes are local, not division codes).
SEED_UNITS = (
    SeedUnit("西峰区", "Xifeng District", "621002", "county"),
    SeedUnit("庆城县", "Qingcheng County", "621021", "county"),
    SeedUnit("环县", "Huan County", "621022", "county"),
    SeedUnit("华池县", "Huachi County", "621023", "county"),
    SeedUnit("合水县", "Heshui County", "621024", "county"),
    SeedUnit("正宁县", "Zhengning County", "621025", "county"),
    SeedUnit("宁县", "Ning County", "621026", "county"),
    SeedUnit("镇原县", "Zhenyuan County", "621027", "county"),
    SeedUnit(
        "庆阳经济技术开发区",
        "Qingyang Economic and Technological Development Zone",
        "QY-P1",
        "park",
    ),
    SeedUnit(
        "庆阳高新技术产业开发区", "Qingyang High-tech Industrial Development Zone", "QY-P2", "park"
    ),
    SeedUnit("长庆桥工业集中区", "Changqingqiao Industrial Cluster", "QY-P3", "park"),
)


# --- normalising and parsing ---------------------------------------------------------------------


# ASCII digits and capitals in parts joined by single dashes: what normalising leaves alone
_NORMAL_CODE = re.compile(r"[0-9A-Z]+(?:-[0-9A-Z]+)*")


def normalize_code(text: str) -> str:
    """The code as it must be stored: ASCII digits and letters, ``-`` between the parts.

    Full-width characters (``２６０３－…``), en/em dashes and minus signs typed with a Chinese
    input method or pasted from Excel become ASCII; spaces around dashes disappear, and a
    national code typed with spaces instead of dashes (``2603 621022 04 01 123456``) gets
    its dashes. Letters of a local code are upper-cased.
    """
    if _NORMAL_CODE.fullmatch(text):  # already as stored (what scripts pass): at once
        return text
    value = unicodedata.normalize("NFKC", str(text)).translate(_DASHES)
    value = re.sub(r"\s*-\s*", "-", value.strip())
    parts = value.split()
    if len(parts) == 5 and [len(p) for p in parts] == [4, 6, 2, 2, 6]:
        value = "-".join(parts)
    return value.upper()


@dataclass(frozen=True)
class NationalCode:
    time: str
    region: str
    department: str
    kind: str
    serial: str

    @property
    def text(self) -> str:
        return "-".join((self.time, self.region, self.department, self.kind, self.serial))

    def with_region(self, region: str) -> str:
        return "-".join((self.time, region, self.department, self.kind, self.serial))


@dataclass(frozen=True)
class RegionRule:
    """Which region codes a landing unit's projects may carry.

    ``division`` is the unit's own division code (a county's ``621022``), or None for units
    that have none (parks, city departments, enterprises, offices); ``home`` are the
    prefectures the office works in (those of its county units). ``scope``: ``county`` —
    only county-level codes (the unit's own, or any in ``home`` for a unit without a
    division); ``city`` — also the prefecture's code (``621000``); ``province`` — also
    ``620000``. Offices set it per unit (``[codes] region_scope`` in qy-landing.toml).
    """

    unit: str
    division: str | None = None
    scope: str = "county"
    home: tuple[str, ...] = ()

    def allowed(self) -> list[str]:
        """The region codes this unit's projects may carry, narrowest first."""
        own = division(self.division) if self.division else None
        if own is not None and own.level == "county":
            codes = [own.code]
            prefectures = [own.prefecture]
        else:
            prefectures = [own.code] if own is not None else list(self.home)
            codes = [c.code for p in prefectures for c in counties_of(p)]
            if not codes:  # an office without county units: any county of Gansu
                prefectures = [d.code for d in divisions().values() if d.level == "prefecture"]
                codes = [d.code for d in divisions().values() if d.level == "county"]
            if own is not None and own.level in ("prefecture", "province"):
                codes = [own.code, *codes]
        if self.scope in ("city", "province"):
            codes += [p for p in prefectures if p not in codes]
        if self.scope == "province" and PROVINCE not in codes:
            codes.append(PROVINCE)
        return codes


def _shape(example: str | None = None) -> Msg:
    from qy_landing.errors import Msg

    return Msg("code.shape.national", example=example or "2603-621022-04-01-123456")


def parse_national(value: str) -> NationalCode | None:
    """The parts of a normalised national code, or None if it does not have that shape."""
    match = NATIONAL_CODE.match(value)
    return NationalCode(*match.groups()) if match else None


def check_time(code: NationalCode) -> None:
    """Month 01–12 (``YYMM``, from 2014) or, in the older form, a year 2014–2029."""
    from qy_landing.errors import Msg, ProjectCodeError

    year_2, month = int(code.time[:2]), int(code.time[2:])
    if 1 <= month <= 12 and 2000 + year_2 >= FIRST_YEAR:
        return
    if FIRST_YEAR <= int(code.time) <= LAST_YEAR_FORM:
        return
    example = code.with_region(code.region)
    if 1 <= month <= 12:
        problem = Msg("code.time_early", time=code.time, year=2000 + year_2, first=FIRST_YEAR)
        example = f"26{code.time[2:]}" + example[4:]
    else:
        problem = Msg("code.month", time=code.time, month=code.time[2:], first=FIRST_YEAR)
        example = f"{code.time[:2]}01" + example[4:]
    raise ProjectCodeError(code.text, problem, _shape(example))


def check_region(code: NationalCode, rule: RegionRule | None = None) -> Division:
    """The code's region must be a Gansu division and, given a ``rule``, allowed by it."""
    from qy_landing.errors import Msg, ProjectCodeError

    region = code.region
    found = division(region)
    if found is None:
        if not region.startswith("62"):
            problem = Msg("code.region_outside", region=region)
            example = code.with_region(rule.allowed()[0] if rule else "621022")
            raise ProjectCodeError(code.text, problem, _shape(example))
        prefecture = division(f"{region[:4]}00")
        if prefecture is not None and prefecture.level == "prefecture":
            near = [d.code for d in counties_of(prefecture.code)] or [prefecture.code]
            problem = Msg("code.region_unknown_in", region=region, prefecture=prefecture, near=near)
        else:
            problem = Msg("code.region_unknown", region=region)
        fallback = near[0] if prefecture is not None and prefecture.level == "prefecture" else None
        example = code.with_region(rule.allowed()[0] if rule else (fallback or "621022"))
        raise ProjectCodeError(code.text, problem, _shape(example))
    if rule is None:
        return found
    allowed = rule.allowed()
    if region in allowed:
        return found
    example = code.with_region(allowed[0])
    if found.level != "county" and _wider_would_fit(found, rule):
        problem = Msg("code.region_wider", region=found, unit=rule.unit, allowed=allowed)
    else:
        problem = Msg("code.region_mismatch", region=found, unit=rule.unit, allowed=allowed)
    raise ProjectCodeError(code.text, problem, _shape(example))


def _wider_would_fit(found: Division, rule: RegionRule) -> bool:
    """Would a wider scope for the unit accept this city- or province-level code?"""
    return found.code in RegionRule(rule.unit, rule.division, "province", rule.home).allowed()


def classify_code(code: str, rule: RegionRule | None = None) -> str:
    """``"national"`` or ``"local"`` for a normalised code; raises ProjectCodeError saying why."""
    return check_code(code, rule)[1]


def check_code(text: str, rule: RegionRule | None = None) -> tuple[str, str]:
    """The normalised code and its kind (``national`` | ``local``), or ProjectCodeError."""
    from qy_landing.errors import Msg, ProjectCodeError

    value = normalize_code(text)
    national = parse_national(value)
    if national is not None:
        check_time(national)
        check_region(national, rule)
        return value, "national"
    if LOCAL_CODE.match(value):
        return value, "local"
    raise ProjectCodeError(str(text).strip(), Msg("code.bad_shape"), Msg("expect.project_code"))


def home_prefectures(unit_codes: Iterable[str | None]) -> tuple[str, ...]:
    """The prefectures of the office's county units, from their division codes."""
    found = {division(c) for c in unit_codes if c}
    return tuple(sorted({d.prefecture for d in found if d is not None and d.level == "county"}))
