"""GET /ask: questions in Chinese through fixed, schema-checked templates (graph/ask.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Service
from api.errors import responses
from api.schemas_ops import AskAnswer
from graph.ask import EXAMPLES, ask

router = APIRouter(tags=["ask"], responses=responses(422, 503))


@router.get("/ask", response_model=AskAnswer)
def ask_question(
    service: Service,
    q: Annotated[str, Query(min_length=1, max_length=200, description="a question in Chinese", examples=list(EXAMPLES))],
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many items in each list of the answer")] = 200,
):
    """Answer a question such as 市应急局牵头哪些任务 or 哪些部门参与燃气安全整治.

    The answer says which template matched and with which slots (`intent`), gives the answer
    in one sentence (`text`) and the edges that prove it (`evidence`).  A question no template
    can place is answered with `understood: false` and `suggestions`, never a guess."""
    return AskAnswer.of(ask(service, q), limit)
