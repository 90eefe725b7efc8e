"""A reproducible synthetic landing office: projects, procedures, persons, history.

The database starts as the library makes it (:func:`qy_landing.services.setup.init_database`:
schema, seed units, workflow definitions) and is then bulk-loaded with plain driver
calls (``executemany`` on SQLite, ``COPY`` on PostgreSQL, in two worker processes), in
the encodings the library uses: amounts as whole 万元, datetimes as naive UTC (SQLite:
SQLAlchemy's text form), dates as ISO dates, flags as 0/1.

Shapes (per project, decided by a seeded :class:`random.Random` per chunk, so any chunk
can be generated alone and the result never depends on the number of workers):

- facts (new land, hazardous chemicals, approval-listed, full EIA, energy use) decide the
  applicable steps of the *standard* workflow: 7 to 13 procedures (the data-centre
  workflow, 3 % of projects: 6 to 7);
- 2 to 4 persons: one first responsible (a county leader with hundreds of projects),
  one direct responsible, and a lead section chief and a commissioner each with 60 %;
- states: signed 8 %, provincial 10 %, city 14 %, county 28 %, started 25 %,
  suspended 5 %, terminated 10 % (a level without procedures is passed, as the engine does);
- a timeline in working days (the official calendar): steps are submitted after their
  dependencies are approved, due dates are ``WorkCalendar.deadline(submitted, limit)``,
  15 % of authorities take longer than the limit (overdue procedures), 8 % of running
  procedures are rejected, 3 % of finished ones waived; 12 % of open projects have been
  idle for 21–120 working days (stalled);
- audit events for every state change and every procedure change, on the day it happened;
- open problems on 12 % of open projects, resolved ones on 8 %; funds for started ones;
- the reminder outbox already holds the last three months' digests and the first rung
  of half of the overdue procedures (so generation finds existing keys).

Row ids are explicit and sparse (procedure ``project_id * 16 + k``, event
``project_id * 64 + k`` …): chunks are independent, sequences are moved past them at
the end.
"""

from __future__ import annotations

import csv
import multiprocessing
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import (
    ACTOR,
    AS_OF,
    is_sqlite,
    persons_for,
    pg_connect,
    sqlite_connect,
    sqlite_date,
    sqlite_stamp,
)

CHUNK = 5_000
LEVELS = ("provincial", "city", "county")
STATE_WEIGHTS = (
    ("signed", 8),
    ("provincial", 10),
    ("city", 14),
    ("county", 28),
    ("started", 25),
    ("suspended", 5),
    ("terminated", 10),
)
CHAINS = (
    ("energy", 22),
    ("chemicals", 14),
    ("digital", 10),
    ("equipment", 14),
    ("agriculture", 16),
    ("tourism", 6),
    ("health", 6),
    ("green", 12),
)
# persons of a unit by role, as shares of its persons
ROLE_SHARES = (
    ("first_responsible", 0.06),
    ("direct_responsible", 0.34),
    ("lead_chief", 0.30),
    ("commissioner", 0.30),
)
OFFICE_UNIT = "市招商引资项目落地办"
SUPERVISORS = 5

COLUMNS: dict[str, tuple[str, ...]] = {
    "person": (
        "id", "name", "unit_id", "title", "phone", "email", "wecom", "dingtalk", "channel",
        "lang", "supervisor", "active",
    ),
    "project": (
        "id", "code", "code_kind", "name", "investor", "unit_id", "chain", "signing_event",
        "signed_on", "amount", "major", "new_land", "hazardous", "approval_listed", "eia_full",
        "energy_tce", "description", "planned_start_on", "workflow", "workflow_version",
        "state", "state_since", "suspended_from", "started_on", "last_progress_on",
        "created_at", "updated_at", "version",
    ),
    "procedure": (
        "id", "project_id", "step", "level", "limit_days", "status", "submitted_on",
        "accepted_on", "approved_on", "rejected_on", "waived_on", "waive_reason", "due_on",
        "due_provisional", "updated_on",
    ),
    "assignment": ("id", "project_id", "person_id", "role", "assigned_on"),
    "event": (
        "id", "project_id", "entity", "entity_id", "action", "field", "old", "new", "actor",
        "recorded_at", "effective_on", "note",
    ),
    "problem": ("id", "project_id", "text", "owner_id", "opened_on", "resolved_on", "resolution"),
    "funds_record": ("id", "project_id", "received_on", "amount", "out_of_province", "note"),
    "reminder": (
        "key", "kind", "person_id", "project_id", "procedure_id", "rung", "period", "channel",
        "lang", "title", "body", "status", "attempts", "next_attempt_at", "created_at",
        "sent_at",
    ),
}  # fmt: skip
BULK_TABLES = ("project", "procedure", "assignment", "event", "problem", "funds_record", "reminder")
DATE_COLUMNS = {
    "signed_on", "planned_start_on", "state_since", "started_on", "last_progress_on",
    "submitted_on", "accepted_on", "approved_on", "rejected_on", "waived_on", "due_on",
    "updated_on", "assigned_on", "effective_on", "opened_on", "resolved_on", "received_on",
}  # fmt: skip
STAMP_COLUMNS = {"created_at", "updated_at", "recorded_at", "next_attempt_at", "sent_at"}

# --- words ------------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红文辉鹏飞宇浩然晨阳东海斌"
INVESTORS = (
    "甘肃",
    "庆阳",
    "陇东",
    "西北",
    "中石油长庆",
    "华能",
    "国家能源",
    "中煤",
    "陕煤",
    "隆基",
    "金风",
    "远景",
    "比亚迪",
    "宁德",
    "华为",
    "中国移动",
    "中国电信",
    "浪潮",
    "新希望",
    "伊利",
    "蒙牛",
    "牧原",
    "正大",
    "中粮",
    "万达",
    "华润",
    "中建",
    "中铁",
    "三一",
    "徐工",
)
COMPANY = ("新能源有限公司", "化工有限公司", "科技有限公司", "集团有限公司", "实业有限公司",
           "农业发展有限公司", "数据科技有限公司", "装备制造有限公司")  # fmt: skip
PRODUCTS = {
    "energy": ("风电", "光伏发电", "储能电站", "煤电一体化", "天然气综合利用", "氢能"),
    "chemicals": ("煤制烯烃", "精细化工", "乙二醇", "甲醇", "油田化学品"),
    "digital": ("算力中心", "数据中心", "云计算", "智能终端制造"),
    "equipment": ("风机装备制造", "光伏组件", "石油装备", "新能源汽车零部件"),
    "agriculture": ("肉牛养殖", "苹果深加工", "小杂粮加工", "中药材种植加工", "奶业"),
    "tourism": ("红色文化旅游", "民宿集群", "康养小镇"),
    "health": ("中医药产业园", "医疗器械", "康复医院"),
    "green": ("固废综合利用", "污水处理", "节能建材", "再生资源回收"),
}
EVENTS = ("第三十届兰洽会", "第二十九届兰洽会", "庆阳市招商推介会", "东数西算产业大会",
          "陇东能源基地推介会", "甘肃省重大项目集中签约")  # fmt: skip
PROBLEMS = (
    "用地指标未落实", "林地占用审批进度慢", "电力接入方案未确定", "环评批复前置条件未满足",
    "项目资金未到位", "征地拆迁补偿存在分歧", "施工图审查意见未整改", "供水管网未配套",
    "规划调整待审批", "企业融资困难",
)  # fmt: skip
WAIVE_REASONS = ("已纳入区域评估", "原批复仍有效", "按告知承诺制办理")


# --- the world: what the initialised database holds ---------------------------------------------


@dataclass(frozen=True)
class StepShape:
    key: str
    level: str
    limit: int
    deps: tuple[int, ...]  # indexes into the shape's steps (earlier ones)


@dataclass(frozen=True)
class Shape:
    """The applicable steps of one workflow for one combination of facts, in dependency order."""

    workflow: str
    version: int
    steps: tuple[StepShape, ...]
    levels_with_steps: frozenset[str]
    ladder: tuple[tuple[str, int], ...]
    idle_days: int


@dataclass
class World:
    """The initialised database's units and workflows, the calendar and the person plan."""

    size: int
    seed: int
    units: list[tuple[int, str, str]]  # (id, name, code) of the units projects land in
    office_unit_id: int
    definitions: dict[str, tuple[int, Any]]  # workflow name -> (version, Definition)
    workdays: list[date] = field(default_factory=list)
    workday_index: dict[date, int] = field(default_factory=dict)
    persons: list[tuple[Any, ...]] = field(default_factory=list)
    # unit id -> role -> person ids (pools projects draw from); person id -> name
    pools: dict[int, dict[str, list[int]]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    person_lang: dict[int, tuple[str, str]] = field(default_factory=dict)
    _shapes: dict[tuple[Any, ...], Shape] = field(default_factory=dict)
    _deadlines: dict[tuple[int, int], tuple[date, bool]] = field(default_factory=dict)

    @property
    def as_of_index(self) -> int:
        return self.workday_index[AS_OF]

    def shape(self, workflow: str, facts: dict[str, Any]) -> Shape:
        version, definition = self.definitions[workflow]
        key = (workflow, *(facts.get(name) for name in definition.condition_facts))
        found = self._shapes.get(key)
        if found is None:
            steps = definition.applicable_steps(facts)
            present = {s.key for s in steps}
            ordered = _topological(steps)
            position = {s.key: i for i, s in enumerate(ordered)}
            found = Shape(
                workflow,
                version,
                tuple(
                    StepShape(
                        s.key,
                        s.level,
                        s.limit,
                        tuple(position[d] for d in s.depends_on if d in present),
                    )
                    for s in ordered
                ),
                frozenset(s.level for s in ordered),
                tuple((r.target, r.after) for r in definition.ladder),
                definition.idle_days,
            )
            self._shapes[key] = found
        return found

    def deadline(self, index: int, limit: int) -> tuple[date, bool]:
        """Due date and provisional flag of a submission on working day ``index``."""
        key = (index, limit)
        found = self._deadlines.get(key)
        if found is None:
            from qy_landing.calendar import WorkCalendar

            calendar = _CALENDAR.get("c")
            if calendar is None:
                calendar = _CALENDAR["c"] = WorkCalendar()
            deadline = calendar.deadline(self.workdays[index], limit)
            found = self._deadlines[key] = (deadline.due, deadline.provisional)
        return found


_CALENDAR: dict[str, Any] = {}


def _topological(steps: Sequence[Any]) -> list[Any]:
    by_key = {s.key: s for s in steps}
    done: list[Any] = []
    seen: set[str] = set()

    def visit(step: Any) -> None:
        if step.key in seen:
            return
        seen.add(step.key)
        for dep in step.depends_on:
            if dep in by_key:
                visit(by_key[dep])
        done.append(step)

    for step in steps:
        visit(step)
    return done


def _workdays(first: date, last: date) -> list[date]:
    from qy_landing.calendar import WorkCalendar

    calendar = WorkCalendar()
    days: list[date] = []
    day = first
    while day <= last:
        if calendar.is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _weighted(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    total = sum(w for _, w in options)
    pick = rng.random() * total
    for value, weight in options:
        pick -= weight
        if pick < 0:
            return value
    return options[-1][0]


def person_names(count: int, seed: int) -> list[str]:
    """``count`` distinct Chinese names (2 or 3 characters), in a seeded order."""
    rng = random.Random(seed * 7 + 1)
    surnames = list(dict.fromkeys(SURNAMES))
    given = list(dict.fromkeys(GIVEN))
    two = [s + g for s in surnames for g in given]
    three = [s + g + h for s in surnames for g in given for h in given if g != h]
    rng.shuffle(two)
    names = two[: count // 2]
    if len(names) < count:
        rng.shuffle(three)
        names += three[: count - len(names)]
    rng.shuffle(names)
    return names


def make_world(url: str, size: int, seed: int) -> World:
    """Read units and workflows from an initialised database and plan its persons."""
    from qy_landing.services.definitions import get_version
    from qy_landing.store.database import Database

    db = Database(url)
    with db.read() as session:
        from sqlalchemy import text

        rows = session.execute(text("SELECT id, name, code, kind FROM unit ORDER BY id")).all()
        definitions = {name: get_version(session, name) for name in ("standard", "data_center")}
    db.dispose()
    # (id, name, region of the project codes): parks use the city's division code
    units = [
        (r[0], r[1], r[2] if r[2] and r[2].isdigit() else "621000")
        for r in rows
        if r[3] in ("county", "park")
    ]
    office = next((r[0] for r in rows if r[1] == OFFICE_UNIT), max(r[0] for r in rows) + 1)
    world = World(size, seed, units, office, definitions)
    world.workdays = _workdays(date(2019, 1, 1), date(2028, 12, 31))
    world.workday_index = {d: i for i, d in enumerate(world.workdays)}
    _plan_persons(world)
    return world


def _plan_persons(world: World) -> None:
    count = persons_for(world.size)
    rng = random.Random(world.seed * 31 + 7)
    names = person_names(count + SUPERVISORS, world.seed)
    # counties get more persons than parks; every unit has every role
    weights = [2 if code == "621000" else 3 for _, _, code in world.units]
    total = sum(weights)
    shares = [count * w // total for w in weights]
    for k in range(count - sum(shares)):
        shares[k % len(shares)] += 1
    person_id = 0
    for (unit_id, _name, _code), share in zip(world.units, shares, strict=True):
        pools: dict[str, list[int]] = {role: [] for role, _ in ROLE_SHARES}
        for k in range(share):
            if k < len(ROLE_SHARES):
                role = ROLE_SHARES[k][0]
            else:
                role = _weighted(rng, [(r, int(s * 100)) for r, s in ROLE_SHARES])
            person_id += 1
            lang = "en" if rng.random() < 0.08 else "zh"
            channel = _weighted(
                rng, [("console", 70), ("email", 15), ("wecom", 10), ("dingtalk", 5)]
            )
            name = names[person_id - 1]
            active = k < len(ROLE_SHARES) or rng.random() >= 0.02
            world.persons.append(
                (
                    person_id, name, unit_id, _TITLES[role], f"139{person_id:08d}",
                    f"p{person_id}@example.cn" if channel == "email" else None,
                    f"wx{person_id}" if channel == "wecom" else None,
                    f"dd{person_id}" if channel == "dingtalk" else None,
                    channel, lang, False, active,
                )
            )  # fmt: skip
            world.names[person_id] = name
            world.person_lang[person_id] = (lang, channel)
            if active:
                pools[role].append(person_id)
        world.pools[unit_id] = pools
    for _ in range(SUPERVISORS):
        person_id += 1
        name = names[person_id - 1]
        world.persons.append(
            (person_id, name, world.office_unit_id, "市落地办督查", None, None, None, None,
             "console", "zh", True, True)
        )  # fmt: skip
        world.names[person_id] = name


_TITLES = {
    "first_responsible": "县区政府副县长",
    "direct_responsible": "招商局局长",
    "lead_chief": "项目科科长",
    "commissioner": "落地专员",
}


# --- one project -------------------------------------------------------------------------------


@dataclass
class Rows:
    """The rows of one chunk, per table, as tuples in :data:`COLUMNS` order."""

    tables: dict[str, list[tuple[Any, ...]]] = field(
        default_factory=lambda: {t: [] for t in BULK_TABLES}
    )

    def count(self) -> dict[str, int]:
        return {t: len(r) for t, r in self.tables.items()}


def _utc(day: date) -> datetime:
    """09:00 in Qingyang on ``day``, as a naive UTC datetime (01:00)."""
    return datetime(day.year, day.month, day.day, 1, 0, 0)


def project_code(index: int, signed: date, region: str, rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.08:
        return f"QY-{signed.year}-{index + 1}", "local"
    segment = 1 + index // 1_000_000
    serial = index % 1_000_000
    yymm = f"{signed.year % 100:02d}{signed.month:02d}"
    return f"{yymm}-{region}-89-{segment:02d}-{serial:06d}", "national"


@dataclass
class Facts:
    workflow: str
    chain: str
    new_land: bool
    hazardous: bool
    approval_listed: bool
    eia_full: bool
    energy_tce: float | None
    amount_wan: int  # 万元
    major: bool

    def as_dict(self) -> dict[str, Any]:
        from decimal import Decimal

        return {
            "new_land": self.new_land,
            "hazardous": self.hazardous,
            "approval_listed": self.approval_listed,
            "eia_full": self.eia_full,
            "major": self.major,
            "energy_tce": self.energy_tce,
            "amount": Decimal(self.amount_wan) / 10000,
        }


def random_facts(rng: random.Random) -> Facts:
    chain = _weighted(rng, CHAINS)
    workflow = "data_center" if chain == "digital" and rng.random() < 0.3 else "standard"
    heavy = chain in ("energy", "chemicals", "digital")
    r = rng.random()
    if r < 0.5:
        energy = None if rng.random() < 0.5 else float(rng.randint(50, 999))
    elif r < (0.8 if heavy else 0.9):
        energy = float(rng.randint(1000, 9999))
    else:
        energy = float(rng.randint(10000, 300000))
    amount = int(rng.lognormvariate(11.0, 1.0)) // 100 * 100 + 100  # 万元, whole hundreds
    return Facts(
        workflow=workflow,
        chain=chain,
        new_land=rng.random() < 0.4,
        hazardous=(chain == "chemicals" and rng.random() < 0.6) or rng.random() < 0.03,
        approval_listed=rng.random() < (0.3 if heavy else 0.08),
        eia_full=rng.random() < (0.4 if heavy else 0.1),
        energy_tce=energy,
        amount_wan=amount,
        major=amount >= 100_000 or rng.random() < 0.1,
    )


def random_texts(rng: random.Random, chain: str) -> tuple[str, str, str]:
    investor = rng.choice(INVESTORS) + rng.choice(COMPANY)
    product = rng.choice(PRODUCTS[chain])
    scale = rng.choice(("年产10万吨", "装机100MW", "一期", "二期", "5万头", "2000架机柜", ""))
    name = f"{investor[:2]}{scale}{product}项目"
    description = f"建设{product}生产线及配套设施，{scale or '分期建设'}"
    return investor, name, description


def _duration(rng: random.Random, limit: int) -> int:
    r = rng.random()
    if r < 0.85:
        return rng.randint(1, max(1, limit))
    if r < 0.97:
        return rng.randint(limit + 1, limit * 2 + 1)
    return rng.randint(limit * 2, limit * 3 + 2)


class _Project:
    """Builds one project's rows (the simulation works in working-day offsets from signing)."""

    def __init__(self, world: World, rng: random.Random, index: int, rows: Rows) -> None:
        self.world = world
        self.rng = rng
        self.index = index
        self.id = index + 1
        self.rows = rows
        self.events: list[tuple[int, int, tuple[Any, ...]]] = []  # (offset, order, values)

    def build(self) -> None:
        world, rng = self.world, self.rng
        facts = random_facts(rng)
        shape = world.shape(facts.workflow, facts.as_dict())
        steps = shape.steps
        n = len(steps)
        sub = [0] * n
        appr = [0] * n
        for j, step in enumerate(steps):
            start = max((appr[d] for d in step.deps), default=0)
            start += rng.randint(0, 10) if not step.deps else rng.randint(0, 4)
            sub[j] = start
            appr[j] = start + _duration(rng, step.limit)
        # the state machine's walk: begin, then each level completes after its steps
        target = _weighted(rng, STATE_WEIGHTS)
        final_kind = None
        if target in ("suspended", "terminated"):
            final_kind = target
            target = _weighted(rng, (("signed", 2), ("provincial", 2), ("city", 3), ("county", 5)))
        moves: list[tuple[int, str, str, str]] = []  # (offset, action, old, new)
        state = "signed"
        begin = rng.randint(0, 6)
        if target != "signed":
            moves.append((begin, "trigger", "signed", "provincial"))
            state, t = "provincial", begin
            for level, trigger_to in zip(LEVELS, ("city", "county", "started"), strict=True):
                # stop at the first level with procedures at or after the target
                if _RANK[state] >= _RANK[target] and level in shape.levels_with_steps:
                    break
                if level in shape.levels_with_steps:
                    ends = [appr[j] for j, s in enumerate(steps) if s.level == level]
                    t = max(t, *ends) + rng.randint(0, 3)
                    moves.append((t, "trigger", state, trigger_to))
                else:
                    moves.append((t, "auto_pass", state, trigger_to))
                state = trigger_to
        entered = moves[-1][0] if moves else 0
        if state == "started":
            freeze = entered
            gap = rng.randint(0, 300)
        else:
            freeze = entered + rng.randint(0, 25 if state != "signed" else 12)
            gap = rng.randint(21, 120) if rng.random() < 0.12 else 0
        done_levels = set(LEVELS) if state == "started" else set(LEVELS[: _level_rank(state)])
        # statuses as of the freeze (no change after it)
        status = ["pending"] * n
        dates: list[tuple[int | None, int | None, int | None, int | None, int | None]] = [
            (None, None, None, None, None)
        ] * n  # submitted, accepted, approved, rejected, waived
        for j, step in enumerate(steps):
            if state == "signed" and step.level not in done_levels:
                continue
            required = step.level in done_levels
            if not required and (
                sub[j] > freeze or any(status[d] not in ("approved", "waived") for d in step.deps)
            ):
                continue
            if required or appr[j] <= freeze:
                if rng.random() < 0.03:
                    status[j] = "waived"
                    dates[j] = (None, None, None, None, appr[j])
                else:
                    status[j] = "approved"
                    accepted = sub[j] + 1 if rng.random() < 0.5 and appr[j] > sub[j] + 1 else None
                    dates[j] = (sub[j], accepted, appr[j], None, None)
                continue
            elapsed = freeze - sub[j]
            if rng.random() < 0.08 and elapsed >= 1:
                status[j] = "rejected"
                dates[j] = (sub[j], None, None, sub[j] + rng.randint(1, elapsed), None)
            elif elapsed >= 2 and rng.random() < 0.5:
                status[j] = "accepted"
                dates[j] = (sub[j], sub[j] + rng.randint(1, 2), None, None, None)
            else:
                status[j] = "submitted"
                dates[j] = (sub[j], None, None, None, None)
        last = max(
            [0, *(m[0] for m in moves if m[0] <= freeze)]
            + [d for ds in dates for d in ds if d is not None]
        )
        end = max(freeze, entered)
        if final_kind is not None:
            side = end + rng.randint(1, 20 if final_kind == "terminated" else 5)
            moves.append(
                (side, "suspend" if final_kind == "suspended" else "terminate", state, final_kind)
            )
            end = side
            last = side
            gap = rng.randint(0, 200 if final_kind == "terminated" else 100)
        elif state == "started":
            last = max(last, entered)
        # place the timeline: signing day so that the last moment lands ``gap`` before today
        a = world.as_of_index
        s_index = a - (max(end, last) + gap)
        if s_index < 0:
            s_index = 0
        day = world.workdays
        signed = day[s_index]
        unit_id, _unit_name, region = world.units[rng.randrange(len(world.units))]
        code, code_kind = project_code(self.index, signed, region, rng)
        investor, name, description = random_texts(rng, facts.chain)
        pid = self.id
        # procedures
        procedure_rows = self.rows.tables["procedure"]
        overdue: list[tuple[int, date]] = []
        for j, step in enumerate(steps):
            submitted, accepted, approved, rejected, waived = dates[j]
            due: date | None = None
            provisional = False
            if submitted is not None:
                due, provisional = world.deadline(s_index + submitted, step.limit)
            st = status[j]
            updated = max((d for d in dates[j] if d is not None), default=None)
            proc_id = pid * 16 + j
            procedure_rows.append(
                (
                    proc_id, pid, step.key, step.level, step.limit, st,
                    day[s_index + submitted] if submitted is not None else None,
                    day[s_index + accepted] if accepted is not None else None,
                    day[s_index + approved] if approved is not None else None,
                    day[s_index + rejected] if rejected is not None else None,
                    day[s_index + waived] if waived is not None else None,
                    rng.choice(WAIVE_REASONS) if st == "waived" else None,
                    due, provisional,
                    day[s_index + updated] if updated is not None else None,
                )
            )  # fmt: skip
            if st in ("submitted", "accepted") and due is not None and due < AS_OF:
                overdue.append((proc_id, due))
            # procedure events, in order
            previous = "pending"
            for offset, new in (
                (submitted, "submitted"),
                (accepted, "accepted"),
                (approved, "approved"),
                (rejected, "rejected"),
                (waived, "waived"),
            ):
                if offset is None:
                    continue
                self.event(offset, "procedure", step.key, previous, new, "procedure", proc_id)
                previous = new
        # persons
        pools = world.pools[unit_id]
        people: list[tuple[str, int]] = [
            ("first_responsible", rng.choice(pools["first_responsible"])),
            ("direct_responsible", rng.choice(pools["direct_responsible"])),
        ]
        if rng.random() < 0.6:
            people.append(("lead_chief", rng.choice(pools["lead_chief"])))
        if rng.random() < 0.6:
            people.append(("commissioner", rng.choice(pools["commissioner"])))
        assignment_rows = self.rows.tables["assignment"]
        for k, (role, person) in enumerate(people):
            assignment_rows.append((pid * 4 + k, pid, person, role, signed))
            self.event(0, "assign", role, None, world.names[person], "assignment", pid, order=-1)
        self.event(0, "import", "state", None, "signed", "project", pid, order=-2)
        for offset, action, old, new in moves:
            note = None
            if action == "suspend":
                note = "企业资金链调整，暂缓建设"
            elif action == "terminate":
                note = "企业战略调整，项目终止"
            self.event(offset, action, "state", old, new, "project", pid, note=note)
        # problems
        problem_rows = self.rows.tables["problem"]
        direct = people[1][1]
        open_project = state not in ("started",) and final_kind != "terminated"
        total_span = max(end, last) + gap
        if open_project and rng.random() < 0.12:
            opened = rng.randint(0, total_span)
            problem_rows.append(
                (pid * 2, pid, rng.choice(PROBLEMS), direct, day[s_index + opened], None, None)
            )
        if rng.random() < 0.08 and total_span > 2:
            opened = rng.randint(0, total_span - 2)
            resolved = rng.randint(opened + 1, total_span)
            problem_rows.append(
                (pid * 2 + 1, pid, rng.choice(PROBLEMS), direct, day[s_index + opened],
                 day[s_index + resolved], "协调解决")
            )  # fmt: skip
        started_on = day[s_index + entered] if state == "started" else None
        if started_on is not None and rng.random() < 0.6:
            self.rows.tables["funds_record"].append(
                (pid, pid, started_on, max(100, facts.amount_wan // 3 // 100 * 100), True, None)
            )
        # the project row
        state_final = final_kind or state
        state_since_offset = moves[-1][0] if moves else 0
        created = _utc(signed)
        last_day = day[s_index + last]
        self.rows.tables["project"].append(
            (
                pid, code, code_kind, name, investor, unit_id, facts.chain,
                rng.choice(EVENTS) if rng.random() < 0.6 else None,
                signed, facts.amount_wan, facts.major, facts.new_land, facts.hazardous,
                facts.approval_listed, facts.eia_full, facts.energy_tce, description,
                date(signed.year + (signed.month + 5) // 12, (signed.month + 5) % 12 + 1, 1),
                shape.workflow, shape.version, state_final, day[s_index + state_since_offset],
                state if final_kind == "suspended" else None, started_on, last_day,
                created, _utc(last_day), 1 + sum(1 for e in self.events if e[1] >= 0),
            )
        )  # fmt: skip
        # events, in time order, ids in that order
        self.events.sort(key=lambda e: (e[0], e[1]))
        event_rows = self.rows.tables["event"]
        for k, (offset, _order, values) in enumerate(self.events[:64]):
            on = day[s_index + offset]
            event_rows.append((pid * 64 + k, pid, *values[:6], ACTOR, _utc(on), on, values[6]))
        # half of the overdue procedures were already escalated to the direct responsible
        reminders = self.rows.tables["reminder"]
        if state_final not in ("suspended", "terminated", "started"):
            lang, channel = world.person_lang[direct]
            for proc_id, due in overdue:
                if rng.random() < 0.5:
                    stamp = _utc(min(AS_OF, due + timedelta(days=3)))
                    reminders.append(
                        (
                            f"overdue:{proc_id}:{due.isoformat()}:0:{direct}", "overdue", direct,
                            pid, proc_id, 0, f"{stamp.year:04d}-{stamp.month:02d}", channel, lang,
                            f"【逾期】{code}", f"{name}：手续逾期。", "sent", 1, stamp, stamp,
                            stamp,
                        )
                    )  # fmt: skip

    def event(
        self,
        offset: int,
        action: str,
        field_name: str | None,
        old: str | None,
        new: str | None,
        entity: str,
        entity_id: int,
        *,
        order: int = 0,
        note: str | None = None,
    ) -> None:
        self.events.append((offset, order, (entity, entity_id, action, field_name, old, new, note)))


_RANK = {"signed": -1, "provincial": 0, "city": 1, "county": 2, "started": 3}


def _level_rank(state: str) -> int:
    """How many levels a project in ``state`` has completed."""
    return {"signed": 0, "provincial": 0, "city": 1, "county": 2, "started": 3}[state]


def plan_chunk(world: World, start: int, stop: int) -> Rows:
    """The rows of projects ``start`` … ``stop - 1`` (independent of other chunks)."""
    rows = Rows()
    rng = random.Random(world.seed * 1_000_003 + start)
    for index in range(start, stop):
        _Project(world, rng, index, rows).build()
    return rows


# --- writing ----------------------------------------------------------------------------------


def _sqlite_value_converters(table: str) -> list[Callable[[Any], Any] | None]:
    converters: list[Callable[[Any], Any] | None] = []
    for column in COLUMNS[table]:
        if column in DATE_COLUMNS:
            converters.append(sqlite_date)
        elif column in STAMP_COLUMNS:
            converters.append(sqlite_stamp)
        else:
            converters.append(None)
    return converters


class SqliteSink:
    def __init__(self, url: str) -> None:
        self.connection = sqlite_connect(url)
        self.connection.execute("PRAGMA foreign_keys=OFF")
        self.connection.execute("PRAGMA synchronous=OFF")
        self.connection.execute("PRAGMA cache_size=-200000")
        self.converters = {t: _sqlite_value_converters(t) for t in COLUMNS}
        self.indexes: list[str] = []

    def begin(self) -> None:
        # secondary indexes are built once at the end (far faster than row by row)
        self.indexes = [
            sql
            for (sql,) in self.connection.execute(
                "SELECT sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({', '.join('?' * len(BULK_TABLES))})",
                BULK_TABLES,
            )
        ]
        for (name,) in self.connection.execute(
            "SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join('?' * len(BULK_TABLES))})",
            BULK_TABLES,
        ).fetchall():
            self.connection.execute(f'DROP INDEX "{name}"')
        self.connection.execute("BEGIN")

    def write(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        converters = self.converters[table]
        columns = COLUMNS[table]
        if any(converters):
            pairs = [(i, c) for i, c in enumerate(converters) if c is not None]
            converted = []
            for row in rows:
                values = list(row)
                for i, convert in pairs:
                    values[i] = convert(values[i])
                converted.append(values)
            rows = converted  # type: ignore[assignment]
        marks = ", ".join("?" * len(columns))
        self.connection.executemany(
            f"INSERT INTO {_q(table)} ({', '.join(columns)}) VALUES ({marks})", rows
        )

    def finish(self) -> None:
        self.connection.execute("COMMIT")
        for sql in self.indexes:
            self.connection.execute(sql)
        self.connection.execute("PRAGMA foreign_keys=ON")
        problems = self.connection.execute("PRAGMA foreign_key_check").fetchmany(5)
        if problems:
            raise RuntimeError(f"generated rows break foreign keys: {problems}")
        self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.connection.close()


def _q(table: str) -> str:
    return f'"{table}"' if table in ("procedure", "event") else table


class PostgresLoad:
    """Constraints and indexes off during the load, rebuilt after; sequences moved on."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.constraints: list[tuple[str, str, str]] = []
        self.indexes: list[str] = []

    def begin(self) -> None:
        with pg_connect(self.url, autocommit=True) as connection:
            tables = list(BULK_TABLES)
            rows = connection.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), "
                "c.contype FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
                "WHERE t.relname = ANY(%s) AND c.contype IN ('p', 'u', 'f') "
                "ORDER BY CASE c.contype WHEN 'f' THEN 0 ELSE 1 END",
                (tables,),
            ).fetchall()
            # also foreign keys of other tables that point at bulk tables
            rows += connection.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), "
                "c.contype FROM pg_constraint c JOIN pg_class r ON r.oid = c.confrelid "
                "JOIN pg_class t ON t.oid = c.conrelid "
                "WHERE r.relname = ANY(%s) AND c.contype = 'f' AND NOT t.relname = ANY(%s)",
                (tables, tables),
            ).fetchall()
            # every foreign key before any key it points at (commitment → project …)
            rows.sort(key=lambda r: r[3] != "f")
            self.indexes = [
                r[0]
                for r in connection.execute(
                    "SELECT indexdef FROM pg_indexes i WHERE tablename = ANY(%s) "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                    (tables,),
                )
            ]
            if _has_owner_copies(connection):
                for table in OWNED_TABLES:
                    connection.execute(f"ALTER TABLE {_q(table)} DISABLE TRIGGER {table}_row_owner")
            for table, name, _definition, _kind in rows:
                connection.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for definition in self.indexes:
                name = definition.split(" INDEX ", 1)[1].split(" ON ", 1)[0]
                connection.execute(f"DROP INDEX {name}")
            self.constraints = [(t, n, d) for t, n, d, k in rows if k != "f"] + [
                (t, n, d) for t, n, d, k in rows if k == "f"
            ]

    def finish(self) -> None:
        with pg_connect(self.url, autocommit=True) as connection:
            connection.execute("SET maintenance_work_mem = '1GB'")
            for table, name, definition in self.constraints:
                if not definition.startswith("FOREIGN KEY"):
                    connection.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            for definition in self.indexes:
                connection.execute(definition)
            for table, name, definition in self.constraints:
                if definition.startswith("FOREIGN KEY"):
                    connection.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            if _has_owner_copies(connection):
                for table in OWNED_TABLES:
                    connection.execute(f"ALTER TABLE {_q(table)} ENABLE TRIGGER {table}_row_owner")
            for table in ("person", *BULK_TABLES):
                connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('{_q(table)}', 'id'), "
                    f"COALESCE((SELECT max(id) FROM {_q(table)}), 0) + 1, false)"
                )


# The copies of a project's units on the rows hanging off it (0009_row_owner, PostgreSQL):
# written by the load itself, with the triggers that keep them off while it runs (a
# trigger's lookup per row, with the project's key dropped for the load, would scan).
OWNER_COPIES = ("project_unit_id", "project_introducing_unit_id")
OWNED_TABLES = ("procedure", "assignment", "event", "problem", "funds_record")


def _has_owner_copies(connection: Any) -> bool:
    return bool(
        connection.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'event' AND column_name = %s",
            (OWNER_COPIES[0],),
        ).fetchone()
    )


def _copy_rows(
    connection: Any,
    table: str,
    rows: list[tuple[Any, ...]],
    owners: dict[int, tuple[Any, ...]] | None = None,
) -> None:
    """COPY ``rows`` in; with ``owners`` (project id → its units), each row of an owned
    table gets its project's units appended."""
    if not rows:
        return
    names = COLUMNS[table]
    copies = owners is not None and table in OWNED_TABLES
    if copies:
        names = (*names, *OWNER_COPIES)
    with connection.cursor() as cursor:
        columns = ", ".join(names)
        with cursor.copy(f"COPY {_q(table)} ({columns}) FROM STDIN") as copy:
            if copies:
                assert owners is not None
                at = COLUMNS[table].index("project_id")
                for row in rows:
                    copy.write_row((*row, *owners[row[at]]))
            else:
                for row in rows:
                    copy.write_row(row)


def _pg_worker(args: tuple[str, int, int, list[tuple[int, int]]]) -> dict[str, int]:
    """A worker process: plan its chunks and COPY them in (one transaction per chunk)."""
    url, size, seed, chunks = args
    world = make_world(url, size, seed)
    counts: dict[str, int] = {}
    project_id, unit_id = (COLUMNS["project"].index(c) for c in ("id", "unit_id"))
    with pg_connect(url) as connection:
        owned = _has_owner_copies(connection)
        for start, stop in chunks:
            rows = plan_chunk(world, start, stop)
            owners = (
                {r[project_id]: (r[unit_id], None) for r in rows.tables["project"]}
                if owned
                else None
            )
            for table in BULK_TABLES:
                _copy_rows(connection, table, rows.tables[table], owners)
                counts[table] = counts.get(table, 0) + len(rows.tables[table])
            connection.commit()
    return counts


# --- the whole database ------------------------------------------------------------------------


@dataclass
class GenerationReport:
    url: str
    size: int
    seed: int
    seconds: float
    rows: dict[str, int]


def init_base(url: str, size: int, seed: int) -> World:
    """Schema, seed units, workflows (through the library), the office unit and persons."""
    from benchmarks.common import context
    from qy_landing.services.setup import init_database

    ctx = context(url)
    init_database(ctx)
    ctx.db.dispose()
    if is_sqlite(url):
        connection = sqlite_connect(url)
        connection.execute(
            "INSERT INTO unit (name, name_en, code, kind) VALUES (?, ?, ?, ?)",
            (OFFICE_UNIT, "City investment landing office", None, "office"),
        )
        connection.close()
    else:
        with pg_connect(url) as connection:
            connection.execute(
                "INSERT INTO unit (name, name_en, code, kind) VALUES (%s, %s, %s, %s)",
                (OFFICE_UNIT, "City investment landing office", None, "office"),
            )
    world = make_world(url, size, seed)
    if is_sqlite(url):
        connection = sqlite_connect(url)
        connection.execute("BEGIN")
        connection.executemany(
            f"INSERT INTO person ({', '.join(COLUMNS['person'])}) VALUES "
            f"({', '.join('?' * len(COLUMNS['person']))})",
            world.persons,
        )
        connection.execute("COMMIT")
        connection.close()
    else:
        with pg_connect(url) as connection:
            _copy_rows(connection, "person", world.persons)
            connection.execute(
                "SELECT setval(pg_get_serial_sequence('person', 'id'), "
                "(SELECT max(id) FROM person) + 1, false)"
            )
    return world


def chunks_of(size: int) -> list[tuple[int, int]]:
    return [(start, min(size, start + CHUNK)) for start in range(0, size, CHUNK)]


def generate(
    url: str,
    size: int,
    seed: int,
    *,
    workers: int = 2,
    progress: Callable[[str], None] | None = None,
) -> GenerationReport:
    """Fill the empty database at ``url`` with ``size`` projects (see the module text)."""
    say = progress or (lambda _message: None)
    began = time.perf_counter()
    world = init_base(url, size, seed)
    say(f"base: {len(world.persons)} persons")
    counts: dict[str, int] = {}
    chunks = chunks_of(size)
    if is_sqlite(url):
        sink = SqliteSink(url)
        sink.begin()
        for number, (start, stop) in enumerate(chunks, start=1):
            rows = plan_chunk(world, start, stop)
            for table in BULK_TABLES:
                sink.write(table, rows.tables[table])
                counts[table] = counts.get(table, 0) + len(rows.tables[table])
            if number % 5 == 0 or number == len(chunks):
                say(f"{stop:,} of {size:,} projects")
        _past_digests_sqlite(sink.connection, world)
        say("indexes")
        sink.finish()
    else:
        load = PostgresLoad(url)
        load.begin()
        parts = [chunks[k::workers] for k in range(workers)]
        jobs = [(url, size, seed, part) for part in parts if part]
        if len(jobs) == 1:
            results = [_pg_worker(jobs[0])]
        else:
            context = multiprocessing.get_context("spawn")
            with context.Pool(len(jobs)) as pool:
                results = pool.map(_pg_worker, jobs)
        for result in results:
            for table, n in result.items():
                counts[table] = counts.get(table, 0) + n
        say("constraints and indexes")
        load.finish()
        with pg_connect(url) as connection:
            _past_digests_pg(connection, world)
        say("vacuum analyze")
        with pg_connect(url, autocommit=True) as connection:
            connection.execute("VACUUM (ANALYZE)")
    counts["person"] = len(world.persons)
    return GenerationReport(url, size, seed, time.perf_counter() - began, counts)


def _past_digests(world: World) -> Iterator[tuple[Any, ...]]:
    """The digests of the three months before the run's month: already sent."""
    months = []
    year, month = AS_OF.year, AS_OF.month
    for _ in range(3):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        months.append((year, month))
    for person in world.persons:
        person_id, name, _unit, _title, *_rest = person
        lang, channel = person[9], person[8]
        if person[10] or not person[11]:  # supervisors get no digest; inactive ones none
            continue
        for year, month in months:
            period = f"{year:04d}-{month:02d}"
            stamp = datetime(year, month, 2, 1, 0, 0)
            yield (
                f"monthly:{person_id}:{period}", "monthly", person_id, None, None, 0, period,
                channel, lang, f"【{period} 项目调度】{name}", f"{name}：本月调度清单（已发送）。",
                "sent", 1, stamp, stamp, stamp,
            )  # fmt: skip


def _past_digests_sqlite(connection: Any, world: World) -> None:
    rows = list(_past_digests(world))
    converters = _sqlite_value_converters("reminder")
    converted = [[c(v) if c else v for c, v in zip(converters, row, strict=True)] for row in rows]
    columns = COLUMNS["reminder"]
    connection.executemany(
        f"INSERT INTO reminder ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        converted,
    )


def _past_digests_pg(connection: Any, world: World) -> None:
    _copy_rows(connection, "reminder", list(_past_digests(world)))
    connection.commit()


# --- the ledger to import ----------------------------------------------------------------------

LEDGER_HEADER = (
    "序号", "项目代码", "项目名称", "投资方", "落地县区", "产业链", "签约活动", "签约日期",
    "协议投资额（亿元）", "第一责任人", "直接责任人", "主办科长", "落地专员", "是否重大项目",
    "新增建设用地", "危险化学品", "核准类", "环评报告书", "年综合能耗（吨标煤）", "建设内容",
    "计划开工", "存在问题",
)  # fmt: skip
LEDGER_OFFSET = 50_000_000  # ledger codes never meet the generated projects' codes


def write_ledger(path: Path, world: World, rows: int) -> int:
    """A ledger CSV of ``rows`` new projects naming the world's persons; returns its rows."""
    from qy_landing import i18n

    rng = random.Random(world.seed * 13 + 5)
    chain_names = {key: i18n.term("chain", key, "zh") for key, _ in CHAINS}
    unit_names = {unit_id: name for unit_id, name, _code in world.units}
    yes = {True: "是", False: "否"}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(LEDGER_HEADER)
        for number in range(1, rows + 1):
            facts = random_facts(rng)
            unit_id, _name, region = world.units[rng.randrange(len(world.units))]
            signed = AS_OF - timedelta(days=rng.randint(0, 700))
            code, _kind = project_code(LEDGER_OFFSET + number, signed, region, rng)
            investor, name, description = random_texts(rng, facts.chain)
            pools = world.pools[unit_id]
            first = world.names[rng.choice(pools["first_responsible"])]
            direct = world.names[rng.choice(pools["direct_responsible"])]
            lead = world.names[rng.choice(pools["lead_chief"])] if rng.random() < 0.6 else ""
            comm = world.names[rng.choice(pools["commissioner"])] if rng.random() < 0.6 else ""
            amount = f"{facts.amount_wan / 10000:.2f}".rstrip("0").rstrip(".")
            writer.writerow(
                (
                    number, code, name, investor, unit_names[unit_id], chain_names[facts.chain],
                    rng.choice(EVENTS) if rng.random() < 0.6 else "", signed.isoformat(),
                    amount, first, direct, lead, comm, yes[facts.major], yes[facts.new_land],
                    yes[facts.hazardous], yes[facts.approval_listed], yes[facts.eia_full],
                    "" if facts.energy_tce is None else f"{facts.energy_tce:g}", description,
                    f"{signed.year + 1}-{signed.month:02d}",
                    rng.choice(PROBLEMS) if rng.random() < 0.1 else "",
                )
            )  # fmt: skip
    return rows


def utc_now() -> datetime:
    return datetime.now(UTC)
