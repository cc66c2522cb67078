"""DocumentParser: bytes -> ParsedDocument, as a chain of small named steps.

load (decode) -> clean (chrome, wrapped lines) -> structure (title, places, tasks, clauses)
-> clauses (mentions + roles) -> resolve (one Organization per unit) -> mentions (sectors,
campaigns) -> links.  Lexicons and the spaCy pipeline are built once, in the constructor.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from graph.model import (
    Campaign, Document, Jurisdiction, Link, Organization, ParsedDocument, RelType, Responsibility,
    Role, Section, Sector, Task, campaign_id, content_hash, document_id, jurisdiction_id,
    organization_id, section_id, sector_id, task_id,
)
from ingest.clean import JunkRules, clean_text
from ingest.errors import IngestError
from ingest.load import READERS, load_text, read_bytes
from ingest.mentions import TextMatcher
from ingest.resolve import OrgLexicon, ResolvedOrg, Resolver, merge_committee_variants
from ingest.structure import Place, StructureRules, attach_clause, parse_structure


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
        tasks: list[Task] = []
        for ordinal, raw in enumerate(sk.tasks, start=1):
            attach_clause(raw, text)
            tasks.append(Task(
                id=task_id(doc_id, ordinal), document=doc_id, ordinal=ordinal, number=raw.number,
                title=raw.title, text=text[raw.start:raw.end], span=(raw.start, raw.end),
                section=sections[raw.section].id if raw.section is not None else None,
            ))

        # clauses -> (task, mention, role, span, evidence)
        found = []
        for task, raw in zip(tasks, sk.tasks):
            if not raw.clause:
                continue
            for cm in self.clauses.parse(raw.clause):
                span = (raw.clause_start + cm.start, raw.clause_start + cm.end)
                found.append((task, cm.text, cm.role, span, raw.clause))

        resolved = {m: resolver.resolve(m) for m in dict.fromkeys(f[1] for f in found)}
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

        sectors, campaigns = self._text_links(text, tasks, links)
        for o in orgs:  # committees cover the sectors of their topic
            r = next(r for r in resolved.values() if r.canonical == o.name)
            for sec in self.org_lexicon.topics.get(r.topic or "", ()) if o.kind == "committee" else ():
                sectors.setdefault(sec, Sector(sector_id(sec), sec))
                links.append(Link(RelType.COVERS, o.id, sector_id(sec)))

        document = Document(
            id=doc_id, title=sk.title, jurisdiction=jur.name if jur else None, issuer=issuer,
            issued_on=sk.issued_on, period=sk.period, kind=sk.kind, source=source, sha256=sha,
        )
        return ParsedDocument(
            document=document, text=text, sections=sections, tasks=tasks, organizations=orgs,
            jurisdictions=jurisdictions, sectors=list(sectors.values()), campaigns=list(campaigns.values()),
            responsibilities=responsibilities, links=_dedupe(links),
        )

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

    def _text_links(self, text: str, tasks: list[Task], links: list[Link]):
        sectors: dict[str, Sector] = {}
        campaigns: dict[str, Campaign] = {}
        if not tasks:
            return sectors, campaigns
        # one Doc over the task region, matches assigned to tasks by offset
        lo, hi = tasks[0].span[0], tasks[-1].span[1]
        hits = self.text_matcher.find(text[lo:hi])
        i = 0
        for task in tasks:
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
            if not named:  # the title names none: a sector the body keeps returning to
                counts = Counter(h.name for h in sector_hits)
                named = {n for n, c in counts.items() if c >= 3}
            for name in sorted(named):
                sectors.setdefault(name, Sector(sector_id(name), name))
                links.append(Link(RelType.CONCERNS, task.id, sector_id(name)))
        return sectors, campaigns


def _dedupe(links: list[Link]) -> list[Link]:
    return list(dict.fromkeys(links))
