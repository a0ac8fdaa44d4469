"""The NLC2CMD score (NeurIPS 2020 competition), implemented from its published formula.

For a predicted command P and a reference R, take their utilities in order (with flags), pad the
shorter list. At each position i:

    S_U = 1 if the utility names match else 0
    S_F = (2*|common flags| - |union of flags|) / max(1, |P flags|, |R flags|)   (1 when neither has flags)
    score_i = S_U * (1 + S_F) / 2 - (1 - S_U)

The command's score is the mean of score_i over positions, in [-1, 1]; with several references
the best one counts. Arguments (file names, patterns) are ignored.
"""

from __future__ import annotations

from collections.abc import Sequence

from .shparse import structure


def flag_score(pf: set[str], rf: set[str]) -> float:
    if not pf and not rf:
        return 1.0
    return (2 * len(pf & rf) - len(pf | rf)) / max(1, len(pf), len(rf))


def score_pair(predicted: str, reference: str) -> float:
    p = structure(predicted)
    r = structure(reference)
    n = max(len(p), len(r))
    if n == 0:
        return 1.0 if not (predicted or "").strip() and not (reference or "").strip() else -1.0
    total = 0.0
    for i in range(n):
        if i >= len(p) or i >= len(r) or p[i].utility != r[i].utility:
            total += -1.0
            continue
        sf = flag_score(set(p[i].flags), set(r[i].flags))
        total += (1 + sf) / 2
    return total / n


def score(predicted: str, references: Sequence[str]) -> float:
    return max((score_pair(predicted, r) for r in references), default=-1.0)


def utility_match(predicted: str, references: Sequence[str]) -> bool:
    """The same utilities in the same order as one of the references."""
    pu = [u.utility for u in structure(predicted)]
    return any(pu == [u.utility for u in structure(r)] for r in references)


def exact_match(predicted: str, references: Sequence[str]) -> bool:
    norm = " ".join((predicted or "").split())
    return any(norm == " ".join(r.split()) for r in references)
