"""cmdai.semantic: search by meaning over the history and any other (id, text) corpus.

Nothing heavy is imported here; import from the submodules:

* :mod:`.models`   - ``EmbeddingModel`` protocol; llama.cpp, Ollama, OpenAI-compatible, hashing
  models; ``model_from_config``. :mod:`.minilm` - all-MiniLM-L6-v2 in numpy (extra ``minilm``).
* :mod:`.cache`    - ``EmbeddingCache`` (SQLite table ``emb_vectors``, keyed by model and text hash).
* :mod:`.index`    - ``SemanticIndex`` (numpy matrix, argpartition top-k, .npy mmap),
  ``LexicalIndex`` (BM25), ``rrf``, ``hybrid_search`` over any corpus.
* :mod:`.describe` - ``gloss``/``document_text`` (words describing a command), ``normalise_query``.
* :mod:`.history`  - ``HistorySearcher``, ``embed_history``, ``embed_status``, filters, dedupe.
"""
