"""Deterministic seeds from stable inputs (never the clock, never the global ``random``)."""

from __future__ import annotations

import hashlib
import random


def derive_seed(*parts: object) -> bytes:
    """A 16-byte seed from stable inputs: the same parts give the same seed on any machine."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8")
        digest.update(len(data).to_bytes(4, "big"))
        digest.update(data)
    return digest.digest()


def digest(data: bytes) -> bytes:
    """16 bytes of BLAKE2b of ``data``: a short stable key for a body or a document."""
    return hashlib.blake2b(data, digest_size=16).digest()


def rng_for(seed: bytes) -> random.Random:
    """A private ``random.Random`` seeded from ``seed`` (never the module-level generator)."""
    return random.Random(int.from_bytes(seed, "big"))
