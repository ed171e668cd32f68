"""Rendering of the evidence graph for people: the self-contained interactive page (:mod:`graph.render.html`)."""
