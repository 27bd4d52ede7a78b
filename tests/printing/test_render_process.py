"""Under `floor serve` labels are drawn in a child process (app/render_process.py): the same bytes as
drawn in place, a label that cannot be made is the same LabelDataError, and an idle child goes away."""

from __future__ import annotations

import dataclasses

import pytest

import printing
import printing.samples as samples
from app.render_process import RenderProcess


@pytest.fixture
def renderer():
    r = RenderProcess(idle_seconds=0)
    yield r
    r.stop()


def test_a_label_drawn_in_the_child_is_the_label_drawn_in_place(renderer):
    label = samples.shipping_label("chinese")
    assert renderer.draw("pdf", label, dpi=203) == printing.render_pdf(label, dpi=203)
    assert renderer.draw("zpl", label, dpi=300) == printing.render_zpl(label, dpi=300).encode("utf-8")


def test_a_label_that_cannot_be_made_is_the_same_error_from_the_child(renderer):
    label = samples.shipping_label("polish")
    bad = dataclasses.replace(label, ship_to=dataclasses.replace(label.ship_to, name="W" * 118))   # cannot fit
    with pytest.raises(printing.LabelDataError) as in_place:
        printing.render_pdf(bad, dpi=203)
    with pytest.raises(printing.LabelDataError) as in_child:
        renderer.draw("pdf", bad, dpi=203)
    assert (in_child.value.field, in_child.value.message) == (in_place.value.field, in_place.value.message)


def test_an_idle_child_stops_and_the_next_label_starts_it_again(renderer):
    label = samples.shipping_label("polish")
    renderer.draw("pdf", label, dpi=203)
    assert renderer.running and renderer.stop_if_idle() and not renderer.running
    assert renderer.draw("pdf", label, dpi=203)[:5] == b"%PDF-"
