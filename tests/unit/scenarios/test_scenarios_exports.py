"""The package's exports that import Jinja2 and regex resolve on first use."""

from __future__ import annotations

import pytest

import pymockapi.scenarios as scenarios
from pymockapi.scenarios.feature import ScenarioHolder
from pymockapi.scenarios.loader import load_scenarios
from pymockapi.scenarios.model import DEFAULT


def test_every_export_resolves_to_its_module_s_object() -> None:
    assert all(getattr(scenarios, name) is not None for name in scenarios.__all__)
    assert scenarios.ScenarioHolder is ScenarioHolder
    assert scenarios.load_scenarios is load_scenarios
    assert scenarios.DEFAULT == DEFAULT


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = scenarios.nothing
