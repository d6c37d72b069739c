"""compose.yaml and deploy/*.Dockerfile agree with the code they start.

``docker compose config`` validates the file against compose's schema where the compose
plugin is installed; everywhere the file is also parsed and checked against the code: the
services and their health checks, start-up order, the settings' environment names, and
commands that name real modules, entry points and files.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from feedback_api.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {
    "POSTGRES_PASSWORD": "x",
    "CLOSEDLOOP_API_KEY_PEPPER": "y",
    "CLOSEDLOOP_SESSION_SECRET": "z",
}
CONDITIONS = {"service_healthy", "service_completed_successfully", "service_started"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return loaded


def dockerfile_cmd(path: Path) -> list[str]:
    """The exec-form CMD of a Dockerfile (continuation lines joined)."""
    text = path.read_text().replace("\\\n", " ")
    match = re.search(r"^CMD (\[.*\])\s*$", text, re.MULTILINE)
    assert match, f"{path} has no exec-form CMD"
    cmd: list[str] = json.loads(match.group(1))
    return cmd


def test_services_have_builds_healthchecks_and_ordered_starts(compose: dict[str, Any]) -> None:
    services = compose["services"]

    assert set(services) == {"postgres", "redis", "migrate", "api", "actions", "rasa", "sentiment"}
    for name, service in services.items():
        assert "image" in service or "build" in service, name
        if "build" in service:
            assert (ROOT / service["build"]["context"] / service["build"]["dockerfile"]).is_file()
        if name != "migrate":  # a one-off job; the others must report their health
            assert service["healthcheck"]["test"], name
        for dependency, rule in service.get("depends_on", {}).items():
            assert rule["condition"] in CONDITIONS, (name, dependency)
            if rule["condition"] == "service_healthy":
                assert "healthcheck" in services[dependency], (name, dependency)
    assert services["api"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert set(services["rasa"]["depends_on"]) == {"postgres", "redis", "actions"}
    for name in ("api", "actions"):  # they score comments with it
        assert services[name]["depends_on"]["sentiment"]["condition"] == "service_healthy"
        port = services["sentiment"]["command"][-1]
        assert services[name]["environment"]["CLOSEDLOOP_SENTIMENT_URL"] == (
            f"http://sentiment:{port}"
        )


def test_environment_names_are_settings(compose: dict[str, Any]) -> None:
    fields = set(Settings.model_fields)
    for name in ("migrate", "api", "actions", "sentiment"):
        environment = compose["services"][name]["environment"]
        for variable in environment:
            assert variable.startswith("CLOSEDLOOP_"), variable
            assert variable.removeprefix("CLOSEDLOOP_").lower() in fields, variable
        assert environment["CLOSEDLOOP_ENVIRONMENT"] == "production"


def test_rasa_gets_every_variable_its_endpoints_file_reads(compose: dict[str, Any]) -> None:
    rasa = compose["services"]["rasa"]
    command = rasa["command"]
    endpoints = ROOT / command[command.index("--endpoints") + 1]
    wanted = set(re.findall(r"\$\{([A-Z_]+)\}", endpoints.read_text()))

    assert wanted and wanted <= set(rasa["environment"])
    assert (ROOT / command[command.index("--credentials") + 1]).is_file()
    dockerfile = (ROOT / rasa["build"]["dockerfile"]).read_text()
    name = re.search(r"--fixed-model-name (\S+)", dockerfile)
    assert name and command[command.index("--model") + 1] == f"models/{name.group(1)}.tar.gz"


def test_commands_name_real_modules(compose: dict[str, Any]) -> None:
    services = compose["services"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    for name in ("migrate", "api", "actions", "rasa", "sentiment"):
        command = services[name]["command"]
        if name != "migrate":  # the image's CMD is the service's command
            assert command == dockerfile_cmd(ROOT / services[name]["build"]["dockerfile"])
        if command[0] == "uvicorn":
            module, attribute = command[1].split(":")
            assert callable(getattr(importlib.import_module(module), attribute))
        elif command[:3] == ["python", "-m", "bot.rasa_run"]:  # rasa, with our fix
            assert (ROOT / "bot" / "rasa_run.py").is_file()
            assert command[3] == "run"
        elif command[:2] == ["python", "-m"]:
            assert importlib.util.find_spec(command[2]) is not None
            assert importlib.util.find_spec(command[command.index("--actions") + 1]) is not None
        elif command[0] == "closedloop":
            assert scripts["closedloop"] == "closedloop.cli:app"
            cli = (ROOT / "closedloop" / "cli.py").read_text()
            assert f'"{command[1]}"' in cli or f"def {command[1]}(" in cli
        else:
            raise AssertionError(f"unexpected command {command}")


def test_dockerfiles_copy_what_exists() -> None:
    for dockerfile in (ROOT / "deploy").glob("*.Dockerfile"):
        text = dockerfile.read_text().replace("\\\n", " ")
        for line in re.findall(r"^COPY (.+)$", text, re.MULTILINE):
            if line.startswith("--from="):  # from an earlier stage of the same file
                continue
            for source in shlex.split(line)[:-1]:
                assert (ROOT / source).exists(), (dockerfile.name, source)


@pytest.mark.skipif(
    shutil.which("docker") is None
    or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0,
    reason="the docker compose plugin is not installed (the parsing checks above still run)",
)
def test_docker_compose_config_accepts_it() -> None:
    result = subprocess.run(
        ["docker", "compose", "-f", str(ROOT / "compose.yaml"), "config", "--quiet"],
        capture_output=True,
        text=True,
        env={**os.environ, **SECRETS},
    )
    assert result.returncode == 0, result.stderr
