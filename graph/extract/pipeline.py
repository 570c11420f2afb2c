"""Build the spaCy pipeline: the statistical model plus our gazetteer entity ruler.

The ruler sits before "ner", so gazetteer hits are fixed first and the statistical
NER only labels what is left. Two tokenizer infixes split words glued together by
scraping ("agreePutin", "CSTOPutin", "place“Russian") without changing any offsets.
"""

from __future__ import annotations

from typing import Any

import numpy
import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from graph.errors import ExtractionError
from graph.extract.gazetteer import load_gazetteer

__all__ = ["build_nlp"]

_GLUE_INFIXES = (
    r"(?<=[a-z]{3})(?=[A-Z][a-z])",  # lowercase word glued to a capitalised one
    r"(?<=[A-Z]{3})(?=[A-Z][a-z]{2})",  # acronym glued to a capitalised word
    r"[“”„]",  # curly quotes inside a token
    r"(?<=[A-Z]\.)[-–](?=[A-Z])",  # "U.S.-Japan": an abbreviation hyphened to a name
)


@Language.component("geokg_line_breaks")
def _line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence (headlines and paragraphs often lack a full stop)."""
    spaces = doc.to_array([IS_SPACE])  # look only at whitespace tokens: cheap on long docs
    starts = [int(i) + 1 for i in spaces.nonzero()[0] if "\n" in doc[int(i)].text]
    for k, start in enumerate(starts):
        if start >= len(doc):
            continue
        doc[start].is_sent_start = True
        end = starts[k + 1] - 1 if k + 1 < len(starts) else len(doc)
        if doc[start].text in _BULLETS and end - start <= _SHORT_ITEM:
            # "- Slovak President Zuzana Caputova": a short list item is one sentence
            for tok in doc[start + 1 : end]:
                if tok.is_punct and tok.text in ".!?;":
                    break
                tok.is_sent_start = False
    return doc


_BULLETS = frozenset({"-", "•", "*", "–", "—", "·"})
_SHORT_ITEM = 16


@Language.component("geokg_drop_tensor")
def _drop_tensor(doc: Doc) -> Doc:
    """Free the tok2vec output kept on the doc (two thirds of a parsed doc's memory): no
    later step reads it, and a long text's parsed pieces are held until it is assembled."""
    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


_TAG_POS: dict[str, int] = {}  # filled from the model's own attribute ruler


@Language.component("geokg_tag_pos")
def _tag_pos(doc: Doc) -> Doc:
    """Coarse POS from the tagger's tag: all the rule lemmatizer needs to give the lemmas the
    rules match (data/triggers.json)."""
    for tok in doc:
        tok.pos = _TAG_POS.get(tok.tag_, 0)
    return doc


def _cheap_pos(nlp: Language) -> None:
    """Replace the attribute ruler (a Matcher over every token: a tenth of the parse time)
    with a lookup of its own one-tag rules, keeping the lemmatizer it feeds."""
    if "attribute_ruler" not in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
        return
    for row in nlp.get_pipe("attribute_ruler").patterns:  # type: ignore[attr-defined]
        pattern, pos = row["patterns"], row["attrs"].get("POS")
        if pos and len(pattern) == 1 and len(pattern[0]) == 1 and set(pattern[0][0]) == {"TAG"}:
            _TAG_POS[pattern[0][0]["TAG"]] = nlp.vocab.strings.add(pos)
    nlp.replace_pipe("attribute_ruler", "geokg_tag_pos")


def _tune_tokenizer(nlp: Language) -> None:
    infixes = [*list(nlp.Defaults.infixes or []), *_GLUE_INFIXES]
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def build_nlp(model: str) -> Language:
    """Load `model` (an installed spaCy package name or path) and add the gazetteer ruler."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ExtractionError(f"spaCy model {model!r} is not installed: {exc}") from exc
    _tune_tokenizer(nlp)
    _cheap_pos(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("geokg_line_breaks", before="parser")
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="geokg_gazetteer",
        before=before,
        config={"phrase_matcher_attr": "ORTH", "validate": False, "overwrite_ents": False},
    )
    ruler.add_patterns(load_gazetteer().patterns)  # type: ignore[attr-defined]
    nlp.add_pipe("geokg_drop_tensor", last=True)
    return nlp
