"""Settings from the environment (or a settings file), read once per process by ``get_settings()``.

Environment variables win over the file; tests build a ``Settings`` of their own
and pass it to ``create_app``.

| variable | meaning |
|---|---|
| DUTYGRAPH_DB | folder of the embedded store (default: a `dutygraph` folder in the user data dir) |
| DUTYGRAPH_NEO4J_URI | use Neo4j at this Bolt URI instead of the embedded store |
| DUTYGRAPH_NEO4J_USER / _PASSWORD / _DATABASE | credentials and database (neo4j / — / neo4j) |
| DUTYGRAPH_API_KEY | the key for POST /ingest and POST /cypher (X-API-Key header); unset → both disabled |
| DUTYGRAPH_CORS_ORIGINS | comma-separated origins allowed to call the API from a browser (none by default) |
| DUTYGRAPH_MAX_UPLOAD_BYTES | largest upload POST /ingest takes (default 20 MB); 413 beyond it |
| DUTYGRAPH_CYPHER_TIMEOUT | seconds a POST /cypher query may run (default 5) |
| DUTYGRAPH_CYPHER_MAX_ROWS | rows a POST /cypher answer may hold (default 1000) |
| DUTYGRAPH_RESPONSE_CACHE | 0 turns off the cache of GET answers kept between ingests (embedded store only) |
| DUTYGRAPH_REQUEST_THREADS | threads that run requests against the store at once (default: 1 embedded, 4 Neo4j) |
| DUTYGRAPH_SETTINGS | a TOML file with the same keys in lower case without the prefix (db, neo4j_uri, …) |
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import platformdirs

PREFIX = "DUTYGRAPH_"
DB_ENV = "DUTYGRAPH_DB"
SETTINGS_ENV = "DUTYGRAPH_SETTINGS"


class SettingsError(Exception):
    """A settings file or value that cannot be used; str() is one line."""


def default_db_path() -> Path:
    """A ``dutygraph`` folder in the user's data directory (created on first write)."""
    return platformdirs.user_data_path("dutygraph")


@dataclass(frozen=True)
class Settings:
    db_path: Path
    host: str = "127.0.0.1"
    port: int = 8000
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    api_key: str | None = None
    cors_origins: tuple[str, ...] = ()
    max_upload_bytes: int = 20 * 1024 * 1024
    cypher_timeout: float = 5.0
    cypher_max_rows: int = 1000
    response_cache: bool = True  # kept answers between ingests; embedded store only (api/cache.py)
    request_threads: int | None = None  # None: see `threads`

    @property
    def threads(self) -> int:
        """Worker threads for requests that reach the store.  The embedded store runs one call
        at a time on one connection, so more threads only fight over the GIL: at 50 connections
        one thread answered 500 requests/s, four 320.  Neo4j calls wait on the network: four
        threads answered 204/s, one 130, eight 130 (wrk on the 1,000-document graph of bench/)."""
        if self.request_threads is not None:
            return self.request_threads
        return 4 if self.neo4j_uri else 1

    @property
    def store_name(self) -> str:
        return "neo4j" if self.neo4j_uri else "embedded"


def _file_values(path: str) -> dict:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read the settings file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from None
    return {str(k).lower(): v for k, v in data.items()}


def settings_from_env(environ: dict | None = None, **overrides) -> Settings:
    env = os.environ if environ is None else environ
    values = _file_values(env[SETTINGS_ENV]) if env.get(SETTINGS_ENV) else {}
    for key in ("db", "neo4j_uri", "neo4j_user", "neo4j_password", "neo4j_database", *_API_KEYS):
        if env.get(PREFIX + key.upper()):
            values[key] = env[PREFIX + key.upper()]
    values.update({k: v for k, v in overrides.items() if v is not None})
    db = values.pop("db", None)
    _convert_api_values(values)
    known = {"neo4j_uri", "neo4j_user", "neo4j_password", "neo4j_database", "host", "port", *_API_KEYS}
    unknown = set(values) - known - {"db_path"}
    if unknown:
        raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    db_path = values.pop("db_path", None) or (Path(str(db)).expanduser() if db else default_db_path())
    return Settings(db_path=Path(db_path), **values)


_API_KEYS = ("api_key", "cors_origins", "max_upload_bytes", "cypher_timeout", "cypher_max_rows", "response_cache",
             "request_threads")


def _convert_api_values(values: dict) -> None:
    """Environment values are strings; the API's settings have types (and must be positive)."""
    origins = values.get("cors_origins")
    if isinstance(origins, str):
        values["cors_origins"] = tuple(o.strip() for o in origins.split(",") if o.strip())
    elif isinstance(origins, list):
        values["cors_origins"] = tuple(str(o) for o in origins)
    cache = values.get("response_cache")
    if isinstance(cache, str):
        if cache.strip().lower() not in ("0", "1", "true", "false", "yes", "no", "on", "off"):
            raise SettingsError(f"{PREFIX}RESPONSE_CACHE must be 1 or 0, not {cache!r}")
        values["response_cache"] = cache.strip().lower() in ("1", "true", "yes", "on")
    for key, kind in (("max_upload_bytes", int), ("cypher_timeout", float), ("cypher_max_rows", int),
                      ("request_threads", int)):
        if key in values:
            try:
                values[key] = kind(values[key])
            except (TypeError, ValueError):
                raise SettingsError(f"{PREFIX}{key.upper()} must be a number, not {values[key]!r}") from None
            if values[key] <= 0:
                raise SettingsError(f"{PREFIX}{key.upper()} must be positive")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return settings_from_env()
