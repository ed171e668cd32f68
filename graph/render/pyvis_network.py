"""The evidence graph as a pyvis ``Network``, for notebook users who know pyvis.

:func:`to_pyvis` draws what the page draws (:func:`graph.render.html.page_data`: the same
selection, seeded layout, colours, shapes, dashes, widths and hover summaries) into a
``pyvis.network.Network`` a user can restyle, filter or extend with pyvis's own API,
then ``net.write_html("x.html")`` or ``net.show("x.html", notebook=True)``.

Offline: pyvis's template links Bootstrap from a CDN whatever ``cdn_resources`` says, so
the network returned is an :class:`OfflineNetwork`, a ``Network`` whose HTML has every
``http(s)`` stylesheet and script dropped and vis-network inlined (the copy vendored in
``graph/render/vendor``, the same file pyvis ships). Hover text is HTML-escaped: pyvis
switches its tooltip to ``innerHTML`` when a title contains "href", and article text may.

>>> from graph.query import example_graph
>>> net = to_pyvis(example_graph())
>>> type(net).__mro__[1].__module__, len(net.nodes) == len(to_pyvis(example_graph(), unlinked=True).nodes)
('pyvis.network', True)
>>> html_text = net.generate_html()
>>> "http" in " ".join(re.findall(r'(?:src|href)="([^"]*)"', html_text))
False
"""

from __future__ import annotations

import html
import re
from typing import Any

from graph.evidence_graph import EvidenceGraph
from graph.render.html import (CATEGORY_STYLE, DEFAULT_MAX_NODES, LINK_COLOR, NEGATED_COLOR, PREDICATE_COLORS,
                               VENDOR_DIR, page_data, select_subgraph)

__all__ = ["to_pyvis", "OfflineNetwork", "edge_style", "node_style"]

# A <link> or <script> that loads anything from the network.
_REMOTE = re.compile(
    r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>"
    r"|<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>",
    re.IGNORECASE | re.DOTALL,
)


def _offline(page: str) -> str:
    """``page`` without remote stylesheets and scripts, with vis-network inline if it was linked.

    >>> _offline('<link href="https://cdn.example/b.css" rel="stylesheet"/><p>x</p>'
    ...          '<script src="https://cdn.example/b.js" integrity="..."></script>')
    '<p>x</p>'
    """
    needs_vis = bool(re.search(r"<script\b[^>]*src=[\"'][^\"']*vis-network[^\"']*[\"']", page, re.IGNORECASE))
    page = _REMOTE.sub("", page)
    page = re.sub(r"<!--.*?-->", "", page, flags=re.DOTALL)  # the template's commented-out links
    if needs_vis and "vis.Network" in page:
        inline = ("<style>" + (VENDOR_DIR / "vis-network.css").read_text(encoding="utf-8") + "</style>\n<script>"
                  + (VENDOR_DIR / "vis-network.min.js").read_text(encoding="utf-8") + "</script>\n")
        page = re.sub(r"<head>", lambda m: m.group(0) + "\n" + inline, page, count=1, flags=re.IGNORECASE)
    return page


def _network_class():
    from pyvis.network import Network

    class OfflineNetwork(Network):
        """A pyvis ``Network`` whose HTML (``write_html``, ``show``, ``save_graph``) loads nothing from the network."""

        def generate_html(self, name: str = "index.html", local: bool = True, notebook: bool = False) -> str:
            self.html = _offline(super().generate_html(name, local=local, notebook=notebook))
            return self.html

    return OfflineNetwork


def __getattr__(name: str):
    if name == "OfflineNetwork":
        return _network_class()
    raise AttributeError(name)


def _title(lines: list[str]) -> str:
    return html.escape("\n".join(lines))


def node_style(node: dict[str, Any], claims: int) -> dict[str, Any]:
    """pyvis ``add_node`` options for one node of :func:`~graph.render.html.page_data` (as the page draws it)."""
    color, shape, _symbol = CATEGORY_STYLE[node["category"]]
    lines = [f"{node['label']} ({node['category']})",
             f"{claims} claim{'s' if claims != 1 else ''} · mentioned in {len(node['sources'])} source"
             f"{'s' if len(node['sources']) != 1 else ''}"]
    if node["synonyms"]:
        lines.append("also: " + ", ".join(node["synonyms"][:6]))
    if node.get("finding"):
        lines.append("finding: " + node["finding"])
    style: dict[str, Any] = {
        "label": node["label"], "shape": shape, "x": node["x"], "y": node["y"], "value": node["degree"] + 1,
        "title": _title(lines), "borderWidth": 1,
        "color": {"background": color, "border": "#555555", "highlight": {"background": color, "border": "#000000"},
                  "hover": {"background": color, "border": "#000000"}},
    }
    if shape == "box":
        style["font"] = {"color": "#ffffff", "strokeWidth": 0}
    return style


def edge_style(edge: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """pyvis ``add_edge`` options for one edge of :func:`~graph.render.html.page_data` (as the page draws it)."""
    names = data["names"]
    if edge["kind"] == "claim":
        claim = data["claims"][edge["id"]]
        negated = edge["polarity"] == "negated"
        color = NEGATED_COLOR if negated else PREDICATE_COLORS[edge["predicate"]]
        lines = [f"{names[claim['s']]} —{claim['p'].replace('_', ' ')}→ {names[claim['o']]}",
                 " · ".join([claim["certainty"], "✗ negated" if negated else "affirmed",
                             f"{claim['support']} source{'s' if claim['support'] != 1 else ''}",
                             "cites a study" if claim["cited"] else "no study cited"])]
        if claim["evidence"]:
            sentence = " ".join(claim["evidence"][0]["text"].split())
            lines.append("“" + (sentence if len(sentence) <= 200 else sentence[:199] + "…") + "”")
        style: dict[str, Any] = {
            "color": {"color": color, "highlight": color, "hover": color, "opacity": 0.85},
            "width": min(8.0, max(1.0, 1 + 1.5 * (edge["support"] - 1))),
            "dashes": [7, 5] if edge["certainty"] == "hedged" else False,
            "arrows": "" if edge["symmetric"] else {"to": {"enabled": True, "scaleFactor": 0.6}},
            "title": _title(lines),
        }
        if negated:
            style["label"] = "✗"
            style["font"] = {"color": NEGATED_COLOR, "size": 18, "strokeWidth": 4, "strokeColor": "#ffffff", "align": "middle"}
    else:
        what = (f"{names.get(edge['from'], edge['from'])} backs {len(edge.get('claims', []))} claim(s) about "
                f"{names.get(edge['to'], edge['to'])}" if edge["kind"] == "backs"
                else f"{names.get(edge['from'], edge['from'])} was conducted by {names.get(edge['to'], edge['to'])}")
        style = {"color": {"color": LINK_COLOR, "highlight": "#777777", "hover": "#777777", "opacity": 0.8},
                 "width": 1, "dashes": [2, 4], "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}}, "title": _title([what])}
    if edge.get("curve"):
        style["smooth"] = {"enabled": True, "type": "curvedCW" if edge["curve"] > 0 else "curvedCCW",
                           "roundness": abs(edge["curve"])}
    return style


def to_pyvis(
    graph: EvidenceGraph,
    focus: str | None = None,
    depth: int = 1,
    *,
    min_support: int = 0,
    predicates: list[str] | tuple[str, ...] | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    height: str = "700px",
    width: str = "100%",
    notebook: bool = False,
    unlinked: bool = False,
) -> Any:
    """A ``pyvis.network.Network`` of the graph (or of ``focus`` and its neighbours within ``depth``).

    Nodes and edges look as on the page (colour and shape by category, colour by predicate,
    dashed when hedged, red with ✗ when negated, width by support) and sit where the page puts
    them (physics off); hover shows the page's summary (and an edge's first quote). Concepts
    without any claim are left out, as the page hides them, unless ``unlinked``. Options as
    :func:`graph.render.html.select_subgraph`. Save it with ``net.write_html(path)``: one file,
    nothing fetched.
    """
    selection = select_subgraph(graph, focus=focus, depth=depth, min_support=min_support,
                                predicates=predicates, max_nodes=max_nodes)
    data = page_data(graph, selection)
    net = _network_class()(height=height, width=width, directed=True, notebook=notebook, cdn_resources="in_line",
                           heading="")
    claims: dict[str, int] = {}
    for edge in data["edges"]:
        if edge["kind"] == "claim":
            for end in {edge["from"], edge["to"]}:
                claims[end] = claims.get(end, 0) + 1
    linked = {end for edge in data["edges"] for end in (edge["from"], edge["to"])}
    for node in data["nodes"]:
        if not unlinked and node["id"] not in linked:
            continue
        net.add_node(node["id"], **node_style(node, claims.get(node["id"], 0)))
    for edge in data["edges"]:
        net.add_edge(edge["from"], edge["to"], id=edge["id"], **edge_style(edge, data))
    # Set through pyvis's Options object (not set_options), so that pyvis's toggle_* helpers keep working.
    net.toggle_physics(False)  # the page's seeded positions
    net.options.interaction.hover = True
    net.options.interaction.tooltipDelay = 150
    net.options.edges.smooth.enabled = False
    net.options.edges.selectionWidth = 2
    net.options.edges.hoverWidth = 0.5
    net.options.nodes = {"font": {"size": 16, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
                         "scaling": {"min": 9, "max": 36,
                                     "label": {"enabled": True, "min": 14, "max": 28, "drawThreshold": 8}}}
    return net
