"""Target selection and validation: every problem at once, in words a person can act on."""

import pytest

from journeys.errors import ConfigError
from journeys.config.settings import choose_target, load_settings

STAGING = {"AUTH_SERVICE_URL": "https://auth.staging.example.com",
           "BACKEND_URL": "https://api.staging.example.com"}


def load(target, environ, tmp_path, file_text=None):
    if file_text is not None:
        (tmp_path / f"{target}.env").write_text(file_text)
    return load_settings(target, environ, config_dir=tmp_path)


def test_command_line_target_wins_over_environment():
    assert choose_target({"target": "qa"}, {"E2E_TARGET": "staging"}) == "qa"
    assert choose_target({}, {"E2E_TARGET": "staging"}) == "staging"
    assert choose_target({}, {}) == "local"


def test_missing_urls_are_all_named_at_once(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load("staging", {}, tmp_path)
    message = str(caught.value)
    assert "AUTH_SERVICE_URL is missing" in message and "BACKEND_URL is missing" in message
    assert "config/staging.env" in message


def test_websocket_url_defaults_from_backend(tmp_path):
    settings = load("staging", dict(STAGING), tmp_path)
    assert settings.websocket_url == "wss://api.staging.example.com/ws"


def test_environment_wins_over_file(tmp_path):
    settings = load("staging", dict(STAGING, E2E_WS_AUTH="subprotocol"), tmp_path,
                    "E2E_WS_AUTH=header\nE2E_AUTH_MODE=login\n")
    assert settings.ws_auth == "subprotocol"


def test_file_supplies_what_environment_lacks(tmp_path):
    text = "".join(f"{k}={v}\n" for k, v in STAGING.items()) + "E2E_SLO_ANSWER_P95_S=3.5\n"
    settings = load("staging", {}, tmp_path, text)
    assert settings.slo_answer_p95_s == 3.5


def test_malformed_values_are_named(tmp_path):
    environ = dict(STAGING, BACKEND_URL="api.staging.example.com", E2E_AUTH_MODE="magic",
                   E2E_SLO_ANSWER_P95_S="fast", E2E_REMOTE="maybe")
    with pytest.raises(ConfigError) as caught:
        load("staging", environ, tmp_path)
    problems = caught.value.problems
    assert any("BACKEND_URL" in p and "http://" in p for p in problems)
    assert any("E2E_AUTH_MODE is 'magic'" in p for p in problems)
    assert any("E2E_SLO_ANSWER_P95_S" in p for p in problems)
    assert any("E2E_REMOTE" in p for p in problems)


def test_remote_target_refuses_loopback_urls(tmp_path):
    environ = dict(AUTH_SERVICE_URL="http://127.0.0.1:8081", BACKEND_URL="http://localhost:8000",
                   E2E_REMOTE="true")
    with pytest.raises(ConfigError) as caught:
        load("staging", environ, tmp_path)
    assert sum("loopback" in p for p in caught.value.problems) == 3   # auth, backend, websocket


def test_mint_mode_needs_the_secret_and_names_both_settings(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load("staging", dict(STAGING, E2E_AUTH_MODE="mint"), tmp_path)
    assert "JWT_SECRET_KEY" in str(caught.value) and "JWT_SECRET_STAGING" in str(caught.value)


def test_target_specific_secret_is_found_and_never_printed(tmp_path):
    settings = load("staging", dict(STAGING, E2E_AUTH_MODE="mint",
                                    JWT_SECRET_STAGING="s3cret-value-xyz"), tmp_path)
    assert settings.jwt_secret.reveal() == "s3cret-value-xyz"
    assert "s3cret-value-xyz" not in repr(settings) + settings.describe()


def test_test_auth_mode_needs_the_bypass_key(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load("staging", dict(STAGING, E2E_AUTH_MODE="test-auth"), tmp_path)
    assert "E2E_OAUTH_SIMULATION_KEY" in str(caught.value)


def test_local_needs_no_urls_and_reads_platform_switches(tmp_path):
    settings = load("local", {"E2E_LOCAL_DEFECTS": "no-reply, echo-answer", "E2E_LOCAL_SHAPE": "wrapped"},
                    tmp_path)
    assert settings.is_local and settings.auth_url == ""
    assert settings.local.defects == ("no-reply", "echo-answer")
    assert settings.local.shape == "wrapped"


def test_a_mistyped_target_is_unknown_lists_the_known_ones_and_suggests_the_nearest(tmp_path):
    (tmp_path / "staging.env.example").write_text("")
    with pytest.raises(ConfigError) as caught:
        load("stagin", {}, tmp_path)
    message = str(caught.value)
    assert message.startswith("settings error: ")
    assert "target 'stagin' is unknown" in message and "Known targets: local, staging." in message
    assert "Did you mean 'staging'?" in message
    assert "AUTH_SERVICE_URL is missing" not in message   # the name is wrong, not the URLs


def test_a_target_the_environment_configures_needs_no_file(tmp_path):
    assert load("by-hand", dict(STAGING), tmp_path).auth_url == STAGING["AUTH_SERVICE_URL"]


def test_a_wrong_value_names_its_source(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load("staging", dict(STAGING, E2E_WAIT_S="soon"), tmp_path, "E2E_TURN_S=later\n")
    message = str(caught.value)
    assert "E2E_WAIT_S is 'soon' (from the environment)" in message
    assert "E2E_TURN_S is 'later' (from config/staging.env)" in message


@pytest.mark.parametrize("setting, wrong, nearest", [
    ("E2E_LOCAL_DEFECTS", "no-replyy", "no-reply"),
    ("E2E_LOCAL_VARIANTS", "health-okk", "health-ok"),
])
def test_an_unknown_defect_or_variant_is_a_settings_error_with_the_nearest_name(
        tmp_path, setting, wrong, nearest):
    with pytest.raises(ConfigError) as caught:
        load("local", {setting: wrong}, tmp_path)
    message = str(caught.value)
    assert message.startswith("settings error: ")
    assert f"{setting} (from the environment) names '{wrong}' (did you mean '{nearest}'?)" in message


def test_the_rate_and_length_limits_are_declared_by_the_target(tmp_path):
    local = load("local", {}, tmp_path)
    assert (local.rate_limit, local.rate_window_s, local.max_question_chars) == (10, 2, 32_000)
    assert (local.local.rate_limit, local.local.rate_window_s) == (10, 2)
    staging = load("staging", dict(STAGING), tmp_path)
    assert (staging.rate_limit, staging.max_question_chars) == (0, 0)
    declared = load("staging", dict(STAGING, E2E_RATE_LIMIT="30", E2E_RATE_WINDOW_S="60",
                                    E2E_MAX_QUESTION_CHARS="8000"), tmp_path)
    assert (declared.rate_limit, declared.rate_window_s, declared.max_question_chars) == (30, 60, 8000)


def test_a_rate_limit_without_its_window_is_named(tmp_path):
    with pytest.raises(ConfigError, match="E2E_RATE_LIMIT is set, but E2E_RATE_WINDOW_S"):
        load("staging", dict(STAGING, E2E_RATE_LIMIT="30"), tmp_path)
    with pytest.raises(ConfigError, match="E2E_RATE_WINDOW_S is 1.5; the reference platform needs whole"):
        load("local", {"E2E_RATE_WINDOW_S": "1.5"}, tmp_path)
