"""A reporter's files made when the writer asks for each, so a big report holds one file's
content at a time (``reports.reporters.files.write_reports`` writes them one by one)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping


class LazyFiles(Mapping[str, bytes | Iterable[bytes]]):
    """File name → content (bytes, or byte chunks: ``reports.reporters.files.Content``),
    each made by its function when looked up (again on every look-up: nothing is kept)."""

    def __init__(self, makers: Mapping[str, Callable[[], bytes | Iterable[bytes]]]) -> None:
        self._makers = dict(makers)

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def __getitem__(self, name: str) -> bytes | Iterable[bytes]:
        return self._makers[name]()
