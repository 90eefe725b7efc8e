"""Project codes (项目代码) and administrative division codes (行政区划代码).

A national code from the investment-project online approval platform reads
``YYMM-RRRRRR-DD-TT-NNNNNN`` (older ones ``YYYY-…``). We check its shape and that its
region segment is in Gansu; the check digit's algorithm is not public, so it is not
checked. Projects without a national code yet get a local one, ``QY-2026-0001``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NATIONAL_CODE = re.compile(r"^\d{4}-(\d{6})-\d{2}-\d{2}-\d{6}$")
LOCAL_CODE = re.compile(r"^[A-Z]{2,6}-\d{4}-\d{1,8}$")

# Prefectures of Gansu (first four digits of a region code).
GANSU_PREFECTURES = {
    "6200": "甘肃省",
    "6201": "兰州市",
    "6202": "嘉峪关市",
    "6203": "金昌市",
    "6204": "白银市",
    "6205": "天水市",
    "6206": "武威市",
    "6207": "张掖市",
    "6208": "平凉市",
    "6209": "酒泉市",
    "6210": "庆阳市",
    "6211": "定西市",
    "6212": "陇南市",
    "6229": "临夏回族自治州",
    "6230": "甘南藏族自治州",
}


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


def is_gansu_region(region: str) -> bool:
    return len(region) == 6 and region.isdigit() and region[:4] in GANSU_PREFECTURES


def classify_code(code: str) -> str:
    """``"national"`` or ``"local"``; raises InvalidValueError naming both accepted forms."""
    from qy_landing.errors import InvalidValueError, Msg

    value = code.strip()
    match = NATIONAL_CODE.match(value)
    if match:
        if not is_gansu_region(match.group(1)):
            raise InvalidValueError(
                "project_code", value, Msg("expect.gansu_region", region=match.group(1))
            )
        return "national"
    if LOCAL_CODE.match(value):
        return "local"
    raise InvalidValueError("project_code", value, Msg("expect.project_code"))
