"""Every derived number in the security lesson, recomputed.

Each test names the section or question it checks; numeric questions' answers must equal
the recomputation, and the figures quoted in the section bodies must be the ones derived here.
"""

from __future__ import annotations

import math

import pytest
import yaml

from tests.conftest import REPO
from tests.content.sources import numeric as _numeric
from tests.content.sources import question as _question
from tests.content.sources import raw_body as _body
from tests.content.sources import yaml_fixture

LESSON = REPO / "lessons" / "21-security.yaml"
DECK = REPO / "flashcards" / "security.yaml"
DAY_S = 86_400
YEAR_S = 365.25 * DAY_S

# Hashcat v6.2.6 on one RTX 4090 (the lesson's source): guesses per second
SHA256_PER_S = 21_975.5e6
MD5_PER_S = 164.1e9
BCRYPT_COST5_PER_S = 184_000  # mode 3200 at 32 iterations = cost 5


lesson = yaml_fixture(LESSON, "lesson")


def test_sec_sessions_tokens_guessing_and_storage(lesson):
    # sweep time = 2^bits / (live sessions x guesses per second)
    attempts_per_s = 10_000_000 * 100_000
    sweep_64 = 2**64 / attempts_per_s
    assert round(sweep_64 / 1e7, 1) == 1.8
    assert round(sweep_64 / DAY_S) == 214
    assert round(math.log10(2**128 / attempts_per_s / YEAR_S)) == 19
    assert 3_000_000 * 2_000 == 6e9  # 6 GB of sessions
    body = _body(lesson, "sec-sessions-tokens")
    assert "214 days" in body and "10^19 years" in body and "6 GB" in body


def test_sec_q_session_memory(lesson):
    assert _numeric(lesson, "sec-q-session-memory") == 3_000_000 * 2_000 / 1e9 == 6


def test_sec_oauth_pkce_length(lesson):
    # 32 random bytes in base64url, 6 bits per character, no padding
    assert pytest.approx(42.67, abs=0.01) == 32 * 8 / 6
    assert _numeric(lesson, "sec-q-pkce-length") == math.ceil(32 * 8 / 6) == 43
    assert "43 characters" in _body(lesson, "sec-oauth")


def test_sec_jwt_denylist(lesson):
    # sec-jwt: 2,000 revocations an hour, 15-minute tokens
    assert 2_000 * 15 / 60 == 500
    assert "500 live" in _body(lesson, "sec-jwt")
    # sec-q-denylist-size: 1,200 an hour, 10-minute tokens
    assert _numeric(lesson, "sec-q-denylist-size") == 1_200 * 10 / 60 == 200


def test_sec_passwords_crack_times(lesson):
    # cost 10 is 2^(10-5) = 32 times the work of cost 5
    bcrypt10 = BCRYPT_COST5_PER_S / 2 ** (10 - 5)
    assert bcrypt10 == 5_750
    space = 36**8
    assert round(space / 1e12, 1) == 2.8
    assert round(space / 2.2e10) == 128
    assert round(space / SHA256_PER_S) == 128
    assert round(space / bcrypt10 / 1e8, 1) == 4.9
    assert round(space / bcrypt10 / YEAR_S, 1) == 15.5
    body = _body(lesson, "sec-passwords")
    assert "5,750" in body and "~128 s" in body and "15.5 years" in body


def test_sec_passwords_memory_hardness_and_server_cost(lesson):
    # 24 GB of GPU memory / 19 MiB per Argon2id guess
    assert round(24e9 / (19 * 2**20), -2) == 1_200
    assert 2_000 * 0.1 == 200
    assert _numeric(lesson, "sec-q-login-cores") == 2_000 * 0.100 == 200


def test_sec_q_crack_order_and_cost_step(lesson):
    rates = {
        "MD5": MD5_PER_S,
        "SHA-256": SHA256_PER_S,
        "bcrypt at cost 5": BCRYPT_COST5_PER_S,
        "bcrypt at cost 12": BCRYPT_COST5_PER_S / 2 ** (12 - 5),
    }
    assert round(rates["bcrypt at cost 12"], -2) == 1_400
    q = _question(lesson, "sec-q-crack-order")
    keyed = [q["choices"][i] for i in q["answer"]]
    assert keyed == sorted(rates, key=rates.get, reverse=True)
    assert 2 ** (12 - 10) == 4
    assert _question(lesson, "sec-q-cost-step")["answer"] is True


def test_sec_encryption_gcm_limit(lesson):
    days = 2**32 / 1_000 / DAY_S
    assert round(2**32 / 1e9, 1) == 4.3
    assert round(days, 1) == 49.7
    assert _numeric(lesson, "sec-q-gcm-days") == pytest.approx(days, rel=0.05)
    assert "about 50 days" in _body(lesson, "sec-encryption")


def test_sec_edge_amplification(lesson):
    assert 2 * 50 == 100 and 100 / 10 == 10
    assert _numeric(lesson, "sec-q-amplification") == 2 * 50 == 100
    assert "100 Gbps" in _body(lesson, "sec-edge")


def test_deck_figures_match_the_lesson():
    backs = {c["id"]: c["back"] for c in yaml.safe_load(DECK.read_text(encoding="utf-8"))["cards"]}
    assert "22 billion" in backs["sec-fc-gpu-sha256"] and round(SHA256_PER_S / 1e9) == 22
    assert "15 years" in backs["sec-fc-crack-example"]
    assert "2 minutes" in backs["sec-fc-crack-example"] and round(36**8 / SHA256_PER_S / 60) == 2
    assert "43 to 128" in backs["sec-fc-pkce-length"]
    assert "2^32" in backs["sec-fc-gcm-limit"]
