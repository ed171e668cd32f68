"""The questions a medical writer asks of an evidence graph, one module per question.

``records`` (the answers' records), ``example`` (a hand-made graph), ``index`` (names and
adjacency, built once per graph), ``scoring`` (what a claim is worth as a hop), ``names``
(finding a concept, a source, a claim), ``neighbours``, ``paths``, ``claims`` (evidence and
claim filters), ``quantities``, ``contradictions``, ``summaries`` (uncited, compare, hubs,
stats). :mod:`graph.query` re-exports all of them: import from there.
"""
