"""Per-session state behind one small interface (memory by default, SQLite to survive restarts).

Two kinds of state live here, both namespaced by session key (``X-PyMockAPI-Session``,
default ``"default"``) so parallel tests never see each other's state:

- state machines (WireMock scenarios): ``machine -> state``, every machine starts in
  ``"started"``;
- resources for stateful CRUD: ``collection -> key -> JSON value``, in insertion order, with
  tombstones for deleted keys, and per-collection id counters;
- counters (how many times a rule or sequence has fired).

A later issue adds a networked store (Redis) for several instances: keep every method
small, JSON-serializable and free of Python object identity.
"""

from pymockapi.state.store import STARTED, MemoryStore, StateStore

__all__ = ["STARTED", "MemoryStore", "StateStore"]
