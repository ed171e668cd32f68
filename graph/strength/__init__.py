"""How firmly a claim can be stated: what each evidence sentence is, what each cited study
did and found, a belief score per claim, and disagreements across articles (docs/evidence.md).

Runs after extraction and before the outputs: it reads model objects and writes none of
the extractor's data.
"""
