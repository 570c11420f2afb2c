"""Text -> `Extraction`: the only package that imports spaCy.

from graph.extract import Extractor
extractor = Extractor()                      # loads the model once
extraction = extractor.extract("Kazakhstan is a member of the CSTO.")
for ex in extractor.extract_many(docs):      # nlp.pipe in batches
    ...
"""

from __future__ import annotations

from graph.extract.extractor import DEFAULT_MODEL, Extractor

__all__ = ["DEFAULT_MODEL", "Extractor"]
