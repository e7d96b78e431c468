"""The workbench's settings: one TOML file in the platform config dir.

`platformdirs.user_config_dir("mobilekernelbench")/config.toml`, or `$MKB_CONFIG_DIR/config.toml` (tests,
CI, several profiles side by side). Provider keys come from the environment (`ANTHROPIC_API_KEY`,
`OPENAI_API_KEY`) or from a `[providers.<name>]` table (`api_key`, `base_url`) that the engineer writes by
hand; the workbench never writes a key itself, and keeps the file private (0600) when it holds one.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

if TYPE_CHECKING:
    from toolchain.mnn.tree import MnnTree
    from toolchain.sandbox import Limits
    from toolchain.targets import Target, TargetSettings

APP_NAME = "mobilekernelbench"
DEFAULT_TASK = "LayerNorm_vision"  # where a first-time user lands: a small, fast, well-known op
MODES = ("manual", "confirm", "auto")
PROVIDERS = ("", "anthropic", "openai")  # "" = none: the engineer is the Coder
KEY_ENV = {"anthropic": "ANTHROPIC_API_KEY", "openai": "OPENAI_API_KEY"}


class ConfigError(Exception):
    """A config file that cannot be used; the message is one sentence."""


@dataclass
class Config:
    provider: str = ""
    model: str = ""
    base_url: str = ""
    mode: str = "confirm"
    iterations: int = 10
    threads: int = 1
    min_time_ms: float = 30.0
    theme: str = "textual-dark"
    last_task: str = ""
    target: str = "host"  # where the workbench evaluates: host, adb or adb:SERIAL (the last one chosen with F4)
    android_ndk: str = ""  # an Android NDK for `--target adb` builds; empty: $MKB_ANDROID_NDK, $ANDROID_NDK_HOME
    mnn_android: str = ""  # MNN's Android build (libMNN.so, MNNV2Basic.out): MNN's own kernel as the phone's baseline
    mnn_root: str = ""  # an MNN source checkout or tarball (`mkb mnn setup`); $MKB_MNN_ROOT overrides it
    keymap: dict[str, str] = field(default_factory=dict)  # action id -> key, e.g. {"evaluate": "f9"}
    providers: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> {api_key, base_url}

    def provider_config(self) -> dict[str, Any]:
        """What `agents.llm.make_provider` reads from the config."""
        return {"providers": self.providers}

    def validate(self) -> None:
        if self.provider not in PROVIDERS:
            raise ConfigError(f"provider must be one of anthropic, openai or empty, not {self.provider!r}")
        if self.mode not in MODES:
            raise ConfigError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if not (self.target in ("host", "adb", "mnn") or self.target.startswith("adb:")):
            raise ConfigError(f"target must be host, adb, adb:SERIAL or mnn, not {self.target!r}")
        if self.iterations < 1 or self.threads < 1 or self.min_time_ms <= 0:
            raise ConfigError("iterations, threads and min_time_ms must be positive")


def target_settings(target: str, config: Config | None = None, host_tuned: bool = False) -> TargetSettings:
    """What a device target needs from the config: `config` when the caller holds it (the TUI's, the one
    a command read), else the file, read once here; `host` needs nothing, so a broken file cannot stop it.
    `host_tuned` (`--host-tuned`) is for the host target only."""
    # Imported here: reading the config must not pull in numpy and the builder.
    from toolchain.targets import TargetSettings

    if target == "host":
        return TargetSettings(host_tuned=host_tuned)
    if host_tuned:
        raise ConfigError(f"--host-tuned applies to the host target only, not {target}")
    if target == "mnn":
        return TargetSettings(mnn_root=mnn_source(config))
    cfg = config if config is not None else load_config()
    return TargetSettings(android_ndk=cfg.android_ndk, mnn_android=cfg.mnn_android)


def open_target(spec: str, limits: Limits | None = None, config: Config | None = None,
                host_tuned: bool = False) -> Target:
    """The target `spec` (`host`, `adb[:SERIAL]`) with the config's device settings.

    Raises ConfigError (the config file) or toolchain.targets.TargetError (no phone, no cross compiler, ...).
    """
    from toolchain.targets import resolve_target

    return resolve_target(spec, limits, target_settings(spec, config, host_tuned))


def mnn_tree(source: str | Path | None = None, config: Config | None = None) -> MnnTree:
    """The MNN source tree to use: `source`, else $MKB_MNN_ROOT, else the config's `mnn_root`. Not built here;
    raises MnnTreeError when none is set up."""
    from toolchain.mnn.tree import open_tree

    return open_tree(source or mnn_source(config))


def mnn_source(config: Config | None = None) -> str:
    """The MNN tree's source as set up: $MKB_MNN_ROOT, else the config's `mnn_root` ("" when neither)."""
    # The config is read only when nothing else names a tree: a broken file must not stop an explicit one.
    return os.environ.get("MKB_MNN_ROOT") or (config or load_config()).mnn_root


def ready_mnn_tree(config: Config | None = None) -> MnnTree | None:
    """The set-up MNN tree when one is configured and built, else None (never raises): what an agent run
    checks its best candidate in at the end."""
    from toolchain.mnn.tree import MnnTreeError

    try:
        tree = mnn_tree(config=config)
    except (MnnTreeError, ConfigError, OSError):
        return None
    return tree if tree.ready else None


def config_dir() -> Path:
    return Path(os.environ.get("MKB_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME))


def config_path() -> Path:
    return config_dir() / "config.toml"


def data_dir() -> Path:
    """Where the workbench keeps what the engineer saves (kernels, sessions): `$MKB_DATA_DIR` or the platform's."""
    return Path(os.environ.get("MKB_DATA_DIR") or platformdirs.user_data_dir(APP_NAME))


def load_config(path: Path | None = None) -> Config:
    """The config at `path` (default: `config_path()`); defaults when there is no file yet."""
    path = path or config_path()
    try:
        raw = tomllib.loads(path.read_text())
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config file {path} cannot be read: {exc}") from None
    known = {f.name: f.type for f in fields(Config)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ConfigError(f"config file {path} has unknown settings: {', '.join(unknown)}")
    try:
        cfg = Config(**raw)
        cfg.threads, cfg.iterations, cfg.min_time_ms = int(cfg.threads), int(cfg.iterations), float(cfg.min_time_ms)
        cfg.keymap = {str(k): str(v) for k, v in dict(cfg.keymap).items()}
        cfg.android_ndk, cfg.mnn_android, cfg.target = str(cfg.android_ndk), str(cfg.mnn_android), str(cfg.target)
        cfg.mnn_root = str(cfg.mnn_root)
        cfg.providers = {str(name): {str(k): str(v) for k, v in dict(table).items()}
                         for name, table in dict(cfg.providers).items()}
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"config file {path} has a setting of the wrong type: {exc}") from None
    cfg.validate()
    return cfg


def is_first_run(path: Path | None = None) -> bool:
    return not (path or config_path()).exists()


def save_config(cfg: Config, path: Path | None = None) -> Path:
    cfg.validate()
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it may hold a hand-written key
    with os.fdopen(fd, "w") as f:
        f.write(dumps(asdict(cfg)))
    os.replace(tmp, path)  # a crash mid-write leaves the old file, never half a new one
    return path


def dumps(d: dict[str, Any]) -> str:
    """TOML for the flat settings and their tables (`[keymap]`, `[providers.openai]`); the only shapes
    Config holds, so no TOML writer is needed."""
    lines: list[str] = []
    tables: list[str] = []
    for k, v in d.items():
        if isinstance(v, dict):
            flat = {kk: vv for kk, vv in v.items() if not isinstance(vv, dict)}
            if flat or not v:
                tables += ["", f"[{k}]", *(f"{_key(kk)} = {_value(vv)}" for kk, vv in flat.items())]
            for kk, vv in v.items():
                if isinstance(vv, dict):
                    tables += ["", f"[{k}.{_key(kk)}]", *(f"{_key(a)} = {_value(b)}" for a, b in vv.items())]
        else:
            lines.append(f"{k} = {_value(v)}")
    return "\n".join(lines + tables) + "\n"


def _key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() else _value(k)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    s = str(v).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"'
