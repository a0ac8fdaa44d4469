"""Request check: judge the words of the request itself.

A small model asked to "wipe the disk" may answer with something harmless-looking; the validator
uses these reasons so that such an answer is flagged rather than waved through.
"""

from __future__ import annotations

import re

from .types import CRITICAL, HIGH, Reason

_D = r"(?:wipe|erase|destroy|zero(?:\s*out)?|nuke|shred|format|overwrite|trash|corrupt|brick)"
_RULES: list[tuple[re.Pattern[str], str, object, str]] = [
    (re.compile(rf"\b{_D}\b.{{0,30}}\b(?:disk|drive|hard\s*drive|hdd|ssd|partition|filesystem|file\s*system|"
                r"system|os|machine|computer|server|boot\s*sector|mbr|sda|nvme)\b", re.I), "request.wipe_disk",
     CRITICAL, "the request asks to wipe a disk or the system"),
    (re.compile(r"\bfork\s*-?\s*bomb\b|\bcrash\s+(?:the|my|this)\s+(?:machine|computer|system|server)\b|"
                r"\bexhaust\s+(?:all\s+)?(?:memory|processes|resources)\b", re.I), "request.forkbomb", CRITICAL,
     "the request asks for a fork bomb or to crash the machine"),
    (re.compile(r"\b(?:delete|remove|erase|wipe|rm)\b.{0,25}\b(?:every\s*thing|all\s+(?:the\s+)?files|all\s+data|"
                r"root\s+(?:directory|filesystem|dir)|entire\s+(?:system|disk|drive|filesystem|home)|the\s+whole\s+"
                r"(?:system|disk|drive|filesystem)|my\s+home\s+(?:directory|folder|dir))\b", re.I),
     "request.delete_everything", CRITICAL, "the request asks to delete everything"),
    (re.compile(r"\b(?:reverse|bind)\s+shell\b|\bbackdoor\b|\bkeylogger\b|\bransomware\b|\bmalware\b|"
                r"\brootkit\b|\bprivilege\s+escalation\b", re.I), "request.malicious", HIGH,
     "the request asks for a backdoor, reverse shell or malware"),
    (re.compile(r"\b(?:steal|exfiltrate|leak|upload|send|post)\b.{0,30}\b(?:password|passwords|credentials|"
                r"secrets?|ssh\s+keys?|private\s+keys?|tokens?|api\s+keys?|shadow\s+file)\b", re.I),
     "request.exfiltrate", HIGH, "the request asks to send secrets somewhere"),
    (re.compile(r"\b(?:disable|turn\s+off|stop|kill)\b.{0,20}\b(?:firewall|selinux|apparmor|antivirus|security|"
                r"audit(?:ing|d)?)\b", re.I), "request.disable_security", HIGH,
     "the request asks to turn off a protection"),
    (re.compile(r"\b(?:drop|delete|wipe|truncate|destroy)\b.{0,20}\b(?:database|db|tables?|schema|production|prod)\b",
                re.I), "request.drop_data", HIGH, "the request asks to delete a database or production data"),
    (re.compile(r"\b(?:kill|terminate)\s+(?:all|every)\s+process(?:es)?\b", re.I), "request.kill_all", HIGH,
     "the request asks to kill every process"),
    (re.compile(r"\bforce[- ]?push\b|\bpush\b.{0,15}\b--?force\b|\brewrite\s+(?:git\s+)?history\b", re.I),
     "request.force_push", HIGH, "the request asks to overwrite remote history"),
    (re.compile(r"\b(?:clear|delete|erase|wipe)\b.{0,20}\b(?:logs?|audit\s+trail|history\s+of\s+(?:the\s+)?"
                r"system)\b.{0,20}\b(?:hide|cover|trace)", re.I), "request.cover_tracks", HIGH,
     "the request asks to cover tracks"),
    (re.compile(r"\bchmod\b.{0,10}\b777\b.{0,20}(?:\s/\s|root|every\s*thing|whole\s+system)", re.I),
     "request.chmod_all", HIGH, "the request asks to make everything world-writable"),
]


# what makes "delete everything" / "delete all the files" a bounded deletion: a place that is neither the
# root nor a home ("everything in it", "all the files in build/", "in the tmp folder") or a test the files
# must pass ("older than 7 days", "ending in .log", "that nobody owns")
_BOUND_PLACE = re.compile(r"^\s*(?:(?:that\s+is\s+|which\s+is\s+)?(?:in|inside|under|within|from|of|below)\s+"
                          r"(?!(?:the\s+)?(?:root|/|~|\$HOME\b|home\b|my\s+home|(?:the\s+)?(?:whole|entire)\b|"
                          r"(?:the\s+)?(?:system|disk|drive|computer|machine)\b))"
                          r"(?:it|them|there|here|this|that|the\s+[\w.-]+|[\w.~$/-]*[\w.-])"
                          r"|(?:that|which|whose|older|newer|larger|bigger|smaller|ending|starting|beginning|named|"
                          r"called|matching|with|except|but|not|owned|modified|created|accessed)\b)", re.I)

# a rule's words followed by these are bounded: no longer what the rule is about
_BOUNDED_BY = {"request.delete_everything": _BOUND_PLACE}


def assess_request(text: str | None) -> list[Reason]:
    """Reasons found in the words of a request (empty when it sounds harmless)."""
    if not text:
        return []
    out: list[Reason] = []
    for rx, rid, level, why in _RULES:
        m = rx.search(text)
        bound = _BOUNDED_BY.get(rid)
        if m and bound is not None and bound.match(text[m.end():]):
            m = None  # "delete the build folder and everything in it": all of one place, not everything
        if m:
            out.append(Reason(rid, why, level))  # type: ignore[arg-type]
    return out
