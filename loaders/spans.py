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

    def __init__(self, text: str, names: Iterable[str], before: NameSpans | None = None) -> None:
        """``before``: the occurrences found earlier in the same text, of names that may be among these."""
        known = before.at if before is not None and before.text is text else {}
        self.text, self.at = text, {}  # name → where it starts
        for name in names:
            if (starts := known.get(name)) is None:
                starts, i = [], text.find(name)
                while i >= 0:
                    starts.append(i)
                    i = text.find(name, i + 1)
            self.at[name] = starts
        found = sorted((start, -len(name), name) for name, starts in self.at.items() for start in starts)
        self._starts = [start for start, _, _ in found]
        self._found = found

    def any_within(self, lo: int, hi: int) -> bool:
        """Whether one of the names starts in ``text[lo:hi]`` (where none does, :meth:`find` finds none)."""
        k = bisect_left(self._starts, lo)
        return k < len(self._starts) and self._starts[k] < hi

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
