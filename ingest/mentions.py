"""The text layer: sector and campaign mentions in task text, found with spaCy.

``spacy.blank("zh")`` segments Chinese by character, which is exactly what phrase matching
over unsegmented text needs (a word segmenter hides matches across its word boundaries).
The Doc is built straight from the characters — the same tokens the char segmenter makes,
but with whitespace kept as tokens so token offsets equal character offsets — which is
several times cheaper than running the tokenizer over a whole document.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.lexicon import rows


@dataclass(frozen=True)
class TextMention:
    label: str  # "SECTOR" or "CAMPAIGN"
    name: str  # the canonical sector/campaign name
    start: int  # character offsets in the text given to find()
    end: int


class TextMatcher:
    """A PhraseMatcher over sector and campaign lexicons; build once per parser."""

    def __init__(self) -> None:
        import spacy  # heavy: imported when a parser is built, not when ingest is imported
        from spacy.matcher import PhraseMatcher

        self.nlp = spacy.blank("zh")
        self.matcher = PhraseMatcher(self.nlp.vocab)
        self._names: dict[int, tuple[str, str]] = {}
        for label, file in (("SECTOR", "sectors.tsv"), ("CAMPAIGN", "campaigns.tsv")):
            for name, variants in rows(file, 2):
                phrases = {name, *(v.strip() for v in variants.split(",") if v.strip())}
                key = f"{label}:{name}"
                self.matcher.add(key, [self._doc(p) for p in sorted(phrases)])
                self._names[self.nlp.vocab.strings[key]] = (label, name)

    def _doc(self, text: str):
        from spacy.tokens import Doc

        chars = list(text)
        return Doc(self.nlp.vocab, words=chars, spaces=[False] * len(chars))

    def find(self, text: str) -> list[TextMention]:
        """Sector/campaign mentions in ``text``; overlapping phrases keep the longest."""
        doc = self._doc(text)
        found = [
            TextMention(*self._names[match_id], start, end)
            for match_id, start, end in self.matcher(doc)
        ]
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        out: list[TextMention] = []
        for m in found:
            if out and m.start < out[-1].end and m.label == out[-1].label:
                continue  # 危险化学品 already covers 危化 inside it
            out.append(m)
        return out
