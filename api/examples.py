"""Real examples on every operation of the OpenAPI page.

The examples are answers of this API over the bundled sample corpus, recorded in
api/example_data.py by ``python -m api.examples DB_FOLDER`` (lists shortened to two items).
"""

from __future__ import annotations

import sys
from copy import deepcopy

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

# (method, path, query) → recorded; the query is what the example asks
REQUESTS: tuple[tuple[str, str, dict], ...] = (
    ("get", "/health", {}), ("get", "/ready", {}), ("get", "/version", {}), ("get", "/stats", {}),
    ("get", "/orgs", {"q": "市应急局"}), ("get", "/orgs/{org_id}", {"org_id": "org:九江市应急管理局"}),
    ("get", "/orgs/{org_id}/tasks", {"org_id": "org:九江市应急管理局", "role": "lead"}),
    ("get", "/orgs/{org_id}/roles", {"org_id": "org:九江市应急管理局"}),
    ("get", "/documents", {"jurisdiction": "九江"}), ("get", "/documents/{document_id}", {"document_id": "doc:c15b9bc8eae37365"}),
    ("get", "/tasks", {"sector": "燃气"}), ("get", "/tasks/{task_id}", {"task_id": "doc:c15b9bc8eae37365:task:4"}),
    ("get", "/tasks/{task_id}/parties", {"task_id": "doc:c15b9bc8eae37365:task:4"}),
    ("get", "/sectors", {}), ("get", "/sectors/{sector_id}", {"sector_id": "sector:烟花爆竹"}),
    ("get", "/campaigns", {}), ("get", "/campaigns/{campaign_id}", {"campaign_id": "campaign:减量控大"}),
    ("get", "/jurisdictions", {}), ("get", "/jurisdictions/{jurisdiction_id}", {"jurisdiction_id": "jur:九江市"}),
    ("get", "/nodes/{node_id}", {"node_id": "sector:燃气"}),
    ("get", "/nodes/{node_id}/neighbourhood", {"node_id": "campaign:十有两禁", "depth": 1}),
    ("get", "/ask", {"q": "市应急局牵头哪些任务"}),
)


def add_examples(app: FastAPI) -> None:
    """Serve the OpenAPI schema with the recorded examples on each success response."""

    def openapi():
        if app.openapi_schema is None:
            from api.example_data import EXAMPLES

            schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                                 description=app.description, routes=app.routes)
            for path, operations in schema.get("paths", {}).items():
                for method, operation in operations.items():
                    example = EXAMPLES.get(f"{method.upper()} {path}")
                    content = operation.get("responses", {}).get("200", {}).get("content", {})
                    if example is not None and "application/json" in content:
                        content["application/json"]["example"] = deepcopy(example)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi


def _shorten(value, keep: int = 2):
    if isinstance(value, list):
        return [_shorten(v, keep) for v in value[:keep]]
    if isinstance(value, dict):
        return {k: _shorten(v, keep) for k, v in value.items()}
    if isinstance(value, str) and len(value) > 160:
        return value[:160] + "…"
    return value


def record(db: str) -> dict:
    from pathlib import Path

    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    examples = {}
    with TestClient(create_app(Settings(db_path=Path(db)))) as client:
        for method, path, query in REQUESTS:
            params = dict(query)
            url = path
            for name in [p[1:-1] for p in path.split("/") if p.startswith("{")]:
                url = url.replace("{" + name + "}", params.pop(name))
            response = client.request(method.upper(), url, params=params)
            response.raise_for_status()
            examples[f"{method.upper()} {path}"] = _shorten(response.json())
    examples["POST /ingest"] = {"results": [{"path": "000_7c9ea98fe633aa61.txt", "status": "added", "tasks": 36,
                                             "edges": 140, "error": None}],
                                "added": 1, "replaced": 0, "unchanged": 0, "failed": 0}
    examples["POST /cypher"] = {"columns": ["org", "tasks"], "rows": [["九江市应急管理局", 9], ["宜春市应急管理局", 5]],
                                "truncated": False, "limit": 1000}
    return examples


if __name__ == "__main__":
    import pprint

    data = record(sys.argv[1])
    with open("api/example_data.py", "w", encoding="utf-8") as out:
        out.write('"""Recorded by `python -m api.examples DB_FOLDER` over the sample corpus; do not edit by hand."""\n\n')
        out.write("EXAMPLES = " + pprint.pformat(data, width=110, sort_dicts=False) + "\n")
