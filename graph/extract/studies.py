"""Cited studies: named ones become Study concepts linked to their Organization.

A study is named when a study word ("study", "trial", "research", ...) is tied to an
organization mention in the same sentence ("a study conducted by researchers at
Johns Hopkins School of Medicine", "research funded by the University of Chicago
Medical Center", "researchers at Yale found"). Its scope, the sentences whose claims
it backs, is its own sentence, a quotation that runs on from it, and later sentences
of the same paragraph that refer back to it ("the study", "this study").

A study word with no organization ("one study found", "studies have shown") makes
the sentence's claims ``unattributed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.extract.cues import CueSet
from graph.extract.relations import SentenceContext
from graph.model import Concept, slugify

__all__ = ["StudyFinding", "find_studies"]

_STUDY_GAP_WORDS = 8
_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")
# A trial named by its acronym or name in capitals: "the BRIGHTWAY trial", "the MOVE-CALM study".
# Its design may stand between ("the KESTREL randomised trial"), it may be what the trial "was" ("ALDER
# was a double-blind trial"), or what it is known as ("a trial known as PACE").
_DESIGN = (r"(?:randomi[sz]ed|placebo-controlled|double-blind|single-blind|double-dummy|open-label|controlled|clinical|"
           r"pilot|crossover|cross-over|parallel-group|multicent(?:re|er)|multi-cent(?:re|er)|pragmatic|feasibility|phase\s+[0-9I]+)")
_NAMED_TRIAL = re.compile(r"\b([A-Z][A-Z0-9]+(?:[-–][A-Z0-9]+)*)(?:\s+was\s+an?)?((?:,?\s+" + _DESIGN + r")*),?\s+(trial|study)\b")
_KNOWN_AS = re.compile(r"\b(trial|study)\s+(?:known\s+as|called|named)\s+([A-Z][A-Z0-9]+(?:[-–][A-Z0-9]+)*)\b")
# An author-year citation: "(Lindqvist et al., 2019)", "(Okonkwo and Reyes, 2021)", "Brandt et al. (2020)".
_CITATION = re.compile(r"\(?\b([A-Z][A-Za-z'\-]+(?: et al\.?| and [A-Z][A-Za-z'\-]+)),? \(?((?:19|20)\d\d)\)")


@dataclass
class StudyFinding:
    concepts: dict[str, Concept] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)
    findings: dict[str, str] = field(default_factory=dict)
    # sentence index -> study id backing the claims of that sentence
    scope: dict[int, str] = field(default_factory=dict)
    # sentence indexes whose claims rest on research named by nobody
    unattributed: set[int] = field(default_factory=set)


def _words_between(text: str, a: int, b: int) -> int:
    return len(_WORD.findall(text[a:b]))


def _quote_open(text: str) -> bool:
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _unnamed_study_found(ctx: SentenceContext) -> bool:
    """"One study found ...", "a 2019 trial showed ...": a study word shortly before a finding verb."""
    nouns = [h for h in ctx.hits if h.cue.kind == "study_noun"]
    verbs = [h for h in ctx.hits if h.cue.kind == "finding_verb"]
    return any(0 <= _words_between(ctx.text, n.end - ctx.start, v.start - ctx.start) <= 6 and v.start >= n.end
               for n in nouns for v in verbs)


def _named_without_organization(sentence: str) -> list[str]:
    """Labels of studies a sentence names without an organization: a trial's capitalised name
    ("the BRIGHTWAY trial" -> "brightway trial") or an author-year citation
    ("(Lindqvist et al., 2019)" -> "lindqvist et al., 2019").

    >>> _named_without_organization("In the BRIGHTWAY trial, 22% were pain-free (Okonkwo and Reyes, 2021).")
    ['brightway trial', 'okonkwo and reyes, 2021']
    >>> _named_without_organization("In a US study, pain fell.")
    []
    >>> _named_without_organization("KESTREL was a double-blind, double-dummy trial in 30 clinics.")
    ['kestrel trial']
    >>> _named_without_organization("The LANTERN randomised placebo-controlled trial enrolled 300 adults.")
    ['lantern trial']
    >>> _named_without_organization("An Australian trial known as PACE found no benefit.")
    ['pace trial']
    """
    out = []
    named = [(m.group(1), m.group(3)) for m in _NAMED_TRIAL.finditer(sentence)]
    named += [(m.group(2), m.group(1)) for m in _KNOWN_AS.finditer(sentence)]
    for name, noun in named:
        if len(name) >= 3 and name not in ("US", "UK", "USA", "FDA", "NHS", "NIH", "CDC", "WHO"):
            out.append(f"{name.lower()} {noun}")
    for m in _CITATION.finditer(sentence):
        authors = m.group(1).replace("et al", "et al.").replace("et al..", "et al.")
        out.append(f"{authors}, {m.group(2)}".lower())
    return list(dict.fromkeys(out))


def find_studies(contexts: list[SentenceContext], original_sentences: list[str], concepts: dict[str, Concept],
                 cues: CueSet) -> StudyFinding:
    """Named studies, their organizations, findings and scopes, and unattributed research sentences."""
    out = StudyFinding()
    current: tuple[str, int] | None = None  # (study id, paragraph)
    continuing_quote: str | None = None
    for ctx in contexts:
        if ctx.is_heading:
            current = None
            continuing_quote = None
            continue
        original = original_sentences[ctx.index]
        if continuing_quote:
            study_id = continuing_quote
            out.scope[ctx.index] = study_id
            out.findings[study_id] = (out.findings[study_id] + " " + original).strip()
            if not _quote_open(out.findings[study_id]):
                continuing_quote = None
            continue
        rel = ctx.start
        study_hits = [h for h in ctx.hits if h.cue.kind in ("study_noun", "researcher_noun")]
        orgs = [r for r in ctx.refs if r.category == "Organization"]
        named = None
        for hit in study_hits:
            for org in orgs:
                if org.start >= hit.end and _words_between(ctx.text, hit.end - rel, org.start - rel) <= _STUDY_GAP_WORDS:
                    named = (hit, org)
                    break
                # "a Johns Hopkins study", "Yale researchers"
                if org.end <= hit.start and _words_between(ctx.text, org.end - rel, hit.start - rel) == 0:
                    named = (hit, org)
                    break
            if named:
                break
        if not named:
            cited = _named_without_organization(original)
            if cited:
                for label in cited:
                    study_id = "study_" + slugify(label)
                    out.concepts.setdefault(study_id, Concept(study_id, label, "Study", discovered=True))
                    out.findings.setdefault(study_id, original.strip())
                out.scope[ctx.index] = "study_" + slugify(cited[0])
                current = ("study_" + slugify(cited[0]), ctx.paragraph)
                continue
        if named:
            hit, org = named
            topic = [r for r in ctx.refs if r.category in ("Drug", "Therapy")]
            own_name = _named_without_organization(original)
            condition = [r for r in ctx.refs if r.category == "Condition"]
            org_label = concepts[org.concept_id].label
            label = f"{org_label} study"
            if topic:
                label += f" on {concepts[topic[0].concept_id].label}"
                if condition:
                    label += f" for {concepts[condition[0].concept_id].label}"
            if own_name:  # "KESTREL was a trial run by the Northgate Research Network": the trial's own name
                label = own_name[0]
            study_id = "study_" + slugify(label)
            out.concepts[study_id] = Concept(study_id, label, "Study", discovered=True)
            out.links.append((study_id, org.concept_id))
            finding = original
            for verb in sorted(cues.study.get("finding_verbs") or [], key=len, reverse=True):
                m = re.search(r"\b" + re.escape(verb) + r"\b[,:]?\s*", original)
                if m and m.start() > 0:
                    finding = original[m.end():]
                    break
            out.findings[study_id] = finding.strip()
            out.scope[ctx.index] = study_id
            current = (study_id, ctx.paragraph)
            if _quote_open(original):
                continuing_quote = study_id
            continue
        back = [h for h in ctx.hits if h.cue.kind == "study_back_reference"]
        if current and back and ctx.paragraph - current[1] <= 1:
            out.scope[ctx.index] = current[0]
            continue
        negations = [h for h in ctx.hits if h.cue.kind == "negation"]
        research = [h for h in ctx.hits if h.cue.kind == "unattributed"
                    # "there is no clear evidence to suggest": the article's own statement, citing nothing
                    and not any(n.start <= h.start <= n.end + 1 for n in negations)]
        if research or _unnamed_study_found(ctx):
            out.unattributed.add(ctx.index)
    for study_id, text in out.findings.items():
        out.findings[study_id] = text.strip().strip("“”\"").strip()
    return out
