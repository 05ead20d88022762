"""Serve a recording (``replay``), re-check a server against it (``replay-test``), and turn
it into editable scenarios (``recording-to-scenarios``). Recordings are HAR files: ours, or
those browsers' developer tools save.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pymockapi.config import EngineConfig
from pymockapi.features import Feature
from pymockapi.har import read_har
from pymockapi.model import Spec
from pymockapi.replay.app import ReplayApp
from pymockapi.replay.matching import BodyMatch, MatchOptions, RecordingIndex
from pymockapi.replay.responder import replay_feature


def create_replay(
    recording: str | Path,
    *,
    spec: Spec | None = None,
    options: MatchOptions | None = None,
    config: EngineConfig | None = None,
    features: Sequence[Feature] = (),
    admin_token: str | None = None,
    admin_closed: bool = False,
) -> ReplayApp:
    """The replay app; raises :class:`pymockapi.har.HarError` for an unusable file."""
    index = RecordingIndex(read_har(recording), options or MatchOptions())
    if spec is None:
        return ReplayApp(
            index,
            features=features,
            admin_token=admin_token,
            admin_closed=admin_closed,
            cors=(config or EngineConfig()).cors,
        )
    from pymockapi.server import create_app

    mock = create_app(
        spec,
        config,
        admin_token=admin_token,
        admin_closed=admin_closed,
        features=[replay_feature(index), *features],
    )
    return ReplayApp(index, mock=mock, cors=(config or EngineConfig()).cors)


__all__ = ["BodyMatch", "MatchOptions", "RecordingIndex", "ReplayApp", "create_replay"]
