"""Data files (TSV) the ingest steps load through :mod:`ingest.lexicon`; no code here."""
