"""The dependency reader's rules as data: the word lists of ``graph/vocab/syntax.yaml`` and the
relation verbs of ``cues.yaml``, compiled once per vocabulary (:func:`compile_syntax`), and the
closed word classes the reader needs (pronouns, the dependencies an argument leaves out)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.vocab import Vocabulary
from graph.extract.segment import LIST_MARKER

__all__ = ["SyntaxRules", "compile_syntax"]

_BULLET_BEFORE = re.compile(r"(?:^|\n)[ \t]*" + LIST_MARKER + r"[ \t]+$")
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "what"})
_PLURAL_PRONOUNS = frozenset({"both", "they", "these", "those", "them", "neither", "either"})
_PAIR_WORDS = frozenset({"both", "either", "neither"})  # "both drugs": the two named before
# Getting better: "increase the chances of managing it" raises no risk and does no harm.
_GETTING_BETTER = frozenset({"manage", "recover", "recovery", "cope", "heal", "success", "succeed", "remission", "relief",
                             "improvement"})
_SINGULAR_PRONOUNS = frozenset({"it", "this", "that"})
_ALL_PRONOUNS = _PLURAL_PRONOUNS | _SINGULAR_PRONOUNS
_LIST_PRONOUNS = _PLURAL_PRONOUNS | {"ones", "it", "this"}
_ARG_DEPS_EXCLUDED = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "appos", "mark",
                                "nsubj", "nsubjpass", "aux", "auxpass", "neg", "dative", "npadvmod", "advmod"})
_PREPS_KEPT = frozenset({"of", "as", "including", "like", "especially", "particularly", "notably", "e.g."})
_ADVICE_PASSIVES = frozenset({"recommend", "approve", "prescribe", "use", "indicate", "license", "advise", "offer", "clear", "authorize", "authorise",
                              "suggest", "give", "consider", "reserve", "try", "refer", "prefer", "favour", "favor"})
# Passive only: "Surgery is rarely needed" is a use; "patients may require more infusions" is not advice.
_NEEDED = frozenset({"need", "require"})
_AVOID = frozenset({"avoid"})
_LACK = frozenset({"low", "lower", "reduced", "deficient", "insufficient", "inadequate", "poor"})
# "an attack", "a flare": an episode of a condition; with no owner named, of the page's condition
_EPISODE_NOUNS = frozenset({"attack", "flare", "flare-up", "episode", "bout"})
_PLACEHOLDER = "things"


@dataclass(frozen=True)
class SyntaxRules:
    """The compiled rules: relation verbs (lemma -> [(particle, predicates, reverse)]) and word lists."""

    verbs: dict[str, tuple[tuple[str, tuple[str, ...], bool], ...]]
    presentation_verbs: frozenset[str]
    having_verbs: frozenset[str]
    frames: dict[str, tuple[str, str]]
    listing_verbs: frozenset[str]
    class_nouns: frozenset[str]
    pass_through: frozenset[str]
    example_preps: frozenset[str]
    disease_heads: frozenset[str]
    person_nouns: frozenset[str]
    relief_compounds: frozenset[str] = frozenset()
    association_verbs: dict[str, frozenset[str]] = None  # type: ignore[assignment]
    presenting_verbs: dict[str, frozenset[str]] = None  # type: ignore[assignment]
    prevalence_adjectives: frozenset[str] = frozenset()
    worse_states: frozenset[str] = frozenset()
    better_states: frozenset[str] = frozenset()
    trial_nouns: frozenset[str] = frozenset()
    limiting_verbs: frozenset[str] = frozenset()
    use_verbs: frozenset[str] = frozenset()
    session_nouns: frozenset[str] = frozenset()
    predicate_mentions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    role_nouns: dict[str, str] = field(default_factory=dict)
    substances: frozenset[str] = frozenset()
    descriptions: dict[str, tuple[str, ...]] = None  # type: ignore[assignment]
    use_adjectives: frozenset[str] = frozenset()
    approval_adjectives: frozenset[str] = frozenset()
    showing_verbs: frozenset[str] = frozenset()
    unsaid_condition_nouns: frozenset[str] = frozenset()
    nominalisations: dict[str, str] = None  # type: ignore[assignment]
    naming_verbs: frozenset[str] = frozenset()
    improvement_words: frozenset[str] = frozenset()
    letting_verbs: frozenset[str] = frozenset()  # "X helps / allows the ulcer (to) heal"
    treatment_frame_nouns: frozenset[str] = frozenset()  # "The main treatment for Y is X"
    healing_verbs: frozenset[str] = frozenset()
    improvement_nouns: frozenset[str] = frozenset()
    result_nouns: frozenset[str] = frozenset()
    risk_carrying_verbs: frozenset[str] = frozenset()
    copula_verbs: frozenset[str] = frozenset()
    table_use_headers: tuple[str, ...] = ()
    onset_verbs: dict[str, frozenset[str]] = None  # type: ignore[assignment]
    condition_verbs: dict[str, frozenset[str]] = None  # type: ignore[assignment]
    instrument_verbs: frozenset[str] = frozenset()
    helping_verbs: frozenset[str] = frozenset()
    event_nouns: frozenset[str] = frozenset()
    benefit_verbs: dict[str, frozenset[str]] = None  # type: ignore[assignment]
    risk_verbs: frozenset[str] = frozenset()
    risk_nouns: frozenset[str] = frozenset()
    risk_holding_verbs: frozenset[str] = frozenset()
    raised_risk_adjectives: frozenset[str] = frozenset()
    attack_nouns: frozenset[str] = frozenset()
    harm_verbs: frozenset[str] = frozenset()  # "things that can trigger X include A": A triggers X
    event_names: frozenset[str] = frozenset()  # nouns of the nominalisations ("blockade", "activation")
    reciprocal_verbs: frozenset[str] = frozenset()
    life_verbs: frozenset[str] = frozenset()
    liability_adjectives: frozenset[str] = frozenset()
    starting_verbs: frozenset[str] = frozenset()
    preventing_verbs: frozenset[str] = frozenset()
    role_verbs: dict[str, frozenset[str]] = None  # type: ignore[assignment]
    development_nouns: frozenset[str] = frozenset()
    taking_verbs: frozenset[str] = frozenset()
    unsaid_use_verbs: frozenset[str] = frozenset()
    level_change_verbs: dict[str, str] = field(default_factory=dict)
    level_preps: frozenset[str] = frozenset()
    level_adjectives: dict[str, str] = None  # type: ignore[assignment]
    amount_adjectives: dict[str, str] = None  # type: ignore[assignment]
    onset_marks: frozenset[str] = frozenset()
    demographic_risks: dict[str, str] = None  # type: ignore[assignment]
    diseases: frozenset[str] = frozenset()
    # a class of medicines named after what it treats ("ADHD medication") -> that condition's id
    use_classes: dict[str, str] = None  # type: ignore[assignment]


_RULES: dict[str, SyntaxRules] = {}

# The generic head of a class of medicines named after what it treats ("ADHD medication").
_USE_HEADS = frozenset({"medicine", "medicines", "medication", "medications", "drug", "drugs", "treatment", "treatments"})


def compile_syntax(vocabulary: Vocabulary) -> SyntaxRules:
    """The syntax rules of a vocabulary (compiled once per vocabulary version).

    >>> from graph.vocab import load_vocabulary
    >>> rules = compile_syntax(load_vocabulary())
    >>> [p for p in rules.verbs["lead"] if p[0] == "to"][0][1]
    ('has_adverse_effect', 'causes')
    >>> rules.frames["symptom"]
    ('has_symptom', 'subject')
    """
    if vocabulary.version in _RULES:
        return _RULES[vocabulary.version]
    data = vocabulary.syntax or {}
    verbs: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {}
    for group in vocabulary.cues.get("relations") or []:
        predicates = tuple(group["try"])
        for direction in ("forward", "reverse"):
            for phrase in (group.get(direction) or {}).get("verbs") or []:
                words = phrase.lower().split()
                if len(words) > 2 or words[0] in ("be", "help", "also", "often", "make", "play", "have", "put"):
                    continue  # copular and multi-word idioms stay with the surface rules
                particle = words[1] if len(words) == 2 else ""
                entry = (particle, predicates, direction == "reverse")
                if entry not in verbs.setdefault(words[0], []):
                    verbs[words[0]].append(entry)
    for spec in data.get("parse_only_verbs") or []:
        # verbs whose word is as often a noun ("signal"): read from the parse alone, where the
        # tagger tells the verb from the noun, never by the surface rules
        entry = ("", tuple(spec["try"]), spec.get("direction", "forward") == "reverse")
        if entry not in verbs.setdefault(str(spec["verb"]).lower(), []):
            verbs[str(spec["verb"]).lower()].append(entry)
    frames = {}
    for noun, spec in (data.get("frames") or {}).items():
        frames[str(noun).lower()] = (str(spec["predicate"]), str(spec.get("x", "subject")))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or [])

    use_classes = {}
    for concept_id, concept in vocabulary.concepts.items():
        if concept.category not in ("Drug", "Therapy"):
            continue
        for name in (concept.label, *concept.synonyms):
            head = name.lower().split()
            if len(head) >= 2 and head[-1] in _USE_HEADS:
                condition = vocabulary.lookup(" ".join(head[:-1]))
                if condition and vocabulary.concepts[condition].category == "Condition" and condition != "pain":
                    # (a painkiller is not said to treat pain by being called one)
                    use_classes[concept_id] = condition
                    break
    rules = SyntaxRules(
        use_classes=use_classes,
        verbs={k: tuple(v) for k, v in verbs.items()},
        presentation_verbs=words("presentation_verbs"),
        having_verbs=words("having_verbs"),
        frames=frames,
        listing_verbs=words("listing_verbs"),
        class_nouns=words("class_nouns"),
        pass_through=words("pass_through"),
        example_preps=words("example_preps"),
        disease_heads=words("disease_heads"),
        diseases=words("diseases"),
        person_nouns=frozenset(str(w).lower() for w in vocabulary.cues.get("person_nouns") or []),
        relief_compounds=frozenset(str(w).lower() for w in vocabulary.cues.get("relief_compounds") or []),
        association_verbs={str(k).lower(): frozenset(str(p).lower() for p in v)
                           for k, v in (data.get("association_verbs") or {}).items()},
        presenting_verbs={str(k).lower(): frozenset(str(p).lower() for p in v)
                          for k, v in (data.get("presenting_verbs") or {}).items()},
        prevalence_adjectives=words("prevalence_adjectives"),
        worse_states=words("worse_states"),
        better_states=words("better_states"),
        trial_nouns=words("trial_nouns"),
        limiting_verbs=words("limiting_verbs"),
        use_verbs=words("use_verbs"),
        session_nouns=words("session_nouns"),
        predicate_mentions={str(k): tuple(str(p) for p in v) for k, v in (data.get("predicate_mentions") or {}).items()},
        role_nouns={str(k).lower(): str(v) for k, v in (data.get("role_nouns") or {}).items()},
        substances=words("substances"),
        descriptions={str(k).lower(): tuple(str(c) for c in v) for k, v in (data.get("descriptions") or {}).items()},
        use_adjectives=words("use_adjectives"),
        approval_adjectives=words("approval_adjectives"),
        showing_verbs=words("showing_verbs"),
        unsaid_condition_nouns=words("unsaid_condition_nouns"),
        nominalisations={str(k).lower(): str(v).lower() for k, v in (data.get("nominalisations") or {}).items()},
        event_names=frozenset(str(v).lower() for v in (data.get("nominalisations") or {}).values()),
        naming_verbs=words("naming_verbs"),
        improvement_words=words("improvement_words"),
        letting_verbs=words("letting_verbs"),
        treatment_frame_nouns=words("treatment_frame_nouns"),
        healing_verbs=words("healing_verbs"),
        improvement_nouns=words("improvement_nouns"),
        result_nouns=words("result_nouns"),
        risk_carrying_verbs=words("risk_carrying_verbs"),
        copula_verbs=words("copula_verbs"),
        table_use_headers=tuple(sorted(words("table_use_headers"))),
        onset_verbs={str(k).lower(): frozenset(str(p).lower() for p in v)
                     for k, v in (data.get("onset_verbs") or {}).items()},
        helping_verbs=words("helping_verbs"),
        condition_verbs={str(k).lower(): frozenset(str(p).lower() for p in v)
                         for k, v in (data.get("condition_verbs") or {}).items()},
        instrument_verbs=words("instrument_verbs"),
        event_nouns=words("event_nouns"),
        benefit_verbs={str(k).lower(): frozenset(str(p).lower() for p in v)
                       for k, v in (data.get("benefit_verbs") or {}).items()},
        risk_verbs=words("risk_verbs"),
        risk_nouns=words("risk_nouns"),
        risk_holding_verbs=words("risk_holding_verbs"),
        raised_risk_adjectives=words("raised_risk_adjectives"),
        attack_nouns=words("attack_nouns"),
        harm_verbs=words("harm_verbs"),
        reciprocal_verbs=words("reciprocal_verbs"),
        life_verbs=words("life_verbs"),
        liability_adjectives=words("liability_adjectives"),
        starting_verbs=words("starting_verbs"),
        preventing_verbs=words("preventing_verbs"),
        role_verbs={str(k).lower(): frozenset(str(w).lower() for w in v)
                    for k, v in (data.get("role_verbs") or {}).items()},
        development_nouns=words("development_nouns"),
        taking_verbs=words("taking_verbs"),
        unsaid_use_verbs=words("unsaid_use_verbs"),
        level_change_verbs={str(k).lower(): str(v) for k, v in (data.get("level_change_verbs") or {}).items()},
        level_preps=words("level_preps"),
        level_adjectives={str(k).lower(): str(v) for k, v in (data.get("level_adjectives") or {}).items()},
        amount_adjectives={str(k).lower(): str(v) for k, v in (data.get("amount_adjectives") or {}).items()},
        onset_marks=words("onset_marks"),
        demographic_risks={str(k).lower(): str(v) for k, v in (data.get("demographic_risks") or {}).items()},
    )
    _RULES[vocabulary.version] = rules
    return rules


def _hyphenated(tok) -> str:
    """The whole hyphenated word a token ends ("life-changing" for "changing")."""
    i = tok.i
    while i >= 2 and tok.doc[i - 1].text == "-" and not tok.doc[i - 1].whitespace_ and not tok.doc[i - 2].whitespace_:
        i -= 2
    return tok.doc[i: tok.i + 1].text.lower()
