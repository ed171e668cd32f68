# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exploring the evidence graph of the seed articles
#
# This notebook walks through the evidence graph built from the articles in `sources/`.
# Everything in the graph comes from a sentence of an article, so every table below can be
# traced back to the exact quote.
#
# What you will see, step by step:
#
# 1. **Build** the graph from the articles (a few seconds, nothing is written to disk).
# 2. The three main tables: **concepts** (drugs, conditions, therapies, ...), **claims**
#    ("ketamine *treats* PTSD") and **evidence** (the sentences behind each claim).
# 3. A few questions answered with pandas: how sure are the claims (asserted or hedged)?
#    Which article says what? Which claims cite no study? Where do articles disagree?
# 4. **"How is ketamine linked to PTSD?"**: the chains of claims, each step with its quote.
# 5. A **SPARQL** query, the language of knowledge-graph databases, answered as a table.
# 6. A **chart** of how strong the evidence is behind each treatment claim.
# 7. An **interactive map** of everything around ketamine: click a node or an edge to read
#    the sentences behind it. It works offline. The same map as a **pyvis** `Network`, for
#    those who customise their networks with pyvis.
#
# To run it yourself: *Run → Run All Cells*. Only the public API of the `graph` package is used.

# %% [markdown]
# ## Setup
#
# The notebook finds the project folder (the one that holds `sources/`) wherever it is
# started from, and imports the modules it needs.

# %% tags=["setup"]
import html
import logging
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Markdown, display


def find_root(start: Path) -> Path:
    """The first folder, from ``start`` upwards, that holds a ``sources/`` folder."""
    for folder in (start, *start.parents):
        if (folder / "sources").is_dir() and (folder / "graph").is_dir():
            return folder
    raise FileNotFoundError(f"no project folder with sources/ above {start}")


ROOT = find_root(Path.cwd().resolve())
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # use this checkout's `graph` package

import graph  # noqa: E402
from graph import frames, query, sparql  # noqa: E402
from graph.render.html import render_html  # noqa: E402

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
pd.set_option("display.max_colwidth", 120)
pd.set_option("display.max_rows", 60)
pd.set_option("display.width", 200)

# %% [markdown]
# ## 1. Build the graph
#
# `graph.build_graph` reads every article, finds the concepts and claims in each sentence and
# merges them into one graph. An article that cannot be read is reported as a warning
# below this cell, and the others are still used.
#
# The articles get short names (S1, S2, ...) so the tables below stay narrow.

# %% tags=["build"]
g = graph.build_graph(ROOT / "sources")

sources = frames.sources_frame(g).sort_values("source_id").reset_index(drop=True)
sources.insert(0, "alias", [f"S{i}" for i in range(1, len(sources) + 1)])
ALIAS = dict(zip(sources.source_id, sources.alias))
sources[["alias", "title", "publisher", "kind", "claims", "evidence", "cited_evidence", "unattributed_evidence"]]

# %% [markdown]
# `evidence` counts the sentences that carry a claim; `cited_evidence` the ones that name a
# study ("a Johns Hopkins study found ..."); `unattributed_evidence` the ones that only say
# "studies have shown" without naming one.
#
# The graph in numbers:

# %%
s = query.stats(g)
pd.Series({k: v for k, v in s.items() if not isinstance(v, dict)}, name="count").to_frame()

# %% [markdown]
# ## 2. The three tables
#
# ### Concepts
#
# One row per concept, with its category (Condition, Drug, Therapy, Mechanism, Molecule,
# RiskFactor, Study, Organization), how many articles mention it and how many distinct claims
# it takes part in. The most connected concepts first:

# %%
concepts = frames.concepts_frame(g)
display(concepts.category.value_counts().rename("concepts").to_frame().T)
concepts.sort_values(["claims", "n_sources"], ascending=False)[
    ["label", "category", "n_sources", "mentions", "claims", "synonyms"]
].head(15)

# %% [markdown]
# ### Claims
#
# One row per distinct claim: *subject – predicate – object*, whether it is affirmed or
# negated, asserted or hedged ("may help", "could"), how many articles make it (`support`) and
# whether any of them names a study (`cited`). A claim made by several articles appears once.

# %%
claims = frames.claims_frame(g)
claims.sort_values(["support", "subject"], ascending=[False, True])[
    ["subject", "predicate", "object", "polarity", "certainty", "support", "cited", "sources"]
].head(15)

# %% [markdown]
# ### Evidence
#
# One row per sentence behind a claim: the article, the section heading, the sentence itself,
# and for that sentence whether it is hedged and which study (if any) it names. These are the
# sentences behind "ketamine treats PTSD":

# %%
evidence = frames.evidence_frame(g)
evidence["alias"] = evidence.source_id.map(ALIAS)
evidence[(evidence.subject == "ketamine") & (evidence.predicate == "treats") & (evidence.object == "ptsd")][
    ["alias", "section", "certainty", "attribution", "sentence"]
]

# %% [markdown]
# ## 3. Questions answered with pandas
#
# ### How sure are the claims?
#
# Each distinct claim by predicate and certainty. A claim counts as *asserted* if at least one
# article states it without hedging; *hedged* if every article that makes it hedges it.

# %% tags=["crosstab"]
pd.crosstab(claims.predicate, claims.certainty, margins=True, margins_name="total")

# %% [markdown]
# ### Which article talks about what?
#
# For the most connected concepts: how many distinct claims about each concept every article
# makes (0: the article makes no claim about it). A row with a single non-zero cell is a
# concept only one article has something to say about.

# %% tags=["source-concept"]
ends = pd.concat([
    evidence[["claim_id", "alias", "subject"]].rename(columns={"subject": "concept"}),
    evidence[["claim_id", "alias", "object"]].rename(columns={"object": "concept"}),
])
by_source = ends.drop_duplicates().pivot_table(
    index="concept", columns="alias", values="claim_id", aggfunc="nunique", fill_value=0
)
by_source["articles"] = (by_source > 0).sum(axis=1)
by_source["claims"] = ends.drop_duplicates(["claim_id", "concept"]).groupby("concept").size()
by_source.sort_values(["claims", "articles"], ascending=False).head(15)

# %% [markdown]
# And the other way round: the claims made by more than one article, with how each article
# states it (**A** asserted, **h** hedged, empty: not in that article).

# %%
shared = claims[claims.support > 1]
marks = (
    evidence[evidence.claim_id.isin(shared.claim_id)]
    .assign(mark=lambda f: f.certainty.map({"asserted": "A", "hedged": "h"}).astype(str))
    .groupby(["claim_id", "alias"]).mark.agg(lambda m: "A" if "A" in set(m) else "h")
    .unstack(fill_value="")
)
label = shared.set_index("claim_id").apply(lambda c: f"{c.subject} {c.predicate} {c.object}", axis=1)
marks.index = marks.index.map(label)
marks.sort_index()

# %% [markdown]
# ### Claims with no citation
#
# A claim an article makes without naming a study: either the article's own assertion
# (`none`) or "studies have shown" with no study named (`unattributed`). Per article:

# %% tags=["uncited"]
uncited = pd.DataFrame([u.as_dict(g) for u in query.uncited(g)])
uncited["alias"] = uncited.source_id.map(ALIAS)
display(pd.crosstab(uncited.alias, uncited.backing, margins=True, margins_name="total"))

# %% [markdown]
# The treatment claims among them, with `cited_elsewhere` telling whether another article
# does name a study for the same claim:

# %%
uncited[uncited.predicate == "treats"][
    ["alias", "subject", "object", "certainty", "backing", "cited_elsewhere", "support"]
].sort_values(["subject", "object", "alias"]).reset_index(drop=True)

# %% [markdown]
# ### Where the articles disagree
#
# `query.contradictions` pairs an affirmed claim with a negated one about the same two concepts
# (or two different quantities for the same claim), and says how serious the disagreement is:
# a *contradiction* (both sides asserted), a *tension* (one side hedged), a *qualification*
# (one article nuancing itself), or only a *hint* worth reading together.

# %% tags=["contradictions"]
rows = []
for c in query.contradictions(g):
    rows.append({
        "kind": c.kind,
        "verdict": c.verdict,
        "subject": c.subject.label,
        "object": c.object.label,
        "side A": f"{c.a.claim.predicate} ({c.a.claim.polarity}{', ' + c.a.quantity if c.a.quantity else ''})",
        "side B": f"{c.b.claim.predicate} ({c.b.claim.polarity}{', ' + c.b.quantity if c.b.quantity else ''})",
        "articles": ", ".join(ALIAS.get(s, s) for s in c.sources),
        "quote A": c.a.evidence[0].sentence,
        "quote B": c.b.evidence[0].sentence,
    })
pd.DataFrame(rows)

# %% [markdown]
# ## 4. How is ketamine linked to PTSD?
#
# `query.paths` finds the chains of claims that lead from one concept to another. Each chain is
# scored: a step made by several articles, asserted rather than hedged, and backed by a named
# study scores higher; every extra step lowers the score. The five best chains:

# %% tags=["paths"]
chains = query.paths(g, "ketamine", "PTSD", max_hops=3, limit=5)
pd.DataFrame([{"path": str(p), "steps": p.length, "score": round(p.score, 3)} for p in chains])

# %% [markdown]
# The evidence chain: every step of each path with the claim it rests on, how many articles
# make it, and the best sentence for it (a sentence naming a study first, then an asserted one).
# Arrows read as in the table above: `-treats->` follows the claim, `<-causes-` walks it backwards
# ("PTSD causes depression" links depression back to PTSD).


# %% tags=["path-answer"]
def names_of(concept_id: str) -> list[str]:
    """A concept's label, display name and synonyms, lower-cased."""
    concept = g.concepts[concept_id]
    return [n.lower() for n in (concept.label, concept.name, *concept.synonyms) if n]


def best_quote(claim_id: str) -> query.EvidenceRow:
    """The most telling sentence of a claim: one naming a study, then an asserted one,
    then one that names both concepts (rather than "it" or "this therapy")."""
    claim = g.claims[claim_id]
    ends = [names_of(claim.subject), names_of(claim.object)]

    def names_both(row: query.EvidenceRow) -> bool:
        text = row.sentence.lower()
        return all(any(n in text for n in names) for names in ends)

    rows = query.evidence(g, claim_id)
    return min(rows, key=lambda r: (not r.study, r.certainty != "asserted", not names_both(r), r.source_id, r.start))


parts = []
for rank, p in enumerate(chains, 1):
    parts.append(f"<h4>Path {rank}: {html.escape(str(p))} <small>(score {p.score:.3f})</small></h4><ol>")
    for hop in p.hops:
        q = best_quote(hop.claim.id)
        backing = f"study: {q.study}" if q.study else ("'studies show', no study named" if q.attribution else "no study named")
        parts.append(
            "<li><b>{step}</b> &mdash; {support} article(s), {certainty}, {backing}"
            "<blockquote>&ldquo;{sentence}&rdquo;<br><small>{alias} &middot; {title} &middot; {section}</small></blockquote></li>".format(
                step=html.escape(str(hop)),
                support=hop.claim.support,
                certainty=html.escape(hop.claim.certainty),
                backing=html.escape(backing),
                sentence=html.escape(q.sentence),
                alias=ALIAS.get(q.source_id, ""),
                title=html.escape(q.source_title),
                section=html.escape(q.section or "(no heading)"),
            )
        )
    parts.append("</ol>")
display(HTML("".join(parts)))

# %% [markdown]
# The same chain as a table, one row per step, for copying into a document:

# %%
pd.DataFrame([
    {
        "path": rank,
        "step": str(hop),
        "articles": hop.claim.support,
        "certainty": hop.claim.certainty,
        "source": ALIAS.get(best_quote(hop.claim.id).source_id, ""),
        "quote": best_quote(hop.claim.id).sentence,
    }
    for rank, p in enumerate(chains, 1)
    for hop in p.hops
])

# %% [markdown]
# ## 5. A SPARQL query
#
# The graph is also published as RDF (`build/graph.ttl`) for knowledge systems. SPARQL queries it
# the way those systems do; `graph.sparql` runs read-only queries and returns a DataFrame. Usual
# prefixes (`eg:`, `biolink:`, `skos:`, `prov:`, ...) need not be declared.
#
# Question: *which treatment claims are made by more than one article, and how many quotes back
# each?*

# %% tags=["sparql"]
store = sparql.open_store(g)  # convert once, query many times

TREATMENTS_QUERY = """
SELECT ?treatment ?condition ?support ?certainty (COUNT(?quote) AS ?quotes)
WHERE {
  ?claim a eg:Claim ;
         eg:predicate eg:treats ;
         biolink:negated false ;
         biolink:subject ?s ;
         biolink:object ?o ;
         eg:support ?support ;
         eg:certainty ?certainty ;
         prov:wasDerivedFrom ?evidence .
  ?evidence biolink:supporting_text ?quote .
  ?s skos:prefLabel ?treatment .
  ?o skos:prefLabel ?condition .
  FILTER (?support > 1)
}
GROUP BY ?treatment ?condition ?support ?certainty
ORDER BY DESC(?support) ?treatment ?condition
"""
treatments = sparql.sparql_frame(store, TREATMENTS_QUERY)
treatments

# %% [markdown]
# The project ships example queries (in `graph/export/queries/`); they run by name. Here,
# the drugs claimed to treat both chronic pain and PTSD:

# %%
display(pd.DataFrame([(name, summary) for name, (summary, _) in sparql.example_queries().items()],
                     columns=["example query", "what it asks"]))
sparql.sparql_frame(store, "drugs_for_pain_and_ptsd")

# %% [markdown]
# ## 6. How strong is the evidence behind each treatment claim?
#
# A picture beats a table here. One bar per treatment claim; its length is the number of
# articles that make the claim. Each article is coloured by *how* it makes it:
#
# - **dark green**: asserted and naming a study;
# - **light green**: asserted, no study named;
# - **purple**: hedged ("may", "could") but naming a study;
# - **orange**: hedged and no study named.
#
# Long, green bars are the claims a writer can state with the most confidence; short orange
# bars rest on one hedged, uncited sentence.

# %% tags=["chart"]
KINDS = [
    ("asserted, study named", "#1a7837"),
    ("asserted, no study", "#a6d96a"),
    ("hedged, study named", "#8073ac"),
    ("hedged, no study", "#f4a442"),
]
treats = evidence[evidence.predicate == "treats"].copy()
treats["cited"] = ~treats.attribution.isin(["", "unattributed"])
per_article = treats.groupby(["claim_id", "source_id"]).agg(
    asserted=("certainty", lambda c: (c == "asserted").any()), cited=("cited", "any")
)
per_article["kind"] = [
    f"{'asserted' if a else 'hedged'}, {'study named' if c else 'no study'}"
    for a, c in zip(per_article.asserted, per_article.cited)
]
strength = per_article.groupby(["claim_id", "kind"]).size().unstack(fill_value=0)
strength = strength.reindex(columns=[k for k, _ in KINDS], fill_value=0)
info = claims.set_index("claim_id")
strength.index = [
    f"{info.subject[c]} → {'NOT ' if info.polarity[c] == 'negated' else ''}{info.object[c]}" for c in strength.index
]
strength = strength.assign(total=strength.sum(axis=1)).sort_values(
    ["total", "asserted, study named", "asserted, no study"], ascending=True
).drop(columns="total")

fig, ax = plt.subplots(figsize=(9, 0.32 * len(strength) + 1.6))
strength.plot.barh(stacked=True, ax=ax, color=[color for _, color in KINDS], width=0.75, edgecolor="white")
ax.set_xlim(0, len(g.sources))  # the full scale: every article
ax.set_xlabel(f"articles making the claim (of {len(g.sources)})")
ax.set_ylabel("")
ax.set_title("Treatment claims: how many articles make each, and how")
ax.xaxis.get_major_locator().set_params(integer=True)
ax.grid(axis="x", alpha=0.3)
ax.legend(title="each article", loc="lower right", frameon=True)
fig.tight_layout()
display(fig)
plt.close(fig)

# %% [markdown]
# The numbers behind the chart, strongest claims first:

# %%
strength.iloc[::-1].head(10)

# %% [markdown]
# ## 7. The interactive map around ketamine
#
# The project's own page (the same one as `build/graph.html`), focused on ketamine and the
# concepts one step away. Drag to move, scroll to zoom, click a node or an edge to read the
# claims and sentences behind it. The page carries everything it needs and fetches nothing
# from the internet.
#
# If the map stays blank after opening a saved notebook, the notebook is not yet *trusted*:
# run the cell again (or *File → Trust Notebook*). The same page can be written to a file with
# `python -m graph render --focus ketamine --depth 1 --out ketamine.html`.

# %% tags=["subgraph"]
page = render_html(g, focus="ketamine", depth=1, title="Around ketamine")
display(HTML(
    '<div><iframe title="Evidence graph around ketamine" sandbox="allow-scripts" '
    'style="width: 100%; height: 640px; border: 1px solid #ccc; border-radius: 4px" '
    f'srcdoc="{html.escape(page, quote=True)}"></iframe></div>'
))

# %% [markdown]
# ### The same map as a pyvis `Network`
#
# If you already use pyvis, `graph.render.to_pyvis` draws the same concepts and claims (same
# colours, shapes, dashes, widths and hover text) into a `pyvis.network.Network` that you can
# restyle with pyvis's own methods. Its HTML fetches nothing from the internet:
# `net.write_html("ketamine-pyvis.html")` writes a file that opens offline.

# %% tags=["pyvis"]
from graph.render import to_pyvis  # noqa: E402

net = to_pyvis(g, focus="ketamine", depth=1, height="520px")
net.toggle_hide_edges_on_drag(True)  # any pyvis option still applies
display(HTML(
    '<div><iframe title="pyvis network around ketamine" sandbox="allow-scripts" '
    'style="width: 100%; height: 560px; border: 1px solid #ccc; border-radius: 4px" '
    f'srcdoc="{html.escape(net.generate_html(), quote=True)}"></iframe></div>'
))
print(f"pyvis Network: {len(net.nodes)} concepts, {len(net.edges)} links")

# %% [markdown]
# ## Where next
#
# - `query.neighbors(g, "ptsd")`, `query.claims(g, predicate="treats", certainty="hedged")`,
#   `query.compare_sources(g, "S1 source id", "S2 source id")` and `query.hubs(g)` answer other
#   questions the same way.
# - From a terminal: `python -m graph path ketamine PTSD --graph build`,
#   `python -m graph uncited --graph build`, `python -m graph contradictions --graph build`.
# - `build/claims.csv` and `build/concepts.csv` load straight into pandas after
#   `python build_graph.py --sources sources --out build`.
