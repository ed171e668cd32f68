"""Run the ``kgx`` command line offline, on the Biolink model the ``biolink-model`` package ships.

KGX fetches the Biolink model (and its predicate map) from GitHub when it is imported, its
JSON-LD prefix context when it validates, and the RO and BFO ontologies when it looks up
CURIE labels. This wrapper, run with the Python of the environment KGX is installed in
(``tools/kgx_env.sh`` makes ``.kgx-venv``), points all of them at local data first:

- the Biolink schema: ``biolink_model/schema/biolink_model.yaml`` of the installed package;
- the prefix context: the package's ``prefixmaps/biolink_model_prefix_map.json``, plus the
  prefixes an export declares for its own ids (``--prefixes FILE``: the ``prefixes.json`` that
  ``python -m graph export --format kgx`` writes beside the nodes and edges);
- no ontology lookup (``CurieLookupService.ontologies = {}``).

Two KGX 2.6 bugs are worked around: ``validate -o FILE`` writes its report to stderr instead of
the file, and a non-streaming ``transform`` fails on edges that carry a ``key`` (the property
KGX's own graph sink reads to key edges).

Then it hands the remaining arguments to KGX's own command line, so::

    .kgx-venv/bin/python tools/kgx_offline.py --prefixes build/kgx/prefixes.json \\
        validate -i tsv build/kgx/nodes.tsv build/kgx/edges.tsv

is ``kgx validate -i tsv ...`` with no network. Sockets are refused while it runs, so a fetch
that slipped through fails loudly instead of going out.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import socket
import sys
from pathlib import Path


def _no_network(*args, **kwargs):
    raise OSError("tools/kgx_offline.py: network access is disabled (KGX must run on local data)")


def _model_dir() -> Path:
    spec = importlib.util.find_spec("biolink_model")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("tools/kgx_offline.py: the biolink-model package is not installed in this environment")
    return Path(list(spec.submodule_search_locations)[0])


def prepare(prefix_files: list[str]) -> str:
    """Point KGX and the Biolink model toolkit at local data; returns the Biolink version."""
    socket.socket.connect = _no_network  # type: ignore[method-assign]
    socket.create_connection = _no_network  # type: ignore[assignment]
    root = _model_dir()
    schema = str(root / "schema" / "biolink_model.yaml")
    context = json.loads((root / "prefixmaps" / "biolink_model_prefix_map.json").read_text(encoding="utf-8"))
    for name in prefix_files:
        declared = json.loads(Path(name).read_text(encoding="utf-8"))
        context.update(declared.get("@context", declared))

    import bmt.toolkit

    init = bmt.toolkit.Toolkit.__init__
    defaults = {"schema": schema, "predicate_map": {"predicate mappings": []}}

    def local_init(self, schema=schema, predicate_map=None, **kwargs):
        init(self, schema, predicate_map if predicate_map is not None else defaults["predicate_map"], **kwargs)

    bmt.toolkit.Toolkit.__init__ = local_init  # every Toolkit() KGX makes reads the local schema

    import kgx.config

    kgx.config.jsonld_context_map["biolink"] = context
    for name in ("monarch_context", "obo_context"):
        kgx.config.jsonld_context_map[name] = {}
    from kgx.curie_lookup_service import CurieLookupService

    CurieLookupService.ontologies = {}
    from kgx.error_detection import ErrorDetecting

    # KGX 2.6's write_report sends the report to stderr even when given a file (-o): honour the file.
    def write_report(self, outstream=None, level=None):
        outstream = outstream or self.error_log or sys.stderr
        if level:
            outstream.write(f"\nMessages at the '{level}' level:\n")
        json.dump(self.get_errors(level), outstream, indent=4)
        outstream.write("\n")
        if outstream not in (sys.stdout, sys.stderr):
            outstream.flush()

    ErrorDetecting.write_report = write_report
    from kgx.graph.nx_graph import NxGraph

    # KGX's graph sink keys an edge by its ``key`` property when it has one (GraphSink.write_edge),
    # but NxGraph.add_edge then passes ``key`` twice to networkx and fails. Without this fix a
    # non-streaming transform cannot keep two claims about the same subject-predicate-object
    # (an affirmed and a negated one) apart; ``transform --stream`` needs no fix.
    add_edge = NxGraph.add_edge

    def keyed_add_edge(self, subject_node, object_node, edge_key=None, **kwargs):
        data = kwargs.get("data", kwargs)
        if "key" in data:
            data = {k: v for k, v in data.items() if k != "key"}
            return add_edge(self, subject_node, object_node, edge_key, **data)
        return add_edge(self, subject_node, object_node, edge_key, **kwargs)

    NxGraph.add_edge = keyed_add_edge
    import kgx.utils.kgx_utils as kgx_utils

    # Validator.get_the_validator and get_toolkit(biolink_release=...) would fetch a release by
    # URL: every release name resolves to the local schema instead.
    kgx_utils.get_biolink_model_schema = lambda release=None: schema
    kgx.config.get_biolink_model_schema = lambda release=None: schema
    return bmt.toolkit.Toolkit().get_model_version()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(allow_abbrev=False, description=__doc__.split("\n\n")[0], add_help=True)
    parser.add_argument("--prefixes", action="append", default=[], metavar="FILE",
                        help="a prefixes.json whose prefixes join the Biolink context (repeatable)")
    args, rest = parser.parse_known_args(argv)
    version = prepare(args.prefixes)
    print(f"kgx offline: Biolink model {version} from {_model_dir()}", file=sys.stderr)
    from kgx.cli import cli

    try:
        cli.main(args=rest, prog_name="kgx", standalone_mode=False)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
