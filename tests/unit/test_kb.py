"""The knowledge base: curated loading (hash-checked), imports, tldr, history sync, search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cmdai.knowledge import slots
from cmdai.knowledge.tldr import convert_command, detect_caches, parse_page

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CMDAI_HOME", str(tmp_path / "home"))
    for v in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "TLDR_CACHE_DIR"):
        monkeypatch.delenv(v, raising=False)
    return tmp_path


@pytest.fixture()
def kb(home: Path):
    from cmdai.knowledge.store import KnowledgeBase

    k = KnowledgeBase.open()
    yield k
    k.close()


def test_curated_loaded_once_and_reloaded_on_change(kb, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    st = kb.stats()
    assert st["by_source"].get("curated", 0) >= 100
    assert kb.ensure_curated() is False  # same hash: nothing to do
    data = tmp_path / "data"
    data.mkdir()
    (data / "x.yaml").write_text("- utility: ls\n  command: \"ls -la\"\n  requests:\n    - show hidden stuff\n")
    from cmdai.knowledge import store

    monkeypatch.setattr(store, "DATA_DIR", data)
    assert kb.ensure_curated() is True
    assert kb.stats()["by_source"]["curated"] == 1
    assert kb.ensure_curated() is False


def test_search_finds_curated_example(kb) -> None:
    hits = kb.search("show disk usage of every folder", 5)
    assert hits and any("du" in h.command for h in hits)
    assert hits[0].score >= hits[-1].score


def test_import_tsv_and_jsonl(kb, tmp_path: Path) -> None:
    tsv = tmp_path / "c.tsv"
    tsv.write_text("frobnicate the widgets\twidgetctl frob --all\nbad line\n")
    jl = tmp_path / "d.jsonl"
    jl.write_text(json.dumps({"request": "zap the quux", "command": "quuxtool --zap"}) + "\n")
    assert kb.import_file(tsv) == 1
    assert kb.import_file(tsv) == 0  # idempotent
    assert kb.import_file(jl, name="mine") == 1
    assert kb.search("frobnicate widgets", 1)[0].command == "widgetctl frob --all"
    assert kb.stats()["by_source"]["import:mine"] == 1


def test_history_accepted_suggestions_weighted_up(kb) -> None:
    kb.db.execute("INSERT INTO history(command, request, source, exit_code, session, seq) "
                  "VALUES ('mytool --sync-all', 'synchronise the gizmos', 'suggested', 0, 's', 1)")
    kb.db.execute("INSERT INTO history(command, request, source, exit_code, session, seq) "
                  "VALUES ('broken --x', 'synchronise the gizmos badly', 'suggested', 2, 's', 2)")
    assert kb.sync_history(0) == 1
    hit = kb.search("synchronise gizmos", 1)[0]
    assert hit.command == "mytool --sync-all" and hit.source == "history" and hit.weight > 1
    assert kb.sync_history(0) == 0


def test_tldr_page_conversion() -> None:
    name, ex = parse_page("# tar\n\n> Archiver.\n\n- [c]reate an archive from a [f]ile:\n\n"
                          "`tar cf {{path/to/target.tar}} {{[-C|--directory]}} {{path/to/directory}}`\n")
    assert name == "tar"
    assert ex == [("create an archive from a file",
                   "tar cf {{archive:path/to/target.tar}} -C {{dir:path/to/directory}}")]
    assert convert_command("kill {{pid}}") == "kill {{pid:pid}}"


def test_tldr_cache_detection(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = home / "tl"
    (cache / "pages" / "common").mkdir(parents=True)
    (cache / "pages" / "common" / "ls.md").write_text("# ls\n\n- List:\n\n`ls`\n")
    monkeypatch.setenv("TLDR_CACHE_DIR", str(cache))
    assert cache in detect_caches()


@pytest.mark.skipif(not (DATA / "tldr-pages" / "pages" / "common").is_dir(), reason="shared tldr data absent")
def test_import_tldr_shared_pages(kb) -> None:
    n = kb.import_tldr(DATA / "tldr-pages", ("linux",))
    assert n > 100
    assert kb.search("list block devices", 3, sources=["tldr"])


def test_slot_filling() -> None:
    t = "find {{dir:.}} -type f -name '*.{{ext:py}}' -mtime -{{days:1}}"
    cmd, filled = slots.fill(t, "list all .txt files in /var/log changed in the last 3 days")
    assert cmd == "find /var/log -type f -name '*.txt' -mtime -3"
    assert slots.fill("find {{dir:.}} -size +{{size:100M}}", "files bigger than 2 GB under /home")[0] == \
        "find /home -size +2G"
    assert slots.fill("ssh -p {{port:22}} {{user:me}}@{{host:server}}",
                      "ssh to example.com as user bob on port 2222")[0] == "ssh -p 2222 bob@example.com"
    assert slots.fill("grep -rn {{pattern:error}} {{dir:.}}", "search for the word timeout in ~/logs",
                      "search for the word error in all files")[0] == "grep -rn timeout ~/logs"
    # nothing in the request: defaults stay
    assert slots.fill("du -sh {{dir:.}}", "disk usage")[0] == "du -sh ."


def test_slot_values_are_quoted_safely() -> None:
    cmd, _ = slots.fill("grep -rn {{pattern:error}} .", 'search for "a b; rm -rf ~" in files')
    assert cmd == "grep -rn 'a b; rm -rf ~' ."
    cmd, _ = slots.fill("grep '{{pattern:x}}' f", "search for \"it's\"")
    assert cmd == "grep 'it'\\''s' f"


def test_cli_kb_embed_status_and_import_embeds(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               minilm) -> None:
    from click.testing import CliRunner

    from cmdai.cli.main import cli
    from cmdai.knowledge import store

    data = tmp_path / "curated"
    data.mkdir()
    (data / "t.yaml").write_text("- utility: date\n  command: date\n  requests:\n    - what day is it\n"
                                 "    - show the time\n")
    monkeypatch.setattr(store, "DATA_DIR", data)
    monkeypatch.setenv("CMDAI_GENERATION_RETRIEVAL", "hybrid")
    r = CliRunner()
    st = json.loads(r.invoke(cli, ["kb", "embed", "--status", "--json"]).output)
    assert st["examples"] == 2 and st["pending"] == 2 and st["index_current"] is False
    out = json.loads(r.invoke(cli, ["kb", "embed", "--json"]).output)
    assert out["embedded"] == 2
    assert json.loads(r.invoke(cli, ["kb", "embed", "--status", "--json"]).output)["index_current"] is True
    tsv = tmp_path / "c.tsv"
    tsv.write_text("say hello\techo hello\nsay hello\tprintf hello\n")
    res = json.loads(r.invoke(cli, ["kb", "import", str(tsv), "--json"]).output)
    assert res["imported"] == 2 and res["embedded"] == 1  # one new distinct request
    assert json.loads(r.invoke(cli, ["kb", "import", str(tsv), "--replace", "--no-embed", "--json"]).output) \
        == {"source": "import:c", "imported": 2}
    monkeypatch.setenv("CMDAI_GENERATION_RETRIEVAL", "bm25")
    from cmdai.errors import UsageError

    off = r.invoke(cli, ["kb", "embed"])  # the real entry point prints it as one line, exit 2
    assert isinstance(off.exception, UsageError) and "meaning search is off" in str(off.exception)


def test_curated_file_weight_header(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cmdai.knowledge import store

    data = tmp_path / "cur"
    data.mkdir()
    (data / "a.yaml").write_text("# plain\n- utility: date\n  command: date\n  requests:\n    - what day is it\n")
    (data / "b.yaml").write_text("# idioms\n# weight: 0.9 (why)\n- utility: cal\n  command: cal\n  requests:\n"
                                 "    - show a calendar\n")
    monkeypatch.setattr(store, "DATA_DIR", data)
    k = store.KnowledgeBase.open()
    try:
        w = dict(k.db.execute("SELECT command, weight FROM kb_examples WHERE source = 'curated'"))
        assert w == {"date": 1.0, "cal": pytest.approx(0.9)}
    finally:
        k.close()
    assert store.curated_weight("# weight: x\n") == 1.0
