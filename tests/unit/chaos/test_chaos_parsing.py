"""Every spelling of latency, bandwidth, faults and rates, and clear errors for bad input."""

from __future__ import annotations

import math
import random

import pytest

from pymockapi.chaos import ChaosOptions
from pymockapi.chaos._units import byte_rate, duration, probability
from pymockapi.chaos.faults import Fault, parse_fault, parse_faults
from pymockapi.chaos.latency import Latency, parse_latency
from pymockapi.chaos.ratelimit import RateLimit, parse_rate_key, parse_rate_limit
from pymockapi.chaos.settings import (
    NO_DELAY,
    NO_LIMIT,
    ChaosSettings,
    ChaosSettingsError,
    parse_file_section,
    parse_settings,
)


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [
        pytest.param("200ms", 0.2, id="ms"),
        pytest.param("1.5s", 1.5, id="seconds"),
        pytest.param("2min", 120.0, id="minutes"),
        pytest.param("250", 0.25, id="bare-number-is-ms"),
        pytest.param(500, 0.5, id="int-is-ms"),
        pytest.param(" 10 ms ", 0.01, id="spaces"),
    ],
)
def test_durations(raw: object, seconds: float) -> None:
    assert duration(raw) == pytest.approx(seconds)


@pytest.mark.parametrize("raw", ["fast", "-5ms", "10h", "11min", True, "ms"])
def test_bad_durations_are_refused(raw: object) -> None:
    with pytest.raises(ValueError, match=r"duration|limit"):
        duration(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("200ms", Latency("fixed", 0.2), id="fixed"),
        pytest.param("uniform:min=50ms,max=300ms", Latency("uniform", 0.05, 0.3), id="uniform"),
        pytest.param("normal:mean=200ms,stddev=50ms", Latency("normal", 0.2, 0.05), id="normal"),
        pytest.param(
            "lognormal:median=120ms,sigma=0.4", Latency("lognormal", 0.12, 0.4), id="lognormal"
        ),
        pytest.param(
            "lognormal:median=120ms,sigma=0.4,max=1s",
            Latency("lognormal", 0.12, 0.4, 1.0),
            id="lognormal-capped",
        ),
        pytest.param(
            {"type": "uniform", "min": "10ms", "max": 20}, Latency("uniform", 0.01, 0.02), id="map"
        ),
        pytest.param(75, Latency("fixed", 0.075), id="number"),
    ],
)
def test_latency_syntaxes(raw: object, expected: Latency) -> None:
    assert parse_latency(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param("gamma:k=2", "unknown latency distribution 'gamma'", id="unknown-kind"),
        pytest.param("uniform:min=50ms", "missing max", id="missing"),
        pytest.param("lognormal:median=1s,sigma=0.4,mode=2", "unknown mode", id="unknown-param"),
        pytest.param("uniform:min=3s,max=1s", "max .* is below min", id="inverted"),
        pytest.param("lognormal:median=1s,sigma=x", "sigma='x' is not a number", id="sigma"),
        pytest.param("uniform:min", "expected name=value", id="no-equals"),
    ],
)
def test_bad_latencies_say_what_is_wrong(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_latency(raw)


def test_latency_samples_follow_their_distribution() -> None:
    rng = random.Random(1)
    lognormal = parse_latency("lognormal:median=120ms,sigma=0.4")
    samples = sorted(lognormal.sample(rng) for _ in range(4001))
    assert samples[2000] == pytest.approx(0.12, rel=0.05)
    uniform = parse_latency("uniform:min=50ms,max=60ms")
    assert all(0.05 <= uniform.sample(rng) <= 0.06 for _ in range(200))
    capped = parse_latency("normal:mean=100ms,stddev=1s,max=150ms")
    assert all(0 <= capped.sample(rng) <= 0.15 for _ in range(200))


@pytest.mark.parametrize(
    ("raw", "rate"),
    [("64kB/s", 64000), ("1MiB/s", 1048576), ("512B/s", 512), ("8kbit/s", 1000), ("2KB", 2000)],
)
def test_bandwidths(raw: str, rate: float) -> None:
    assert byte_rate(raw) == rate


@pytest.mark.parametrize("raw", ["fast", "64kb/s", "0.5B/s", "10/s"])
def test_bad_bandwidths(raw: str) -> None:
    with pytest.raises(ValueError, match=r"bandwidth|below"):
        byte_rate(raw)


def test_faults_by_name_status_and_wiremock_alias() -> None:
    assert parse_faults("reset,empty,500,error,malformed,random,stall") == (
        Fault("reset"),
        Fault("empty"),
        Fault("status", 500),
        Fault("error"),
        Fault("malformed"),
        Fault("random"),
        Fault("stall"),
    )
    assert parse_fault("CONNECTION_RESET_BY_PEER") == Fault("reset")
    assert parse_faults(["reset", 503, "reset"]) == (Fault("reset"), Fault("status", 503))


@pytest.mark.parametrize(
    ("raw", "message"),
    [("explode", "unknown fault 'explode'"), ("200", "not an error status"), (",", "no fault")],
)
def test_bad_faults(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_faults(raw)


@pytest.mark.parametrize(
    ("raw", "limit"),
    [
        ("10/s", RateLimit(10, 1, 10)),
        ("600/min", RateLimit(600, 60, 600)),
        ("1000/h", RateLimit(1000, 3600, 1000)),
        ("600/min,burst=20", RateLimit(600, 60, 20)),
    ],
)
def test_rate_limits(raw: str, limit: RateLimit) -> None:
    parsed = parse_rate_limit(raw)
    assert parsed == limit
    assert parse_rate_limit(parsed.describe()) == parsed


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("10", "not a rate"),
        ("10/fortnight", "not a rate"),
        ("0/s", "at least some"),
        ("10/s,size=3", "only burst"),
        ("10/s,burst=0", "at least 1"),
    ],
)
def test_bad_rate_limits(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_rate_limit(raw)


def test_rate_limit_keys() -> None:
    assert parse_rate_key("IP") == "ip"
    assert parse_rate_key("session") == "session"
    assert parse_rate_key("header:X-API-Key") == "header:x-api-key"
    with pytest.raises(ValueError, match="header:NAME"):
        parse_rate_key("cookie:id")


def test_probability_accepts_shares_and_percentages() -> None:
    assert probability("0.05") == 0.05
    assert probability("5%") == pytest.approx(0.05)
    for bad in ("1.5", "-1", "often"):
        with pytest.raises(ValueError, match=r"probability|between"):
            probability(bad)


def test_a_section_reads_every_key_and_off() -> None:
    settings = parse_settings(
        {
            "latency": "lognormal:median=120ms,sigma=0.4",
            "bandwidth": "64kB/s",
            "fault-rate": "10%",
            "faults": ["reset", 503],
            "rate-limit": {"rate": "5/s", "burst": 2, "key": "session"},
        },
        "here",
    )
    assert settings == ChaosSettings(
        latency=Latency("lognormal", 0.12, 0.4),
        bandwidth=64000,
        fault_rate=pytest.approx(0.1),
        faults=(Fault("reset"), Fault("status", 503)),
        rate_limit=RateLimit(5, 1, 2),
        rate_limit_key="session",
    )
    off = parse_settings(
        {"latency": "off", "bandwidth": 0, "fault": "none", "rate-limit": "off"}, "x"
    )
    assert off == ChaosSettings(
        latency=NO_DELAY, bandwidth=0.0, fault_rate=0.0, rate_limit=NO_LIMIT
    )
    assert parse_settings({"fault": "reset"}, "x") == ChaosSettings(
        fault_rate=1.0, faults=(Fault("reset"),)
    )


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"latencey": "1s"}, r"chaos\.yaml: unknown key 'latencey' \(known: latency"),
        ({"latency": "soon"}, r"chaos\.yaml\.latency: 'soon' is not a duration"),
        ({"operations": {"listPets": {"fault": "boom"}}}, r"operations\.listPets\.fault"),
        ({"operations": ["listPets"]}, "must map operation ids"),
        ("latency: 1s", "must be a mapping"),
    ],
)
def test_bad_sections_name_the_file_and_field(section: object, message: str) -> None:
    with pytest.raises(ChaosSettingsError, match=message):
        parse_file_section(section, "chaos.yaml")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"latency": "lognormal:median=1s"}, "--latency: lognormal latency: missing sigma"),
        ({"bandwidth": "fast"}, "--bandwidth: 'fast' is not a bandwidth"),
        ({"fault_rate": "2"}, "--fault-rate: '2' must be between 0 and 1"),
        ({"fault_rate": "0.1", "faults": "reset,boom"}, "--faults: unknown fault 'boom'"),
        ({"faults": "reset"}, "--faults: give --fault-rate too"),
        ({"rate_limit": "ten/s"}, "--rate-limit: 'ten/s' is not a rate"),
        ({"rate_limit_key": "cookie"}, "--rate-limit-key: unknown rate-limit key"),
    ],
)
def test_option_errors_name_the_option(options: dict[str, str], message: str) -> None:
    with pytest.raises(ChaosSettingsError) as caught:
        ChaosOptions(**options).settings()
    assert str(caught.value).startswith(message)


def test_options_make_the_global_layer() -> None:
    settings = ChaosOptions(latency="200ms", fault_rate="0.05", rate_limit="10/s").settings()
    assert settings.latency == Latency("fixed", 0.2)
    assert settings.fault_rate == 0.05
    assert settings.faults is None
    assert settings.rate_limit == RateLimit(10, 1, 10)
    assert math.isclose(settings.rate_limit.per_second, 10)
