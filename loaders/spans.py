"""Where the persons a document names occur in its text, found with ``str.find``.

What one regular expression of the names (longest first) finds with ``finditer(text, lo,
hi)``, without compiling a pattern for every document: the leftmost name, the longest
that fits at that position, then the next after it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator


class NameSpans:
    """The occurrences of ``names`` in ``text``.

    >>> spans = NameSpans("王小明和王小见面", ["王小明", "王小"])
    >>> list(spans.find(0, 8)), list(spans.find(1, 8)), list(spans.find(0, 2))
    ([(0, 3, '王小明'), (4, 6, '王小')], [(4, 6, '王小')], [(0, 2, '王小')])
    """

    def __init__(self, text: str, names: Iterable[str]) -> None:
        found = []
        for name in names:
            at = text.find(name)
            while at >= 0:
                found.append((at, -len(name), name))
                at = text.find(name, at + 1)
        found.sort()
        self._starts = [start for start, _, _ in found]
        self._found = found

    def find(self, lo: int, hi: int) -> Iterator[tuple[int, int, str]]:
        """(start, end, name) of each name in ``text[lo:hi]``, left to right, none overlapping."""
        taken_to = lo
        for k in range(bisect_left(self._starts, lo), len(self._found)):
            start, minus_length, name = self._found[k]
            if start >= hi:
                break
            end = start - minus_length
            if start >= taken_to and end <= hi:
                yield start, end, name
                taken_to = end
