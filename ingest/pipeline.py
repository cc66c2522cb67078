"""DocumentParser: bytes -> ParsedDocument, as a chain of small named steps.

load (a reader per format) -> clean (chrome, wrapped lines) -> structure (title, places,
issuer; outline: headings, tasks, 专栏 boxes) -> clauses (mentions + roles) -> resolve (one
Organization per unit) -> mentions (sectors, campaigns) -> links, plus deadlines, targets and
the cover notice's reporting duties.  Lexicons and spaCy are built once, in the constructor.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from graph.model import (
    Campaign, Document, Jurisdiction, Link, Organization, ParsedDocument, RelType, ReportingDuty, Responsibility,
    Role, Section, Sector, Task, campaign_id, content_hash, document_id, jurisdiction_id,
    organization_id, section_id, sector_id, task_id,
)
from ingest.clean import JunkRules, clean_text
from ingest.cover import reporting_clauses
from ingest.errors import IngestError
from ingest.load import READERS, load_text, read_bytes
from ingest.mentions import TextMatcher
from ingest.resolve import OrgLexicon, ResolvedOrg, Resolver, merge_committee_variants
from ingest.structure import Place, StructureRules, attach_clause, parse_structure
from ingest.tasks import box_tasks, task_deadline, targets_of
from ingest.timing import deadline_of


class DocumentParser:
    """Parses work-safety documents; build once and reuse (construction loads lexicons + spaCy)."""

    # What a folder walk picks up: the suffixes a reader is registered for.
    supported_suffixes = frozenset(s for s in READERS if s)

    def __init__(self) -> None:
        self.junk = JunkRules.load()
        self.structure_rules = StructureRules.load()
        self.org_lexicon = OrgLexicon.load()
        self.clauses = self.org_lexicon.clause_parser()
        self.resolver = Resolver(self.org_lexicon)  # context-free: the query side's helpers
        self.text_matcher = TextMatcher()

    def parse_file(self, path: str | os.PathLike[str]) -> ParsedDocument:
        data = read_bytes(path)
        return self.parse_bytes(data, os.fspath(path))

    def parse_bytes(self, data: bytes, source: str) -> ParsedDocument:
        name = Path(source).name or source
        raw = load_text(data, source)
        text = clean_text(raw, self.junk)
        if not text.strip():
            raise IngestError(source, "no recognisable text after removing page chrome")
        sha = content_hash(data)
        try:
            return self._build(text, sha, name, raw)
        except IngestError:
            raise
        except Exception as exc:  # a parser bug must still name the file, in one line
            raise IngestError(source, f"could not parse the document ({type(exc).__name__}: {exc})") from exc

    # ---- steps ----------------------------------------------------------------------------
    def _build(self, text: str, sha: str, source: str, raw: str) -> ParsedDocument:
        doc_id = document_id(sha)
        sk = parse_structure(text, self.structure_rules, raw)
        resolver = self.resolver.for_document(sk.places, sha)
        jur = sk.jurisdiction

        sections = [Section(section_id(doc_id, i + 1), doc_id, i + 1, title) for i, (title, _) in enumerate(sk.sections)]
        raws = sorted([*sk.tasks, *box_tasks(sk.boxes)], key=lambda r: r.start)
        tasks: list[Task] = []
        for ordinal, raw in enumerate(raws, start=1):
            attach_clause(raw, text)
            tasks.append(Task(
                id=task_id(doc_id, ordinal), document=doc_id, ordinal=ordinal, number=raw.number,
                title=raw.title, text=text[raw.start:raw.end], span=(raw.start, raw.end),
                section=sections[raw.section].id if raw.section is not None else None,
                deadline=task_deadline(raw, text),
            ))

        # clauses -> (task, mention, role, span, evidence); a deadline in a clause is no unit
        found = []
        for task, raw in zip(tasks, raws):
            if not raw.clause:
                continue
            for cm in self.clauses.parse(raw.clause):
                span = (raw.clause_start + cm.start, raw.clause_start + cm.end)
                found.append((task, cm.text, cm.role, span, raw.clause))
        reports = self._reporting(text, sk.body_start)

        resolved = {m: resolver.resolve(m) for m in dict.fromkeys(
            [*(f[1] for f in found), *(r[0] for r in reports), *(r[2] for r in reports if r[2])])}
        issuer_res = resolver.resolve(sk.issuer_name) if sk.issuer_name else None
        if issuer_res:
            resolved.setdefault(sk.issuer_name, issuer_res)
        resolved = merge_committee_variants(resolved)

        orgs, links = self._organizations(resolved)
        responsibilities = [
            Responsibility(org=organization_id(resolved[m].canonical), task=task.id, role=Role(role),
                           document=doc_id, mention=m, evidence=evidence, span=span)
            for task, m, role, span, evidence in found
        ]
        jurisdictions = self._jurisdictions(sk.places, resolved)
        for o in orgs:
            if o.jurisdiction:
                links.append(Link(RelType.IN, o.id, jurisdiction_id(o.jurisdiction)))
        issuer = resolved[sk.issuer_name].canonical if sk.issuer_name else None
        if issuer:
            links.append(Link(RelType.ISSUED_BY, doc_id, organization_id(issuer)))

        sectors, campaigns = self._text_links(text, tasks, links, raws)
        by_canonical = {r.canonical: r for r in resolved.values()}
        for o in orgs:  # committees cover the sectors of their topic (derived parents have no topic)
            r = by_canonical.get(o.name)
            for sec in self.org_lexicon.topics.get(r.topic or "", ()) if r and o.kind == "committee" else ():
                sectors.setdefault(sec, Sector(sector_id(sec), sec))
                links.append(Link(RelType.COVERS, o.id, sector_id(sec)))

        document = Document(
            id=doc_id, title=sk.title, jurisdiction=jur.name if jur else None, issuer=issuer,
            issued_on=sk.issued_on, period=sk.period, kind=sk.kind, source=source, sha256=sha,
        )
        reporting = [
            ReportingDuty(org=organization_id(resolved[who].canonical), document=doc_id, mention=who,
                          recipient=organization_id(resolved[to].canonical) if to else None,
                          deadline=deadline, evidence=sentence, span=span)
            for who, span, to, deadline, sentence in reports
        ]
        return ParsedDocument(
            document=document, text=text, sections=sections, tasks=tasks, organizations=orgs,
            jurisdictions=jurisdictions, sectors=list(sectors.values()), campaigns=list(campaigns.values()),
            responsibilities=responsibilities, links=_dedupe(links),
            targets=targets_of(doc_id, text, sk, tasks, raws), reporting=reporting,
        )

    def _reporting(self, text: str, body_start: int) -> list[tuple[str, tuple[int, int], str | None, str | None, str]]:
        """(reporter mention, span, recipient mention, deadline, sentence) of the cover's reporting duties."""
        out = []
        for rc in reporting_clauses(text, 0, body_start):
            to = rc.recipient if rc.recipient and self.clauses.is_unit(rc.recipient) else None
            for name, s, e in self.clauses.split_units(rc.reporters, 0, len(rc.reporters)):
                if name in ("各地", "各级") or self.clauses.is_unit(name):
                    out.append((name, (rc.reporters_start + s, rc.reporters_start + e), to,
                                deadline_of(rc.sentence), rc.sentence))
        return out

    def _organizations(self, resolved: dict[str, ResolvedOrg]) -> tuple[list[Organization], list[Link]]:
        by_name: dict[str, tuple[ResolvedOrg, list[str]]] = {}
        for mention, r in resolved.items():
            by_name.setdefault(r.canonical, (r, []))[1].append(mention)
        # parents (安委会 of a 专委会, 公安局 of 交警支队) are derivable units: make them exist
        for r, _ in list(by_name.values()):
            if r.parent and r.parent not in by_name:
                kind = "council" if r.parent.endswith("安全生产委员会") else "department"
                standard = r.parent[len(r.jurisdiction):] if r.jurisdiction and r.parent.startswith(r.jurisdiction) else r.parent
                by_name[r.parent] = (ResolvedOrg(r.parent, kind, standard, r.jurisdiction), [])
        orgs, links = [], []
        for canonical, (r, mentions) in by_name.items():
            aliases = tuple(dict.fromkeys(m for m in mentions if m != canonical))
            orgs.append(Organization(organization_id(canonical), canonical, r.kind, r.jurisdiction, r.standard, aliases))
            if r.parent:
                links.append(Link(RelType.MEMBER_OF, organization_id(canonical), organization_id(r.parent)))
        return orgs, links

    @staticmethod
    def _jurisdictions(places: list[Place], resolved: dict[str, ResolvedOrg]) -> list[Jurisdiction]:
        out: dict[str, Jurisdiction] = {}
        for p in [*places, *(r.place for r in resolved.values() if r.place)]:
            out.setdefault(p.name, Jurisdiction(jurisdiction_id(p.name), p.name, p.level, p.parent))
        return list(out.values())

    def _text_links(self, text: str, tasks: list[Task], links: list[Link], raws):
        sectors: dict[str, Sector] = {}
        campaigns: dict[str, Campaign] = {}
        if not tasks:
            return sectors, campaigns
        # one Doc over the task region, matches assigned to tasks by offset
        lo, hi = tasks[0].span[0], tasks[-1].span[1]
        hits = self.text_matcher.find(text[lo:hi])
        i = 0
        for task, raw in zip(tasks, raws):
            start, end = task.span[0] - lo, task.span[1] - lo
            title_end = start + len(task.title) + 4
            in_task = []
            while i < len(hits) and hits[i].start < end:
                if hits[i].start >= start:
                    in_task.append(hits[i])
                i += 1
            for h in in_task:
                if h.label == "CAMPAIGN":
                    campaigns.setdefault(h.name, Campaign(campaign_id(h.name), h.name))
                    links.append(Link(RelType.PART_OF, task.id, campaign_id(h.name)))
            sector_hits = [h for h in in_task if h.label == "SECTOR"]
            named = {h.name for h in sector_hits if h.start < title_end}
            if raw.topic:  # a box row says which sector it is about
                named = {h.name for h in self.text_matcher.find(raw.topic) if h.label == "SECTOR"} or named
            if not named:  # the title names none: a sector the body returns to, or a list of them
                counts = Counter(h.name for h in sector_hits)
                named = {n for n, c in counts.items() if c >= 3} | _enumerated(sector_hits, text, lo)
            for name in sorted(named):
                sectors.setdefault(name, Sector(sector_id(name), name))
                links.append(Link(RelType.CONCERNS, task.id, sector_id(name)))
        return sectors, campaigns


def _enumerated(hits, text: str, offset: int) -> set[str]:
    """Sectors named in one 、-list of three or more (建筑施工、道路交通、消防、燃气…): the task's fields."""
    out: set[str] = set()
    run: list = []
    for h in hits:
        if run and text[offset + run[-1].end:offset + h.start] not in ("、", "和", "及", "以及", ""):
            if len(run) >= 3:
                out.update(x.name for x in run)
            run = []
        run.append(h)
    if len(run) >= 3:
        out.update(x.name for x in run)
    return out


def _dedupe(links: list[Link]) -> list[Link]:
    return list(dict.fromkeys(links))
