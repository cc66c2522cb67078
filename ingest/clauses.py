"""Parsing one responsibility clause into (mention, role) pairs — the rules of ONTOLOGY.md.

A clause is read left to right as unit lists separated by cue words (role_cues.tsv):
``X、Y牵头`` gives the list before a *suffix* cue its role; ``X会同Y…`` makes X lead and Y
cooperate whatever verb follows; ``牵头单位:X`` gives the list after a *label* its role.  Lists
may run across commas (各县(市、区)政府,“三区”管委会落实) but never across a semicolon: a list
after a semicolon with no verb implements; any other verb-less list (a bare clause, or units
named after a lead) is responsible.  Inside a list, units are split on 、 , ， 和 及 以及 — but
never inside brackets (各县(市、区)政府), never where the left part is not a complete unit
(住房和城乡建设局), and 各市、县(区)政府 (an enumeration of levels) stays one group; a shared
suffix is distributed (公安、交通部门 → 公安部门, 交通部门).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.lexicon import rows
from ingest.timing import mask_deadlines

QUOTES = "“”‘’「」"
_SEMI = set(";；。")
# Items that only enumerate administrative levels (各市 in 各市、县(区)政府) belong to the next item.
_LEVEL_ONLY = re.compile(r"^各?[省市县区乡镇](?:[（(][^）)]*[）)])?$")
_TAIL_ETC = re.compile(r"等(?:有关|相关|其他|其它)?(?:部门|单位|成员单位)?$")
_CONNECTORS = re.compile(r"以及|、|,|，|和|及|与")


@dataclass(frozen=True)
class ClauseMention:
    text: str  # as written, curly quotes removed (or the distributed form 公安部门)
    role: str
    start: int  # offsets within the clause of the written mention
    end: int


@dataclass(frozen=True)
class Cue:
    role: str
    kind: str


class ClauseParser:
    """Holds the compiled cue lexicon and the unit-shape test; build once, call per clause."""

    def __init__(self, shape_suffixes: tuple[str, ...], group_patterns: tuple[re.Pattern[str], ...]):
        cues = rows("role_cues.tsv", 3)
        self._cues = [Cue(role, kind) for _, role, kind in cues]
        self._cue_re = re.compile("|".join(f"(?P<c{i}>{p})" for i, (p, _, _) in enumerate(cues)) + r"|(?P<semi>[;；。])")
        self._suffixes = tuple(sorted(shape_suffixes, key=len, reverse=True))
        self._groups = group_patterns
        self._ends = tuple(self._suffixes)
        # clauses repeat within and across documents (〔…各县(市、区)政府负责落实〕); results are immutable
        self._cache: dict[str, tuple[ClauseMention, ...]] = {}

    # ---- unit shape -------------------------------------------------------------------
    def is_group(self, text: str) -> bool:
        return any(p.search(text) for p in self._groups)

    def unit_suffix(self, text: str) -> str | None:
        t = _strip_quotes(text)
        if not t.endswith(self._ends):
            return None
        return next((s for s in self._suffixes if t.endswith(s) and len(t) > len(s)), None)

    def is_unit(self, text: str) -> bool:
        return self.is_group(_strip_quotes(text)) or self.unit_suffix(text) is not None

    # ---- clause -----------------------------------------------------------------------
    def parse(self, clause: str) -> list[ClauseMention]:
        cached = self._cache.get(clause)
        if cached is None:
            if len(self._cache) > 4096:
                self._cache.clear()
            # a deadline (6月底前, 完成时限:…) is no unit: blanked, offsets unchanged
            cached = self._cache[clause] = tuple(self._parse(mask_deadlines(clause)))
        return list(cached)

    def _parse(self, clause: str) -> list[ClauseMention]:
        out: list[ClauseMention] = []
        pos = 0
        depth_map = _depths(clause)
        label_role: str | None = None
        link_open = False
        after_semi = False

        def flush(end: int, role: str | None) -> None:
            nonlocal pos
            for m in self.split_units(clause, pos, end):
                out.append(ClauseMention(m[0], role or "responsible", m[1], m[2]))
            pos = end

        for m in self._cue_re.finditer(clause):
            if depth_map[m.start()]:
                continue  # 各县(市、区) — nothing inside brackets is a cue
            if m.lastgroup == "semi":
                flush(m.start(), label_role or ("cooperate" if link_open else "implement" if after_semi else "responsible"))
                pos, label_role, link_open, after_semi = m.end(), None, False, True
                continue
            cue = self._cues[int(m.lastgroup[1:])]
            if cue.kind == "particle":
                flush(m.start(), label_role or ("cooperate" if link_open else None))
                pos = m.end()
            elif cue.kind == "label":
                flush(m.start(), label_role or ("cooperate" if link_open else "implement" if after_semi else None))
                pos, label_role, link_open = m.end(), cue.role, False
            elif cue.kind == "link":
                flush(m.start(), cue.role)
                pos, link_open = m.end(), True
            else:
                flush(m.start(), "cooperate" if link_open else cue.role)
                pos, link_open = m.end(), False
        flush(len(clause), label_role or ("cooperate" if link_open else "implement" if after_semi else "responsible"))
        return out

    def split_units(self, clause: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """Units of clause[start:end] as (mention, start, end); connectors and 等有关部门 dropped."""
        pieces = self._pieces(clause, start, end)
        # the trailing 等有关部门 after named units is not a mention of its own
        if pieces:
            text, s, e = pieces[-1]
            m = _TAIL_ETC.search(text)
            if m and m.start() > 0:
                pieces[-1] = (text[:m.start()], s, s + m.start())
            elif m and m.start() == 0 and len(pieces) > 1:
                pieces.pop()
        pieces = self._join_level_enumerations(clause, pieces)
        return self._distribute_suffix(pieces)

    def _pieces(self, clause: str, start: int, end: int) -> list[tuple[str, int, int]]:
        depth = _depths(clause)
        raw: list[tuple[int, int]] = []
        cur = start
        for m in _CONNECTORS.finditer(clause, start, end):
            if depth[m.start()]:
                continue
            if m.group() in ("和", "及", "以及", "与") and not self.is_unit(clause[cur:m.start()].strip()):
                continue  # 住房和城乡建设局: the left part is no unit, so this 和 is inside a name
            raw.append((cur, m.start()))
            cur = m.end()
        raw.append((cur, end))
        out = []
        for s, e in raw:
            while s < e and clause[s].isspace():
                s += 1
            while e > s and clause[e - 1].isspace():
                e -= 1
            if s < e:
                out.append((clause[s:e], s, e))
        return out

    def _join_level_enumerations(self, clause: str, pieces: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        i = 0
        while i < len(pieces):
            text, s, e = pieces[i]
            j = i
            while _LEVEL_ONLY.match(pieces[j][0]) and j + 1 < len(pieces) and not pieces[j + 1][0].startswith("各"):
                j += 1
            if j > i:
                e = pieces[j][2]
                text = clause[s:e]
            out.append((text, s, e))
            i = j + 1
        return out

    def _distribute_suffix(self, pieces: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        pending: list[tuple[str, int, int]] = []
        for text, s, e in pieces:
            if not self.is_unit(text):
                pending.append((text, s, e))
                continue
            suffix = self.unit_suffix(text)
            for ptext, ps, pe in pending:
                out.append((_strip_quotes(ptext) + suffix if suffix else _strip_quotes(ptext), ps, pe))
            pending = []
            out.append((_strip_quotes(text), s, e))
        # fragments never completed by a unit are kept as written (a bare 各街道-like name)
        out.extend((_strip_quotes(t), s, e) for t, s, e in pending)
        return [p for p in out if p[0]]


def _strip_quotes(text: str) -> str:
    return "".join(ch for ch in text if ch not in QUOTES).strip()


def _depths(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        if ch in "(（[【〔":
            depth += 1
            out.append(depth)
            continue
        out.append(depth)
        if ch in ")）]】〕" and depth:
            depth -= 1
    out.append(0)
    return out


def parse_responsibility_clause(clause: str, parser: ClauseParser | None = None) -> list[ClauseMention]:
    """Convenience wrapper: (mention, role, offsets) of one clause, with the default lexicons."""
    if parser is None:
        from ingest.resolve import OrgLexicon

        parser = OrgLexicon.load().clause_parser()
    return parser.parse(clause)
