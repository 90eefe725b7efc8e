"""The demo database: a year of a landing office's work, reproducible from a seed.

:func:`build_demo` writes a fictional but realistic year into an empty database
**through the library's own API** (``services.*``): units and people, 492 projects over
the 8 counties/districts, 3 parks and 8 industry chains, their procedures in every status,
problems, suspensions, terminations, assignments and funds in place — replayed day by day
on a :class:`~qy_landing.clock.FixedClock` that walks from autumn 2024 to the end of
October 2026, so every audit event is recorded on the day it took effect.

As of 2026-10-31 the data reproduce the figures of the Qingyang report (DOMAIN.md)
exactly — see :data:`TARGET` and ``docs/demo.md``. They are hit by construction:

1. :func:`plan_demo` (pure, no database) decides every project up front: its cohort
   (signed in 2024/25 and already building, signed in late 2025, signed at the 30th
   Lanzhou fair, signed elsewhere in 2026), its fate (started, in progress, suspended,
   terminated), its facts (which decide its procedures) and every dated status change.
   Projects that start construction get complete schedules; the procedures they approve
   in 2026 are counted per level, and what remains of the 29/78/416 target is handed out
   to the projects still in progress, oldest first, respecting each step's dependencies.
   Amounts are spread with exact decimals (the last one takes the rounding rest).
2. :func:`build_demo` replays the plan and then measures the database with its own read
   queries (:func:`measure`); a figure that differs from the plan raises
   :class:`DemoFiguresError`, so a wrong build fails loudly.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from random import Random
from typing import TYPE_CHECKING, Any

from qy_landing.calendar import WorkCalendar
from qy_landing.clock import OFFICE_TZ, Clock, FixedClock
from qy_landing.errors import InvalidValueError, LandingError, Msg

if TYPE_CHECKING:
    from qy_landing.services.context import Context
    from qy_landing.workflow.definition import Definition, Step

DEMO_ACTOR = "qy-landing-demo"
DEFAULT_SEED = 2026
DEFAULT_AS_OF = date(2026, 10, 31)
DEFAULT_FILE = "qy-landing-demo.db"
FAIR = "第三十届兰洽会"

# The first and last working days on which the demo's history happens.
SETUP_DAY = date(2024, 9, 30)
LAST_DAY = date(2026, 10, 30)

ProgressCallback = Callable[[str, int, int], None]


# --- figures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """The headline figures of a period (``start`` … ``end``), as the statistics define them.

    signed: projects whose ``signed_on`` lies in the period, and their contract amount;
    fair: the same for signing event 第三十届兰洽会; handled_*: procedures whose
    ``approved_on`` lies in the period, by the procedure's level; started: projects whose
    ``started_on`` lies in the period (and how many of them are major); funds: out-of-province
    funds in place received in the period, and in the same period one year earlier.
    """

    start: date
    end: date
    signed: int
    signed_amount: Decimal
    fair: int
    fair_amount: Decimal
    handled_provincial: int
    handled_city: int
    handled_county: int
    started: int
    started_major: int
    funds: Decimal
    funds_last_year: Decimal

    @property
    def handled(self) -> dict[str, int]:
        return {
            "provincial": self.handled_provincial,
            "city": self.handled_city,
            "county": self.handled_county,
        }

    @property
    def funds_growth(self) -> Decimal | None:
        """Year-on-year growth of out-of-province funds, in per cent (2 decimals)."""
        if not self.funds_last_year:
            return None
        return ((self.funds / self.funds_last_year - 1) * 100).quantize(Decimal("0.01"))

    def as_dict(self) -> dict[str, Any]:
        result = asdict(self)
        for key, value in result.items():
            if isinstance(value, Decimal):
                result[key] = str(value)
            elif isinstance(value, date):
                result[key] = value.isoformat()
        growth = self.funds_growth
        result["funds_growth"] = None if growth is None else str(growth)
        return result

    def differences(self, other: Figures) -> list[tuple[str, object, object]]:
        """``(name, self's value, other's value)`` for every figure that differs."""
        mine, theirs = asdict(self), asdict(other)
        return [(k, mine[k], theirs[k]) for k in mine if mine[k] != theirs[k]]


# The figures of the Qingyang report as of the end of October 2026 (DOMAIN.md), plus the
# demo's own choices: 70 projects started in the period (54 major + 16 smaller ones), and
# last year's out-of-province funds chosen so that growth is the reported +59.50 %.
TARGET = Figures(
    start=date(2026, 1, 1),
    end=DEFAULT_AS_OF,
    signed=438,
    signed_amount=Decimal("1374.95"),
    fair=81,
    fair_amount=Decimal("950.98"),
    handled_provincial=29,
    handled_city=78,
    handled_county=416,
    started=70,
    started_major=54,
    funds=Decimal("835.76"),
    funds_last_year=Decimal("523.99"),
)


# --- errors -----------------------------------------------------------------------------------


class DemoTargetNotEmptyError(LandingError):
    """The demo is only ever written into an empty database."""

    key = "demo.error.not_empty"

    def __init__(self, url: str, projects: int, events: int) -> None:
        super().__init__(url=url, projects=projects, events=events)


class DemoFiguresError(LandingError):
    """The built database does not show the figures the plan promised (a bug)."""

    key = "demo.error.figures"

    def __init__(self, differences: list[tuple[str, object, object]]) -> None:
        text = "; ".join(f"{name}: {want} ≠ {got}" for name, want, got in differences)
        super().__init__(differences=text)


class DemoExistsError(LandingError):
    """A demo database is already there: rebuilding it needs ``reset``."""

    key = "demo.error.exists"

    def __init__(self, url: str) -> None:
        super().__init__(url=url)


class DemoNotDemoError(LandingError):
    """The target holds real data: the demo never touches it, reset or not."""

    key = "demo.error.not_demo"

    def __init__(self, url: str, projects: int) -> None:
        super().__init__(url=url, projects=projects)


class DemoForeignTargetError(LandingError):
    """The target is something else than a qy-landing database: it is left alone."""

    key = "demo.error.foreign"

    def __init__(self, url: str) -> None:
        super().__init__(url=url)


class DemoResetNotFileError(LandingError):
    """Only a demo SQLite file is deleted; a server database is dropped by its owner."""

    key = "demo.error.reset_not_file"

    def __init__(self, url: str) -> None:
        super().__init__(url=url)


class DemoPlanError(LandingError):
    """The plan could not be made to hit the figures (a bug in the generator or its data)."""

    key = "demo.error.plan"

    def __init__(self, problem: str) -> None:
        super().__init__(problem=problem)


# --- what the build reports -------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSummary:
    url: str
    seed: int
    as_of: date
    figures: Figures
    projects: int
    by_state: dict[str, int]
    by_status: dict[str, int]
    by_unit: dict[str, int]
    by_chain: dict[str, int]
    roles: dict[str, int]
    units: int
    persons: int
    supervisors: int
    problems_open: int
    problems_resolved: int
    overdue_procedures: int
    funds_records: int
    events: int
    seconds: float
    replaced: bool = False  # an older demo database was deleted first

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "seed": self.seed,
            "as_of": self.as_of.isoformat(),
            "figures": self.figures.as_dict(),
            "projects": self.projects,
            "by_state": self.by_state,
            "by_status": self.by_status,
            "by_unit": self.by_unit,
            "by_chain": self.by_chain,
            "roles": self.roles,
            "units": self.units,
            "persons": self.persons,
            "supervisors": self.supervisors,
            "problems_open": self.problems_open,
            "problems_resolved": self.problems_resolved,
            "overdue_procedures": self.overdue_procedures,
            "funds_records": self.funds_records,
            "events": self.events,
            "seconds": round(self.seconds, 1),
            "replaced": self.replaced,
        }


# --- the fictional world: units, people, names ------------------------------------------------

COUNTIES = ("西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县")
PARKS = ("庆阳经济技术开发区", "庆阳高新技术产业开发区", "长庆桥工业集中区")
PLACES = {  # how a project name refers to its place
    "庆阳经济技术开发区": "庆阳经开区",
    "庆阳高新技术产业开发区": "庆阳高新区",
    "长庆桥工业集中区": "长庆桥工业集中区",
}
# region segment of national project codes (parks register with the city's code)
REGIONS = {
    "西峰区": "621002",
    "庆城县": "621021",
    "环县": "621022",
    "华池县": "621023",
    "合水县": "621024",
    "正宁县": "621025",
    "宁县": "621026",
    "镇原县": "621027",
}

CENTER = "市招商促进中心"
LANDING_OFFICE = "市项目落地办公室"
SUPERVISION = "市委督查室"
GOVERNMENT_OFFICE = "市政府办公室"
NDRC = "市发展和改革委员会"
NATURAL_RESOURCES = "市自然资源局"
ECOLOGY = "市生态环境局"
GRID = "国网庆阳供电公司"
LIAISON = "庆阳市驻上海招商联络处"

# name, English name, kind, the office's own unit code (like the parks' QY-P1 …)
EXTRA_UNITS: tuple[tuple[str, str, str, str], ...] = (
    (CENTER, "City Investment Promotion Centre", "department", "QY-D1"),
    (LANDING_OFFICE, "City Project Landing Office", "department", "QY-D2"),
    (SUPERVISION, "Supervision Office of the City Party Committee", "department", "QY-D3"),
    (GOVERNMENT_OFFICE, "General Office of the City Government", "department", "QY-D4"),
    (NDRC, "City Development and Reform Commission", "department", "QY-D5"),
    (NATURAL_RESOURCES, "City Natural Resources Bureau", "department", "QY-D6"),
    (ECOLOGY, "City Ecology and Environment Bureau", "department", "QY-D7"),
    (GRID, "State Grid Qingyang Power Supply Company", "enterprise", "QY-E1"),
    (LIAISON, "Qingyang Liaison Office in Shanghai", "office", "QY-O1"),
)

_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
    "贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷"
)
_GIVEN = (
    "伟敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文斌辉鹏宇浩凯峰志红春晓玲芳燕林波宁彬亮"
    "海健新立成荣庆东锋瑞博琳倩婷雪梅兰松柏岩毅诚信德仁义智慧佳欣悦怡振兴旭阳晨曦治"
)

CHAIN_UNITS: dict[str, tuple[str, ...]] = {
    "energy": ("环县", "华池县", "镇原县", "庆城县", "合水县", "宁县"),
    "chemicals": ("庆城县", "华池县", "庆阳经济技术开发区", "长庆桥工业集中区", "环县", "宁县"),
    "digital": ("西峰区", "庆阳经济技术开发区", "庆阳高新技术产业开发区"),
    "equipment": ("庆阳经济技术开发区", "庆阳高新技术产业开发区", "西峰区", "长庆桥工业集中区"),
    "agriculture": ("宁县", "正宁县", "镇原县", "合水县", "庆城县", "环县"),
    "tourism": ("华池县", "正宁县", "合水县", "西峰区", "庆城县"),
    "health": ("西峰区", "庆阳高新技术产业开发区", "合水县", "正宁县"),
    "green": ("西峰区", "庆阳经济技术开发区", "长庆桥工业集中区", "镇原县"),
}
CHAIN_WEIGHTS = {
    "energy": 20,
    "chemicals": 12,
    "digital": 10,
    "equipment": 14,
    "agriculture": 18,
    "tourism": 9,
    "health": 8,
    "green": 9,
}

# Name templates per chain; {p} place, {mw} {mwh} {wt} {racks} {n} numbers from the amount.
NAMES: dict[str, tuple[str, ...]] = {
    "energy": (
        "{p} {mw}MW 风电项目",
        "{p} {mw}MW 光伏发电项目",
        "{p} {mw}MW 风光储一体化项目",
        "{p} {mw}MW/{mwh}MWh 独立共享储能电站项目",
        "{p} 分散式风电项目",
        "{p} 源网荷储一体化示范项目",
        "{p} 绿电制氢及加氢一体化项目",
    ),
    "chemicals": (
        "{p} 年产 {wt} 万吨甲醇项目",
        "{p} 油田伴生气综合利用项目",
        "{p} 年产 {wt} 万吨碳酸二甲酯项目",
        "{p} 煤层气开发利用项目",
        "{p} 年产 {wt} 万吨精细化工新材料项目",
        "{p} 液化天然气（LNG）调峰储备项目",
    ),
    "digital": (
        "{p} 算力服务器生产线项目",
        "{p} 数据标注与人工智能训练基地项目",
        "{p} 智能终端制造项目",
        "{p} 数字经济产业园项目",
        "{p} 工业互联网平台项目",
    ),
    "equipment": (
        "{p} 风电塔筒及叶片制造项目",
        "{p} 石油钻采装备制造项目",
        "{p} 光伏组件生产线项目",
        "{p} 储能电池 PACK 生产线项目",
        "{p} 新能源汽车零部件项目",
        "{p} 农机装备制造项目",
    ),
    "agriculture": (
        "{p} 年出栏 {n} 万头生猪养殖项目",
        "{p} 肉羊全产业链项目",
        "{p} {n} 万亩苹果标准化种植基地项目",
        "{p} 黄花菜精深加工项目",
        "{p} 小杂粮加工项目",
        "{p} 农产品冷链物流中心项目",
        "{p} 肉牛养殖及屠宰加工项目",
    ),
    "tourism": (
        "{p} 红色文化旅游景区提升项目",
        "{p} 周祖农耕文化旅游综合体项目",
        "{p} 乡村民宿集群项目",
        "{p} 窑洞文化体验园项目",
        "{p} 研学旅行基地项目",
    ),
    "health": (
        "{p} 中药材种植及饮片加工项目",
        "{p} 医养结合康养中心项目",
        "{p} 医疗器械生产项目",
        "{p} 中药配方颗粒生产项目",
    ),
    "green": (
        "{p} 生活垃圾焚烧发电项目",
        "{p} 工业固废综合利用项目",
        "{p} 含油污泥无害化处理项目",
        "{p} 污水处理厂提标改造项目",
        "{p} 再生资源回收利用项目",
        "{p} 秸秆综合利用项目",
    ),
}
DATA_CENTRE_NAMES = (
    "东数西算 {p} {racks} 架标准机柜数据中心项目",
    "东数西算 {p} 智算中心项目",
    "东数西算 {p} 绿色算力产业园项目",
)
CONTENTS = {
    "energy": "建设新能源发电设施及升压站、集电线路、储能系统等配套工程",
    "chemicals": "建设生产装置、储运设施及公用工程，配套安全环保设施",
    "digital": "建设生产车间、研发中心及配套设施",
    "equipment": "建设生产车间、仓储物流及配套设施，购置生产设备",
    "agriculture": "建设种养殖基地、加工车间及冷链仓储设施",
    "tourism": "建设游客服务中心、景观提升、住宿餐饮及配套设施",
    "health": "建设生产车间、康养设施及配套工程",
    "green": "建设处理车间、环保设施及配套工程",
}
DATA_CENTRE_CONTENT = (
    "建设数据中心机房、变电站、制冷系统及配套设施，纳入全国一体化算力网络庆阳枢纽节点"
)
INVESTOR_WORDS = {
    "energy": ("新能源", "能源科技", "电力", "绿色能源"),
    "chemicals": ("化工", "能源化工", "新材料", "石化科技"),
    "digital": ("数据科技", "信息技术", "云计算", "智能科技"),
    "equipment": ("装备制造", "智能装备", "机械", "新能源装备"),
    "agriculture": ("农牧", "农业科技", "食品", "现代农业"),
    "tourism": ("文化旅游", "文旅发展", "旅游开发"),
    "health": ("医药", "健康产业", "生物科技"),
    "green": ("环保科技", "环境工程", "再生资源"),
}
PROVINCES = (
    ("北京", 12),
    ("上海", 10),
    ("广东", 10),
    ("浙江", 10),
    ("江苏", 9),
    ("陕西", 12),
    ("山东", 7),
    ("四川", 6),
    ("天津", 4),
    ("湖北", 4),
    ("河南", 4),
    ("甘肃", 14),
)
SUFFIXES = ("有限公司", "有限公司", "集团有限公司", "股份有限公司")

# 2026 signings other than the fair: (event, day, how many); the rest are signed day by day.
EVENTS_2026 = (
    ("庆阳市2026年一季度重点项目集中签约活动", date(2026, 3, 18), 40),
    ("2026年长三角（上海）招商推介会", date(2026, 4, 22), 25),
    ("2026年粤港澳大湾区（深圳）招商推介会", date(2026, 5, 20), 22),
    ("全国一体化算力网络庆阳枢纽节点推介会", date(2026, 6, 10), 12),
    ("2026年京津冀（北京）招商推介会", date(2026, 9, 9), 20),
    ("庆阳市2026年三季度重点项目集中签约活动", date(2026, 9, 24), 45),
)
FAIR_DAYS = (date(2026, 7, 6), date(2026, 7, 7), date(2026, 7, 8), date(2026, 7, 9))
DAILY_MONTH_WEIGHTS = (6, 4, 12, 12, 12, 10, 6, 9, 12, 8)  # January … October

# Realistic reasons, problems and notes.
WAIVE_WORKSHOP = {
    "land_prereview": "租用园区标准化厂房，不涉及新增用地，无需办理用地预审",
    "construction_planning": "利用已建标准化厂房实施，不新建建筑物，无需办理规划许可",
    "soil_water": "不新增扰动地表，免于编报水土保持方案",
}
WAIVE_PARK_SOIL = "园区已完成水土保持区域评估，实行告知承诺制"
WAIVE_EIA_REGISTRATION = "属环境影响登记表类项目，网上备案即可，无需审批"
REJECT_NOTES = {
    "eia_form": "环评报告表需补充大气环境影响预测内容，退回修改",
    "eia_report": "环评报告书需补充地下水环境影响评价专章，退回修改",
    "land_prereview": "选址与国土空间规划不符，退回重新论证",
    "drawing_review": "施工图消防设计不符合规范，退回修改",
    "filing": "备案信息与可研报告不一致，退回补正",
    "energy_review": "节能报告需补充能效对标分析，退回修改",
    "soil_water": "水土保持方案需补充弃渣场设计，退回修改",
}
SUSPEND_REASONS = (
    "投资方资金链紧张，项目暂缓推进",
    "项目用地涉及生态保护红线，待国土空间规划调整",
    "企业调整建设方案，暂停手续办理",
    "上游原料供应协议未落实，暂缓实施",
)
RESUME_REASONS = (
    "建设方案已确定，恢复推进",
    "投资方融资到位，恢复推进",
    "国土空间规划调整已获批，恢复办理",
)
TERMINATE_REASONS = (
    "投资方战略调整，双方协商解除投资协议",
    "项目选址无法避让生态保护红线，终止实施",
    "企业经营困难，无力继续投资，终止合作",
)
# text, resolution, owner: "direct" (the project's direct-responsible person) or a unit
PROBLEMS = (
    (
        "项目用地涉及基本农田，需调整选址",
        "已协调自然资源部门调整选址至工业用地范围",
        NATURAL_RESOURCES,
    ),
    ("电网接入容量不足，110kV 变电站间隔未落实", "供电公司已同意预留间隔，接入方案已批复", GRID),
    ("企业资本金未按期到位", "投资方已追加注册资本金，首期资金到账", "direct"),
    ("征地涉及群众补偿诉求未解决", "县政府召开协调会，补偿协议全部签订", "direct"),
    ("环评需等待区域污染物总量削减方案", "市生态环境局已下达总量指标", ECOLOGY),
    ("使用林地手续需报省林草局审批，进度缓慢", "省林草局已批复使用林地", NATURAL_RESOURCES),
    ("施工图审查需补充消防专篇", "设计单位已补充消防专篇并通过审查", "direct"),
    ("项目用水指标未落实", "县水务局已调剂解决用水指标", "direct"),
    ("天然气供气管线接入未协调", "已与燃气公司签订供气协议", "direct"),
    ("能耗指标需省级统筹解决", "省发展改革委已下达能耗指标", NDRC),
    ("文物勘探尚未完成", "县文物部门已完成勘探，未发现文物", "direct"),
    ("项目公司尚未完成注册，无法申报手续", "项目公司已在当地注册成立", "direct"),
)
FUNDS_NOTES = ("设备采购款", "工程进度款", "土地出让金", "股东注资", "银行贷款到位")


# --- the plan ---------------------------------------------------------------------------------


@dataclass
class _Move:
    on: date
    status: str
    note: str | None = None


@dataclass
class _Problem:
    text: str
    owner: str | None
    opened_on: date
    resolved_on: date | None = None
    resolution: str | None = None


@dataclass
class _Funds:
    on: date
    amount: Decimal
    out_of_province: bool
    note: str
    weight: float = 0.0


@dataclass
class _PersonPlan:
    name: str
    unit: str
    title: str
    supervisor: bool = False
    email: str | None = None
    wecom: str | None = None
    channel: str = "console"

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.unit}"


@dataclass
class _People:
    persons: list[_PersonPlan]
    heads: dict[str, _PersonPlan]
    deputies: dict[str, _PersonPlan]
    center_head: _PersonPlan
    chiefs: list[_PersonPlan]
    commissioners: list[_PersonPlan]
    commissioner_of: dict[str, _PersonPlan]
    office_head: _PersonPlan
    by_unit: dict[str, _PersonPlan]


@dataclass
class _Project:
    index: int
    cohort: str  # continuing | carry | fair | y2026
    fate: str  # started | progress | suspended | terminated
    profile: (
        str  # basic | basic_energy | workshop | newland | bigenergy | hazardous | listed | dc | any
    )
    chain: str
    unit: str
    signed_on: date
    signing_event: str | None
    major: bool
    workflow: str = "standard"
    new_land: bool = False
    hazardous: bool = False
    approval_listed: bool = False
    eia_full: bool = False
    energy_tce: float | None = None
    weight: float = 1.0
    amount: Decimal = Decimal(0)
    code: str = ""
    name: str = ""
    investor: str = ""
    description: str = ""
    planned_start_on: date | None = None
    steps: list[Step] = field(default_factory=list)
    moves: dict[str, list[_Move]] = field(default_factory=dict)
    start_on: date | None = None
    suspend_on: date | None = None
    suspend_reason: str = ""
    resume_on: date | None = None
    resume_reason: str = ""
    terminate_on: date | None = None
    terminate_reason: str = ""
    first_responsible: list[str] = field(default_factory=list)
    direct_responsible: list[str] = field(default_factory=list)
    commissioner: str = ""
    actor: str = ""
    lead_chief: str = ""
    lead_on: date | None = None  # None: named when the project is registered
    handover: tuple[date, str, str] | None = None  # (on, new commissioner, old commissioner)
    problems: list[_Problem] = field(default_factory=list)
    funds: list[_Funds] = field(default_factory=list)

    def facts(self) -> dict[str, Any]:
        return {
            "new_land": self.new_land,
            "hazardous": self.hazardous,
            "approval_listed": self.approval_listed,
            "eia_full": self.eia_full,
            "major": self.major,
            "energy_tce": self.energy_tce,
            "amount": self.amount,
        }

    @property
    def window_end(self) -> date:
        """The last day procedures can move (before suspension, termination or the cut-off)."""
        for stop in (self.terminate_on, self.suspend_on if self.resume_on is None else None):
            if stop is not None:
                return stop
        return LAST_DAY

    def approvals(self) -> Iterable[tuple[str, date]]:
        for key, moves in self.moves.items():
            for move in moves:
                if move.status == "approved":
                    yield key, move.on


@dataclass
class DemoPlan:
    seed: int
    people: _People
    projects: list[_Project]

    def expected(self, as_of: date) -> Figures:
        """The figures the plan promises for 1 January … ``as_of`` of ``as_of``'s year."""
        start = date(as_of.year, 1, 1)
        last_start, last_end = date(as_of.year - 1, 1, 1), _year_earlier(as_of)
        signed = [p for p in self.projects if start <= p.signed_on <= as_of]
        fair = [p for p in signed if p.signing_event == FAIR]
        handled = {"provincial": 0, "city": 0, "county": 0}
        for p in self.projects:
            if p.signed_on > as_of:
                continue
            levels = {s.key: s.level for s in p.steps}
            for key, on in p.approvals():
                if start <= on <= as_of:
                    handled[levels[key]] += 1
        started = [p for p in self.projects if p.start_on and start <= p.start_on <= as_of]
        funds = [f for p in self.projects for f in p.funds if f.out_of_province]
        return Figures(
            start=start,
            end=as_of,
            signed=len(signed),
            signed_amount=sum((p.amount for p in signed), Decimal("0.00")),
            fair=len(fair),
            fair_amount=sum((p.amount for p in fair), Decimal("0.00")),
            handled_provincial=handled["provincial"],
            handled_city=handled["city"],
            handled_county=handled["county"],
            started=len(started),
            started_major=sum(1 for p in started if p.major),
            funds=sum((f.amount for f in funds if start <= f.on <= as_of), Decimal("0.00")),
            funds_last_year=sum(
                (f.amount for f in funds if last_start <= f.on <= last_end), Decimal("0.00")
            ),
        )


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


class _Days:
    """Working-day arithmetic for the plan (the official calendar, no office overrides)."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar

    def add(self, day: date, n: int) -> date:
        return self.calendar.add_workdays(day, n)

    def next(self, day: date) -> date:
        return self.calendar.next_workday(day)

    def between(self, start: date, end: date) -> int:
        return self.calendar.workdays_between(start, end)

    def pick(self, rng: Random, first: date, last: date) -> date:
        """A random working day in ``first`` … ``last`` (``first``'s next working day at least)."""
        start = self.next(first)
        span = max(0, self.between(start, last))
        return self.add(start, rng.randint(0, span))


def _weighted(rng: Random, options: Sequence[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _spread(
    weights: Sequence[float],
    total: Decimal,
    quantum: Decimal = Decimal("0.01"),
    minimum: Decimal = Decimal("0.05"),
) -> list[Decimal]:
    """``total`` split in proportion to ``weights``, exactly (the largest share takes the rest)."""
    whole = sum(weights)
    if not weights or whole <= 0:
        raise DemoPlanError("nothing to spread an amount over")
    shares = [
        max(minimum, (total * Decimal(w) / Decimal(whole)).quantize(quantum)) for w in weights
    ]
    largest = max(range(len(shares)), key=lambda i: shares[i])
    shares[largest] += total - sum(shares)
    if shares[largest] < minimum:
        raise DemoPlanError(f"cannot spread {total} over {len(weights)} shares")
    return shares


# --- people -----------------------------------------------------------------------------------


def _plan_people(rng: Random) -> _People:
    used: set[str] = set()

    def name() -> str:
        while True:
            surname = rng.choice(_SURNAMES)
            given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.75 else "")
            candidate = surname + given
            if candidate not in used and len(set(candidate)) == len(candidate):
                used.add(candidate)
                return candidate

    persons: list[_PersonPlan] = []
    counter = [0]

    def add(unit: str, title: str, *, supervisor: bool = False) -> _PersonPlan:
        counter[0] += 1
        number = counter[0]
        person = _PersonPlan(name(), unit, title, supervisor=supervisor)
        # Fictional addresses under the reserved ".example" domain; most reminders go to
        # the console, some by e-mail or WeCom as an office would configure them.
        person.email = f"user{number:03d}@qingyang.example"
        if number % 5 == 0:
            person.channel = "email"
        elif number % 7 == 0:
            person.channel = "wecom"
            person.wecom = f"qy{number:03d}"
        persons.append(person)
        return person

    heads: dict[str, _PersonPlan] = {}
    deputies: dict[str, _PersonPlan] = {}
    for unit in (*COUNTIES, *PARKS):
        if unit in PARKS:
            heads[unit] = add(unit, "管委会主任")
            deputies[unit] = add(unit, "管委会副主任（分管招商引资）")
        elif unit.endswith("区"):
            heads[unit] = add(unit, "区长")
            deputies[unit] = add(unit, "副区长（分管招商引资）")
        else:
            heads[unit] = add(unit, "县长")
            deputies[unit] = add(unit, "副县长（分管招商引资）")
    center_head = add(CENTER, "主任")
    add(CENTER, "副主任")
    chiefs = [
        add(CENTER, f"{section}科长")
        for section in ("招商一科", "招商二科", "招商三科", "招商四科", "重大项目科")
    ]
    office_head = add(LANDING_OFFICE, "主任")
    commissioners = [add(LANDING_OFFICE, "落地专员") for _ in range(6)]
    add(SUPERVISION, "主任", supervisor=True)
    add(GOVERNMENT_OFFICE, "督查科科长", supervisor=True)
    by_unit = {
        unit: add(unit, title)
        for unit, title in (
            (NDRC, "投资科科长"),
            (NATURAL_RESOURCES, "耕地保护科科长"),
            (ECOLOGY, "环评科科长"),
            (GRID, "发展策划部主任"),
            (LIAISON, "主任"),
        )
    }
    units = [*COUNTIES, *PARKS]
    commissioner_of = {unit: commissioners[i % len(commissioners)] for i, unit in enumerate(units)}
    return _People(
        persons,
        heads,
        deputies,
        center_head,
        chiefs,
        commissioners,
        commissioner_of,
        office_head,
        by_unit,
    )


# --- projects ---------------------------------------------------------------------------------

_STARTED_PROFILES = {
    "continuing": ["dc"] * 2
    + ["newland"] * 3
    + ["bigenergy"] * 3
    + ["hazardous"]
    + ["basic_energy"] * 3,
    "carry": ["dc"] * 2
    + ["newland"] * 6
    + ["bigenergy"] * 2
    + ["hazardous"]
    + ["listed"] * 2
    + ["workshop"] * 8
    + ["basic"] * 9
    + ["basic_energy"] * 4,
    "fair": ["workshop"] * 3 + ["basic", "basic_energy", "newland"],
    "y2026": ["dc"] * 2
    + ["newland"] * 4
    + ["bigenergy"] * 2
    + ["hazardous"]
    + ["listed"] * 2
    + ["workshop"] * 8
    + ["basic"] * 7
    + ["basic_energy"] * 4,
}
# (cohort) -> how many started projects are not major
_STARTED_MINOR = {"continuing": 0, "carry": 4, "fair": 0, "y2026": 12}
_COHORT_TOTALS = {"continuing": Decimal("1816.40"), "carry": Decimal("598.70")}


def _profile_chain(rng: Random, profile: str) -> str:
    if profile == "dc":
        return "digital"
    if profile in ("bigenergy", "hazardous"):
        return "chemicals"
    if profile == "listed":
        return "energy"
    if profile == "workshop":
        return rng.choice(("equipment", "equipment", "health", "digital", "agriculture", "green"))
    if profile == "newland":
        return rng.choice(("energy", "chemicals", "equipment", "agriculture", "green", "tourism"))
    return _weighted(rng, list(CHAIN_WEIGHTS.items()))


def _chain_unit(rng: Random, chain: str, profile: str) -> str:
    if profile == "workshop":
        return rng.choice((*PARKS, "西峰区"))
    if rng.random() < 0.8:
        return rng.choice(CHAIN_UNITS[chain])
    return rng.choice(COUNTIES + PARKS)


def _apply_profile(rng: Random, p: _Project) -> None:
    profile = p.profile
    if profile == "dc":
        p.workflow = "data_center"
        p.energy_tce = float(rng.randrange(20000, 90000, 500))
        return
    if profile == "newland":
        p.new_land = True
        p.energy_tce = rng.choice((None, 600.0, 2400.0))
    elif profile == "bigenergy":
        p.eia_full = True
        p.energy_tce = float(rng.randrange(12000, 60000, 500))
    elif profile == "hazardous":
        p.hazardous = True
        p.eia_full = True
        p.energy_tce = float(rng.randrange(3000, 9500, 100))
    elif profile == "listed":
        p.approval_listed = True
    elif profile == "basic_energy":
        p.energy_tce = float(rng.randrange(1200, 9000, 100))
    elif profile in ("basic", "workshop"):
        p.energy_tce = rng.choice((None, None, 350.0, 800.0))
    elif profile == "any":
        roll = rng.random()
        p.new_land = roll < 0.15
        p.eia_full = rng.random() < 0.1 or (p.chain == "chemicals" and rng.random() < 0.4)
        p.hazardous = p.chain == "chemicals" and rng.random() < 0.3
        p.approval_listed = p.chain == "energy" and rng.random() < 0.25
        energy = rng.random()
        if energy < 0.5:
            p.energy_tce = None
        elif energy < 0.7:
            p.energy_tce = float(rng.randrange(100, 1000, 50))
        elif energy < 0.93:
            p.energy_tce = float(rng.randrange(1000, 10000, 100))
        else:
            p.energy_tce = float(rng.randrange(10000, 40000, 500))


def _daily_dates(rng: Random, days: _Days, count: int) -> list[date]:
    """Signing days of projects signed outside events, spread over January … October 2026."""
    months = rng.choices(range(1, 11), weights=DAILY_MONTH_WEIGHTS, k=count)
    result = []
    for month in months:
        first = date(2026, month, 5 if month == 1 else 1)
        last = (date(2026, month + 1, 1) - timedelta(days=1)) if month < 10 else date(2026, 10, 28)
        result.append(days.pick(rng, first, last))
    return result


def _plan_projects(rng: Random, days: _Days) -> list[_Project]:
    projects: list[_Project] = []

    def new(
        cohort: str,
        fate: str,
        profile: str,
        signed_on: date,
        event: str | None,
        major: bool,
        chain: str | None = None,
    ) -> _Project:
        if cohort == "continuing" and profile in ("newland", "basic_energy"):
            chain = "energy" if profile == "newland" else rng.choice(("energy", "equipment"))
        chain = chain or _profile_chain(rng, profile)
        unit = _chain_unit(rng, chain, profile)
        if profile == "dc":
            unit = rng.choice(("西峰区", "庆阳经济技术开发区", "庆阳高新技术产业开发区"))
        project = _Project(
            len(projects), cohort, fate, profile, chain, unit, signed_on, event, major
        )
        _apply_profile(rng, project)
        projects.append(project)
        return project

    def started_profiles(cohort: str) -> list[tuple[str, bool]]:
        profiles = list(_STARTED_PROFILES[cohort])
        rng.shuffle(profiles)
        small = [i for i, pr in enumerate(profiles) if pr in ("basic", "workshop", "basic_energy")]
        minor = set(rng.sample(small, _STARTED_MINOR[cohort]))
        return [(pr, i not in minor) for i, pr in enumerate(profiles)]

    # 1. Continuing projects (续建): signed in late 2024, building since 2025.
    for profile, major in started_profiles("continuing"):
        signed = days.pick(rng, date(2024, 10, 8), date(2025, 1, 17))
        event = "庆阳市2024年四季度重点项目集中签约活动" if rng.random() < 0.5 else None
        p = new("continuing", "started", profile, signed, event, major)
        p.weight = rng.uniform(80, 260)
        p.start_on = days.add(signed, rng.randint(95, 150))

    # 2. Signed in the second half of 2025: most start construction in 2026.
    carry_dates = sorted(days.pick(rng, date(2025, 8, 1), date(2025, 12, 19)) for _ in range(42))
    carry_fates = ["started"] * 34 + ["progress"] * 6 + ["suspended", "terminated"]
    rng.shuffle(carry_fates)
    started = iter(started_profiles("carry"))
    for signed, fate in zip(carry_dates, carry_fates, strict=True):
        event = (
            "庆阳市2025年四季度重点项目集中签约活动"
            if signed.month in (10, 11) and rng.random() < 0.6
            else None
        )
        if fate == "started":
            profile, major = next(started)
        else:
            profile, major = "any", rng.random() < 0.5
        p = new("carry", fate, profile, signed, event, major)
        p.weight = rng.uniform(6, 30) if major else rng.uniform(1, 5)
        if fate == "started":
            low = max(days.add(signed, 80), date(2026, 2, 2))
            p.start_on = days.pick(rng, low, date(2026, 10, 28))

    # 3. The 30th Lanzhou fair (兰洽会), early July 2026: 81 projects, most of the amount.
    fair_fates = ["started"] * 6 + ["terminated"] + ["suspended"] * 3 + ["progress"] * 71
    rng.shuffle(fair_fates)
    fair_started = iter(started_profiles("fair"))
    giants = 0
    for fate in fair_fates:
        signed = rng.choice(FAIR_DAYS)
        if fate == "started":
            profile, major = next(fair_started)
            p = new("fair", fate, profile, signed, FAIR, major)
            p.weight = rng.uniform(8, 20)
            p.start_on = days.pick(rng, date(2026, 9, 14), date(2026, 10, 28))
            continue
        if giants < 2:
            p = new("fair", fate, "dc", signed, FAIR, True)
        elif giants < 6:  # the fair's largest signings: energy and chemical bases
            p = new("fair", fate, "any", signed, FAIR, True, rng.choice(("energy", "chemicals")))
        else:
            p = new("fair", fate, "any", signed, FAIR, False)
        giants += 1
        if giants <= 6:
            p.weight = rng.uniform(60, 110)
        elif giants <= 30:
            p.weight = rng.uniform(12, 25)
        else:
            p.weight = rng.uniform(2, 9)
        p.major = p.weight >= 5

    # 4. The other 2026 signings: events and day-by-day signings.
    early: list[tuple[str | None, date]] = []
    late: list[tuple[str | None, date]] = []
    for event, day, count in EVENTS_2026:
        (early if day <= date(2026, 5, 31) else late).extend([(event, day)] * count)
    for day in _daily_dates(rng, days, 357 - sum(c for _, _, c in EVENTS_2026)):
        (early if day <= date(2026, 5, 15) else late).append((None, day))
    rng.shuffle(early)
    y_started = started_profiles("y2026")
    y_other = ["progress"] * (len(early) + len(late) - len(y_started))
    slots_started = early[: len(y_started)]  # signed by 20 May: time enough to start
    rest = early[len(y_started) :] + late
    rng.shuffle(rest)
    # terminated and suspended projects were signed early enough to have a history
    early_enough = [i for i, (_, day) in enumerate(rest) if day <= date(2026, 8, 20)]
    for n, i in enumerate(rng.sample(early_enough, 9)):
        y_other[i] = "terminated" if n < 3 else "suspended"
    for (profile, major), (event, signed) in zip(y_started, slots_started, strict=True):
        p = new("y2026", "started", profile, signed, event, major)
        p.weight = rng.uniform(3, 8) if major else rng.uniform(0.3, 1.5)
        p.start_on = days.pick(
            rng, days.add(signed, 60), min(days.add(signed, 140), date(2026, 10, 28))
        )
    data_centres = 2
    for fate, (event, signed) in zip(y_other, rest, strict=True):
        chain = (
            "digital"
            if event == "全国一体化算力网络庆阳枢纽节点推介会" and rng.random() < 0.7
            else None
        )
        if chain and data_centres and fate == "progress":
            data_centres -= 1
            p = new("y2026", fate, "dc", signed, event, True)
            p.weight = rng.uniform(5, 10)
            continue
        p = new("y2026", fate, "any", signed, event, False, chain)
        p.major = rng.random() < 0.08
        p.weight = rng.uniform(3, 8) if p.major else rng.uniform(0.15, 1.6)
    return projects


def _assign_amounts(projects: list[_Project]) -> None:
    groups: dict[str, list[_Project]] = {}
    for p in projects:
        key = p.cohort if p.cohort in ("continuing", "carry", "fair") else "y2026"
        groups.setdefault(key, []).append(p)
    totals = {
        **_COHORT_TOTALS,
        "fair": TARGET.fair_amount,
        "y2026": TARGET.signed_amount - TARGET.fair_amount,
    }
    for key, members in groups.items():
        for p, amount in zip(
            members, _spread([p.weight for p in members], totals[key]), strict=True
        ):
            p.amount = amount


def _name_project(rng: Random, p: _Project, taken: set[str]) -> None:
    place = PLACES.get(p.unit, p.unit)
    amount = float(p.amount)
    numbers = {
        "p": place,
        "mw": max(20, round(amount * 16 / 10) * 10),
        "mwh": max(40, round(amount * 32 / 10) * 10),
        "wt": max(5, round(amount * 2)),
        "racks": max(1000, round(amount * 3.5) * 100),
        "n": max(1, round(amount * 0.8)),
    }
    templates = DATA_CENTRE_NAMES if p.workflow == "data_center" else NAMES[p.chain]
    base = rng.choice(templates).format(**numbers)
    name = base
    for phase in ("（二期）", "（三期）", "（四期）", "（扩建）", "（续建）"):
        if name not in taken:
            break
        name = base.replace("项目", phase + "项目") if "项目" in base else base + phase
    serial = 2
    while name in taken:
        name = f"{base}（{serial}）"
        serial += 1
    taken.add(name)
    p.name = name
    province = _weighted(rng, PROVINCES)
    word = rng.choice(INVESTOR_WORDS[p.chain])
    p.investor = f"{province}某{word}{rng.choice(SUFFIXES)}"
    content = DATA_CENTRE_CONTENT if p.workflow == "data_center" else CONTENTS[p.chain]
    p.description = f"总投资 {p.amount} 亿元，{content}。"


def _code_project(rng: Random, p: _Project, taken: set[str], local: list[int]) -> None:
    if p.cohort == "y2026" and p.signed_on >= date(2026, 8, 1) and rng.random() < 0.25:
        local[0] += 1
        p.code = f"QY-2026-{local[0]:04d}"  # no national code yet: a local one
        return
    region = REGIONS.get(p.unit, "621000")
    yymm = f"{p.signed_on.year % 100:02d}{p.signed_on.month:02d}"
    while True:
        code = (
            f"{yymm}-{region}-{rng.choice(('04', '05', '07', '89'))}-"
            f"{rng.choice(('01', '02', '03'))}-{rng.randint(0, 999999):06d}"
        )
        if code not in taken:
            taken.add(code)
            p.code = code
            return


def _assign_people(rng: Random, p: _Project, people: _People, days: _Days) -> None:
    p.first_responsible = [people.heads[p.unit].ref]
    if p.signing_event == FAIR:
        p.first_responsible.insert(0, people.center_head.ref)
    p.direct_responsible = [people.deputies[p.unit].ref]
    commissioner = people.commissioner_of[p.unit]
    p.commissioner = commissioner.ref
    p.actor = commissioner.name
    chief = {
        "energy": 0,
        "chemicals": 0,
        "digital": 1,
        "equipment": 1,
        "agriculture": 2,
        "health": 2,
        "tourism": 3,
        "green": 3,
    }[p.chain]
    if p.major and rng.random() < 0.5:
        chief = 4
    p.lead_chief = people.chiefs[chief].ref
    if p.cohort in ("fair", "y2026"):
        p.lead_on = min(days.add(p.signed_on, rng.randint(2, 8)), LAST_DAY)


# --- procedures -------------------------------------------------------------------------------


def _depths(steps: Sequence[Step]) -> dict[str, int]:
    keys = {s.key for s in steps}
    by_key = {s.key: s for s in steps}
    depth: dict[str, int] = {}

    def of(key: str) -> int:
        if key not in depth:
            deps = [d for d in by_key[key].depends_on if d in keys]
            depth[key] = 1 + max((of(d) for d in deps), default=-1)
        return depth[key]

    for s in steps:
        of(s.key)
    return depth


def _ordered(steps: Sequence[Step]) -> list[Step]:
    depth = _depths(steps)
    position = {s.key: i for i, s in enumerate(steps)}
    return sorted(steps, key=lambda s: (depth[s.key], position[s.key]))


def _approval(
    rng: Random, days: _Days, step: Step, submit: date, last: date, reject: float = 0.06
) -> list[_Move]:
    """Submitted on ``submit``, approved by ``last`` (sometimes accepted or first rejected)."""
    span = days.between(submit, last)
    if span < 1:
        raise DemoPlanError(f"no time to approve {step.key} between {submit} and {last}")
    took = min(span, max(1, round(step.limit * rng.uniform(0.35, 1.1))))
    if took >= 6 and rng.random() < reject:
        rejected = days.add(submit, rng.randint(1, took // 3))
        again = days.add(rejected, rng.randint(1, max(1, took // 3)))
        approved = days.add(submit, took)
        if again < approved:
            note = REJECT_NOTES.get(step.key, "申报材料不全，退回补正")
            return [
                _Move(submit, "submitted"),
                _Move(rejected, "rejected", note),
                _Move(again, "submitted"),
                _Move(approved, "approved"),
            ]
    moves = [_Move(submit, "submitted")]
    if took >= 3 and rng.random() < 0.45:
        moves.append(_Move(days.add(submit, rng.randint(1, min(2, took - 1))), "accepted"))
    moves.append(_Move(days.add(submit, took), "approved"))
    return moves


def _waivers(rng: Random, p: _Project) -> dict[str, str]:
    keys = {s.key for s in p.steps}
    waive: dict[str, str] = {}
    if p.profile == "workshop":
        waive.update({k: v for k, v in WAIVE_WORKSHOP.items() if k in keys})
        if "eia_form" in keys and rng.random() < 0.4:
            waive["eia_form"] = WAIVE_EIA_REGISTRATION
    elif p.unit in PARKS and "soil_water" in keys and rng.random() < 0.5:
        waive["soil_water"] = WAIVE_PARK_SOIL
    return waive


def _schedule_full(rng: Random, days: _Days, p: _Project, first: date, start: date) -> None:
    """Every procedure done (approved or waived) between ``first`` and the day before ``start``."""
    waive = _waivers(rng, p)
    depth = _depths(p.steps)
    slots = max(depth.values()) + 1
    first = days.next(first)
    total = days.between(first, start)
    width = total / slots
    if width < 3:
        raise DemoPlanError(f"{p.code}: {total} working days are too few for {slots} stages")
    for step in _ordered(p.steps):
        k = depth[step.key]
        low, high = int(k * width), int((k + 1) * width) - 1
        if step.key in waive:
            on = days.add(first, rng.randint(low, max(low, high - 1)))
            p.moves[step.key] = [_Move(on, "waived", waive[step.key])]
            continue
        submit = low + rng.randint(0, max(0, (high - low) // 3))
        submit = min(submit, high - 1)
        p.moves[step.key] = _approval(
            rng, days, step, days.add(first, submit), days.add(first, high)
        )


def _schedule_chain(
    rng: Random,
    days: _Days,
    p: _Project,
    order: Sequence[Step],
    first: date,
    last: date,
    running: Sequence[Step] = (),
) -> None:
    """Approve ``order`` one after another in ``first`` … ``last``; then ``running`` in flight."""
    first = days.next(first)
    available = days.between(first, last)
    durations = [max(1, round(s.limit * rng.uniform(0.3, 1.05))) for s in order]
    gaps = [rng.randint(0, 6) for _ in order]
    need = sum(durations) + sum(gaps) + (3 if running else 0)
    if need > available:
        scale = available / need
        durations = [max(1, int(d * scale)) for d in durations]
        gaps = [int(g * scale) for g in gaps]
    if sum(durations) + sum(gaps) > available:
        raise DemoPlanError(f"{p.code}: {len(order)} approvals do not fit in {available} days")
    offset = 0
    for step, took, gap in zip(order, durations, gaps, strict=True):
        submit = offset + gap
        approved = submit + took
        moves = [_Move(days.add(first, submit), "submitted")]
        if took >= 3 and rng.random() < 0.4:
            moves.append(_Move(days.add(first, submit + 1), "accepted"))
        if took >= 6 and rng.random() < 0.06:
            note = REJECT_NOTES.get(step.key, "申报材料不全，退回补正")
            rejected = submit + max(1, took // 3)
            moves = [
                moves[0],
                _Move(days.add(first, rejected), "rejected", note),
                _Move(days.add(first, rejected + 1), "submitted"),
            ]
        moves.append(_Move(days.add(first, approved), "approved"))
        p.moves[step.key] = moves
        offset = approved
    for step in running:
        room = available - offset
        if room < 2:
            return
        if rng.random() < 0.55:  # submitted recently: still within its time limit
            submit = max(offset + 1, available - rng.randint(1, step.limit + 2))
        else:  # submitted a while ago: by now often overdue
            submit = offset + rng.randint(1, min(room - 1, 25))
        on = days.add(first, submit)
        moves = [_Move(on, "submitted")]
        roll = rng.random()
        after = available - submit
        if roll < 0.22 and after >= 2:
            note = REJECT_NOTES.get(step.key, "申报材料不全，退回补正")
            moves.append(
                _Move(days.add(on, rng.randint(1, min(after, step.limit))), "rejected", note)
            )
        elif roll < 0.55 and after >= 1:
            moves.append(_Move(days.add(on, rng.randint(1, min(after, 3))), "accepted"))
        p.moves[step.key] = moves


def _candidates(p: _Project) -> list[Step]:
    """Steps a project still in progress may have approved: all but its last one."""
    order = _ordered(p.steps)
    return [s for s in order[:-1] if s.key not in p.moves]


def _eligible(p: _Project, step: Step, done: set[str]) -> bool:
    keys = {s.key for s in p.steps}
    return all(d in done for d in step.depends_on if d in keys)


def _plan_partial(
    rng: Random, days: _Days, p: _Project, count: int, first: date, last: date
) -> None:
    """A fixed partial history: the first ``count`` eligible steps approved, one in flight."""
    done: set[str] = set()
    order: list[Step] = []
    for step in _candidates(p):
        if len(order) >= count:
            break
        if _eligible(p, step, done):
            order.append(step)
            done.add(step.key)
    running = [s for s in _candidates(p) if s.key not in done and _eligible(p, s, done)][:1]
    _schedule_chain(rng, days, p, order, first, last, running)


def _handled(projects: Iterable[_Project], start: date, end: date) -> dict[str, int]:
    counts = {"provincial": 0, "city": 0, "county": 0}
    for p in projects:
        levels = {s.key: s.level for s in p.steps}
        for key, on in p.approvals():
            if start <= on <= end:
                counts[levels[key]] += 1
    return counts


def _allocate(
    rng: Random, days: _Days, flexible: list[_Project], remaining: dict[str, int]
) -> dict[int, list[Step]]:
    """Hand out the approvals still needed, oldest projects first, dependencies respected."""
    allocated: dict[int, list[Step]] = {p.index: [] for p in flexible}
    done: dict[int, set[str]] = {
        p.index: {k for k, m in p.moves.items() if m[-1].status in ("approved", "waived")}
        for p in flexible
    }
    capacity: dict[int, int] = {}
    wish: dict[int, int] = {}
    for p in flexible:
        first = p.resume_on or p.signed_on
        room = days.between(first, p.window_end)
        capacity[p.index] = max(0, room // 4)
        wish[p.index] = min(capacity[p.index], int(room / 90 * rng.uniform(0.0, 2.0)))

    def take(p: _Project) -> bool:
        if len(allocated[p.index]) >= capacity[p.index]:
            return False
        for step in _candidates(p):
            if step.key in done[p.index] or remaining[step.level] <= 0:
                continue
            if _eligible(p, step, done[p.index]):
                allocated[p.index].append(step)
                done[p.index].add(step.key)
                remaining[step.level] -= 1
                return True
        return False

    shuffled = list(flexible)
    rng.shuffle(shuffled)
    for p in shuffled:
        while len(allocated[p.index]) < wish[p.index] and take(p):
            pass
    order = sorted(flexible, key=lambda p: (p.signed_on, p.index))
    while any(remaining.values()):
        progressed = [take(p) for p in order]  # every project gets its turn
        if not any(progressed):
            break
    if any(remaining.values()):
        raise DemoPlanError(f"approvals left over after allocation: {remaining}")
    return allocated


# --- problems and funds -----------------------------------------------------------------------


def _plan_problems(rng: Random, days: _Days, p: _Project, people: _People) -> None:
    first = days.add(p.signed_on, 5)
    end = p.start_on or p.window_end
    room = days.between(first, end)
    if room < 15 or p.fate == "terminated":
        return

    def owner(kind: str) -> str:
        return p.direct_responsible[0] if kind == "direct" else people.by_unit[kind].ref

    text, resolution, kind = rng.choice(PROBLEMS)
    if p.fate == "started":
        if rng.random() < 0.35:
            opened = days.add(first, rng.randint(0, room // 2))
            closed = days.add(opened, rng.randint(3, max(3, days.between(opened, end) - 1)))
            p.problems.append(_Problem(text, owner(kind), opened, min(closed, end), resolution))
        return
    roll = rng.random()
    if p.fate == "suspended" and p.resume_on is None:
        p.problems.append(_Problem(text, owner(kind), days.add(first, rng.randint(0, room - 5))))
    elif roll < 0.13 + min(0.2, room / 1500):
        p.problems.append(_Problem(text, owner(kind), days.add(first, rng.randint(0, room - 3))))
    elif roll < 0.25 + min(0.2, room / 1500):
        opened = days.add(first, rng.randint(0, room // 2))
        closed = days.add(opened, rng.randint(3, max(3, days.between(opened, end) - 1)))
        p.problems.append(_Problem(text, owner(kind), opened, min(closed, end), resolution))


def _plan_funds(rng: Random, days: _Days, projects: list[_Project]) -> None:
    """Monthly funds in place; out-of-province sums hit this year's and last year's targets."""
    this_start, this_end = TARGET.start, TARGET.end
    last_start, last_end = date(2025, 1, 1), _year_earlier(TARGET.end)
    fractions = {
        "continuing": (0.55, 0.8),
        "carry": (0.3, 0.55),
        "fair": (0.12, 0.3),
        "y2026": (0.12, 0.35),
    }
    for p in projects:
        if p.fate == "started":
            low, high = fractions[p.cohort]
            begin = (
                p.signed_on + timedelta(days=45)
                if p.cohort == "continuing"
                else max(
                    p.signed_on + timedelta(days=30), (p.start_on or LAST_DAY) - timedelta(days=75)
                )
            )
        elif (
            p.fate == "progress"
            and p.major
            and p.signed_on <= date(2026, 7, 31)
            and rng.random() < 0.35
        ):
            low, high = 0.02, 0.06
            begin = p.signed_on + timedelta(days=40)
        else:
            continue
        months = []
        cursor = date(begin.year, begin.month, 1)
        while cursor <= date(2026, 10, 1):
            if rng.random() < 0.8:
                months.append(cursor)
            cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        if not months:
            continue
        target = float(p.amount) * rng.uniform(low, high)
        weights = [rng.uniform(0.5, 1.5) for _ in months]
        scale = target / sum(weights)
        out_of_province = not p.investor.startswith("甘肃")
        for month, w in zip(months, weights, strict=True):
            last = date(month.year + month.month // 12, month.month % 12 + 1, 1) - timedelta(days=1)
            on = days.pick(rng, max(month, begin), min(last, LAST_DAY))
            if on > LAST_DAY or on < p.signed_on:
                continue
            p.funds.append(
                _Funds(on, Decimal(0), out_of_province, rng.choice(FUNDS_NOTES), w * scale)
            )
    # Records outside the two compared periods keep their planned size (and so do in-province
    # ones); the out-of-province records of each period are filled up to its exact total,
    # no project ever receiving more than 90 % of its amount (water-filling, last year first).
    periods = ((last_start, last_end, TARGET.funds_last_year), (this_start, this_end, TARGET.funds))

    def compared(f: _Funds) -> bool:
        return f.out_of_province and any(s <= f.on <= e for s, e, _ in periods)

    for p in projects:
        for f in p.funds:
            if not compared(f):
                f.amount = max(Decimal("0.01"), Decimal(f.weight).quantize(Decimal("0.01")))
    for start, end, total in periods:
        members = {
            p.index: [f for f in p.funds if f.out_of_province and start <= f.on <= end]
            for p in projects
        }
        room = {
            p.index: max(0.0, float(p.amount) * 0.9 - float(sum(f.amount for f in p.funds)))
            for p in projects
            if members[p.index]
        }
        shares = _fill({i: sum(f.weight for f in members[i]) for i in room}, room, float(total))
        chosen = [
            (f, shares[i] * f.weight / sum(g.weight for g in members[i]))
            for i in room
            for f in members[i]
        ]
        exact = _spread([w for _, w in chosen], total, minimum=Decimal("0.01"))
        for (record, _), amount in zip(chosen, exact, strict=True):
            record.amount = amount
    for p in projects:
        if sum((f.amount for f in p.funds), Decimal(0)) > p.amount:
            raise DemoPlanError(f"{p.code}: funds in place exceed the contract amount")
        p.funds.sort(key=lambda f: f.on)


def _fill(
    weights: Mapping[int, float], room: Mapping[int, float], total: float
) -> dict[int, float]:
    """``total`` shared in proportion to ``weights``, no one getting more than its ``room``."""
    if sum(room.values()) < total * 1.001:
        raise DemoPlanError(f"funds of {total:.2f} do not fit in the projects' amounts")
    shares: dict[int, float] = {}
    active = {i for i, w in weights.items() if w > 0 and room[i] > 0}
    left = total
    while active:
        scale = left / sum(weights[i] for i in sorted(active))
        full = {i for i in active if scale * weights[i] > room[i] * 0.995}
        if not full:
            shares.update({i: scale * weights[i] for i in sorted(active)})
            return shares
        for i in sorted(full):
            shares[i] = room[i] * 0.995
            left -= shares[i]
        active -= full
    raise DemoPlanError(f"funds of {total:.2f} do not fit in the projects' amounts")


# --- the whole plan ---------------------------------------------------------------------------


def plan_demo(
    seed: int, definitions: Mapping[str, Definition], calendar: WorkCalendar | None = None
) -> DemoPlan:
    """Decide every unit, person, project and dated change of the demo (no database)."""
    rng = Random(seed)
    days = _Days(calendar or WorkCalendar())
    people = _plan_people(rng)
    projects = _plan_projects(rng, days)
    _assign_amounts(projects)
    names: set[str] = set()
    codes: set[str] = set()
    local = [0]
    for p in projects:
        _name_project(rng, p, names)
        _code_project(rng, p, codes, local)
        _assign_people(rng, p, people, days)
        p.planned_start_on = p.start_on or days.add(p.signed_on, rng.randint(60, 130))
        p.steps = definitions[p.workflow].applicable_steps(p.facts())
    # side moves first: they bound the windows in which procedures can move
    for p in projects:
        if p.fate == "terminated":
            p.terminate_on = days.pick(
                rng,
                days.add(p.signed_on, 15),
                max(days.add(p.signed_on, 16), min(days.add(p.signed_on, 120), LAST_DAY)),
            )
            p.terminate_on = min(p.terminate_on, LAST_DAY)
            p.terminate_reason = rng.choice(TERMINATE_REASONS)
        elif p.fate == "suspended":
            age = days.between(p.signed_on, LAST_DAY)
            p.suspend_reason = rng.choice(SUSPEND_REASONS)
            if p.cohort in ("fair", "y2026") and age > 80 and rng.random() < 0.5:
                p.suspend_on = days.add(p.signed_on, rng.randint(3, 10))
                p.resume_on = days.add(p.suspend_on, rng.randint(15, 35))
                p.resume_reason = rng.choice(RESUME_REASONS)
            else:
                p.suspend_on = days.add(p.signed_on, max(10, int(age * rng.uniform(0.5, 0.85))))
    # fixed histories: started projects and the 2025 projects still in progress
    for p in projects:
        first = days.add(p.signed_on, rng.randint(2, 6))
        if p.fate == "started":
            assert p.start_on is not None
            _schedule_full(rng, days, p, first, p.start_on)
        elif p.cohort in ("carry", "continuing"):
            count = {"terminated": 3, "suspended": 4}.get(p.fate, rng.randint(3, 6))
            _plan_partial(rng, days, p, count, first, days.add(p.window_end, -1))
        elif p.fate == "terminated":
            _plan_partial(rng, days, p, rng.randint(0, 1), first, days.add(p.window_end, -1))
    # the approvals still needed go to the 2026 projects in progress
    used = _handled(projects, TARGET.start, TARGET.end)
    remaining = {level: TARGET.handled[level] - used[level] for level in used}
    if any(v < 0 for v in remaining.values()):
        raise DemoPlanError(f"started projects alone approve too much: {used}")
    flexible = [
        p for p in projects if p.cohort in ("fair", "y2026") and p.fate in ("progress", "suspended")
    ]
    for p in flexible:
        if p.unit in PARKS and "soil_water" in {s.key for s in p.steps} and rng.random() < 0.3:
            first = days.add(p.resume_on or p.signed_on, rng.randint(2, 8))
            if first < p.window_end:
                p.moves["soil_water"] = [_Move(first, "waived", WAIVE_PARK_SOIL)]
    allocated = _allocate(rng, days, flexible, remaining)
    for p in flexible:
        order = allocated[p.index]
        done = {k for k, m in p.moves.items() if m[-1].status == "waived"} | {s.key for s in order}
        running: list[Step] = []
        if rng.random() < 0.55:
            pending = [s for s in _candidates(p) if s.key not in done and _eligible(p, s, done)]
            running = pending[: 2 if rng.random() < 0.2 else 1]
        first = days.add(p.resume_on or p.signed_on, rng.randint(2, 10))
        last = days.add(p.window_end, -1)
        if first >= last:
            if order:
                raise DemoPlanError(f"{p.code}: no time for its approvals")
            continue
        _schedule_chain(rng, days, p, order, first, last, running)
    for p in projects:
        _plan_problems(rng, days, p, people)
        if p.lead_on is not None and p.lead_on > p.window_end:
            p.lead_on = p.signed_on
    for p in rng.sample(
        [
            p
            for p in projects
            if p.fate == "progress" and p.cohort == "y2026" and p.signed_on < date(2026, 6, 1)
        ],
        4,
    ):
        old = p.commissioner
        new = rng.choice([c for c in people.commissioners if c.ref != old])
        p.handover = (days.pick(rng, date(2026, 6, 1), date(2026, 6, 30)), new.ref, old)
    _plan_funds(rng, days, projects)
    for p in projects:
        _validate(p)
    plan = DemoPlan(seed, people, projects)
    expected = plan.expected(TARGET.end)
    if expected != TARGET:
        raise DemoPlanError(f"plan misses the figures: {expected.differences(TARGET)}")
    return plan


# --- replaying the plan through the library API -----------------------------------------------


@dataclass(order=True)
class _Action:
    on: date
    bucket: int  # 0: registrations of the day first
    project: int
    seq: int
    kind: str = field(compare=False)
    data: Any = field(compare=False, default=None)


def _project_actions(p: _Project) -> list[tuple[date, str, Any]]:
    """One project's changes in the order they happen (a day's order: see the ranks)."""
    local: list[tuple[date, int, int, str, Any]] = []

    def add(on: date, rank: int, kind: str, data: Any = None) -> None:
        local.append((on, rank, len(local), kind, data))

    if p.lead_on is not None:
        add(p.lead_on, 1, "lead")
    if p.handover is not None:
        add(p.handover[0], 1, "handover", p.handover)
    if p.resume_on is not None:
        add(p.resume_on, 2, "resume")
    # procedures in plan order: a dependency approved in the morning, its dependant
    # submitted in the afternoon of the same day
    for key, moves in p.moves.items():
        for move in moves:
            add(move.on, 3, "status", (key, move))
    for n, problem in enumerate(p.problems):
        add(problem.opened_on, 4, "problem_open", n)
        if problem.resolved_on is not None:
            add(problem.resolved_on, 5, "problem_resolve", n)
    if p.start_on is not None:
        add(p.start_on, 7, "start")
    for funds in p.funds:
        add(funds.on, 8, "funds", funds)
    if p.suspend_on is not None:
        add(p.suspend_on, 9, "suspend")
    if p.terminate_on is not None:
        add(p.terminate_on, 9, "terminate")
    local.sort(key=lambda a: (a[0], a[1], a[2]))
    return [(on, kind, data) for on, _rank, _seq, kind, data in local]


def _validate(p: _Project) -> None:
    """Walk a project's planned changes as the library will check them; a plan bug raises."""
    from qy_landing.vocabulary import DONE_STATUSES, STATUS_CHANGES

    keys = {s.key for s in p.steps}
    deps = {s.key: [d for d in s.depends_on if d in keys] for s in p.steps}
    statuses = {s.key: "pending" for s in p.steps}
    suspended = False
    closed = ""  # "start" or "terminate" once the project is closed
    for on, kind, data in _project_actions(p):
        problem = ""
        if on < p.signed_on or on > LAST_DAY:
            problem = f"{kind} on {on} outside {p.signed_on} … {LAST_DAY}"
        elif closed == "terminate" or (
            closed == "start" and kind in ("status", "suspend", "resume", "terminate", "start")
        ):
            problem = f"{kind} on {on} after the project's {closed}"
        elif kind == "status":
            key, move = data
            old = statuses[key]
            waiting = [d for d in deps[key] if statuses[d] not in DONE_STATUSES]
            if suspended:
                problem = f"{key} {move.status} on {on} while suspended"
            elif move.status not in STATUS_CHANGES[old]:
                problem = f"{key} {old} → {move.status} on {on}"
            elif move.status == "submitted" and waiting:
                problem = f"{key} submitted on {on} before {waiting}"
            statuses[key] = move.status
        elif kind == "suspend":
            suspended = True
        elif kind == "resume":
            suspended = False
        elif kind in ("start", "terminate"):
            undone = [k for k, v in statuses.items() if v not in DONE_STATUSES]
            if kind == "start" and undone:
                problem = f"started on {on} with {undone} not done"
            closed = kind
        if problem:
            raise DemoPlanError(f"{p.code}: {problem}")


def _actions(plan: DemoPlan) -> list[_Action]:
    actions: list[_Action] = []
    registrations: dict[date, list[_Project]] = {}
    for p in plan.projects:
        registrations.setdefault(p.signed_on, []).append(p)
        for seq, (on, kind, data) in enumerate(_project_actions(p)):
            actions.append(_Action(on, 1, p.index, seq, kind, data))
    for on, group in registrations.items():
        actions.append(_Action(on, 0, -1, 0, "register", group))
    actions.sort()
    return actions


class _Replay:
    """Drives the plan through ``services.*`` on a clock that walks forward day by day."""

    def __init__(self, ctx: Context, plan: DemoPlan, definitions: Mapping[str, Definition]) -> None:
        self.ctx = ctx
        self.plan = plan
        self.definitions = definitions
        self.state: dict[int, str] = {}
        self.statuses: dict[int, dict[str, str]] = {}
        self.problem_ids: dict[tuple[int, int], int] = {}

    def clock_at(self, day: date, minute: int) -> None:
        at = datetime(day.year, day.month, day.day, 8, 30, tzinfo=OFFICE_TZ) + timedelta(
            minutes=minute
        )
        clock = self.ctx.clock
        assert isinstance(clock, FixedClock)
        clock.at = at

    def run(
        self, actions: Sequence[_Action], as_of: date, progress: Callable[[int, int], None]
    ) -> None:
        todo = [a for a in actions if a.on <= as_of]
        per_day: dict[date, int] = {}
        for action in todo:
            per_day[action.on] = per_day.get(action.on, 0) + 1
        seen: dict[date, int] = {}
        for done, action in enumerate(todo, 1):
            index = seen.get(action.on, 0)
            seen[action.on] = index + 1
            # spread the day's work over office hours, 08:30 … 17:30
            self.clock_at(action.on, index * 540 // max(1, per_day[action.on]))
            self.do(action)
            if done % 50 == 0 or done == len(todo):
                progress(done, len(todo))

    def project(self, index: int) -> _Project:
        return self.plan.projects[index]

    def do(self, action: _Action) -> None:
        from qy_landing.services import funds, problems, procedures, projects

        ctx = self.ctx
        if action.kind == "register":
            self.register(action.data, action.on)
            return
        p = self.project(action.project)
        ctx.actor = p.actor
        on = action.on
        if action.kind == "lead":
            projects.assign(ctx, p.code, "lead_chief", p.lead_chief, on=on)
        elif action.kind == "handover":
            _, new, old = action.data
            projects.assign(ctx, p.code, "commissioner", new, on=on)
            projects.unassign(ctx, p.code, "commissioner", old, on=on)
            p.actor = new.split("@")[0]
        elif action.kind == "status":
            key, move = action.data
            if self.state[p.index] == self.definitions[p.workflow].initial.name:
                self.move(p, on)
            procedures.set_status(
                ctx,
                p.code,
                key,
                move.status,
                on=on,
                reason=move.note if move.status == "waived" else None,
                note=move.note if move.status != "waived" else None,
            )
            self.statuses[p.index][key] = move.status
            if move.status in ("approved", "waived"):
                self.settle(p, on)
        elif action.kind == "start":
            for _ in range(6):
                if self.definitions[p.workflow].state(self.state[p.index]).final:
                    break
                self.move(p, on)
            else:  # pragma: no cover - a plan bug
                raise DemoPlanError(f"{p.code} did not reach construction start")
        elif action.kind == "suspend":
            self.state[p.index] = projects.suspend(
                ctx, p.code, reason=p.suspend_reason, on=on
            ).state
        elif action.kind == "resume":
            self.state[p.index] = projects.resume(ctx, p.code, reason=p.resume_reason, on=on).state
        elif action.kind == "terminate":
            self.state[p.index] = projects.terminate(
                ctx, p.code, reason=p.terminate_reason, on=on
            ).state
        elif action.kind == "problem_open":
            problem = p.problems[action.data]
            row = problems.open_problem(ctx, p.code, problem.text, owner=problem.owner, on=on)
            assert row.id is not None
            self.problem_ids[(p.index, action.data)] = row.id
        elif action.kind == "problem_resolve":
            problem = p.problems[action.data]
            assert problem.resolution is not None
            problems.resolve_problem(
                ctx, self.problem_ids[(p.index, action.data)], problem.resolution, on=on
            )
        elif action.kind == "funds":
            record: _Funds = action.data
            funds.record_funds(
                ctx,
                p.code,
                record.amount,
                on=on,
                out_of_province=record.out_of_province,
                note=record.note,
            )
        else:  # pragma: no cover
            raise ValueError(action.kind)

    def register(self, group: list[_Project], on: date) -> None:
        from qy_landing.services import projects

        self.ctx.actor = self.plan.people.office_head.name
        items = []
        for p in group:
            items.append(
                projects.ProjectInput(
                    code=p.code,
                    name=p.name,
                    investor=p.investor,
                    unit=p.unit,
                    chain=p.chain,
                    amount=p.amount,
                    signed_on=p.signed_on,
                    signing_event=p.signing_event,
                    workflow=p.workflow,
                    major=p.major,
                    new_land=p.new_land,
                    hazardous=p.hazardous,
                    approval_listed=p.approval_listed,
                    eia_full=p.eia_full,
                    energy_tce=p.energy_tce,
                    description=p.description,
                    planned_start_on=p.planned_start_on,
                    first_responsible=p.first_responsible,
                    direct_responsible=p.direct_responsible,
                    commissioner=[p.commissioner],
                    lead_chief=[p.lead_chief] if p.lead_on is None else [],
                )
            )
            self.state[p.index] = self.definitions[p.workflow].initial.name
            self.statuses[p.index] = {s.key: "pending" for s in p.steps}
        projects.upsert_projects(self.ctx, items, source="demo")

    def move(self, p: _Project, on: date) -> None:
        from qy_landing.services import projects

        self.state[p.index] = projects.advance(self.ctx, p.code, on=on).state

    def settle(self, p: _Project, on: date) -> None:
        """Leave every level whose procedures are all done (construction start stays explicit)."""
        definition = self.definitions[p.workflow]
        levels = {s.key: s.level for s in p.steps}
        while True:
            state = definition.state(self.state[p.index])
            if state.level is None:
                return
            forward = [
                t for t in definition.transitions_from(state.name) if definition.is_forward(t)
            ]
            if len(forward) != 1 or definition.state(forward[0].dest).final:
                return
            statuses = self.statuses[p.index]
            if any(
                levels[k] == state.level and s not in ("approved", "waived")
                for k, s in statuses.items()
            ):
                return
            self.move(p, on)


# --- setup: units and people ------------------------------------------------------------------


def _setup(ctx: Context, plan: DemoPlan) -> None:
    from qy_landing.services import people, units

    ctx.actor = DEMO_ACTOR
    for name, name_en, kind, code in EXTRA_UNITS:
        units.add_unit(ctx, name, code=code, kind=kind, name_en=name_en)
    for person in plan.people.persons:
        people.add_person(
            ctx,
            people.PersonInput(
                name=person.name,
                unit=person.unit,
                title=person.title,
                email=person.email,
                wecom=person.wecom,
                channel=person.channel,
                supervisor=person.supervisor,
            ),
        )


# --- measuring the database -------------------------------------------------------------------


def measure(ctx: Context, as_of: date) -> Figures:
    """The headline figures of 1 January … ``as_of``, read from the database (set-based)."""
    from sqlalchemy import func, select
    from sqlmodel import col

    from qy_landing.store.models import FundsRecord, Procedure, Project

    start = date(as_of.year, 1, 1)
    last_start, last_end = date(as_of.year - 1, 1, 1), _year_earlier(as_of)
    zero = Decimal("0.00")
    with ctx.db.read() as session:
        signed = col(Project.signed_on).between(start, as_of)
        count, amount = session.execute(
            select(func.count(col(Project.id)), func.sum(col(Project.amount))).where(signed)
        ).one()
        fair_count, fair_amount = session.execute(
            select(func.count(col(Project.id)), func.sum(col(Project.amount))).where(
                signed, col(Project.signing_event) == FAIR
            )
        ).one()
        handled = {
            str(level): int(n)
            for level, n in session.execute(
                select(col(Procedure.level), func.count(col(Procedure.id)))
                .where(col(Procedure.approved_on).between(start, as_of))
                .group_by(col(Procedure.level))
            ).all()
        }
        started = col(Project.started_on).between(start, as_of)
        started_count = session.execute(
            select(func.count(col(Project.id))).where(started)
        ).scalar_one()
        started_major = session.execute(
            select(func.count(col(Project.id))).where(started, col(Project.major).is_(True))
        ).scalar_one()

        def funds(first: date, last: date) -> Decimal:
            value = session.execute(
                select(func.sum(col(FundsRecord.amount))).where(
                    col(FundsRecord.out_of_province).is_(True),
                    col(FundsRecord.received_on).between(first, last),
                )
            ).scalar_one()
            return Decimal(value or 0).quantize(zero)

        return Figures(
            start=start,
            end=as_of,
            signed=int(count),
            signed_amount=Decimal(amount or 0).quantize(zero),
            fair=int(fair_count),
            fair_amount=Decimal(fair_amount or 0).quantize(zero),
            handled_provincial=int(handled.get("provincial", 0)),
            handled_city=int(handled.get("city", 0)),
            handled_county=int(handled.get("county", 0)),
            started=int(started_count),
            started_major=int(started_major),
            funds=funds(start, as_of),
            funds_last_year=funds(last_start, last_end),
        )


def _counts(session: Any, column: Any, *where: Any) -> dict[str, int]:
    from sqlalchemy import func, select

    query = select(column, func.count()).group_by(column).order_by(column)
    if where:
        query = query.where(*where)
    return {str(k): int(v) for k, v in session.execute(query).all()}


def summarise(ctx: Context, *, seed: int, as_of: date, seconds: float = 0.0) -> DemoSummary:
    """What the demo database holds as of ``as_of`` (counts read from the database)."""
    from sqlalchemy import func, select
    from sqlmodel import col

    from qy_landing.store.database import redact
    from qy_landing.store.models import (
        Assignment,
        Event,
        FundsRecord,
        Person,
        Problem,
        Procedure,
        Project,
        Unit,
    )

    with ctx.db.read() as session:

        def count(*what: Any) -> int:
            query = select(func.count()).select_from(what[0])
            if len(what) > 1:
                query = query.where(*what[1:])
            return int(session.execute(query).scalar_one())

        by_unit = {
            str(name): int(n)
            for name, n in session.execute(
                select(col(Unit.name), func.count(col(Project.id)))
                .join(Project, col(Project.unit_id) == col(Unit.id))
                .group_by(col(Unit.id), col(Unit.name))
                .order_by(col(Unit.id))
            ).all()
        }
        overdue = count(
            Procedure,
            col(Procedure.status).in_(("submitted", "accepted")),
            col(Procedure.due_on) < as_of,
        )
        return DemoSummary(
            url=redact(ctx.db.url),
            seed=seed,
            as_of=as_of,
            figures=measure(ctx, as_of),
            projects=count(Project),
            by_state=_counts(session, col(Project.state)),
            by_status=_counts(session, col(Procedure.status)),
            by_unit=by_unit,
            by_chain=_counts(session, col(Project.chain)),
            roles=_counts(session, col(Assignment.role)),
            units=count(Unit),
            persons=count(Person),
            supervisors=count(Person, col(Person.supervisor).is_(True)),
            problems_open=count(Problem, col(Problem.resolved_on).is_(None)),
            problems_resolved=count(Problem, col(Problem.resolved_on).is_not(None)),
            overdue_procedures=overdue,
            funds_records=count(FundsRecord),
            events=count(Event),
            seconds=seconds,
        )


def audit_digest(ctx: Context) -> str:
    """A digest of the whole audit trail (what, by whom, when): equal for equal builds."""
    from sqlalchemy import select
    from sqlmodel import col

    from qy_landing.store.models import Event, Project

    digest = hashlib.sha256()
    with ctx.db.read() as session:
        rows = session.execute(
            select(
                col(Project.code),
                col(Event.entity),
                col(Event.action),
                col(Event.field),
                col(Event.old),
                col(Event.new),
                col(Event.actor),
                col(Event.recorded_at),
                col(Event.effective_on),
                col(Event.note),
            )
            .outerjoin(Project, col(Project.id) == col(Event.project_id))
            .order_by(col(Event.id))
            .execution_options(yield_per=2000)
        )
        for row in rows:
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


# --- the target database ----------------------------------------------------------------------


@dataclass(frozen=True)
class TargetInfo:
    """What lies at a database URL: ``absent`` | ``empty`` | ``demo`` | ``other`` | ``foreign``.

    ``other`` is a qy-landing database with real data; ``foreign`` is anything that cannot be
    read as one (another program's file, a damaged file).
    """

    url: str
    kind: str
    projects: int = 0
    events: int = 0

    @property
    def is_file(self) -> bool:
        return self.url.startswith("sqlite")


def inspect_target(url: str) -> TargetInfo:
    """Whether ``url`` holds nothing, a demo database, or someone's real data."""
    from sqlalchemy import func, select
    from sqlalchemy.exc import DatabaseError as DriverError
    from sqlmodel import col

    from qy_landing.errors import DatabaseError
    from qy_landing.store.database import Database, redact
    from qy_landing.store.models import Event, Project

    db = Database(url)
    try:
        path = db.sqlite_path
        if db.is_sqlite and path is not None and not path.exists():
            return TargetInfo(redact(db.url), "absent")
        try:
            revision = db.current_revision()
        except (DriverError, DatabaseError):
            if db.is_sqlite:  # not an SQLite database at all
                return TargetInfo(redact(db.url), "foreign")
            raise  # a server we cannot reach: say so as it is
        if revision is None:
            return TargetInfo(redact(db.url), "empty")
        with db.read() as session:
            projects = int(session.execute(select(func.count(col(Project.id)))).scalar_one())
            events = int(session.execute(select(func.count(col(Event.id)))).scalar_one())
            first_actor = session.execute(
                select(col(Event.actor)).order_by(col(Event.id)).limit(1)
            ).scalar_one_or_none()
        if not projects and not events:
            return TargetInfo(redact(db.url), "empty")
        kind = "demo" if first_actor == DEMO_ACTOR else "other"
        return TargetInfo(redact(db.url), kind, projects, events)
    finally:
        db.dispose()


def remove_demo_file(url: str) -> None:
    """Delete a demo SQLite file (with its WAL files); refuses anything that is not a demo."""
    from qy_landing.store.database import Database

    info = inspect_target(url)
    if info.kind == "absent":
        return
    path = Database(url).sqlite_path
    if info.kind != "demo" or path is None:
        raise DemoTargetNotEmptyError(info.url, info.projects, info.events)
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            candidate.unlink()


# --- building ---------------------------------------------------------------------------------


def _open(target: Any, clock: FixedClock) -> tuple[Context, bool]:
    """A context on ``target`` with the demo's clock; True when we opened (and must close) it."""
    from qy_landing.services.context import Context

    if isinstance(target, str):
        return Context.open(target, actor=DEMO_ACTOR, clock=clock), True
    if isinstance(target, Context):
        return Context(target.db, DEMO_ACTOR, clock), False
    if callable(target):
        ctx = target(clock)
        if not isinstance(ctx, Context):
            raise TypeError("the context factory must return a Context")
        ctx.actor = DEMO_ACTOR
        return ctx, False
    raise TypeError(f"cannot build the demo into {target!r}")


def build_demo(
    ctx_factory_or_url: str | Context | Callable[[Clock], Context],
    *,
    seed: int = DEFAULT_SEED,
    as_of: date = DEFAULT_AS_OF,
    on_progress: ProgressCallback | None = None,
) -> DemoSummary:
    """Build the demo into an empty database and return what it holds as of ``as_of``.

    ``ctx_factory_or_url`` is a database URL, a :class:`Context` (its database is used)
    or a callable that makes a Context from the demo's clock. The history is replayed up
    to ``as_of`` (2026-10-31 by default, where the figures equal DOMAIN.md's); the
    database is then measured and :class:`DemoFiguresError` raised if it differs from
    the plan. ``on_progress(phase, done, total)`` is told about every phase: ``setup``,
    ``plan``, ``people``, ``history``, ``check``.
    """
    from qy_landing.services.setup import init_database
    from qy_landing.services.workflows import get_definition
    from qy_landing.store.models import Event, Project

    if as_of < date(2026, 1, 1):
        raise InvalidValueError("date", as_of.isoformat(), Msg("demo.expect.as_of"))
    began = time.perf_counter()
    report = on_progress or (lambda phase, done, total: None)
    clock = FixedClock.on(SETUP_DAY, hour=8)
    ctx, owned = _open(ctx_factory_or_url, clock)
    try:
        report("setup", 0, 1)
        init_database(ctx)
        from sqlalchemy import func, select
        from sqlmodel import col

        with ctx.db.read() as session:
            projects = int(session.execute(select(func.count(col(Project.id)))).scalar_one())
            events = int(session.execute(select(func.count(col(Event.id)))).scalar_one())
            definitions = {
                name: get_definition(session, name) for name in ("standard", "data_center")
            }
        if projects or events:
            from qy_landing.store.database import redact

            raise DemoTargetNotEmptyError(redact(ctx.db.url), projects, events)
        report("plan", 0, 1)
        plan = plan_demo(seed, definitions, ctx.calendar())
        report("plan", 1, 1)
        report("people", 0, 1)
        _setup(ctx, plan)
        report("people", 1, 1)
        replay = _Replay(ctx, plan, definitions)
        replay.run(_actions(plan), as_of, lambda done, total: report("history", done, total))
        end = max(as_of, SETUP_DAY)
        clock.at = datetime(end.year, end.month, end.day, 18, tzinfo=OFFICE_TZ)
        ctx.actor = DEMO_ACTOR
        report("check", 0, 1)
        expected = plan.expected(as_of)
        actual = measure(ctx, as_of)
        if actual != expected:
            raise DemoFiguresError(expected.differences(actual))
        summary = summarise(ctx, seed=seed, as_of=as_of, seconds=time.perf_counter() - began)
        report("check", 1, 1)
        return summary
    finally:
        if owned:
            ctx.db.dispose()


def default_demo_url(folder: Path | None = None) -> str:
    """``qy-landing-demo.db`` in ``folder`` (the current directory by default)."""
    return f"sqlite:///{(folder or Path.cwd()) / DEFAULT_FILE}"


def create_demo(
    url: str,
    *,
    reset: bool = False,
    seed: int = DEFAULT_SEED,
    as_of: date = DEFAULT_AS_OF,
    on_progress: ProgressCallback | None = None,
) -> DemoSummary:
    """Build the demo at ``url``, refusing to touch anything but an empty or demo database.

    An existing demo database is rebuilt only with ``reset`` (and only a SQLite file is
    deleted); a database with real data is never touched.
    """
    import dataclasses

    info = inspect_target(url)
    replaced = False
    if info.kind == "other":
        raise DemoNotDemoError(info.url, info.projects)
    if info.kind == "foreign":
        raise DemoForeignTargetError(info.url)
    if info.kind == "demo":
        if not reset:
            raise DemoExistsError(info.url)
        if not info.is_file:
            raise DemoResetNotFileError(info.url)
        remove_demo_file(url)
        replaced = True
    summary = build_demo(url, seed=seed, as_of=as_of, on_progress=on_progress)
    return dataclasses.replace(summary, replaced=replaced)
