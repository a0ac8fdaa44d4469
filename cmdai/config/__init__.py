"""Configuration: schema, YAML load/save, validation, import/export, the editor.

    from cmdai.config import load
    cfg = load()                      # defaults < file < CMDAI_* env
    cfg = load(overrides={"safety.policy": "strict"})   # flags win
"""

from .loader import all_keys, atomic_write, dump, env_name, load, load_file, parse_text, parse_value, save
from .schema import Config

__all__ = ["Config", "all_keys", "atomic_write", "dump", "env_name", "load", "load_file", "parse_text",
           "parse_value", "save"]
