"""The explorer over time: the "as of" date redraws the neighbourhood as it stood then,
an ended relation is drawn dashed, and its evidence panel shows the end."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.api.test_time import ARM, CSTO, RUS
from tests.web.conftest import Screenshot
from tests.web.drawing import click_edge, cy
from tests.web.test_explorer import wait_drawn

ENDED_EDGE = f"{ARM.id}|MEMBER_OF|{CSTO.id}"
HELD_EDGE = f"{RUS.id}|MEMBER_OF|{CSTO.id}"


def line_style(page: Page, edge_id: str) -> str:
    style: str = cy(page, "(c, id) => c.getElementById(id).style('line-style')", edge_id)
    return style


def set_as_of(page: Page, day: str) -> None:
    """Enter a date as a user would (the field's change event), or clear it."""
    if day:
        page.locator("#as-of").fill(day)
    else:
        page.get_by_role("button", name="Clear the date").click()


def test_ended_edges_are_dashed_with_their_end_in_the_evidence(
    page: Page, ended_url: str, screenshot: Screenshot
) -> None:
    page.goto(f"{ended_url}/?focus={CSTO.id}")
    wait_drawn(page, {CSTO.id, ARM.id, RUS.id})
    assert line_style(page, ENDED_EDGE) == "dashed"
    assert line_style(page, HELD_EDGE) == "solid"

    click_edge(page, ARM.id, CSTO.id, "MEMBER_OF")
    evidence = page.locator("#evidence")
    expect(evidence).to_contain_text("Ended")
    expect(evidence).to_contain_text("2024-02-23")
    ending = page.locator("#evidence li.ends")
    expect(ending).to_have_count(1)
    expect(ending).to_contain_text("froze its participation")
    expect(ending).to_contain_text("states the end")
    expect(page.locator("#evidence li:not(.ends) blockquote")).to_contain_text("is a member")
    page.locator(f'#node-list button[data-id="{ARM.id}"]').click()
    expect(page.locator("#edge-list")).to_contain_text("ended 2024-02-23")
    screenshot("explorer-ended")


def test_the_as_of_date_redraws_the_neighbourhood(
    page: Page, ended_url: str, screenshot: Screenshot
) -> None:
    page.goto(f"{ended_url}/?focus={CSTO.id}")
    wait_drawn(page, {CSTO.id, ARM.id, RUS.id})

    set_as_of(page, "2021-06-01")  # Armenia a member, Russia not yet stated
    wait_drawn(page, {CSTO.id, ARM.id})
    expect(page).to_have_url(re.compile(r"as_of=2021-06-01"))
    set_as_of(page, "2023-01-01")  # both, and Armenia's membership not yet ended
    wait_drawn(page, {CSTO.id, ARM.id, RUS.id})
    assert line_style(page, ENDED_EDGE) == "solid"
    page.locator(f'#node-list button[data-id="{ARM.id}"]').click()
    expect(page.locator("#edge-list")).to_contain_text("later ended 2024-02-23")
    page.locator(f'#node-list button[data-id="{CSTO.id}"]').click()  # the focus again
    expect(page.locator("#details .entity-name")).to_have_text(CSTO.name)
    set_as_of(page, "2025-01-01")  # Armenia's membership frozen since 2024-02-23
    wait_drawn(page, {CSTO.id, RUS.id})
    screenshot("explorer-as-of")

    # The date survives a reload (it is in the address) and clearing it shows everything.
    page.reload()
    expect(page.locator("#as-of")).to_have_value("2025-01-01")
    wait_drawn(page, {CSTO.id, RUS.id})
    set_as_of(page, "")
    wait_drawn(page, {CSTO.id, ARM.id, RUS.id})
    expect(page).not_to_have_url(re.compile("as_of"))
