"""Load, validate and save the configuration.

Precedence: flag > ``CMDAI_*`` environment variable > YAML file > default.

Every error is one line naming the file, the line and the dotted key, e.g.::

    config error: /home/me/.config/cmdai/config.yaml:7: history.retention.max_entries:
    must be at least 1 (got 0)

The YAML is parsed with ``yaml.compose`` so each value keeps its line number.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import tempfile
import types
import typing
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import ConfigError
from .schema import Config

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


# ----------------------------------------------------------------------------- type helpers
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(tp)) == 2:
            return args[0], True
    return tp, False


def type_name(tp: Any) -> str:
    tp, optional = _unwrap_optional(tp)
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp)
        name = f"list of {type_name(item)}"
    elif is_dataclass(tp):
        name = "mapping"
    else:
        name = {str: "string", int: "integer", float: "number", bool: "boolean"}.get(tp, str(tp))
    return f"{name} or null" if optional else name


class _Err(Exception):
    def __init__(self, key: str, msg: str, line: int | None):
        self.key, self.msg, self.line = key, msg, line


def _scalar(tp: Any, value: Any, key: str, line: int | None, meta: dict) -> Any:
    """Check/convert one scalar against its type and metadata."""
    tp, optional = _unwrap_optional(tp)
    if value is None:
        if optional:
            return None
        raise _Err(key, f"must be a {type_name(tp)}, not null", line)
    if tp is bool:
        if isinstance(value, bool):
            out = value
        elif isinstance(value, str) and value.lower() in _TRUE | _FALSE:
            out = value.lower() in _TRUE
        else:
            raise _Err(key, f"must be a boolean (true/false), got {value!r}", line)
    elif tp is int:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise _Err(key, f"must be an integer, got {value!r}", line)
        try:
            out = int(value)
        except ValueError:
            raise _Err(key, f"must be an integer, got {value!r}", line) from None
    elif tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise _Err(key, f"must be a number, got {value!r}", line)
        try:
            out = float(value)
        except ValueError:
            raise _Err(key, f"must be a number, got {value!r}", line) from None
    elif tp is str:
        if isinstance(value, bool | dict | list):
            raise _Err(key, f"must be a string, got {value!r}", line)
        out = str(value)
    else:  # pragma: no cover - schema bug
        raise _Err(key, f"unsupported type {tp}", line)
    choices = meta.get("choices")
    if choices and out not in choices:
        hint = difflib.get_close_matches(str(out), choices, n=1)
        extra = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise _Err(key, f"must be one of {', '.join(choices)}; got {out!r}{extra}", line)
    if isinstance(out, int | float) and not isinstance(out, bool):
        if meta.get("nonzero") and out == 0:
            raise _Err(key, "must not be 0 (a retention of 0 would delete everything)", line)
        lo, hi = meta.get("min"), meta.get("max")
        if lo is not None and out < lo:
            raise _Err(key, f"must be at least {lo} (got {out})", line)
        if hi is not None and out > hi:
            raise _Err(key, f"must be at most {hi} (got {out})", line)
    if tp is str and meta.get("regex") and out:
        try:
            re.compile(out)
        except re.error as e:
            raise _Err(key, f"invalid regular expression: {e}", line) from None
    return out


def _node_line(node: Any) -> int | None:
    return node.start_mark.line + 1 if node is not None and hasattr(node, "start_mark") else None


def _plain(node: Any) -> Any:
    """A yaml node to plain Python values (scalars resolved the way safe_load would)."""
    import yaml

    return yaml.safe_load(yaml.serialize(node)) if node is not None else None


def _build(cls: type, node: Any, prefix: str) -> Any:
    """Build dataclass ``cls`` from a yaml MappingNode (or None), validating as we go."""
    import yaml

    obj = cls()
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
        return obj
    if not isinstance(node, yaml.MappingNode):
        raise _Err(prefix or "(top level)", "must be a mapping of key: value", _node_line(node))
    hints = _hints(cls)
    flds = {f.name: f for f in fields(cls)}
    seen: set[str] = set()
    for knode, vnode in node.value:
        name = str(knode.value)
        key = f"{prefix}{name}"
        if name not in flds:
            hint = difflib.get_close_matches(name, list(flds), n=1)
            extra = f" (did you mean '{prefix}{hint[0]}'?)" if hint else ""
            raise _Err(key, f"unknown key{extra}", _node_line(knode))
        if name in seen:
            raise _Err(key, "key given twice", _node_line(knode))
        seen.add(name)
        setattr(obj, name, _value(hints[name], vnode, key, flds[name].metadata))
    return obj


def _value(tp: Any, vnode: Any, key: str, meta: dict) -> Any:
    import yaml

    base, optional = _unwrap_optional(tp)
    line = _node_line(vnode)
    if is_dataclass(base):
        return _build(base, vnode, key + ".")
    if typing.get_origin(base) is list:
        (item,) = typing.get_args(base)
        if isinstance(vnode, yaml.ScalarNode) and _plain(vnode) is None:
            if optional:
                return None
            return []
        if not isinstance(vnode, yaml.SequenceNode):
            raise _Err(key, f"must be a {type_name(tp)}", line)
        out = []
        for i, inode in enumerate(vnode.value):
            ikey = f"{key}[{i}]"
            if is_dataclass(item):
                out.append(_build(item, inode, ikey + "."))
            else:
                if not isinstance(inode, yaml.ScalarNode):
                    raise _Err(ikey, f"must be a {type_name(item)}", _node_line(inode))
                imeta = {"choices": meta.get("item_choices"), "regex": meta.get("item_regex")}
                ivalue = _plain(inode)
                if item is str and ivalue is not None and not isinstance(ivalue, str):
                    ivalue = inode.value
                out.append(_scalar(item, ivalue, ikey, _node_line(inode), imeta))
        return out
    if not isinstance(vnode, yaml.ScalarNode):
        raise _Err(key, f"must be a {type_name(tp)}", line)
    value = _plain(vnode)
    if base is str and value is not None and not isinstance(value, str):
        value = vnode.value  # `reason: no` is the text "no", not YAML 1.1's false
    return _scalar(tp, value, key, line, meta)


# ----------------------------------------------------------------------------- public API
def parse_text(text: str, source: str = "<config>") -> Config:
    """Parse and validate YAML text; raise ConfigError naming source, line and key."""
    import yaml

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ConfigError(f"config error: {source}{line}: invalid YAML: {problem}") from None
    try:
        cfg = _build(Config, root, "")
        _validate_cross(cfg)
        return cfg
    except _Err as e:
        line = f":{e.line}" if e.line else ""
        raise ConfigError(f"config error: {source}{line}: {e.key}: {e.msg}") from None


def _validate_cross(cfg: Config) -> None:
    if not cfg.backend.chain:
        raise _Err("backend.chain", "must name at least one backend (e.g. [embedded])", None)
    for i, rule in enumerate(cfg.safety.rules):
        try:
            re.compile(rule.pattern)
        except re.error as e:
            raise _Err(f"safety.rules[{i}].pattern", f"invalid regular expression: {e}", None) from None
        if not rule.pattern:
            raise _Err(f"safety.rules[{i}].pattern", "must not be empty", None)
    for i, rx in enumerate(cfg.history.ignore):
        try:
            re.compile(rx)
        except re.error as e:
            raise _Err(f"history.ignore[{i}]", f"invalid regular expression: {e}", None) from None
    for i, rx in enumerate(cfg.history.redact):
        try:
            re.compile(rx)
        except re.error as e:
            raise _Err(f"history.redact[{i}]", f"invalid regular expression: {e}", None) from None


def all_keys(cls: type = Config, prefix: str = "") -> dict[str, tuple[Any, dataclasses.Field]]:
    """Every settable dotted key -> (type, field)."""
    out: dict[str, tuple[Any, dataclasses.Field]] = {}
    hints = _hints(cls)
    for f in fields(cls):
        tp = hints[f.name]
        base, _ = _unwrap_optional(tp)
        if is_dataclass(base):
            out.update(all_keys(base, f"{prefix}{f.name}."))
        else:
            out[f"{prefix}{f.name}"] = (tp, f)
    return out


def env_name(key: str) -> str:
    return "CMDAI_" + key.replace(".", "_").upper()


def parse_value(key: str, raw: str, source: str = "command line") -> Any:
    """Parse a string (flag, env var, `config set`) for ``key``; YAML syntax for lists."""
    import yaml

    keys = all_keys()
    if key not in keys:
        hint = difflib.get_close_matches(key, list(keys), n=1)
        extra = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise ConfigError(f"config error: {source}: {key}: unknown key{extra}")
    tp, f = keys[key]
    base, _ = _unwrap_optional(tp)
    try:
        if typing.get_origin(base) is list:
            node = yaml.compose(raw if raw.strip().startswith("[") or "\n" in raw else f"[{raw}]")
            return _value(tp, node, key, f.metadata)
        value: Any = raw
        if raw.strip().lower() in ("null", "~", "none") and _unwrap_optional(tp)[1]:
            value = None
        return _scalar(tp, value, key, None, f.metadata)
    except _Err as e:
        raise ConfigError(f"config error: {source}: {e.key}: {e.msg}") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"config error: {source}: {key}: invalid value: {e}") from None


def set_key(cfg: Config, key: str, value: Any) -> None:
    obj: Any = cfg
    parts = key.split(".")
    for p in parts[:-1]:
        obj = getattr(obj, p)
    setattr(obj, parts[-1], value)


def load(path: Path | None = None, *, env: dict[str, str] | None = None,
         overrides: dict[str, Any] | None = None) -> Config:
    """The effective configuration: defaults < file < environment < overrides (flags)."""
    path = path or paths.config_file()
    cfg = load_file(path)
    env = os.environ if env is None else env
    for key in all_keys():
        name = env_name(key)
        if name in env:
            set_key(cfg, key, parse_value(key, env[name], source=f"environment {name}"))
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if isinstance(value, str):
            value = parse_value(key, value, source="command line")
        set_key(cfg, key, value)
    return cfg


def load_file(path: Path) -> Config:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except IsADirectoryError:
        raise ConfigError(f"config error: {path}: is a directory, not a file") from None
    except PermissionError:
        raise ConfigError(f"config error: {path}: permission denied") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"config error: {path}: not UTF-8 text (byte {e.start})") from None
    except OSError as e:
        raise ConfigError(f"config error: cannot read {path}: {e.strerror}") from None
    return parse_text(text, str(path))


def to_dict(obj: Any) -> Any:
    if is_dataclass(obj):
        return {f.name: to_dict(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, list):
        return [to_dict(x) for x in obj]
    return obj


def diff_from_default(cfg: Config) -> dict[str, Any]:
    """Only the settings that differ from the defaults (what `config export` writes)."""
    def walk(a: Any, b: Any) -> Any:
        if isinstance(a, dict):
            out = {}
            for k, v in a.items():
                d = walk(v, b.get(k))
                if d is not _SAME:
                    out[k] = d
            return out or _SAME
        return _SAME if a == b else a

    d = walk(to_dict(cfg), to_dict(Config()))
    return {} if d is _SAME else d


_SAME = object()


def dump(cfg: Config | dict, *, full: bool = True) -> str:
    import yaml

    data = to_dict(cfg) if is_dataclass(cfg) else cfg
    if not full and is_dataclass(cfg):
        data = diff_from_default(cfg)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


def atomic_write(path: Path, text: str, mode: int = 0o600) -> None:
    """Write ``text`` to ``path`` via a temp file in the same dir + fsync + rename."""
    try:
        paths.ensure_dir(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise ConfigError(f"config error: cannot write {path}: {e.strerror or e}") from None
    except Exception as e:
        raise ConfigError(f"config error: cannot write {path}: {e}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ConfigError(f"config error: cannot write {path}: {e.strerror or e}") from None


def save(cfg: Config, path: Path | None = None) -> Path:
    path = path or paths.config_file()
    atomic_write(path, dump(cfg, full=False) if diff_from_default(cfg) else "{}\n")
    return path
