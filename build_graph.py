#!/usr/bin/env python3
"""Build the evidence graph: ``python build_graph.py --sources sources --out build``.

A thin entry point; the same as ``python -m graph build``.
"""

import sys

from graph.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
