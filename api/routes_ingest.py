"""POST /ingest: upload documents (multipart, field `files`) into the graph; needs the API key."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect

from api.deps import Service, require_api_key
from api.errors import ApiError, responses
from api.schemas_ops import FileReport, IngestReport
from api.uploads import Upload, Uploader

router = APIRouter(tags=["ingest"], responses=responses(401, 403, 413, 422, 503))
MAX_FILES = 100

_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["files"],
            "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"},
                                     "description": ".txt (UTF-8, GB18030), .docx, .pdf or .html plans"}},
        }}},
    }
}


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "too_large", f"the upload is {declared} bytes; the limit is {limit}", {"limit": limit})
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:  # a body without (or lying about) its length is cut off here
                raise ApiError(413, "too_large", f"the upload is over the limit of {limit} bytes", {"limit": limit})
            chunks.append(chunk)
    except ClientDisconnect:
        raise ApiError(422, "invalid_parameter", "the client went away before the upload ended") from None
    return b"".join(chunks)


@router.post("/ingest", response_model=IngestReport, dependencies=[Depends(require_api_key)], openapi_extra=_BODY)
async def ingest(request: Request, service: Service):
    """Read uploaded plans into the graph; the report is the CLI's `ingest --json`, one row per file.

    Needs the X-API-Key header (off when the server has no DUTYGRAPH_API_KEY); bodies over
    DUTYGRAPH_MAX_UPLOAD_BYTES get 413.  Uploading a document again changes nothing."""
    settings = request.app.state.settings
    body = await _read_body(request, settings.max_upload_bytes)
    if "multipart/form-data" not in request.headers.get("content-type", ""):
        raise ApiError(422, "invalid_parameter", "send the files as multipart/form-data in the field `files`")

    async def replay():
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(request.scope, replay).form(max_files=MAX_FILES, max_fields=MAX_FILES)
    except Exception as exc:  # Starlette raises its own MultiPartException and HTTPException for bad bodies
        raise ApiError(422, "invalid_parameter", f"not a readable multipart body: {exc}") from None
    uploads = []
    try:
        for item in form.getlist("files"):
            if isinstance(item, UploadFile):
                uploads.append(Upload(item.filename or "", await item.read()))
    finally:
        await form.close()
    if not uploads:
        raise ApiError(422, "invalid_parameter", "no files: send them in the multipart field `files`")
    uploader = _uploader(request, service)
    report = await run_in_threadpool(uploader.ingest, uploads)
    request.app.state.generation += 1
    return IngestReport(
        results=[FileReport(**r.__dict__) for r in report.results],
        **{s: report.count(s) for s in ("added", "replaced", "unchanged", "failed")},
    )


def _uploader(request: Request, service) -> Uploader:
    state = request.app.state
    if state.uploader is None:
        from api.wiring import build_parser

        state.uploader = Uploader(service.store, build_parser)
    return state.uploader
