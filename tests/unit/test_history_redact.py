"""Secret redaction: the secret goes, the rest of the command stays searchable."""

from __future__ import annotations

import pytest

from cmdai.errors import ConfigError
from cmdai.history.redact import redact

R = "[REDACTED]"

CASES = [
    ("aws s3 ls --profile x AKIAIOSFODNN7EXAMPLE", f"aws s3 ls --profile x {R}"),
    ("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", f"export AWS_SECRET_ACCESS_KEY={R}"),
    ("git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r",
     f"git clone https://{R}@github.com/o/r"),
    ("gh auth login --with-token gho_16C7e42F292c6912E7710c838347Ae178B4a", f"gh auth login --with-token {R}"),
    ("echo github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", f"echo {R}"),
    ("curl --header 'PRIVATE-TOKEN: glpat-abcdefghij1234567890' https://gitlab.com",
     f"curl --header 'PRIVATE-TOKEN: {R}' https://gitlab.com"),
    ("curl -d token=xoxb-123456789012-abcdefghijkl https://slack.com/api", f"curl -d token={R} https://slack.com/api"),
    ("SLACK=xoxp-1234567890-abcdef ./notify", f"SLACK={R} ./notify"),
    ("stripe charges list --api-key sk_live_4eC39HqLyjWDarjtT1zdp7dc", f"stripe charges list --api-key {R}"),
    ("echo rk_live_abcdefghijklmnop1234", f"echo {R}"),
    ("npm config set //registry.npmjs.org/:_authToken npm_abcdefghijklmnopqrstuvwxyz0123456789",
     f"npm config set //registry.npmjs.org/:_authToken {R}"),
    ("curl -H 'Authorization: Bearer eyJhbGciOi.payload.sig' https://api", f"curl -H 'Authorization: Bearer {R}' https://api"),
    ('curl -H "Authorization: Basic dXNlcjpwYXNz" x', f'curl -H "Authorization: Basic {R}" x'),
    ("http GET api.example.com 'Authorization:token123'", f"http GET api.example.com 'Authorization:{R}'"),
    ("login password=hunter2 user=bob", f"login password={R} user=bob"),
    ('tool --password "correct horse" --user bob', f"tool --password {R} --user bob"),
    ("tool --password=s3cr3t --verbose", f"tool --password={R} --verbose"),
    ("mysql -u root -pS3cretPw mydb", f"mysql -u root -p{R} mydb"),
    ("mysql -u root -p mydb", "mysql -u root -p mydb"),
    ("mysqldump -h db -P 3306 -pabc123 shop > shop.sql", f"mysqldump -h db -P 3306 -p{R} shop > shop.sql"),
    ("psql postgres://app:pa55w0rd@db.internal:5432/app", f"psql postgres://app:{R}@db.internal:5432/app"),
    ("MYSQL_PWD=abc mysql", f"MYSQL_PWD={R} mysql"),
]

UNTOUCHED = [
    "ls -la /var/log",
    "git push origin main",
    "ssh git@github.com",
    "curl http://localhost:8080/path@x",
    "grep -r password src/",
    "pwd",
    "python -c 'print(1)'",
    "tar -czf backup.tgz ~/docs",
]


@pytest.mark.parametrize("text,expected", CASES)
def test_secrets_are_redacted(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", UNTOUCHED)
def test_ordinary_commands_are_untouched(text):
    assert redact(text) == text


def test_extra_patterns_and_invalid_pattern():
    assert redact("ticket ACME-998877 deploy", [r"ACME-\d+"]) == f"ticket {R} deploy"
    with pytest.raises(ConfigError, match="history.redact"):
        redact("x", ["("])


def test_idempotent():
    for text, _ in CASES:
        once = redact(text)
        assert redact(once) == once
