"""Extraction: one source in, its sentences, mentions, concepts and claims out.

:func:`extract_source` is a pure function of the source and the vocabulary, so it
can run in any process (``--workers``), be cached by content, or run on a cluster.

Stages, each its own module: :mod:`~graph.extract.segment` (sentences and
headings), :mod:`~graph.extract.entities` (mentions), :mod:`~graph.extract.relations`
(arguments of cue words), :mod:`~graph.extract.qualifiers` (polarity, certainty,
quantity), :mod:`~graph.extract.studies` (named studies and attribution).

>>> from graph.model import Source
>>> x = extract_source(Source("demo", "Ketamine may relieve depression. It blocks the NMDA receptor."))
>>> sorted((c.subject, c.predicate, c.object, c.evidence[0].certainty) for c in x.claims)
[('ketamine', 'inhibits', 'nmda_receptor', 'asserted'), ('ketamine', 'treats', 'depression', 'hedged')]
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
import re

from graph.extract.arguments import argument_words, generic_name
from graph.extract.cues import compile_cues
from graph.extract.entities import find_mentions
from graph.extract.qualifiers import certainty, polarity, quantities
from graph.extract.relations import Candidate, Hit, Ref, SentenceContext, find_candidates
from graph.extract.segment import segment
from graph.extract.syntax_rules import compile_syntax
from graph.extract.tables import table_candidates, table_rows
from graph.extract.studies import find_studies
from graph.extract.syntax import parse_candidates
from graph.extract.textview import TextView
from graph.model import UNATTRIBUTED, Claim, Concept, Evidence, Mention, Source, SourceExtraction
from graph.vocab import Vocabulary, load_vocabulary

__all__ = ["extract_source", "extract_sources", "EXTRACTOR_VERSION"]

log = logging.getLogger(__name__)

_ROUNDS = 2  # parses an extraction may ask for: its sentences, then those the first parse misread


def _code_fingerprint() -> str:
    """A hash of the extractor's own source files: editing a rule invalidates the cache even
    if nobody bumps the version by hand."""
    import hashlib
    from pathlib import Path

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


# Part of the cache key, with the vocabulary's own version (a hash of the data files).
EXTRACTOR_VERSION = "1.1+" + _code_fingerprint()


def _cue_hits(view: TextView, automaton) -> list[Hit]:
    text = view.text
    n = len(text)
    hits = []
    for end_index, (length, cues) in automaton.iter(text):
        start = end_index - length + 1
        end = end_index + 1
        first, last = text[start], text[end_index]
        if first.isalnum() and start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
            continue
        if last.isalnum() and end < n and text[end].isalnum():
            continue
        for cue in cues:
            hits.append(Hit(start, end, cue))
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


_DEMONSTRATIVE = re.compile(r"\b(?:this|these|that|those|such|the same)\s+(?:[a-z\-]+\s+)?$")


def _resolve_definite_descriptions(contexts: list[SentenceContext], concepts, vocabulary: Vocabulary) -> None:
    """"This prolonged pain" after "chronic pain": a demonstrative before a general concept refers
    back to the more specific earlier concept it names (its label ends with the general one's label,
    or the vocabulary lists the general one as its parent)."""
    for ctx in contexts:
        for i, ref in enumerate(ctx.refs):
            m = _DEMONSTRATIVE.search(ctx.text[max(0, ref.start - ctx.start - 30):ref.start - ctx.start])
            if not m:
                continue
            if m.group(0).startswith("that") and ctx.text[ref.end - ctx.start - 1:ref.end - ctx.start] == "s":
                continue  # "explain that SSRIs can ...": a conjunction, not a demonstrative
            general = concepts[ref.concept_id]
            earlier = [r for c in contexts if ctx.index - 3 <= c.index <= ctx.index for r in c.refs if r.end <= ref.start]
            for candidate in reversed(earlier):
                specific = concepts[candidate.concept_id]
                if specific.id == general.id or specific.category != general.category:
                    continue
                if specific.label.endswith(" " + general.label) or general.id in specific.parents:
                    ctx.refs[i] = Ref(ref.start, ref.end, specific.id, specific.category, ref.sentence, ref.index,
                                      (ref.start, ref.end))
                    break


def extract_source(source: Source, vocabulary: Vocabulary | None = None, model: str | None = None) -> SourceExtraction:
    """Extract sentences, mentions, concepts, claims and studies from one source.

    ``model`` names the spaCy pipeline (default: :data:`graph.extract.parse.DEFAULT_MODEL`).
    """
    result = extract_sources([source], vocabulary, model)[0]
    if isinstance(result, Exception):
        raise result
    return result


def extract_sources(sources, vocabulary: Vocabulary | None = None, model: str | None = None,
                    batch_size: int = 64) -> list[SourceExtraction | Exception]:
    """:func:`extract_source` for many sources, their sentences parsed together (the parser
    is faster on full batches than on one article's few sentences). A source the extractor
    fails on gives its exception in its place; the others are unaffected.
    """
    from graph.extract.parse import load_model

    vocabulary = vocabulary or load_vocabulary()
    results: list = [None] * len(sources)
    waiting: list[tuple[int, object, list[str]]] = []
    for i, source in enumerate(sources):
        try:
            steps = _extraction(source, vocabulary)
            waiting.append((i, steps, next(steps)))
        except StopIteration as done:
            results[i] = done.value
        except Exception as error:  # one article's fault is its own
            results[i] = error
    # Each round parses every waiting source's texts together; a source may ask once more (the
    # sentences its first parse misread), never more than _ROUNDS times.
    for _ in range(_ROUNDS):
        if not waiting:
            break
        docs = iter(load_model(model).pipe((t for _, _, texts in waiting for t in texts), batch_size=batch_size))
        asking = []
        for i, steps, texts in waiting:
            mine = [next(docs) for _ in texts]
            try:
                asking.append((i, steps, steps.send(mine)))
            except StopIteration as done:
                results[i] = done.value
            except Exception as error:
                results[i] = error
        waiting = asking
    for i, _, _ in waiting:
        results[i] = RuntimeError(f"the extractor asked for more than {_ROUNDS} parses")
    return results


# Where the article's own kind of a condition stands for the word alone: "what treats it" and
# "what it is like" (not what a medicine causes, nor what kind of thing it is).
_NARROWED = {"treats": 1, "causes": 1, "risk_factor_for": 1, "has_symptom": 0, "co_occurs_with": 0}
# The words so read: a complaint named by its kinds ("phantom limb pain", "tension-type headache"),
# not a disease whose kinds are diseases of their own ("depression" in an article on postnatal
# depression may mean depression).
_UMBRELLAS = frozenset({"pain", "headache", "ache", "tremor", "neuralgia", "eczema", "dermatitis", "palsy"})


def _items_not_their_classes(candidates):
    """"Topiramate, an anticonvulsant, lowers the number of headache days": what the sentence says
    of the item it does not say of the class its apposition names (the class is what the item
    is). A claim of the class is dropped where the same claim of its apposed item stands."""
    apposed = {(c.sentence, c.object.concept_id): c.subject.concept_id for c in candidates
               if c.predicate == "subclass_of" and c.cue.lstrip()[:1] in (",", "–", "—", "(")}
    if not apposed:
        return candidates
    keys = {(c.sentence, c.subject.concept_id, c.predicate, c.object.concept_id) for c in candidates}
    out = []
    for c in candidates:
        item_s = apposed.get((c.sentence, c.subject.concept_id))
        item_o = apposed.get((c.sentence, c.object.concept_id))
        if c.predicate != "subclass_of" and (
                (item_s and (c.sentence, item_s, c.predicate, c.object.concept_id) in keys)
                or (item_o and (c.sentence, c.subject.concept_id, c.predicate, item_o) in keys)):
            continue
        out.append(c)
    return out


_LIST_GLUE = re.compile(r"\s*(?:,|,?\s*(?:and|or|and/or))\s*(?:the\s+|a\s+|an\s+)?", re.I)


def _list_chains(contexts, sentences) -> dict[tuple[int, int], tuple[int, int]]:
    """(sentence, mention start) -> (sentence, start of the list's first item), for mentions that
    stand in a list of two or more ("A, B and C") in the given sentences."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for k in sentences:
        ctx = contexts[k]
        refs = sorted(ctx.refs, key=lambda r: r.start)
        first = None
        for a, b in zip(refs, refs[1:]):
            if a.end <= b.start and _LIST_GLUE.fullmatch(ctx.text, a.end - ctx.start, b.start - ctx.start):
                first = first or (k, a.start)
                out[(k, a.start)] = first
                out[(k, b.start)] = first
            else:
                first = None
    return out


# "the antiviral medicine aciclovir", "the SSRI sertraline": a class word, perhaps a generic noun, then its member.
_MEMBER_GAP = re.compile(r"\s+(?:(?:medicine|medication|drug|tablet|painkiller)s?\s+)?")


def _named_members(candidates, contexts, vocabulary: Vocabulary, concepts):
    """"The antiviral medicine aciclovir did not improve recovery": the class word names what the
    medicine is, the claim is the member's. Each such pair gives ``member subclass_of class``, and
    the class's claims in that sentence go to the member."""
    classes = {p for c in vocabulary.concepts.values() for p in c.parents}
    pairs: dict[tuple[int, int], Ref] = {}
    for ctx in contexts:
        refs = sorted(ctx.refs, key=lambda r: r.start)
        for a, b in zip(refs, refs[1:]):
            if a.category == b.category == "Drug" and a.concept_id != b.concept_id and a.concept_id in classes \
                    and b.concept_id not in classes and a.end <= b.start \
                    and _MEMBER_GAP.fullmatch(ctx.text, a.end - ctx.start, b.start - ctx.start) \
                    and ctx.text[max(0, a.start - ctx.start - 4):a.start - ctx.start].lower().endswith(("the ", "an ", "a ")):
                pairs[(ctx.index, a.start)] = b
    if not pairs:
        return candidates
    out = []
    have = set()
    for c in candidates:
        s, o = c.subject, c.object
        if c.predicate != "subclass_of":
            s = pairs.get((s.sentence, s.start), s)
            o = pairs.get((o.sentence, o.start), o)
        if s.concept_id == o.concept_id:
            continue
        key = (s.concept_id, c.predicate, o.concept_id, c.sentence)
        if key in have:
            continue
        have.add(key)
        out.append(dataclasses.replace(c, subject=s, object=o) if (s, o) != (c.subject, c.object) else c)
    for (sentence, start), member in pairs.items():
        cls = next(r for r in contexts[sentence].refs if r.start == start)
        key = (member.concept_id, "subclass_of", cls.concept_id, sentence)
        if key not in have:
            have.add(key)
            out.append(Candidate(member, "subclass_of", cls, cls.end, member.start, "", sentence))
    return out


def _effects_of_medicines(candidates, substances):
    """What a medicine causes is its adverse effect ("Aspirin can cause tinnitus": aspirin
    has_adverse_effect tinnitus), as writers and annotators read it; a substance taken as a trigger
    ("alcohol", "caffeine") still causes."""
    out, have = [], set()
    for c in candidates:
        if c.predicate == "causes" and c.subject.category == "Drug" and c.object.category == "Condition" \
                and c.subject.concept_id.replace("_", " ") not in substances:
            c = dataclasses.replace(c, predicate="has_adverse_effect")
        key = (c.subject.concept_id, c.predicate, c.object.concept_id, c.sentence)
        if key not in have:
            have.add(key)
            out.append(c)
    return out


def _narrowed(candidates, title_refs, concepts):
    """In an article whose title names a kind of a condition ("Phantom limb pain", "Tension-type
    headache"), the condition's word alone ("it relieves their pain", "For an occasional headache,
    painkillers work well") means that kind, as a reader takes it, unless the sentence names
    another kind. Only the treated, caused or presenting end is so read."""
    topics = [r for r in title_refs if r.category == "Condition" and r.concept_id in concepts]
    if not topics:
        return candidates
    by_word: dict[str, Ref] = {}
    for r in topics:
        words = concepts[r.concept_id].label.lower().split()
        if len(words) > 1:
            by_word.setdefault(words[-1], r)
    if not by_word:
        return candidates
    kinds = {}  # sentence -> the concept ids it names
    for c in candidates:
        kinds.setdefault(c.sentence, set()).update((c.subject.concept_id, c.object.concept_id))
    out = []
    for c in candidates:
        role = _NARROWED.get(c.predicate)
        end = (c.subject, c.object)[role] if role is not None else None
        label = concepts[end.concept_id].label.lower() if end is not None and end.concept_id in concepts else ""
        label = label[:-1] if label.endswith("s") and label[:-1] in _UMBRELLAS else label  # ("tremors")
        topic = by_word.get(label) if label in _UMBRELLAS else None
        other = (c.object, c.subject)[role] if role is not None else None
        if topic is not None and other.concept_id != topic.concept_id and not any(
                k != topic.concept_id and k in concepts and concepts[k].label.lower().endswith(" " + label)
                for k in kinds[c.sentence]):
            ref = Ref(end.start, end.end, topic.concept_id, end.category, end.sentence, end.index)
            c = dataclasses.replace(c, subject=ref) if role == 0 else dataclasses.replace(c, object=ref)
        out.append(c)
    return out


def _extraction(source: Source, vocabulary: Vocabulary):
    """The extraction of one source as a generator: it yields the texts it needs parsed once,
    is sent their parses, and returns the :class:`SourceExtraction`."""
    cues = compile_cues(vocabulary)
    sentences = list(segment(source))
    view = TextView(source.text)
    found = find_mentions(source, vocabulary, view)
    concepts = dict(found.concepts)

    starts = [view.to_view(s.start) for s in sentences]
    contexts: list[SentenceContext] = []
    for s, vs in zip(sentences, starts):
        ve = view.to_view(s.end)
        contexts.append(SentenceContext(s.index, vs, ve, view.text[vs:ve], [], [], s.paragraph, s.is_heading))

    def sentence_of(vstart: int, vend: int) -> int:
        i = bisect.bisect_right(starts, vstart) - 1
        if i >= 0 and vend <= contexts[i].end:
            return i
        return -1

    effect_noun = cues.effect_noun_after
    mentions: list[Mention] = []
    for i, (mention, (vs, ve)) in enumerate(zip(found.mentions, found.view_spans)):
        # "its analgesic effect", "anaesthetic properties": an adjective, not a mention of the drug class.
        if effect_noun is not None and concepts[mention.concept_id].category == "Drug" and effect_noun.match(view.text, ve):
            continue
        k = sentence_of(vs, ve)
        mentions.append(mention.replace(sentence_index=sentences[k].index if k >= 0 else -1))
        if k >= 0:
            contexts[k].refs.append(Ref(vs, ve, mention.concept_id, concepts[mention.concept_id].category, k, i))
    for hit in _cue_hits(view, cues.automaton):
        k = sentence_of(hit.start, hit.end)
        if k >= 0:
            contexts[k].hits.append(hit)
    _resolve_definite_descriptions(contexts, concepts, vocabulary)

    def fixed_object(label: str):
        concept_id = vocabulary.lookup(label)
        if concept_id is None:
            return None
        category = vocabulary.concepts[concept_id].category

        def make(sentence_index: int, start: int, end: int) -> Ref:
            concepts.setdefault(concept_id, vocabulary.concepts[concept_id])
            return Ref(start, end, concept_id, category, sentence_index, -1)

        return make

    targets = {value[0] for h in (hh for c in contexts for hh in c.hits) if h.cue.kind == "effect_adjective"
               for value in [h.cue.value]}
    fixed = {label: f for label in targets if (f := fixed_object(label))}

    studies = find_studies(contexts, [s.text for s in sentences], concepts, cues)
    concepts.update(studies.concepts)
    categories = {k: v.category for k, v in concepts.items()}
    candidates = find_candidates(contexts, cues, categories, fixed)
    # Tables: a row's cells are no running text; the header says what each cell is to the first.
    rows = table_rows(contexts)
    if rows:
        candidates = [c for c in candidates if c.sentence not in rows]
        candidates += table_candidates(contexts, compile_syntax(vocabulary))
    # The dependency parse reads the arguments of a cue word by grammatical role. Where it found
    # the arguments of a cue, a surface reading of the same cue with other arguments is dropped
    # (it took a neighbour by word order); elsewhere it adds what the surface rules missed.
    title_refs = [r for ctx in contexts[:1] if ctx.is_heading for r in ctx.refs]
    new_concepts: list = []
    silenced: list[tuple[int, int]] = []
    parsed = yield from parse_candidates(source.text, sentences, contexts, view, categories,
                                         {k: v.label for k, v in concepts.items()}, vocabulary, title_refs,
                                         new_concepts, silenced=silenced, skip=rows)
    # Unlisted names the parse found in argument slots: concepts and mentions of their own.
    new_mentions: dict[tuple[int, int], Mention] = {}
    for new in new_concepts:
        if new.concept_id not in concepts:
            concepts[new.concept_id] = Concept(new.concept_id, new.label, new.category, discovered=True)
        mention = Mention(new.concept_id, source.text[new.start:new.end], new.start, new.end, source.id,
                          sentences[new.sentence].index if new.sentence >= 0 else -1)
        new_mentions[(view.to_view(new.start), view.to_view(new.start) + (new.end - new.start))] = mention
        mentions.append(mention)
    # a concept keeps the category it was first given in this source
    parsed = [c for c in parsed if concepts.get(c.subject.concept_id, c.subject).category == c.subject.category
              and concepts.get(c.object.concept_id, c.object).category == c.object.category]
    # The same holds for a pair of concepts the parse related in a sentence: its relation stands.
    spoken = {(c.sentence, c.cue_start) for c in parsed if c.continued_from is None} | set(silenced)
    related = {(c.sentence, frozenset((c.subject.concept_id, c.object.concept_id))) for c in parsed
               if c.continued_from is None}
    readings = {(c.sentence, c.cue_start, c.predicate, c.subject.concept_id, c.object.concept_id) for c in parsed}
    # Where the parse found what treats (or is caused by ...) an object, a surface reading that
    # gives the same object another subject took a neighbour by word order ("Duloxetine, an
    # SNRI, is approved to treat X": not the SNRIs).
    ends = {(c.sentence, c.predicate, c.object.concept_id) for c in parsed if c.continued_from is None}
    # Where the parse read what people with X have, the surface rules' co-occurrences and
    # symptoms of X in that sentence took their neighbours by word order.
    presenting = {(c.sentence, c.subject.concept_id) for c in parsed if c.continued_from is None
                  and c.predicate in ("has_symptom", "co_occurs_with")}
    # A list the parser broke ("cause trouble sleeping, mood changes, indigestion and raised blood
    # sugar", read with one item): a surface reading of the same cue, subject and predicate whose
    # object stands in one list with an object the parse gave is the rest of that list.
    chains = _list_chains(contexts, {c.sentence for c in parsed})
    listed = {(c.sentence, c.cue_start, c.predicate, c.subject.concept_id, chains.get((c.sentence, c.object.start)))
              for c in parsed if c.continued_from is None and (c.sentence, c.object.start) in chains}
    readings |= {(c.sentence, c.cue_start, c.predicate, c.subject.concept_id, c.object.concept_id) for c in candidates
                 if (c.sentence, c.cue_start, c.predicate, c.subject.concept_id, chains.get((c.sentence, c.object.start))) in listed}
    candidates = [c for c in candidates
                  if ((c.sentence, c.cue_start) not in spoken
                      and (c.sentence, frozenset((c.subject.concept_id, c.object.concept_id))) not in related
                      and (c.sentence, c.predicate, c.object.concept_id) not in ends
                      and not (c.predicate in ("has_symptom", "co_occurs_with") and (
                          (c.sentence, c.subject.concept_id) in presenting or (c.sentence, c.object.concept_id) in presenting)))
                  or (c.sentence, c.cue_start, c.predicate, c.subject.concept_id, c.object.concept_id) in readings]
    have = {(c.subject.concept_id, c.predicate, c.object.concept_id, c.sentence) for c in candidates}
    for c in parsed:
        key = (c.subject.concept_id, c.predicate, c.object.concept_id, c.sentence)
        if key not in have:
            have.add(key)
            candidates.append(c)

    candidates = _named_members(candidates, contexts, vocabulary, concepts)
    candidates = _effects_of_medicines(candidates, compile_syntax(vocabulary).substances)
    # "Duloxetine is a medication": a class named by a generic word alone tells a writer nothing.
    words = argument_words(vocabulary)
    def label_of(ref) -> str:
        return concepts[ref.concept_id].label if ref.concept_id in concepts else ref.concept_id

    candidates = [c for c in candidates if not (c.predicate == "subclass_of" and generic_name(label_of(c.object), words))]
    # "It is the first-line treatment for X" with "it" taken for "treatment": a generic word alone
    # ("treatment", "medication") is no end of a claim.
    candidates = [c for c in candidates if not (generic_name(label_of(c.subject), words) or generic_name(label_of(c.object), words))]

    candidates = _narrowed(candidates, title_refs, concepts)
    candidates = _items_not_their_classes(candidates)

    claims: list[Claim] = []
    sentence_quantities: dict[int, list[tuple[int, int, str]]] = {}
    for c in candidates:
        sentence = sentences[c.sentence]
        # "These include A, B and C": the claim was announced by an earlier sentence, which gives its
        # qualifiers; the evidence quotes both sentences.
        announcing = c.continued_from if c.continued_from is not None else c.sentence
        ctx = contexts[announcing]
        first = sentences[announcing]
        quote = source.text[first.start:sentence.end] if announcing != c.sentence else sentence.text
        attribution = studies.scope.get(announcing) or (UNATTRIBUTED if announcing in studies.unattributed else "")
        # Quantities in the claim's stretch of the sentence (with some slack on each side).
        lo = min(c.cue_start, c.subject.start if c.subject.sentence == c.sentence else c.cue_start)
        hi = max(c.cue_end, c.object.end if c.object.sentence == c.sentence else c.cue_end)
        rel_lo, rel_hi = view.to_original(lo) - sentence.start - 60, view.to_original(hi) - sentence.start + 60
        if c.sentence not in sentence_quantities:
            sentence_quantities[c.sentence] = quantities(sentence.text, cues)
        quantity = "; ".join(q for s, e, q in sentence_quantities[c.sentence] if e > rel_lo and s < rel_hi)

        def ends(ref):
            if ref.index < 0:
                m = new_mentions.get((ref.start, ref.end))
                return (m.text, (m.start, m.end)) if m else ("", None)
            m = found.mentions[ref.index]
            return m.text, (m.start, m.end)

        subject_text, subject_span = ends(c.subject)
        object_text, object_span = ends(c.object)
        evidence = Evidence(
            source_id=source.id,
            sentence=quote,
            start=first.start,
            end=sentence.end,
            section=first.section,
            certainty=certainty(ctx, c, cues),
            attribution=attribution,
            quantity=quantity,
            subject_text=subject_text,
            object_text=object_text,
            subject_span=subject_span,
            object_span=object_span,
            cue=c.cue,
        )
        claim_polarity = "negated" if c.negated else polarity(ctx, c, cues)
        claims.append(Claim(c.subject.concept_id, c.predicate, c.object.concept_id, claim_polarity, (evidence,)))

    for claim in claims:  # (a vocabulary concept a reading named without a mention: "more common in men")
        for end in (claim.subject, claim.object):
            if end not in concepts and end in vocabulary.concepts:
                concepts[end] = vocabulary.concepts[end]
    lost = [c for c in claims if c.subject not in concepts or c.object not in concepts]
    if lost:  # (a reading that named a concept it never defined: a fault of the rules, not the article's)
        log.warning("%s: %d claim(s) dropped that name a concept the extraction did not define: %s", source.id,
                    len(lost), ", ".join(sorted({e for c in lost for e in (c.subject, c.object) if e not in concepts})))
        claims = [c for c in claims if c.subject in concepts and c.object in concepts]
    used = {m.concept_id for m in mentions} | {c.subject for c in claims} | {c.object for c in claims}
    used |= set(studies.concepts) | {org for _, org in studies.links}
    return SourceExtraction(
        source=source,
        sentences=tuple(sentences),
        mentions=tuple(sorted(mentions, key=lambda m: (m.start, m.end, m.concept_id))),
        concepts=tuple(concepts[k] for k in sorted(used) if k in concepts),
        claims=tuple(claims),
        study_links=tuple(sorted(set(studies.links))),
        findings=tuple(sorted(studies.findings.items())),
    )
