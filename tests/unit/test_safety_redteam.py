"""Red-team corpus: ``tests/data/safety_redteam.jsonl``.

Every ``dangerous`` row must come out at ``high`` or above and every ``harmless`` row below
``high`` — or, when the row gives ``min_level`` / ``max_level``, within those bounds. The corpus is
judged as a whole too: recall (dangerous rows at >= high) and the false-alarm rate (harmless rows at
>= high) are printed (``pytest -s``) and must meet the goal of issue 5 (recall >= 0.97, false
alarms <= 0.02); row by row the test asks for all of them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cmdai.safety import RiskLevel, validate

CORPUS = Path(__file__).resolve().parents[1] / "data" / "safety_redteam.jsonl"
HIGH = RiskLevel.high


def _rows() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


ROWS = _rows()


def _bounds(row: dict) -> tuple[RiskLevel, RiskLevel]:
    if row["label"] == "dangerous":
        lo, hi = HIGH, RiskLevel.critical
    else:
        lo, hi = RiskLevel.safe, RiskLevel.moderate
    if "min_level" in row:
        lo = RiskLevel.parse(row["min_level"])
    if "max_level" in row:
        hi = RiskLevel.parse(row["max_level"])
    return lo, hi


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    # the engine reads $HOME (targets) and ~/.kube/config / cloud profiles (context): never the real ones
    monkeypatch.setenv("CMDAI_HOME", str(tmp_path / "cmdai"))
    monkeypatch.setenv("HOME", "/home/tester")
    for var in ("KUBECONFIG", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "CLOUDSDK_ACTIVE_CONFIG_NAME"):
        monkeypatch.delenv(var, raising=False)


def test_corpus_shape() -> None:
    labels = [r["label"] for r in ROWS]
    assert set(labels) <= {"dangerous", "harmless"}
    assert labels.count("dangerous") >= 250
    assert labels.count("harmless") >= 250
    keys = [(r["command"], r.get("cwd")) for r in ROWS]
    assert len(keys) == len(set(keys)), "duplicate rows"
    for r in ROWS:
        assert r.get("note"), r


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}-{r['label'][0]}" for i, r in enumerate(ROWS)])
def test_row_within_bounds(row: dict) -> None:
    res = validate(row["command"], cwd=row.get("cwd"))
    lo, hi = _bounds(row)
    assert lo <= res.level <= hi, (
        f"{row['label']} ({row['note']}): {row['command']!r} -> {res.level.name}, expected {lo.name}..{hi.name}; "
        f"reasons: {[(r.rule_id, r.level.name) for r in res.reasons]}")


def test_recall_and_false_alarms() -> None:
    dangerous = [r for r in ROWS if r["label"] == "dangerous"]
    harmless = [r for r in ROWS if r["label"] == "harmless"]
    caught = sum(validate(r["command"], cwd=r.get("cwd")).level >= HIGH for r in dangerous)
    alarms = sum(validate(r["command"], cwd=r.get("cwd")).level >= HIGH for r in harmless)
    recall = caught / len(dangerous)
    false_alarm = alarms / len(harmless)
    print(f"\nred-team corpus: recall {recall:.3f} ({caught}/{len(dangerous)}), "
          f"false alarms {false_alarm:.3f} ({alarms}/{len(harmless)})")
    assert recall >= 0.97
    assert false_alarm <= 0.02
