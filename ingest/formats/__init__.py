"""Readers for packed formats (.docx, .pdf, .html): bytes -> the plain lines the pipeline reads.

Each module imports its library inside the reader, so importing ingest stays cheap and a
missing optional library only affects its own format.
"""
