"""Tables laid out without rich (graph.cli.tables._render_plain) are the lines rich lays out."""

from __future__ import annotations

import random
import string

import pytest

from graph.cli import tables

NAMES = ["claim_id", "subject", "predicate", "object", "sentence", "support", "belief", "neighbor", "category",
         "direction", "cited", "source_id", "sources", "title", "quantities", "label", "synonyms", "x",
         "a_long_header_name", "via"]


def _value(rng: random.Random, kind: str, alphabet: str):
    if kind == "int":
        return rng.choice([0, 1, 3, 12, 12345, 10**9])
    if kind == "float":
        return rng.random() * rng.choice([1, 100, 1e6])
    word = lambda: "".join(rng.choice(alphabet) for _ in range(rng.choice([1, 2, 5, 8, 12, 20, 35, 80])))  # noqa: E731
    r = rng.random()
    if r < 0.1:
        return ""
    if r < 0.2:
        return None
    if r < 0.3:
        return [word() for _ in range(rng.randint(0, 5))]
    if r < 0.35:
        return rng.random() < 0.5
    return " ".join(word() for _ in range(rng.randint(1, 12)))


@pytest.mark.parametrize("alphabet", [string.ascii_letters + "-.,'()/…", string.ascii_lowercase * 8 + "éü’—中😀\u0301\u00a0"])
def test_plain_layout_equals_rich_layout(monkeypatch, alphabet):
    rng = random.Random(7)
    for _ in range(400):
        columns = rng.sample(NAMES, rng.randint(1, 9))
        kinds = {c: rng.choice(["str", "str", "int", "float"]) for c in columns}
        rows = [{c: _value(rng, kinds[c], alphabet) for c in columns} for _ in range(rng.randint(1, 6))]
        width = rng.choice([40, 41, 55, 60, 80, 100, 101, 120, 160])
        fast = tables.render_table(rows, columns, width)
        with monkeypatch.context() as m:
            m.setattr(tables, "_plain", lambda text: False)  # every table through rich
            slow = tables.render_table(rows, columns, width)
        assert fast == slow, (columns, width)
