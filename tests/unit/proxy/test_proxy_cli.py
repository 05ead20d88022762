"""What record and proxy refuse before they start listening."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pymockapi.cli import app


def test_record_never_overwrites_a_recording_unless_asked(tmp_path: Path) -> None:
    out = tmp_path / "kept.har"
    out.write_text("precious")
    result = CliRunner().invoke(
        app, ["record", "http://127.0.0.1:9", "--out", str(out), "--no-journal"]
    )
    assert result.exit_code == 2
    assert "--overwrite" in result.output
    assert out.read_text() == "precious"


def test_record_refuses_a_cloud_metadata_upstream(tmp_path: Path) -> None:
    out = str(tmp_path / "x.har")
    result = CliRunner().invoke(
        app, ["record", "http://metadata.google.internal/", "--out", out, "--no-journal"]
    )
    assert result.exit_code == 2
    assert "cloud metadata" in result.output
    assert not (tmp_path / "x.har").exists()
