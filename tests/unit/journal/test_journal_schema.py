"""The journal file: WAL mode, created on demand, foreign files refused with a clear error."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pymockapi.journal import Journal, JournalError
from pymockapi.journal._schema import open_reader


def test_a_new_journal_is_created_in_wal_mode_with_missing_folders(tmp_path: Path) -> None:
    file = tmp_path / "deep" / "er" / "j.sqlite3"
    Journal(file)
    with sqlite3.connect(file) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT count(*) FROM requests").fetchone()[0] == 0


def test_a_database_of_something_else_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "other.db"
    with sqlite3.connect(file) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(JournalError, match="something else"):
        Journal(file)
    with pytest.raises(JournalError, match="not a PyMockAPI journal"):
        open_reader(file)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("hello, this is not a database at all" * 10)
    with pytest.raises(JournalError, match="cannot use as a journal"):
        Journal(file)
    assert file.read_text().startswith("hello")


def test_reading_a_missing_journal_says_so_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="no journal here"):
        open_reader(tmp_path / "absent.sqlite3")
    assert not (tmp_path / "absent.sqlite3").exists()
