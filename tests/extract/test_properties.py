"""Any Unicode text: no exception, offsets inside the text, spans equal to their text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.extract import Extractor

_NEWS = st.sampled_from(
    [
        "Russian President Vladimir Putin met Kazakh President Kassym-Jomart Tokayev in Moscow.",
        "Kazakhstan, a member of the CSTO (Collective Security Treaty Organization), borders "
        "Russia.",
        "The 201st Military Base, located in Tajikistan, is operated by Russia. ",
        "# source: https://example.org/x\n",
        "\n\n",
        "“agreePutin said”",
    ]
)
_TEXT = st.lists(st.one_of(st.text(max_size=60), _NEWS), max_size=5).map("".join)


def _check(text: str, extractor: Extractor) -> None:
    result = extractor.extract(text)
    assert result.document.text == text
    for entity in result.entities:
        assert entity.mentions
        for m in entity.mentions:
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start : m.end] == m.text
    for relation in result.relations:
        assert relation.evidence
        for ev in relation.evidence:
            assert 0 <= ev.start < ev.end <= len(text)
            assert text[ev.start : ev.end] == ev.text
            assert 0.0 <= ev.confidence <= 1.0


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_TEXT)
def test_any_text_gives_consistent_offsets(extractor: Extractor, text: str) -> None:
    _check(text, extractor)
