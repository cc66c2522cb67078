"""A synthetic corpus in the genre of the samples, for scale tests.

Documents recombine the real plans' patterns: the cover notice, the 八 section
headings, task paragraphs taken from seeds 000 and 001, and responsibility
clauses built from the clause shapes those seeds use, over the units a city
plan names, across invented cities and years.  1,000 documents give about
36,000 tasks and 150,000 responsibility edges; the parser reads them like
real ones (a benchmark measures the real pipeline, not a shortcut).

    .venv/bin/python bench/synth.py --documents 1000 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
SEEDS = ("000_7c9ea98fe633aa61.txt", "001_a902ce98f8d38ddd.txt")
TASKS_PER_DOCUMENT = 36
YEARS = range(2016, 2026)

UNITS = (
    "市应急局", "市公安局", "市交通运输局", "市住建局", "市市监局", "市发改委", "市工信局", "市教育局",
    "市消防救援支队", "市商务局", "市农业农村局", "市气象局", "市科技局", "市司法局", "市文广新旅局",
    "市委宣传部", "市委组织部", "市安委会办公室", "市生态环境局", "市城市管理局", "市水利局", "市林业局",
    "市自然资源局", "市卫健委", "市统计局", "市数字经济发展中心", "市行政审批局", "市港口航运管理局",
)
COMMITTEE_TOPICS = ("危险物品", "消防", "建筑施工", "特种设备", "矿山", "工业制造", "道路交通", "城市运行")
IMPLEMENTERS = ("各县(市、区)政府", "各县(市、区)政府", "各县(市、区)政府和“三区”管委会")
SECTION_NUMERALS = "一二三四五六七八"
SECTION_TITLES = (
    "坚持思想引领,进一步统筹发展和安全", "坚持从严从实,推动落实安全生产责任", "坚持问题导向,持续深化专项整治",
    "坚持系统治理,深入推进重点行业领域整治", "坚持依法治安,持续提升监管执法效能", "坚持铁心硬手,全面加强监督检查",
    "坚持强基固本,持续提升本质安全水平", "持续重点发力,做好年度重点工作",
)
_TASK_LINE = re.compile(r"^\d+[.、](.+?)[〔(（][^〔(（]*[〕)）]\s*$")


def seed_task_bodies() -> list[str]:
    """Task paragraphs of the seeds, without their number and clause."""
    bodies = []
    for name in SEEDS:
        for line in (SAMPLES / name).read_text(encoding="utf-8").splitlines():
            match = _TASK_LINE.match(line.strip())
            if match and "。" in match.group(1):
                bodies.append(match.group(1).strip())
    return bodies


def city_names(count: int, rng: random.Random) -> list[str]:
    syllables = "安宁平昌和兴永泰丰嘉乐康明清远新华洪长定云石桥林青阳岳金宝河沙湖峰溪源吉祥"
    names = sorted({a + b for a in syllables for b in syllables if a != b})
    rng.shuffle(names)
    if count > len(names):
        raise ValueError(f"at most {len(names)} invented cities")
    return [n + "市" for n in names[:count]]


def clause(rng: random.Random) -> str:
    """A responsibility clause in one of the seeds' shapes (about 4.2 edges on average)."""
    units = rng.sample(UNITS, 5)
    implement = rng.choice(IMPLEMENTERS)
    committee = f"市安委会{rng.choice(COMMITTEE_TOPICS)}安全专业委员会"
    shapes = (
        f"市安委会组织,{units[0]}会同各有关部门分工负责,{implement}负责落实",
        f"{units[0]}、{units[1]}、{units[2]}会同各有关部门分工负责,{implement}负责落实",
        f"{units[0]}、{units[1]}、{units[2]}、{units[3]}等有关部门按职责分工负责,{implement}负责落实",
        f"{committee}牵头组织开展,有关部门分工负责,{implement}负责落实",
        f"市安委会组织,各安全专业委员会督促,{implement}落实",
        f"{units[0]}会同{units[1]}、{units[2]}等有关部门分工负责,{implement}负责落实",
        f"市安委会办公室组织,{units[0]}、{units[1]}牵头,{units[2]}配合,{implement}负责落实",
    )
    return rng.choice(shapes)


def document_text(city: str, year: int, bodies: list[str], rng: random.Random) -> str:
    lines = [
        f"关于印发{city}{year}年安全生产工作要点的通知",
        "各县(市、区)人民政府,市安委会各成员单位:",
        f"现将《{city}{year}年安全生产工作要点》印发给你们,请认真贯彻执行。",
        f"{city}安全生产委员会",
        f"{year}年{rng.randint(1, 4)}月{rng.randint(1, 28)}日",
        f"{city}{year}年安全生产工作要点",
    ]
    per_section = TASKS_PER_DOCUMENT // len(SECTION_TITLES)
    number = 0
    for s, title in enumerate(SECTION_TITLES):
        lines.append(f"{SECTION_NUMERALS[s]}、{title}")
        count = per_section + (1 if s < TASKS_PER_DOCUMENT % len(SECTION_TITLES) else 0)
        for _ in range(count):
            number += 1
            lines.append(f"{number}.{rng.choice(bodies)}〔{clause(rng)}〕")
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, documents: int = 1000, seed: int = 7) -> list[Path]:
    """Write ``documents`` plans, ten years per invented city, into ``folder``."""
    rng = random.Random(seed)
    bodies = seed_task_bodies()
    cities = city_names((documents + len(YEARS) - 1) // len(YEARS), rng)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(documents):
        city, year = cities[i // len(YEARS)], YEARS[i % len(YEARS)]
        path = folder / f"synth_{i:05d}.txt"
        path.write_text(document_text(city, year, bodies, rng), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    paths = write_corpus(args.out, args.documents, args.seed)
    print(f"{len(paths)} documents in {args.out}")


if __name__ == "__main__":
    main()
