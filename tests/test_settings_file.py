"""Choosing the store: environment first, then a settings file, then the embedded default."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.settings import SettingsError, settings_from_env
from conftest import run_cli


def test_embedded_by_default():
    settings = settings_from_env({})
    assert settings.neo4j_uri is None and settings.store_name == "embedded"
    assert settings.db_path.name == "dutygraph"


def test_the_file_is_read_and_the_environment_wins(tmp_path):
    file = tmp_path / "dutygraph.toml"
    file.write_text('neo4j_uri = "bolt://127.0.0.1:7687"\nneo4j_password = "from-file"\ndb = "/data/g"\n')
    settings = settings_from_env({"DUTYGRAPH_SETTINGS": str(file), "DUTYGRAPH_NEO4J_PASSWORD": "from-env"})
    assert settings.neo4j_uri == "bolt://127.0.0.1:7687"
    assert settings.neo4j_password == "from-env"
    assert settings.db_path == Path("/data/g")
    assert settings.store_name == "neo4j"


@pytest.mark.parametrize("content, words", [("neo4j_uri = [", "not valid TOML"), ("colour = 1", "unknown setting")])
def test_bad_settings_files_are_one_line_errors(tmp_path, content, words):
    file = tmp_path / "bad.toml"
    file.write_text(content)
    with pytest.raises(SettingsError, match=words):
        settings_from_env({"DUTYGRAPH_SETTINGS": str(file)})
    result = run_cli("stats", env={"DUTYGRAPH_SETTINGS": str(file)})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: ") and str(file) in line or "unknown setting" in line


def test_a_missing_settings_file(tmp_path):
    result = run_cli("stats", env={"DUTYGRAPH_SETTINGS": str(tmp_path / "nope.toml")})
    assert result.returncode == 1
    assert "cannot read the settings file" in result.stderr


@pytest.mark.parametrize("env, expected", [
    ({"DUTYGRAPH_REQUEST_THREADS": "2"}, 2),
    ({}, 1),
    ({"DUTYGRAPH_NEO4J_URI": "bolt://127.0.0.1:7687"}, 4),
    ({"DUTYGRAPH_NEO4J_URI": "bolt://127.0.0.1:7687", "DUTYGRAPH_REQUEST_THREADS": "8"}, 8),
])
def test_request_threads(env, expected):
    assert settings_from_env(env).threads == expected


@pytest.mark.parametrize("value, words", [("0", "must be positive"), ("many", "must be a number")])
def test_bad_request_threads(value, words):
    with pytest.raises(SettingsError, match=f"DUTYGRAPH_REQUEST_THREADS {words}"):
        settings_from_env({"DUTYGRAPH_REQUEST_THREADS": value})
