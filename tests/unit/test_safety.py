"""The safety engine: API contract, dev set, policy, context, behavior, request and user rules, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cmdai.config.schema import SafetyRule
from cmdai.errors import EXIT_BLOCKED, EXIT_RISK_CRITICAL, EXIT_RISK_HIGH, ConfigError
from cmdai.safety import Reason, RiskLevel, SafetyResult, assess_request, decide, validate

REPO = Path(__file__).resolve().parents[2]
DEV = REPO / ".." / "shared" / "data" / "safety" / "dev.jsonl"


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("CMDAI_HOME", str(tmp_path / "cmdai"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    monkeypatch.delenv("KUBECONFIG", raising=False)
    for v in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "CLOUDSDK_ACTIVE_CONFIG_NAME", "CLOUDSDK_CORE_PROJECT",
              "GOOGLE_CLOUD_PROJECT", "AZURE_SUBSCRIPTION_ID", "ARM_SUBSCRIPTION_ID"):
        monkeypatch.delenv(v, raising=False)


def _dev_rows():
    if not DEV.exists():
        return []
    return [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]


@pytest.mark.skipif(not DEV.exists(), reason="shared safety dev set not present")
@pytest.mark.parametrize("row", _dev_rows(), ids=lambda r: r["command"][:40])
def test_dev_set_within_bounds(row, monkeypatch):
    monkeypatch.setenv("HOME", "/home/me")
    r = validate(row["command"], cwd=row.get("cwd"))
    assert RiskLevel[row["min_level"]] <= r.level <= RiskLevel[row["max_level"]], \
        (r.level.name, [(x.rule_id, x.text) for x in r.reasons])


def test_result_contract():
    r = validate("sudo rm -rf /")
    assert isinstance(r, SafetyResult) and r.level is RiskLevel.critical and r.level.name == "critical"
    assert r.blocked and not r.requires_confirmation and r.parsed
    d = r.to_dict()
    assert set(d) == {"command", "risk_level", "blocked", "requires_confirmation", "reasons", "suggestions"}
    assert d["risk_level"] == "critical" and d["command"] == "sudo rm -rf /"
    reason = r.reasons[0]
    assert isinstance(reason, Reason) and reason.rule_id and reason.text
    assert set(reason.to_dict()) == {"rule_id", "text", "level", "span"}
    json.dumps(d)


def test_span_points_at_the_dangerous_part():
    cmd = "ls -la && rm -rf / ; echo done"
    r = validate(cmd)
    s, e = r.reasons[0].span
    assert cmd[s:e] == "rm -rf /"


def test_span_with_unicode_before():
    cmd = "echo héllo → ok; rm -rf ~"
    r = validate(cmd)
    s, e = r.reasons[0].span
    assert cmd[s:e] == "rm -rf ~"


@pytest.mark.parametrize("policy,level,blocked,confirm", [
    ("moderate", "critical", True, False), ("moderate", "high", False, True), ("moderate", "moderate", False, False),
    ("strict", "high", True, False), ("strict", "moderate", False, True), ("strict", "safe", False, False),
    ("permissive", "critical", False, True), ("permissive", "high", False, False),
])
def test_policy_table(policy, level, blocked, confirm):
    assert decide(RiskLevel[level], policy) == (blocked, confirm)


def test_policy_applied_and_bad_policy_rejected():
    assert validate("git push -f", policy="strict").blocked
    assert not validate("rm -rf /", policy="permissive").blocked
    assert validate("rm -rf /", policy="permissive").requires_confirmation
    with pytest.raises(ConfigError):
        validate("ls", policy="yolo")


def test_quoted_data_is_not_executed():
    for c in ["echo 'rm -rf /'", "grep -r 'mkfs.ext4 /dev/sda' notes", "cat <<'EOF'\nrm -rf /\nEOF",
              "git commit -m 'dd if=/dev/zero of=/dev/sda'", "printf '%s' ':(){ :|:& };:'"]:
        assert validate(c).level <= RiskLevel.moderate, c


def test_cwd_changes_relative_deletes(tmp_path):
    assert validate("rm -rf *", cwd="/").level == RiskLevel.critical
    assert validate("rm -rf etc", cwd="/").level == RiskLevel.critical
    assert validate("rm -rf *", cwd="/tmp/work").level <= RiskLevel.moderate
    assert validate("rm -rf build", cwd=str(tmp_path / "proj")).level <= RiskLevel.moderate
    assert validate("cd ~ && rm -rf *").level >= RiskLevel.high


def test_git_dirty_work_tree_raises_checkout(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e"}
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    (repo / "a.txt").write_text("one\n")
    subprocess.run(["git", "-C", str(repo), "add", "a.txt"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", "x"], check=True, env=env)
    clean = validate("git checkout -- a.txt", cwd=str(repo))
    assert clean.level == RiskLevel.moderate
    (repo / "a.txt").write_text("two\n")
    from cmdai.safety import context
    context._git_cache.clear()
    dirty = validate("git checkout -- a.txt", cwd=str(repo))
    assert dirty.level == RiskLevel.high and "uncommitted" in dirty.reasons[0].text


def test_prod_kube_context_raises(tmp_path, monkeypatch):
    cfg = tmp_path / "kubeconfig"
    cfg.write_text("apiVersion: v1\nkind: Config\ncurrent-context: staging\n")
    monkeypatch.setenv("KUBECONFIG", str(cfg))
    assert validate("kubectl delete deployment api").level == RiskLevel.high
    cfg.write_text("apiVersion: v1\nkind: Config\ncurrent-context: prod-eu-1\n")
    os.utime(cfg, (1, 1))
    assert validate("kubectl delete deployment api").level == RiskLevel.critical
    assert validate("kubectl get pods").level == RiskLevel.safe


def test_prod_cloud_profile_raises(monkeypatch):
    assert validate("aws s3 rb s3://b --force").level == RiskLevel.high
    monkeypatch.setenv("AWS_PROFILE", "production")
    assert validate("aws s3 rb s3://b --force").level == RiskLevel.critical


def test_behavior_download_chmod_run():
    recent = ["wget https://x.example/tool.sh", "chmod +x tool.sh"]
    r = validate("./tool.sh", recent=recent)
    assert r.level >= RiskLevel.high and any(x.rule_id.startswith("behavior.download") for x in r.reasons)
    assert validate("./tool.sh").level == RiskLevel.safe


def test_behavior_delete_burst_and_failed_sudo():
    burst = ["rm -r a", "rm -r b", "rm -rf c"]
    assert validate("rm -r d", recent=burst).level >= RiskLevel.high
    assert validate("rm -r d").level == RiskLevel.moderate
    fails = [("sudo systemctl restart x", 1), {"command": "sudo systemctl restart x", "exit_code": 1}]
    assert validate("sudo systemctl restart x", recent=fails).level >= RiskLevel.high


def test_behavior_repeated_failure_of_a_suggestion():
    r = validate("make install", recent=[("make install", 2)], request="install it")
    assert any(x.rule_id == "behavior.repeat_failure" for x in r.reasons)


def test_request_check():
    assert assess_request("wipe the disk") and assess_request("make a fork bomb")
    assert not assess_request("list python files changed today")
    r = validate("ls -la", request="wipe the whole disk /dev/sda")
    assert r.level == RiskLevel.critical and r.reasons[0].rule_id == "request.mismatch"
    assert validate("ls -la", request="show the biggest files").level == RiskLevel.safe


@pytest.mark.parametrize(("request_", "critical"), [
    ("delete everything", True),
    ("delete all files", True),
    ("delete everything in my home directory", True),
    ("remove all files in /", True),
    ("delete everything in /home", True),
    ("delete all files in the root directory", True),
    ("delete the tmp folder and everything in it", False),
    ("delete all files in build/", False),
    ("remove all the files older than 7 days", False),
])
def test_deleting_everything_of_one_place_is_no_request_to_delete_everything(request_: str, critical: bool) -> None:
    assert bool(assess_request(request_)) is critical
    r = validate("rm -r tmp", request=request_)
    assert (r.level == RiskLevel.critical) is critical


def test_user_rules_deny_allow_and_errors():
    deny = [SafetyRule(pattern=r"\bterraform\s+apply\b", level="critical", reason="no applies from laptops")]
    r = validate("terraform apply", rules=deny)
    assert r.level == RiskLevel.critical and r.reasons[0].text == "no applies from laptops"
    allow = [{"pattern": r"^rm -rf \./scratch$", "level": "safe", "action": "allow"}]
    assert validate("rm -rf ./scratch", rules=allow).level == RiskLevel.safe
    with pytest.raises(ConfigError, match=r"safety\.rules\[0\]\.pattern"):
        validate("ls", rules=[SafetyRule(pattern="([", level="high")])


def test_fallback_when_parse_fails():
    r = validate("rm -rf / ; if then fi ((")
    assert r.level == RiskLevel.critical
    assert validate("echo 'unterminated").level <= RiskLevel.moderate


def test_lazy_import_of_tree_sitter():
    code = "import sys, cmdai.safety; print('tree_sitter' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _cli(*args, stdin=None):
    code = "from cmdai.cli.check import check; check()"
    return subprocess.run([sys.executable, "-c", code, *args], input=stdin, capture_output=True, text=True)


def test_cli_exit_codes_and_json():
    p = _cli("--json", "--", "rm", "-rf", "/")
    assert p.returncode == EXIT_BLOCKED, p.stderr
    assert json.loads(p.stdout)["risk_level"] == "critical"
    p = _cli("--json", "--safety", "permissive", "rm -rf /")
    assert p.returncode == EXIT_RISK_CRITICAL
    p = _cli("git", "push", "-f")
    assert p.returncode == EXIT_RISK_HIGH and "HIGH" in p.stdout and "force" in p.stdout
    p = _cli("ls", "-la")
    assert p.returncode == 0


def test_cli_stdin_one_object_per_line_in_order():
    lines = ["ls", "rm -rf ~", "git status", "echo 'rm -rf /'"]
    p = _cli("--json", "--stdin", stdin="\n".join(lines) + "\n")
    objs = [json.loads(x) for x in p.stdout.splitlines()]
    assert [o["command"] for o in objs] == lines
    assert [o["risk_level"] for o in objs] == ["safe", "critical", "safe", "safe"]
    assert p.returncode == EXIT_BLOCKED


def test_a_recursive_delete_of_everything_in_a_project_needs_confirmation():
    """`rm -rf *` in a project wipes it: as high as in an unknown directory; a file glob or a disposable
    directory's contents are not."""
    assert validate("rm -rf *", cwd="/work/proj").level == RiskLevel.high
    assert validate("rm -rf *").level == RiskLevel.high
    assert validate("rm -rf build/*", cwd="/work/proj").level == RiskLevel.high
    assert validate("rm -f *", cwd="/work/proj").level == RiskLevel.moderate
    assert validate("rm *.log", cwd="/work/proj").level == RiskLevel.moderate
    assert validate("rm -rf ~/.cache/*", cwd="/work/proj").level <= RiskLevel.moderate
