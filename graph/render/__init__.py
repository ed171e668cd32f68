"""Rendering of the evidence graph for people: the self-contained interactive page (:mod:`graph.render.html`)
and a pyvis ``Network`` for notebooks (:func:`to_pyvis`, :mod:`graph.render.pyvis_network`)."""

__all__ = ["to_pyvis"]


def __getattr__(name: str):
    # graph.render.to_pyvis (graph.render.pyvis_network), imported on first use: pyvis is not needed for the page.
    if name == "to_pyvis":
        from graph.render.pyvis_network import to_pyvis

        return to_pyvis
    raise AttributeError(f"module 'graph.render' has no attribute {name!r}")
