"""Synthetic corpora for benchmarks and scaling tests: realistic-looking articles about a few
recurring topics and actors, so blocking has real work to do — and, as in real news, every article
also quotes someone the corpus has not met before, so the number of actors grows with the corpus."""

from __future__ import annotations

import random

PEOPLE = [
    "Anna Kowalski",
    "Boris Ivanov",
    "Chen Wei",
    "Dara Okafor",
    "Elena Petrova",
    "Farid Haddad",
    "Greta Lind",
    "Hiro Tanaka",
    "Ines Duarte",
    "Jonas Berg",
    "Karim Nasser",
    "Lena Vogel",
]
TOPICS = [
    ("ceasefire", "talks", "border"),
    ("sanctions", "deadline", "exports"),
    ("summit", "agenda", "venue"),
    ("election", "ballot", "turnout"),
    ("budget", "deficit", "taxes"),
    ("pipeline", "gas", "prices"),
    ("drought", "harvest", "grain"),
    ("strike", "wages", "unions"),
]
VERBS = ["said", "stated", "warned", "argued", "announced"]
_GIVEN = ["Adam", "Beata", "Cyril", "Dina", "Emil", "Fiona", "Gustav", "Hana", "Igor", "Julia"]
_STEM = ["Bar", "Kov", "Mel", "Tor", "San", "Vel", "Dor", "Lin", "Ros", "Fen", "Gal", "Hum"]
_END = ["ski", "ova", "enko", "ari", "etti", "sen", "berg", "ez", "ani", "ovic", "ides", "ler"]


def newcomer(i: int) -> str:
    """The i-th person new to the corpus: distinct names for the first 1,440 articles."""
    return f"{_GIVEN[i % len(_GIVEN)]} {_STEM[i // len(_GIVEN) % len(_STEM)]}{_END[i // 120 % len(_END)]}"


def article(i: int, rng: random.Random, sentences: int = 10) -> str:
    day = 1 + i % 28
    lines = [f" date 2025-{1 + i % 12:02d}-{day:02d}", f"Report {i} on regional affairs", ""]
    for k in range(sentences):
        who = newcomer(i) if k == sentences // 2 else rng.choice(PEOPLE)
        a, b, c = rng.choice(TOPICS)
        n = rng.randint(2, 90)
        lines.append(
            f"{who} {rng.choice(VERBS)} that the {a} {b} needs {n} days and the {c} question remains open on Thursday."
        )
    return "\n".join(lines) + "\n"


def corpus(n: int, seed: int = 0) -> dict[str, str]:
    rng = random.Random(seed)
    return {f"{i:05d}.txt": article(i, rng) for i in range(n)}
