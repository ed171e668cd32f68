/* The evidence-graph page. Data comes from the JSON block #graph-data; every
   piece of article text is put into the DOM with textContent (never innerHTML),
   so text from a source is shown, never run. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var api = { ready: false, data: data, errors: [] };
  window.evidenceGraph = api;

  // -- small DOM helpers ---------------------------------------------------
  function el(tag, props) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        if (key === "text") node.textContent = props[key];
        else if (key === "cls") node.className = props[key];
        else if (key === "style") Object.assign(node.style, props[key]);
        else if (key.slice(0, 5) === "data-") node.setAttribute(key, props[key]);
        else node[key] = props[key];
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function predName(p) { return p.replace(/_/g, " "); }
  function safeUrl(url) { return /^https?:\/\//i.test(url || "") ? url : ""; }

  var catStyle = {}, predColor = {};
  data.categories.forEach(function (c) { catStyle[c.name] = c; });
  data.predicates.forEach(function (p) { predColor[p.name] = p.color; });
  var nodeById = {};
  data.nodes.forEach(function (n) { nodeById[n.id] = n; });
  var claimEdges = data.edges.filter(function (e) { return e.kind === "claim"; });
  var claimsByNode = {}, claimsByStudy = {}, studiesByOrg = {};
  claimEdges.forEach(function (e) {
    (claimsByNode[e.from] = claimsByNode[e.from] || []).push(e.id);
    if (e.to !== e.from) (claimsByNode[e.to] = claimsByNode[e.to] || []).push(e.id);
    data.claims[e.id].evidence.forEach(function (ev) {
      if (ev.attribution && ev.attribution !== "unattributed") {
        var list = (claimsByStudy[ev.attribution] = claimsByStudy[ev.attribution] || []);
        if (list.indexOf(e.id) < 0) list.push(e.id);
      }
    });
  });
  data.edges.forEach(function (e) {
    if (e.kind === "conducted_by") (studiesByOrg[e.to] = studiesByOrg[e.to] || []).push(e.from);
  });
  function name(id) { return data.names[id] || id; }

  // -- filters state ---------------------------------------------------------
  var enabled = {
    category: new Set(data.categories.map(function (c) { return c.name; })),
    predicate: new Set(data.predicates.map(function (p) { return p.name; }).concat(["study_links"])),
    certainty: new Set(["asserted", "hedged"]),
    polarity: new Set(["affirmed", "negated"])
  };
  function claimVisible(c) {
    return enabled.predicate.has(c.p) && enabled.certainty.has(c.certainty) && enabled.polarity.has(c.polarity);
  }
  // A concept is drawn when a drawn claim touches it (or, for a study, when it backs a drawn
  // claim; for an organization, when it conducted a drawn study): a filter never leaves a
  // concept on screen without its claims. Concepts without any claim are drawn only with the
  // "Show concepts without claims" toggle (off by default).
  var drawn = {}, showUnlinked = false, unlinked = {};
  function categoryOn(id) { return !!nodeById[id] && enabled.category.has(nodeById[id].category); }
  function computeDrawn() {
    drawn = {};
    claimEdges.forEach(function (e) {
      if (claimVisible(data.claims[e.id]) && categoryOn(e.from) && categoryOn(e.to)) drawn[e.from] = drawn[e.to] = true;
    });
    if (enabled.predicate.has("study_links")) {
      data.edges.forEach(function (e) {
        if (e.kind === "backs" && categoryOn(e.from) && drawn[e.to] && e.claims.some(function (cid) {
          var c = data.claims[cid]; return claimVisible(c) && drawn[c.s] && drawn[c.o];
        })) drawn[e.from] = true;
      });
      data.edges.forEach(function (e) { if (e.kind === "conducted_by" && drawn[e.from] && categoryOn(e.to)) drawn[e.to] = true; });
    }
    if (showUnlinked) data.nodes.forEach(function (n) { if (unlinked[n.id] && categoryOn(n.id)) drawn[n.id] = true; });
  }
  function edgeVisible(e) {
    if (!drawn[e.from] || !drawn[e.to]) return false;
    if (e.kind === "claim") return claimVisible(data.claims[e.id]);
    if (!enabled.predicate.has("study_links")) return false;
    if (e.kind === "backs") return e.claims.some(function (cid) { return claimVisible(data.claims[cid]); });
    return true;
  }
  function nodeVisible(n) { return !!drawn[n.id]; }
  computeDrawn();
  data.nodes.forEach(function (n) { if (!drawn[n.id]) unlinked[n.id] = true; });  // with every filter on

  // -- vis data ----------------------------------------------------------------
  var large = data.meta.large;
  var visNodes = data.nodes.map(function (n) {
    var style = catStyle[n.category];
    var node = {
      id: n.id, label: "", x: n.x, y: n.y, value: n.degree + 1, shape: style.shape, category: n.category,
      color: { background: style.color, border: "#555", highlight: { background: style.color, border: "#000" },
               hover: { background: style.color, border: "#000" } }
    };
    if (style.shape === "box") node.font = { color: "#ffffff", strokeWidth: 0 };
    return node;
  });
  var visEdges = data.edges.map(function (e) {
    var edge = { id: e.id, from: e.from, to: e.to, kind: e.kind };
    if (e.kind === "claim") {
      var negated = e.polarity === "negated";
      var color = negated ? data.negated_color : predColor[e.predicate];
      edge.color = { color: color, highlight: color, hover: color, opacity: 0.85 };
      edge.width = Math.min(8, Math.max(1, 1 + 1.5 * (e.support - 1)));
      edge.dashes = e.certainty === "hedged" ? [7, 5] : false;
      edge.arrows = e.symmetric ? "" : { to: { enabled: true, scaleFactor: 0.6 } };
      if (negated) {
        edge.label = "✗";
        edge.font = { color: data.negated_color, size: 18, strokeWidth: 4, strokeColor: "#ffffff", align: "middle" };
      }
    } else {
      edge.color = { color: data.link_color, highlight: "#777", hover: "#777", opacity: 0.8 };
      edge.width = 1;
      edge.dashes = [2, 4];
      edge.arrows = { to: { enabled: true, scaleFactor: 0.4 } };
    }
    if (e.curve) edge.smooth = { enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.curve) };
    return edge;
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return nodeVisible(n); } });
  data.edgeIndex = {};
  data.edges.forEach(function (e) { data.edgeIndex[e.id] = e; });
  var edgesView = new vis.DataView(edges, { filter: function (e) { return edgeVisible(data.edgeIndex[e.id]); } });

  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 3600000, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
                   keyboard: false, navigationButtons: false, multiselect: false },
    nodes: {
      borderWidth: 1,
      font: { size: 16, face: "system-ui, sans-serif", color: "#222", strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { min: 9, max: 36, label: { enabled: false } }
    },
    edges: { smooth: { enabled: false }, selectionWidth: 2, hoverWidth: 0.5 }
  });
  Object.assign(api, { network: network, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView });

  // -- labels: sized by importance, drawn only where they do not collide ----------------------
  // Labels keep a readable size on screen (11-18 px by degree) whatever the zoom; the most
  // connected concepts (and the selected one) are labelled first and a label that would
  // overlap one already placed is hidden until zooming in makes room for it.
  var byImportance = data.nodes.slice().sort(function (a, b) {
    return b.degree - a.degree || b.mentions - a.mentions || (a.id < b.id ? -1 : 1);
  });
  var maxDegree = Math.max(1, byImportance.length ? byImportance[0].degree : 1);
  var labelShown = {};
  function labelPx(n) { return 11 + Math.round(7 * Math.sqrt(n.degree / maxDegree)); }
  function placeLabels() {
    var scale = network.getScale();
    var selected = network.getSelectedNodes();
    var order = selected.concat(byImportance.map(function (n) { return n.id; }).filter(function (id) {
      return drawn[id] && selected.indexOf(id) < 0;
    })).filter(function (id) { return drawn[id]; });
    var positions = network.getPositions(order);
    var grid = {}, CELL = 80, updates = [], shown = 0;
    function cells(b, add, labelsOnly) {
      var hit = false;
      for (var gx = Math.floor(b.x0 / CELL); gx <= Math.floor(b.x1 / CELL); gx++) {
        for (var gy = Math.floor(b.y0 / CELL); gy <= Math.floor(b.y1 / CELL); gy++) {
          var key = gx + ":" + gy, list = grid[key] || (grid[key] = []);
          if (add) { list.push(b); continue; }
          for (var i = 0; i < list.length && !hit; i++) {
            var o = list[i];
            hit = o.owner !== b.owner && (!labelsOnly || o.label) && b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1;
          }
        }
      }
      return hit;
    }
    function nodeSize(id) {
      var body = network.body && network.body.nodes[id];
      return body && body.options && body.options.size ? body.options.size : 12;
    }
    order.forEach(function (id) {  // the concepts' own shapes are obstacles too
      var p = positions[id], r = nodeSize(id) * scale;
      if (p) cells({ owner: id, x0: p.x * scale - r, x1: p.x * scale + r, y0: p.y * scale - r, y1: p.y * scale + r }, true);
    });
    order.forEach(function (id, rank) {
      var n = nodeById[id], px = labelPx(n), p = positions[id];
      if (!p) return;
      var size = nodeSize(id);
      var w = n.label.length * px * 0.56 + 4, h = px * 1.3;
      var x = p.x * scale, y = p.y * scale;  // screen pixels, up to a common translation
      var top = catStyle[n.category].shape === "box" ? y - h / 2 : y + size * scale + 2;
      var box = { owner: id, label: true, x0: x - w / 2, x1: x + w / 2, y0: top, y1: top + h };
      // the selected concept and the few most connected keep their label over another concept's
      // shape (never over another label)
      var show = !cells(box, false, rank < selected.length + 5);
      if (show) { cells(box, true); shown++; }
      var font = { size: px / scale };
      if (catStyle[n.category].shape === "box") { font.color = "#ffffff"; font.strokeWidth = 0; }
      var label = show ? n.label : "";
      var state = labelShown[id];
      if (!state || state.label !== label || Math.abs(state.size - font.size) > 0.01) {
        labelShown[id] = { label: label, size: font.size };
        updates.push({ id: id, label: label, font: font });
      }
    });
    if (updates.length) nodes.update(updates);
    api.labelsShown = shown;
    return shown;
  }
  var labelTimer = null;
  function placeLabelsSoon() {
    if (labelTimer) clearTimeout(labelTimer);
    labelTimer = setTimeout(function () { labelTimer = null; placeLabels(); }, 60);
  }
  network.on("zoom", placeLabelsSoon);
  network.on("dragEnd", placeLabelsSoon);
  api.placeLabels = placeLabels;
  api.visibleLabels = function () {
    return nodesView.get().filter(function (n) { return n.label; }).map(function (n) { return n.id; });
  };

  // -- tooltip (hover summaries) ------------------------------------------------
  var tooltip = document.getElementById("tooltip");
  function nodeSummary(id) {
    var n = nodeById[id];
    var lines = [n.label + " (" + n.category + ")",
                 plural((claimsByNode[id] || []).length, "claim") + " · mentioned in " + plural(n.sources.length, "source")];
    if (n.synonyms.length) lines.push("also: " + n.synonyms.slice(0, 6).join(", "));
    if (n.category === "Study" && n.finding) lines.push("finding: " + n.finding);
    return lines.join("\n");
  }
  function claimSummary(c) {
    return name(c.s) + " —" + predName(c.p) + "→ " + name(c.o) + "\n" +
      [c.certainty, c.polarity === "negated" ? "✗ negated" : "affirmed", plural(c.support, "source"),
       "belief " + (c.belief || 0).toFixed(2), c.cited ? "cites a study" : "no study cited"].join(" · ");
  }
  function edgeSummary(id) {
    var e = data.edgeIndex[id];
    if (e.kind === "claim") return claimSummary(data.claims[id]);
    if (e.kind === "backs") return name(e.from) + " backs " + plural(e.claims.length, "claim") + " about " + name(e.to);
    return name(e.from) + " was conducted by " + name(e.to);
  }
  function showTooltip(text, params) {
    var rect = container.getBoundingClientRect();
    tooltip.textContent = text;
    tooltip.hidden = false;
    tooltip.style.left = Math.min(rect.left + params.pointer.DOM.x + 14, window.innerWidth - 370) + "px";
    tooltip.style.top = (rect.top + params.pointer.DOM.y + 14) + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  network.on("hoverNode", function (p) { showTooltip(nodeSummary(p.node), p); });
  network.on("hoverEdge", function (p) { showTooltip(edgeSummary(p.edge), p); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  // -- evidence panel -------------------------------------------------------------
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    network.unselectAll();
  });
  var quotedInPanel = {};  // a sentence behind several claims is shown whole once per panel
  function openPanel() { panel.hidden = false; panelBody.scrollTop = 0; panel.scrollTop = 0; }
  // The panel lies over the right of the canvas; a concept it would cover is panned (never
  // zoomed) into the middle of the part left uncovered.
  function keepClear(id) {
    var pos = !panel.hidden && drawn[id] && network.getPositions([id])[id];
    if (!pos) return;
    var dom = network.canvasToDOM(pos);
    var free = container.clientWidth - panel.offsetWidth;
    if (free < 120 || (dom.x > 40 && dom.x < free - 40)) return;
    var scale = network.getScale(), view = network.getViewPosition();
    network.moveTo({ position: { x: view.x + (dom.x - free / 2) / scale, y: view.y }, scale: scale, animation: false });
    placeLabelsSoon();
  }

  function attributionText(att) {
    if (!att) return "the article's own assertion";
    if (att === "unattributed") return "unattributed (“studies show”, no study named)";
    var study = data.studies[att];
    if (!study) return att;
    return study.name + (study.organization ? " (" + study.organization + ")" : "");
  }
  function sourceLink(sourceId) {
    var src = data.sources[sourceId] || { title: sourceId, url: "" };
    var url = safeUrl(src.url);
    if (!url) return el("cite", { cls: "source-title", text: src.title });
    return el("a", { cls: "source-title", href: url, target: "_blank", rel: "noopener noreferrer", text: src.title });
  }
  function claimCard(cid) {
    var c = data.claims[cid];
    var negated = c.polarity === "negated";
    var card = el("div", { cls: "claim" + (negated ? " negated" : ""), "data-claim": cid,
                           style: { borderLeftColor: negated ? data.negated_color : predColor[c.p] } });
    card.appendChild(el("div", { cls: "claim-head" },
      name(c.s) + " ", el("span", { cls: "pred", text: (negated ? "✗ not " : "") + predName(c.p) }), " " + name(c.o)));
    card.appendChild(el("div", null,
      el("span", { cls: "badge certainty " + c.certainty, text: c.certainty }),
      el("span", { cls: "badge polarity " + c.polarity, text: negated ? "✗ negated" : "affirmed" }),
      el("span", { cls: "badge support", text: plural(c.support, "source") }),
      el("span", { cls: "badge belief", title: "belief score (docs/evidence.md)", text: "belief " + (c.belief || 0).toFixed(2) }),
      c.cited ? el("span", { cls: "badge cited", text: "cites a study" }) : null,
      c.curation ? el("span", { cls: "badge curated " + c.curation.action, text: "✎ " + c.curation.action }) : null));
    if (c.curation) card.appendChild(el("div", { cls: "meta curation", text: "Curation: " + c.curation.text }));
    var atts = [];
    c.evidence.forEach(function (ev) {
      var t = attributionText(ev.attribution);
      if (atts.indexOf(t) < 0) atts.push(t);
    });
    card.appendChild(el("div", { cls: "meta attribution", text: "Attribution: " + atts.join("; ") }));
    card.appendChild(evidenceList(c));
    return card;
  }
  function evidenceItem(ev) {
    var where = el("span", { cls: "where" }, "— ", sourceLink(ev.source));
    if (ev.section) where.appendChild(document.createTextNode(" · section: " + ev.section));
    if (ev.type) where.appendChild(document.createTextNode(" · " + ev.type + (ev.supports === false ? " (not support)" : "")));
    if (ev.role && ev.role !== "backs") where.appendChild(document.createTextNode(" · the study " + ev.role + " (not backing)"));
    if (ev.certainty === "hedged") where.appendChild(document.createTextNode(" · hedged"));
    if (ev.quantity) where.appendChild(document.createTextNode(" · " + ev.quantity));
    if (ev.attribution) where.appendChild(document.createTextNode(" · " + attributionText(ev.attribution)));
    if (ev.curated) where.appendChild(document.createTextNode(" · added by a writer"));
    var copy = el("button", { type: "button", cls: "copy", text: "Copy", title: "Copy the quote with its citation" });
    copy.addEventListener("click", function () { copyText(citation(ev), copy); });
    where.appendChild(copy);
    var key = ev.source + "\u0000" + ev.text, repeat = quotedInPanel[key];
    quotedInPanel[key] = true;
    if (repeat) where.insertBefore(document.createTextNode("(quoted above) "), where.firstChild);
    return el("li", { cls: "ev" + (repeat ? " repeat" : ""), "data-source": ev.source }, el("q", { cls: "sentence", text: ev.text }), where);
  }
  var SHOWN_QUOTES = 2;
  function evidenceList(c) {
    var quotes = orderedEvidence(c);
    var list = el("ol", { cls: "evidence" });
    quotes.slice(0, SHOWN_QUOTES).forEach(function (ev) { list.appendChild(evidenceItem(ev)); });
    if (quotes.length > SHOWN_QUOTES) {
      var rest = el("ol", { cls: "evidence", start: SHOWN_QUOTES + 1 });
      quotes.slice(SHOWN_QUOTES).forEach(function (ev) { rest.appendChild(evidenceItem(ev)); });
      list.appendChild(el("details", { cls: "more-quotes" },
        el("summary", { text: plural(quotes.length - SHOWN_QUOTES, "more quote") }), rest));
    }
    return list;
  }
  // How strong a claim is, as one number; the panel and the CSV export order claims by it.
  // Support (independent sources) first, then a cited study, then asserted over hedged.
  // The one place to change when a belief score replaces it.
  function claimStrength(c) {  // the belief score (docs/evidence.md), then support, study and certainty
    return (c.belief || 0) * 100 + c.support * 4 + (c.cited ? 2 : 0) + (c.certainty === "asserted" ? 1 : 0);
  }
  function byStrength(a, b) {
    var ca = data.claims[a], cb = data.claims[b];
    return claimStrength(cb) - claimStrength(ca) || cb.evidence.length - ca.evidence.length || (a < b ? -1 : 1);
  }
  // Best quotes first: one per source before a second from the same source; a named study,
  // then an asserted sentence, before the others.
  function quoteRank(ev) {
    return (ev.attribution && ev.attribution !== "unattributed" ? 4 : 0) + (ev.certainty === "hedged" ? 0 : 2) +
      (ev.attribution === "unattributed" ? 1 : 0);
  }
  function orderedEvidence(c) {
    var idx = c.evidence.map(function (ev, i) { return i; });
    idx.sort(function (a, b) { return quoteRank(c.evidence[b]) - quoteRank(c.evidence[a]) || a - b; });
    var seen = {}, first = [], rest = [];
    idx.forEach(function (i) {
      var src = c.evidence[i].source;
      if (seen[src]) rest.push(i); else { seen[src] = true; first.push(i); }
    });
    return first.concat(rest).map(function (i) { return c.evidence[i]; });
  }
  function firstPredicate(ids) {
    var order = data.predicates.map(function (p) { return p.name; });
    return ids.reduce(function (best, cid) { return Math.min(best, order.indexOf(data.claims[cid].p)); }, order.length);
  }
  function claimSection(title, ids) {
    var frag = document.createDocumentFragment();
    if (!ids.length) return frag;
    frag.appendChild(el("h3", { text: title + " (" + ids.length + ")" }));
    var groups = {};
    ids.forEach(function (cid) { var p = data.claims[cid].p; (groups[p] = groups[p] || []).push(cid); });
    data.predicates.forEach(function (p) {
      var list = groups[p.name];
      if (!list) return;
      frag.appendChild(el("h4", { cls: "pred-group", "data-predicate": p.name },
        el("span", { cls: "line", style: { borderColor: p.color } }), predName(p.name) + " (" + list.length + ")"));
      list.sort(byStrength).forEach(function (cid) { frag.appendChild(claimCard(cid)); });
    });
    return frag;
  }

  // -- copy a quote with its citation; CSV export ------------------------------------------
  function citation(ev) {
    var src = data.sources[ev.source] || { title: ev.source, url: "" };
    var parts = [src.title || ev.source];
    if (src.publisher) parts.push(src.publisher);
    if (src.date) parts.push(src.date);
    if (safeUrl(src.url)) parts.push(safeUrl(src.url));
    return "\u201c" + ev.text + "\u201d \u2014 " + parts.join(", ") + (ev.section ? " (section: " + ev.section + ")" : "");
  }
  function copyText(text, button) {
    function done(ok, via) {
      api.lastCopy = { text: text, ok: ok, via: via };
      button.textContent = ok ? "Copied" : "Copy failed";
      button.classList.toggle("done", ok);
      setTimeout(function () { button.textContent = "Copy"; button.classList.remove("done"); }, 1500);
    }
    function fallback() {  // no Clipboard API (or refused): a hidden text area and the copy command
      var area = el("textarea", { value: text, readOnly: true, style: { position: "fixed", left: "-9999px", top: "0" } });
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      document.body.removeChild(area);
      done(ok, "execCommand");
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true, "clipboard"); }, fallback);
    } else {
      fallback();
    }
  }
  var CSV_COLUMNS = ["subject", "predicate", "object", "polarity", "certainty", "support", "cited_study", "source_id",
                     "source_title", "publisher", "url", "section", "sentence", "claim_id"];
  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    // A spreadsheet runs a cell that starts with = + - @ (or a tab / carriage return) as a formula.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }
  function claimsCsv(ids) {
    var rows = [CSV_COLUMNS.map(csvCell).join(",")];
    ids.slice().sort(byStrength).forEach(function (cid) {
      var c = data.claims[cid];
      orderedEvidence(c).forEach(function (ev) {
        var src = data.sources[ev.source] || {};
        rows.push([name(c.s), predName(c.p), name(c.o), c.polarity, c.certainty, c.support, c.cited ? "yes" : "no",
                   ev.source, src.title || ev.source, src.publisher || "", safeUrl(src.url), ev.section || "", ev.text, cid]
          .map(csvCell).join(","));
      });
    });
    return "\ufeff" + rows.join("\r\n") + "\r\n";
  }
  function downloadCsv(ids, filename) {
    var text = claimsCsv(ids);
    var url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    var link = el("a", { href: url, download: filename, style: { display: "none" } });
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 2000);
    api.lastExport = { filename: filename, rows: text.split("\r\n").length - 2 };
  }
  function exportButton(ids, text) {
    var button = el("button", { type: "button", cls: "export", text: text });
    button.addEventListener("click", function () { downloadCsv(ids, "evidence-claims.csv"); });
    return el("div", { cls: "panel-tools" }, button);
  }
  function showNode(id) {
    var n = nodeById[id];
    if (!n) return;
    clear(panelBody);
    quotedInPanel = {};
    var style = catStyle[n.category];
    panelBody.appendChild(el("h2", { id: "panel-title", text: n.label }));
    panelBody.appendChild(el("span", { cls: "cat", text: style.symbol + " " + n.category, style: { background: style.color } }));
    if (n.synonyms.length) {
      var syn = el("div", { cls: "meta synonyms", text: "Also called: " + n.synonyms.slice(0, 8).join(", ") });
      if (n.synonyms.length > 8) {
        var more = el("button", { type: "button", cls: "more", text: "+" + (n.synonyms.length - 8) + " more" });
        more.addEventListener("click", function () { syn.textContent = "Also called: " + n.synonyms.join(", "); });
        syn.appendChild(document.createTextNode(" "));
        syn.appendChild(more);
      }
      panelBody.appendChild(syn);
    }
    if (n.curation) panelBody.appendChild(el("div", { cls: "meta curation", text: "Curation: " + n.curation.join("; ") }));
    if (n.sources.length) {
      var srcs = el("div", { cls: "meta" }, "Mentioned in " + plural(n.sources.length, "source") + ": ");
      n.sources.forEach(function (sid, i) { if (i) srcs.appendChild(document.createTextNode("; ")); srcs.appendChild(sourceLink(sid)); });
      panelBody.appendChild(srcs);
    }
    if (n.category === "Study") {
      var rec = n.study || {};
      // the finding leads; a study the articles only say looked at something backs nothing
      if (n.finding) panelBody.appendChild(el("div", { cls: "meta finding", text: "Finding: " + n.finding }));
      if (rec.result) panelBody.appendChild(el("div", { cls: "meta result", text: "Result: " + rec.result }));
      if (rec.role === "investigates") {
        panelBody.appendChild(el("div", { cls: "meta investigates",
          text: "Investigates (no result reported, backs no claim): " + (rec.investigates || "") }));
      }
      [["design", "Design"], ["population", "Population"], ["sample_size", "Sample size"], ["duration", "Duration"]]
        .forEach(function (f) {
          if (rec[f[0]]) panelBody.appendChild(el("div", { cls: "meta", text: f[1] + ": " + rec[f[0]] }));
        });
      if (n.organization) panelBody.appendChild(el("div", { cls: "meta", text: "Conducted by: " + name(n.organization) }));
      panelBody.appendChild(claimSection("Claims citing this study", claimsByStudy[id] || []));
    }
    if (n.category === "Organization" && studiesByOrg[id]) {
      panelBody.appendChild(el("div", { cls: "meta", text: "Studies: " + studiesByOrg[id].map(name).join("; ") }));
    }
    var ids = claimsByNode[id] || [];
    var exported = ids.concat((claimsByStudy[id] || []).filter(function (c) { return ids.indexOf(c) < 0; }));
    if (exported.length) panelBody.appendChild(exportButton(exported, "Export these " + plural(exported.length, "claim") + " (CSV)"));
    var sections = [["Claims with " + n.label + " as subject", ids.filter(function (c) { return data.claims[c].s === id; })],
                    ["Claims with " + n.label + " as object", ids.filter(function (c) { return data.claims[c].s !== id; })]];
    // The section holding the first predicate (treats before causes before ...) comes first:
    // a condition's treatments before what it causes, a drug's treatments before its mechanisms.
    if (firstPredicate(sections[1][1]) < firstPredicate(sections[0][1])) sections.reverse();
    sections.forEach(function (sec) { panelBody.appendChild(claimSection(sec[0], sec[1])); });
    if (!ids.length && n.category !== "Study") panelBody.appendChild(el("p", { cls: "meta", text: "No claims about this concept." }));
    openPanel();
    api.panelFor = id;
  }
  function showClaims(title, ids) {
    clear(panelBody);
    quotedInPanel = {};
    panelBody.appendChild(el("h2", { id: "panel-title", text: title }));
    panelBody.appendChild(exportButton(ids, "Export " + (ids.length === 1 ? "this claim" : "these " + plural(ids.length, "claim")) + " (CSV)"));
    panelBody.appendChild(claimSection("Claims", ids));
    openPanel();
    api.panelFor = title;
  }
  function showEdge(id) {
    var e = data.edgeIndex[id];
    if (e.kind === "claim") {
      var c = data.claims[id];
      showClaims(name(c.s) + " → " + name(c.o), [id]);
    } else if (e.kind === "backs") {
      showClaims(name(e.from) + " backs claims about " + name(e.to), e.claims);
    } else {
      showNode(e.from);
    }
  }
  network.on("click", function (p) {
    hideTooltip();
    if (p.nodes.length) { showNode(p.nodes[0]); keepClear(p.nodes[0]); }
    else if (p.edges.length) showEdge(p.edges[0]);
    placeLabelsSoon();  // the selected concept is labelled first
  });

  // -- search ------------------------------------------------------------------------
  function fold(text) {
    return String(text).toLowerCase().replace(/[’‘]/g, "'").replace(/[-_‐‑–—]/g, " ").replace(/\s+/g, " ").trim();
  }
  var index = data.nodes.map(function (n) {
    return { id: n.id, terms: [n.label].concat(n.synonyms, [n.id]).map(function (t) { return [fold(t), t]; }) };
  });
  function search(query) {
    var q = fold(query);
    if (!q) return [];
    var hits = [];
    index.forEach(function (entry) {
      var best = null;
      entry.terms.forEach(function (pair) {
        var t = pair[0], score = t === q ? 0 : t.indexOf(q) === 0 ? 1 : (" " + t).indexOf(" " + q) >= 0 ? 2 : t.indexOf(q) >= 0 ? 3 : 9;
        if (score < 9 && (!best || score < best.score)) best = { id: entry.id, score: score, term: pair[1] };
      });
      if (best) hits.push(best);
    });
    hits.sort(function (a, b) { return a.score - b.score || nodeById[b.id].degree - nodeById[a.id].degree || (a.id < b.id ? -1 : 1); });
    return hits.slice(0, 12);
  }
  function focusConcept(id) {
    var n = nodeById[id];
    if (!n) return false;
    if (!enabled.category.has(n.category)) {
      var box = document.querySelector('#filter-category input[value="' + n.category + '"]');
      if (box) { box.checked = true; }
      enabled.category.add(n.category);
      refresh();
    }
    if (unlinked[id] && !showUnlinked) setShowUnlinked(true);
    showView("graph-view");
    if (drawn[id]) {  // (a concept whose claims are all filtered out is not drawn: its panel opens alone)
      network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: false });
      network.selectNodes([id]);
      placeLabels();
    }
    showNode(id);
    keepClear(id);
    api.focused = id;
    return true;
  }
  var searchInput = document.getElementById("search");
  var results = document.getElementById("search-results");
  var currentHits = [];
  function renderResults() {
    clear(results);
    currentHits = search(searchInput.value);
    currentHits.forEach(function (hit, i) {
      var n = nodeById[hit.id];
      var li = el("li", { cls: i === 0 ? "active" : "", "data-id": hit.id },
        el("span", { text: catStyle[n.category].symbol + " " + n.label, style: { color: "#222" } }),
        hit.term !== n.label ? el("span", { cls: "why", text: "(" + hit.term + ")" }) : null,
        el("span", { cls: "why", text: n.category }));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(hit.id); });
      results.appendChild(li);
    });
    if (searchInput.value && !currentHits.length) results.appendChild(el("li", { cls: "none", text: "No concept by that name" }));
    results.hidden = !searchInput.value;
  }
  function choose(id) {
    results.hidden = true;
    focusConcept(id);
  }
  searchInput.addEventListener("input", renderResults);
  searchInput.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      ev.preventDefault();
      if (!currentHits.length) renderResults();
      if (currentHits.length) choose(currentHits[0].id);
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  searchInput.addEventListener("blur", function () { results.hidden = true; });

  // -- filters ---------------------------------------------------------------------
  var countsBox = document.getElementById("counts");
  function visibleClaimIds() {
    return edgesView.get({ filter: function (e) { return e.kind === "claim"; } }).map(function (e) { return e.id; });
  }
  function updateCounts() {
    countsBox.textContent = "Visible: " + plural(nodesView.length, "concept") + ", " +
      plural(visibleClaimIds().length, "claim") + ". This page holds " + data.meta.shown + ".";
  }
  function refresh() {
    computeDrawn();
    nodesView.refresh();
    edgesView.refresh();
    updateCounts();
    placeLabels();
    if (mapBuilt) buildMap();
  }
  var unlinkedBox = document.getElementById("show-unlinked");
  var unlinkedCount = Object.keys(unlinked).length;
  document.getElementById("show-unlinked-text").textContent = "Show " + plural(unlinkedCount, "concept") + " without claims";
  if (!unlinkedCount) unlinkedBox.parentNode.hidden = true;
  function setShowUnlinked(on) {
    showUnlinked = on;
    unlinkedBox.checked = on;
    refresh();
  }
  unlinkedBox.addEventListener("change", function () { setShowUnlinked(unlinkedBox.checked); });
  document.getElementById("export-visible").addEventListener("click", function () {
    downloadCsv(visibleClaimIds(), "evidence-claims.csv");
  });
  function countBy(list, key) {
    var out = {};
    list.forEach(function (x) { out[key(x)] = (out[key(x)] || 0) + 1; });
    return out;
  }
  function addFilter(boxId, group, value, marker, text, count) {
    var input = el("input", { type: "checkbox", checked: true, value: value, "data-group": group });
    input.addEventListener("change", function () {
      if (input.checked) enabled[group].add(value); else enabled[group].delete(value);
      refresh();
    });
    document.getElementById(boxId).appendChild(
      el("label", { "data-value": value }, input, marker, el("span", { text: text }), el("span", { cls: "n", text: String(count || 0) })));
  }
  var catCounts = countBy(data.nodes, function (n) { return n.category; });
  data.categories.forEach(function (c) {
    if (!catCounts[c.name]) return;
    addFilter("filter-category", "category", c.name, el("span", { cls: "sym", text: c.symbol, style: { color: c.color } }), c.name, catCounts[c.name]);
  });
  var claimList = claimEdges.map(function (e) { return data.claims[e.id]; });
  var predCounts = countBy(claimList, function (c) { return c.p; });
  data.predicates.forEach(function (p) {
    if (!predCounts[p.name]) return;
    addFilter("filter-predicate", "predicate", p.name, el("span", { cls: "line", style: { borderColor: p.color } }), predName(p.name), predCounts[p.name]);
  });
  var linkCount = data.edges.length - claimEdges.length;
  if (linkCount) addFilter("filter-predicate", "predicate", "study_links", el("span", { cls: "line", style: { borderColor: data.link_color, borderTopStyle: "dotted" } }), "study links", linkCount);
  var certCounts = countBy(claimList, function (c) { return c.certainty; });
  addFilter("filter-certainty", "certainty", "asserted", el("span", { cls: "line", style: { borderColor: "#555" } }), "asserted", certCounts.asserted);
  addFilter("filter-certainty", "certainty", "hedged", el("span", { cls: "line", style: { borderColor: "#555", borderTopStyle: "dashed" } }), "hedged (dashed)", certCounts.hedged);
  var polCounts = countBy(claimList, function (c) { return c.polarity; });
  addFilter("filter-polarity", "polarity", "affirmed", el("span", { cls: "line", style: { borderColor: "#555" } }), "affirmed", polCounts.affirmed);
  addFilter("filter-polarity", "polarity", "negated", el("span", { cls: "sym", text: "✗", style: { color: data.negated_color } }), "negated (red ✗)", polCounts.negated);
  var legend = document.getElementById("legend-lines");
  [["Node size", "number of connections"], ["Line width", "number of sources (support)"],
   ["Dashed line", "hedged claim (may, might, suggests…)"], ["Red line with ✗", "negated claim"],
   ["Dotted grey line", "study backs a claim / study conducted by"], ["Click", "a concept or a line for its evidence"]]
    .forEach(function (row) { legend.appendChild(el("div", null, el("b", { text: row[0] + ":" }), " " + row[1])); });

  // -- notice (cut graphs) ---------------------------------------------------------
  if (data.meta.notice) {
    var noticeBox = document.getElementById("notice");
    var cmd = data.meta.notice.indexOf("python -m graph render");
    noticeBox.appendChild(document.createTextNode(cmd >= 0 ? data.meta.notice.slice(0, cmd) : data.meta.notice));
    if (cmd >= 0) noticeBox.appendChild(el("code", { text: data.meta.notice.slice(cmd) }));
    noticeBox.hidden = false;
  }

  // -- evidence map ---------------------------------------------------------------------
  var mapBuilt = false;
  var MAP_ROWS = 60, MAP_COLS = 80;
  function buildMap() {
    mapBuilt = true;
    var table = document.getElementById("map");
    clear(table);
    var cells = {}, rowTotal = {}, colTotal = {};
    // Roll-up: a condition's column is its broadest visible broader condition (never silently: noted).
    var rollup = document.getElementById("map-rollup").checked, rolled = {};
    function broadest(id) {
      var seen = {}, cur = id;
      for (;;) {
        seen[cur] = true;
        var up = ((nodeById[cur] || {}).broader || []).filter(function (p) {
          return nodeById[p] && nodeById[p].category === "Condition" && nodeVisible(nodeById[p]) && !seen[p];
        });
        if (!up.length) return cur;
        cur = up[0];
      }
    }
    claimEdges.forEach(function (e) {
      var c0 = data.claims[e.id];
      var c = c0;
      if (rollup && nodeById[c0.o] && nodeById[c0.o].category === "Condition" && nodeVisible(nodeById[c0.o])) {
        var top = broadest(c0.o);
        if (top !== c0.o) {
          (rolled[top] = rolled[top] || {})[c0.o] = true;
          c = Object.assign({}, c0, { o: top });
        }
      }
      if (c.p !== "treats" && c.p !== "has_adverse_effect") return;
      var s = nodeById[c.s], o = nodeById[c.o];
      if (!s || !o || o.category !== "Condition" || (s.category !== "Drug" && s.category !== "Therapy")) return;
      if (!nodeVisible(s) || !nodeVisible(o) || !claimVisible(c)) return;
      var key = c.s + "\u0000" + c.o;
      (cells[key] = cells[key] || []).push(e.id);
      // rows and columns ranked by the belief of their claims (docs/evidence.md)
      rowTotal[c.s] = (rowTotal[c.s] || 0) + (c.belief || 0);
      colTotal[c.o] = (colTotal[c.o] || 0) + (c.belief || 0);
    });
    function order(totals) {
      return Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a] || (name(a) < name(b) ? -1 : 1); });
    }
    var rows = order(rowTotal), cols = order(colTotal);
    var note = document.getElementById("map-note");
    note.textContent = rows.length > MAP_ROWS || cols.length > MAP_COLS
      ? "Showing the " + Math.min(rows.length, MAP_ROWS) + " most supported drugs/therapies and " + Math.min(cols.length, MAP_COLS) + " conditions of " + rows.length + " and " + cols.length + "."
      : (rows.length ? "" : "No treats / adverse-effect claims between drugs or therapies and conditions are visible.");
    var rolledNote = Object.keys(rolled).sort().map(function (top) {
      return name(top) + " ← " + Object.keys(rolled[top]).map(name).sort().join(", ");
    });
    if (rolledNote.length) note.textContent += (note.textContent ? " " : "") + "Rolled up: " + rolledNote.join("; ") + ".";
    rows = rows.slice(0, MAP_ROWS);
    cols = cols.slice(0, MAP_COLS);
    var head = el("tr", null, el("th", { text: "" }));
    cols.forEach(function (o) { head.appendChild(el("th", { scope: "col", text: name(o) })); });
    table.appendChild(el("thead", null, head));
    var body = el("tbody");
    rows.forEach(function (s) {
      var tr = el("tr", null, el("th", { scope: "row", text: catStyle[nodeById[s].category].symbol + " " + name(s) }));
      cols.forEach(function (o) {
        var ids = cells[s + "\u0000" + o];
        if (!ids) { tr.appendChild(el("td", { cls: "empty" })); return; }
        var treat = 0, adverse = 0, hedged = false, negated = false, cited = false;
        ids.forEach(function (id) {
          var c = data.claims[id];
          if (c.p === "treats" && c.polarity === "affirmed") treat += c.support;
          if (c.p === "has_adverse_effect" && c.polarity === "affirmed") adverse += c.support;
          hedged = hedged || c.certainty === "hedged";
          negated = negated || c.polarity === "negated";
          cited = cited || c.cited;
        });
        var best = ids.reduce(function (t, id) { return Math.max(t, data.claims[id].belief || 0); }, 0);
        var alpha = 0.15 + 0.75 * best;  // shade: the cell's best belief
        var bg = treat >= adverse && treat > 0 ? "rgba(46,125,50," + alpha + ")"
          : adverse > 0 ? "rgba(173,20,87," + alpha + ")" : "rgba(120,120,120," + alpha + ")";
        var label = (treat ? String(treat) : "") + (adverse ? "⚠" + adverse : "") + (hedged ? "~" : "") + (negated ? "✗" : "") + (cited ? "†" : "");
        var button = el("button", { type: "button", text: label,
          title: name(s) + " × " + name(o) + ": " + ids.map(function (id) { return claimSummary(data.claims[id]).replace("\n", " — "); }).join("; ") });
        button.addEventListener("click", function () { showClaims(name(s) + " × " + name(o), ids); });
        var td = el("td", { cls: "cell", "data-row": s, "data-col": o, style: { background: bg } }, button);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
  }
  document.getElementById("map-rollup").addEventListener("change", function () { buildMap(); });
  var mapLegend = document.getElementById("map-legend");
  [["3", "sources behind treats claims (green; the darker, the higher the belief)"], ["⚠2", "adverse-effect claims, sources (magenta)"],
   ["~", "hedged"], ["✗", "negated"], ["†", "cites a study"]]
    .forEach(function (row) { mapLegend.appendChild(el("span", null, el("b", { text: row[0] }), " " + row[1])); });

  // -- tabs ------------------------------------------------------------------------------
  function showView(viewId) {
    document.querySelectorAll("#tabs button").forEach(function (b) {
      var on = b.getAttribute("data-view") === viewId;
      b.setAttribute("aria-selected", on ? "true" : "false");
      document.getElementById(b.getAttribute("data-view")).hidden = !on;
    });
    if (viewId === "map-view" && !mapBuilt) buildMap();
    if (viewId === "graph-view") network.redraw();
  }
  document.querySelectorAll("#tabs button").forEach(function (b) {
    b.addEventListener("click", function () { showView(b.getAttribute("data-view")); });
  });

  updateCounts();
  Object.assign(api, { showNode: showNode, showClaims: showClaims, focusConcept: focusConcept, search: search,
                       showView: showView, refresh: refresh, setShowUnlinked: setShowUnlinked,
                       claimsCsv: claimsCsv, claimStrength: claimStrength, visibleClaimIds: visibleClaimIds });
  network.once("afterDrawing", function () {
    api.ready = true;
    api.readyAt = performance.now();
    document.body.setAttribute("data-ready", "1");
  });
  network.fit({ animation: false });
  network.moveTo({ scale: network.getScale() * 0.92, animation: false });  // room for the labels at the edges
  placeLabels();
})();
