"""The gunicorn config file: values, environment overrides, and gunicorn accepts it."""

import multiprocessing
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from gunicorn.config import Config

CONFIG = Path(settings.BASE_DIR) / "gunicorn.conf.py"


def load(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict:
    for name in (
        "GUNICORN_BIND",
        "GUNICORN_WORKERS",
        "GUNICORN_THREADS",
        "GUNICORN_TIMEOUT",
        "GUNICORN_GRACEFUL_TIMEOUT",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = load(monkeypatch)
    assert conf["workers"] == 2 * multiprocessing.cpu_count() + 1
    assert conf["worker_class"] == "gthread"
    assert conf["threads"] == 2
    assert conf["timeout"] == 60  # the full phase report needs up to ~27 s
    assert conf["graceful_timeout"] == 60
    assert conf["accesslog"] == "-"  # stdout
    assert conf["bind"] == "127.0.0.1:8000"


def test_the_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = load(
        monkeypatch,
        GUNICORN_BIND="0.0.0.0:9000",
        GUNICORN_WORKERS="3",
        GUNICORN_THREADS="4",
        GUNICORN_TIMEOUT="90",
    )
    assert (conf["bind"], conf["workers"], conf["threads"], conf["timeout"]) == (
        "0.0.0.0:9000",
        3,
        4,
        90,
    )


def test_gunicorn_accepts_every_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = load(monkeypatch)
    cfg = Config()
    names = [n for n in conf if not n.startswith("_") and n in cfg.settings]
    for name in names:
        cfg.set(name, conf[name])  # validates the type of each value
    assert cfg.workers == conf["workers"]
    assert cfg.timeout == 60
    assert cfg.bind == ["127.0.0.1:8000"]
    unknown = {
        n
        for n, v in conf.items()
        if not n.startswith("_")
        and n not in cfg.settings
        and not callable(v)
        and not isinstance(v, type(multiprocessing))
    }
    assert unknown == set()
