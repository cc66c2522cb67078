"""The `dutygraph` command, run as a real process against a real embedded store."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from conftest import cli_env, GOLD, SAMPLES, free_port, run_cli, wait_for_http, DUTYGRAPH, REPO


def tasks_json(db, *args):
    result = run_cli("tasks", *args, "--json", db=db, check=True)
    return json.loads(result.stdout)


def test_ingest_summary_lists_every_file(db, tmp_path):
    result = run_cli("ingest", str(SAMPLES), db=tmp_path / "g", check=True)
    for path in SAMPLES.glob("*.txt"):
        assert path.name in result.stdout
    assert "5 added" in result.stdout


def test_ingesting_twice_changes_no_count(db):
    before = json.loads(run_cli("stats", "--json", db=db, check=True).stdout)
    again = run_cli("ingest", str(SAMPLES), db=db, check=True)
    assert "5 unchanged" in again.stdout
    after = json.loads(run_cli("stats", "--json", db=db, check=True).stdout)
    assert after == before
    assert before["documents"] == 5


@pytest.mark.parametrize("jurisdiction", ["九江市", "九江"])
def test_tasks_led_by_the_emergency_bureau_in_jiujiang(db, jurisdiction):
    rows = tasks_json(db, "市应急局", "--role", "lead", "--jurisdiction", jurisdiction)
    assert [r["number"] for r in rows] == [1, 4, 29, 30, 32, 33, 34, 35, 36]
    assert {r["document"] for r in rows} == {"000_7c9ea98fe633aa61.txt"}
    assert {r["org"] for r in rows} == {"九江市应急管理局"}
    assert set(rows[0]) >= {"document", "jurisdiction", "number", "title", "role", "org", "evidence"}
    assert rows[1]["evidence"] == "市安委会组织,市应急局会同各有关部门分工负责,各县(市、区)政府负责落实"


def test_tasks_led_by_the_emergency_bureau_in_yichun(db):
    rows = tasks_json(db, "市应急局", "--role", "lead", "--jurisdiction", "宜春市")
    assert [r["number"] for r in rows] == [1, 4, 8, 34, 35]
    assert {r["org"] for r in rows} == {"宜春市应急管理局"}


def test_tasks_without_jurisdiction_are_grouped(db):
    rows = tasks_json(db, "市应急局", "--role", "lead")
    assert [r["jurisdiction"] for r in rows] == ["九江市"] * 9 + ["宜春市"] * 5
    human = run_cli("tasks", "市应急局", "--role", "lead", db=db, check=True).stdout
    assert human.index("九江市应急管理局") < human.index("宜春市应急管理局")


def test_export_triples_scores_against_gold(db):
    from ingest.evaluate import load_gold, score

    out = run_cli("export", "triples", db=db, check=True).stdout
    triples = [json.loads(line) for line in out.splitlines()]
    assert set(triples[0]) == {"document", "task", "task_title", "mention", "org", "org_kind", "role", "evidence"}
    report = score(triples, [load_gold(p) for p in sorted(GOLD.glob("*.json"))])
    assert_thresholds(report)
    result = run_cli("eval", *map(str, sorted(GOLD.glob("*.json"))), "--json", db=db, check=True)
    assert json.loads(result.stdout) == json.loads(json.dumps(report.as_dict()))


def assert_thresholds(report):
    data = report.as_dict()
    text = json.dumps(data, ensure_ascii=False)
    for key in ("all", "named"):
        assert data[key]["precision"] >= 0.98, text
        assert data[key]["recall"] >= 0.98, text
    assert data["resolution"]["accuracy"] >= 0.98, text


def test_bad_inputs_get_one_line_each_and_the_batch_goes_on(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "nothing").mkdir()
    os.mkfifo(tmp_path / "pipe.txt")  # exists, but no file to read (root can read any file)
    good = SAMPLES / "003_8b9bf24b1583bfbc.txt"
    db = tmp_path / "g"
    result = run_cli("ingest", str(tmp_path / "in"), str(tmp_path / "nothing"), str(tmp_path / "missing.txt"),
                     str(tmp_path / "pipe.txt"), str(good), db=db)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr
    assert len(errors) == 5, result.stderr
    for name in ("empty.txt", "binary.txt", "nothing", "missing.txt", "pipe.txt"):
        assert sum(name in line for line in errors) == 1, (name, errors)
    assert all(line.startswith("Error: ") for line in errors)
    stats = json.loads(run_cli("stats", "--json", db=db, check=True).stdout)
    assert stats["documents"] == 1  # only the good file, nothing half-written of the bad ones


def test_read_commands_on_a_missing_graph(tmp_path):
    result = run_cli("tasks", "市应急局", db=tmp_path / "none")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "no graph at" in result.stderr and "dutygraph ingest" in result.stderr


def test_unknown_org_and_jurisdiction(db):
    result = run_cli("tasks", "市不存在局", db=db)
    assert result.returncode == 1 and result.stderr.startswith("Error: no organization matches")
    result = run_cli("tasks", "市应急局", "--jurisdiction", "火星", db=db)
    assert result.returncode == 1 and "unknown jurisdiction" in result.stderr
    assert "Traceback" not in result.stderr


def test_ingest_while_serve_holds_the_store(tmp_path):
    db = tmp_path / "g"
    run_cli("ingest", str(SAMPLES / "003_8b9bf24b1583bfbc.txt"), db=db, check=True)
    port = free_port()
    server = subprocess.Popen(
        [*DUTYGRAPH, "serve", "--port", str(port), "--db", str(db)],
        cwd=REPO, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health")
        result = run_cli("ingest", str(SAMPLES / "004_42eaab1c58dfd0e1.txt"), db=db)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        [line] = result.stderr.strip().splitlines()
        assert "dutygraph serve" in line and f"PID {server.pid}" in line
        # reading still works while the server holds the store
        assert json.loads(run_cli("stats", "--json", db=db, check=True).stdout)["documents"] == 1
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_deep_tree_of_folders_is_cut_short_with_a_message(tmp_path):
    deep = tmp_path / "tree"
    folder = deep
    for level in range(40):
        folder = folder / f"d{level}"
    folder.mkdir(parents=True)
    (folder / "lost.txt").write_text("不会被读到", encoding="utf-8")
    (deep / "d0" / "plan.txt").write_text((SAMPLES / "003_8b9bf24b1583bfbc.txt").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    result = run_cli("ingest", str(deep), db=tmp_path / "g")
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert "nested more than 16 deep" in line and str(deep) in line
    assert "plan.txt" in result.stdout and "lost.txt" not in result.stdout
