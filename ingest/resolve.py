"""Entity resolution: a mention as written -> one Organization (ONTOLOGY.md "Entity resolution").

A unit is a jurisdiction plus a standard name.  A mention is read as
``[place or level prefix] + unit name``: 市应急局 in 九江's document is 九江市 + 应急局, and the
abbreviation lexicon turns 应急局 into 应急管理局, giving 九江市应急管理局.  Names that carry a
place of their own keep it whole (九江海事局, 宜春车务段); railway units named without a place take
the city's short name (车务段 → 九江车务段); a named government of another place stands alone
(丰城市政府 → 丰城市人民政府).  Party organs keep their 委 (市委编办 → 九江市委机构编制委员会办公室)
and drop 中共.  A 专委会 keeps the document's own wording; the pipeline merges shorter variants of
one topic into the fullest one (merge_committee_variants).  Collective mentions (各有关部门 …) are
kind ``group``, one per jurisdiction.

Documents without a named jurisdiction (004: 全县, 某县) resolve against a placeholder place
``某地(<first 8 hex of the file hash>)``: it keeps two anonymous counties' units apart while
Organization.jurisdiction stays None (no Jurisdiction node is invented).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ingest.clauses import QUOTES, ClauseParser
from ingest.lexicon import rows
from ingest.structure import NOT_PLACES, PLACE_RE, Place

_LEVEL_CHARS = {"省": "province", "市": "city", "县": "county", "区": "district", "州": "city", "旗": "county",
                "镇": "township", "乡": "township"}
# Words that begin with a level character but are no level prefix (市场监督管理局 is not 市 + 场…).
_NOT_A_PREFIX = ("市场", "市政", "区域", "县域", "市容", "省级", "市级", "县级", "区级", "市民", "市区", "县城",
                 "乡村", "乡镇", "镇街", "乡级", "镇级")
_COMMITTEE = re.compile(r"^安全生产委员会(?P<topic>.+?)(?:安全)?(?:生产)?(?:专业)?委员会$")
_PLACE_SUFFIXES = ("特别行政区", "自治区", "自治州", "地区", "省", "市", "州", "盟", "县", "区", "旗")


@dataclass(frozen=True)
class ResolvedOrg:
    canonical: str
    kind: str
    standard: str
    jurisdiction: str | None  # Jurisdiction.name, None for a placeholder place
    topic: str | None = None  # committees
    parent: str | None = None  # canonical name of the unit this one is MEMBER_OF
    place: Place | None = None  # a jurisdiction the name itself introduced (丰城市)


@dataclass(frozen=True)
class OrgLexicon:
    abbreviations: tuple[tuple[str, str], ...]
    shapes: tuple[tuple[str, str], ...]  # (ending, kind), longest first
    groups: tuple[re.Pattern[str], ...]
    railway: tuple[str, ...]
    topics: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls) -> "OrgLexicon":
        abbr = sorted(((a, f) for a, f in rows("abbreviations.tsv", 2)), key=lambda p: -len(p[0]))
        shapes = sorted(((e, k) for e, k in rows("org_shapes.tsv", 2)), key=lambda p: -len(p[0]))
        return cls(
            abbreviations=tuple(abbr),
            shapes=tuple(shapes),
            groups=tuple(re.compile(r) for (r,) in rows("groups.tsv", 1)),
            railway=tuple(r for (r,) in rows("railway.tsv", 1)),
            topics={t: tuple(s for s in secs.split(",") if s) for t, secs in rows("committee_topics.tsv", 2)},
        )

    def clause_parser(self) -> ClauseParser:
        return ClauseParser(tuple(e for e, _ in self.shapes), self.groups)

    def expand(self, name: str) -> str:
        pattern = self.__dict__.get("_abbr_re")
        if pattern is None:
            pattern = re.compile("|".join(re.escape(a) for a, _ in self.abbreviations))
            object.__setattr__(self, "_abbr_re", pattern)
            object.__setattr__(self, "_abbr_map", dict(self.abbreviations))
        full = self.__dict__["_abbr_map"]
        return pattern.sub(lambda m: full[m.group()], name)

    def kind_by_shape(self, name: str) -> str | None:
        return next((k for e, k in self.shapes if name.endswith(e) and len(name) >= len(e)), None)

    def is_group(self, name: str) -> bool:
        return any(p.search(name) for p in self.groups)


def short_place(name: str) -> str:
    """九江市 -> 九江 (kept whole when the stem would be a single character: 沙县)."""
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def clean_mention(mention: str) -> str:
    text = "".join(ch for ch in mention if ch not in QUOTES and not ch.isspace())
    return text[2:] if text.startswith("中共") else text


class Resolver:
    """Resolves mentions within one jurisdiction chain; also the query side's name helpers."""

    def __init__(self, lexicon: OrgLexicon, places: list[Place] | None = None, placeholder: str | None = None):
        self.lexicon = lexicon
        self.places = list(places or [])
        self.placeholder = placeholder

    def for_document(self, places: list[Place], doc_key: str) -> "Resolver":
        return Resolver(self.lexicon, places, None if places else f"某地({doc_key[:8]})")

    # ---- query helpers ------------------------------------------------------------------
    def query_key(self, name: str) -> str:
        """The standard name a mention or canonical name stands for: 市应急局 -> 应急管理局."""
        if not clean_mention(name):  # only quotes or spaces: a person's typo, no unit
            return ""
        return Resolver(self.lexicon).resolve(name).standard


    def split_jurisdiction(self, name: str, known: list[str] | None = None) -> tuple[str | None, str]:
        """九江市应急管理局 -> (九江市, 应急管理局); the innermost leading place is the jurisdiction."""
        name = clean_mention(name)
        for k in sorted(known or [], key=len, reverse=True):
            if name.startswith(k) and len(name) > len(k):
                return k, name[len(k):]
        place, pos = None, 0
        while True:
            m = PLACE_RE.match(name, pos)
            if (not m or m.group(1)[0] in "全本某我各该省市县区" or m.end() >= len(name)
                    or name.startswith(_NOT_A_PREFIX, pos) or m.group(1).endswith(NOT_PLACES)):
                break
            place, pos = m.group(1), m.end()
        return place, name[pos:]

    @staticmethod
    def normalize_jurisdiction(arg: str, known: list[str]) -> str | None:
        """九江 -> 九江市 given the known jurisdiction names; None when unknown or ambiguous."""
        arg = arg.strip()
        if arg in known:
            return arg
        hits = [k for k in known if short_place(k) == arg or short_place(arg) == short_place(k)]
        if len(hits) == 1:
            return hits[0]
        hits = [k for k in known if k.startswith(arg)]
        return hits[0] if len(hits) == 1 else None

    # ---- resolution ---------------------------------------------------------------------
    def _place_for_level(self, level_char: str) -> Place | None:
        level = _LEVEL_CHARS[level_char]
        for p in reversed(self.places):
            if p.level == level or (level == "district" and p.level == "county") or (level == "county" and p.level == "district"):
                return p
        return self.places[-1] if self.places else None

    def _place_name(self, place: Place | None) -> str:
        return place.name if place else (self.placeholder or "")

    def resolve(self, mention: str) -> ResolvedOrg:
        m = clean_mention(mention)
        lex = self.lexicon
        jur = self.places[-1] if self.places else None
        if lex.is_group(m):
            place, rest = jur, m
            if m[0] in _LEVEL_CHARS and not m.startswith(_NOT_A_PREFIX):
                place, rest = self._place_for_level(m[0]), m[1:]
            return ResolvedOrg(self._place_name(place) + rest, "group", rest, place.name if place else None)

        place, rest, carried, new_place = self._split(m)
        full = lex.expand(rest)
        place_name = self._place_name(place)
        jur_name = place.name if place else None
        if carried is not None:  # 九江海事局, 宜春车务段: the written name already holds a place
            return self._classify(carried + full, full, jur_name, place_name, new_place)
        if full in lex.railway:
            short = short_place(place_name) if place else place_name
            return self._classify(short + full, full, jur_name, place_name, new_place)
        if full in ("政府", "人民政府"):
            return ResolvedOrg(place_name + "人民政府", "government", "人民政府", jur_name, place=new_place)
        return self._classify(place_name + full, full, jur_name, place_name, new_place)

    def _split(self, m: str) -> tuple[Place | None, str, str | None, Place | None]:
        """(place, unit name, place text carried in the name, new jurisdiction) of a mention."""
        for p in sorted(self.places, key=lambda p: -len(p.name)):
            if m.startswith(p.name) and len(m) > len(p.name):
                rest = m[len(p.name):]
                inner = [q for q in self.places if rest.startswith(q.name)]
                if inner:
                    return inner[0], rest[len(inner[0].name):], None, None
                return p, rest, None, None
        for p in self.places:
            short = short_place(p.name)
            if short != p.name and m.startswith(short) and len(m) > len(short) + 1:
                return p, m[len(short):], short, None
        if m[0] in _LEVEL_CHARS and not m.startswith(_NOT_A_PREFIX) and len(m) > 1:
            if _LEVEL_CHARS[m[0]] == "township" and not any(p.level == "township" for p in self.places):
                # 镇政府 in a county's plan is some township's, not the county's: keep it whole
                return (self.places[-1] if self.places else None), m, None, None
            return self._place_for_level(m[0]), m[1:], None, None
        name, rest = self.split_jurisdiction(m)
        if name:
            if self.lexicon.kind_by_shape(rest) or rest in ("政府", "人民政府"):
                # 镇/乡/街道 are township words, not in _PLACE_SUFFIXES: read them as a city's unit
                suffix = next((s for s in _PLACE_SUFFIXES if name.endswith(s)), "市")
                level = {"省": "province", "自治区": "province", "县": "county", "旗": "county", "区": "district"}.get(suffix, "city")
                jur = self.places[-1] if self.places else None
                if level == "city" and jur and jur.level == "city":
                    level = "county"
                parent = jur.name if jur and _rank(jur.level) < _rank(level) else None
                new = Place(name, level, parent)
                return new, rest, None, new
        return (self.places[-1] if self.places else None), m, None, None

    def _classify(self, canonical: str, full: str, jur_name: str | None, place_name: str, new_place: Place | None) -> ResolvedOrg:
        lex = self.lexicon
        if full.startswith("委") and not full.startswith("委员会") and len(full) > 1:
            return ResolvedOrg(canonical, "party", full[1:], jur_name, place=new_place)
        cm = _COMMITTEE.match(full)
        if cm:
            topic = cm.group("topic")
            return ResolvedOrg(canonical, "committee", f"安全生产委员会{topic}专业委员会", jur_name, topic=topic,
                               parent=place_name + "安全生产委员会", place=new_place)
        kind = lex.kind_by_shape(full) or "department"
        if kind == "group":
            kind = "department"
        parent = None
        police = re.match(r"^(.*?)交通警察(?:支队|大队)$", full)
        if police:
            parent = place_name + (police.group(1) if police.group(1).endswith("公安局") else "公安局")
            kind = "department"
        return ResolvedOrg(canonical, kind, full, jur_name, parent=parent, place=new_place)


def _rank(level: str) -> int:
    return {"province": 0, "city": 1, "county": 2, "district": 2, "township": 3}.get(level, 9)


def merge_committee_variants(resolved: dict[str, ResolvedOrg]) -> dict[str, ResolvedOrg]:
    """Within one jurisdiction, committee variants of one topic resolve to the fullest wording.

    市安委会危险物品专业委员会 and 市安委会危险物品安全专业委员会 are one committee; the longer
    name is the one that spells the unit out, so it is canonical.
    """
    best: dict[tuple[str | None, str], str] = {}
    for r in resolved.values():
        if r.kind == "committee":
            key = (r.jurisdiction, r.topic or "")
            if key not in best or len(r.canonical) > len(best[key]):
                best[key] = r.canonical
    out = {}
    for mention, r in resolved.items():
        if r.kind == "committee":
            r = replace(r, canonical=best[(r.jurisdiction, r.topic or "")])
        out[mention] = r
    return out
