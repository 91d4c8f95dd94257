"""Tokenised text matching like Close's search: words, not whole strings.

``ann@acme.com`` is the words ``ann acme com``, so a ``full_words`` or ``phrase`` search for it
also finds ``ann@acme.com.au``: callers must re-check exact equality, as with the real API.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TOKEN = re.compile(r"[^\W_]+")
TEXT_MODES = ("full_words", "beginning_of_words", "phrase", "exact_value")


def tokenize(text: str) -> list[str]:
    """Split text into lower-case words (letters and digits); punctuation separates words."""
    return _TOKEN.findall(text.casefold())


def _has_run(words: list[str], run: list[str]) -> bool:
    size = len(run)
    return any(words[i : i + size] == run for i in range(len(words) - size + 1))


def text_matches(mode: str, query: str, text: str) -> bool:
    """Tell whether ``text`` matches ``query`` under a Close text-condition mode."""
    if mode == "exact_value":
        return query.strip().casefold() == text.strip().casefold()
    wanted, words = tokenize(query), tokenize(text)
    if not wanted:
        return False
    if mode == "full_words":
        return set(wanted) <= set(words)
    if mode == "beginning_of_words":
        return all(any(word.startswith(w) for word in words) for w in wanted)
    return _has_run(words, wanted)  # phrase: the words, consecutive and in order


class TokenIndex:
    """An inverted index from words to document ids, for fast text conditions."""

    def __init__(self) -> None:
        self._postings: dict[str, set[str]] = {}
        self._texts: dict[str, list[str]] = {}

    def put(self, doc_id: str, texts: Iterable[str]) -> None:
        """Index (or re-index) a document under the given texts."""
        self.remove(doc_id)
        kept = [text for text in texts if text]
        self._texts[doc_id] = kept
        for text in kept:
            for word in tokenize(text):
                self._postings.setdefault(word, set()).add(doc_id)

    def remove(self, doc_id: str) -> None:
        """Drop a document from the index (a no-op when it is not indexed)."""
        for text in self._texts.pop(doc_id, []):
            for word in tokenize(text):
                posting = self._postings.get(word)
                if posting is not None:
                    posting.discard(doc_id)
                    if not posting:
                        del self._postings[word]

    def doc_ids(self) -> set[str]:
        """Return every indexed document id."""
        return set(self._texts)

    def texts(self, doc_id: str) -> list[str]:
        """Return the texts a document was indexed under."""
        return self._texts.get(doc_id, [])

    def _candidates(self, word: str, prefix: bool) -> set[str]:
        if not prefix:
            return self._postings.get(word, set())
        found: set[str] = set()
        for known, docs in self._postings.items():
            if known.startswith(word):
                found |= docs
        return found

    def search(self, mode: str, query: str) -> set[str]:
        """Return ids of documents with at least one text matching ``query`` in ``mode``."""
        words = tokenize(query)
        if not words:
            return set()
        prefix = mode == "beginning_of_words"
        candidates = set(self._candidates(words[0], prefix))
        for word in words[1:]:
            candidates &= self._candidates(word, prefix)
        return {
            doc
            for doc in candidates
            if any(text_matches(mode, query, text) for text in self._texts[doc])
        }
