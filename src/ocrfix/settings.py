"""Settings of one run: defaults < config file < command line.

The config file is the nearest one from the current folder upward, or ``--config PATH``:

- ``ocrfix.toml`` with plain top-level keys, or
- ``pyproject.toml`` with a ``[tool.ocrfix]`` table (one without it is passed over).

In the same folder ``ocrfix.toml`` wins. The keys (``-`` and ``_`` are the same)::

    enable = ["punct-fullwidth"]     # rule ids, see `ocrfix rules`
    disable = ["space-cjk"]
    latin_spacing = "remove"         # remove | keep | add
    convert = "t2s"                  # an OpenCC conversion, or "none"
    headlines = "auto"               # auto | before | after
    format = "txt"                   # txt | md | json | jsonl
    jobs = 0                         # pages in parallel, 0 = one per CPU

    [rules]                          # [tool.ocrfix.rules] in pyproject.toml;
    space-cjk = false                # the same as enable/disable, one rule a line

Rules merge rule by rule: ``--enable space-cjk`` turns on a rule the file disables.

    >>> s = resolve({"convert": "t2s"}, cwd=Path("/"))
    >>> s.config.convert, s.origins["convert"], s.origins["jobs"]
    ('t2s', 'command line', 'default')
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from . import convert as _convert
from .config import HEADLINE_CHOICES, LATIN_SPACING_CHOICES, Config
from .pipeline import enabled_steps
from .registry import BY_ID

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FORMAT_CHOICES: tuple[str, ...] = ("txt", "md", "json", "jsonl")
CONFIG_NAME = "ocrfix.toml"
PYPROJECT_NAME = "pyproject.toml"

DEFAULTS: dict[str, Any] = {
    "enable": (),
    "disable": (),
    "latin_spacing": "remove",
    "convert": None,
    "headlines": "auto",
    "format": "txt",
    "jobs": 0,
}
KEYS: tuple[str, ...] = tuple(DEFAULTS)
_FILE_KEYS: tuple[str, ...] = (*KEYS, "rules")

DEFAULT_ORIGIN = "default"
CLI_ORIGIN = "command line"


class SettingsError(ValueError):
    """A bad config file or option value; the message names the file, the key and what is allowed."""


@dataclass(frozen=True)
class Settings:
    """The effective settings: the core :class:`~ocrfix.Config`, the CLI-only settings,
    the config file they came from (if any), and where each setting came from."""

    config: Config
    format: str = DEFAULTS["format"]
    jobs: int = DEFAULTS["jobs"]
    source: Path | None = None
    origins: dict[str, str] = field(default_factory=dict)
    # Per rule id: whether the config turned it on/off explicitly, and where.
    rule_origins: dict[str, str] = field(default_factory=dict)

    def values(self) -> dict[str, Any]:
        """Every setting by its config-file key, as plain data."""
        c = self.config
        return {
            "enable": sorted(c.enable),
            "disable": sorted(c.disable),
            "latin_spacing": c.latin_spacing,
            "convert": c.convert,
            "headlines": c.headlines,
            "format": self.format,
            "jobs": self.jobs,
        }

    def to_dict(self) -> dict[str, Any]:
        """The form ``ocrfix config --format json`` prints."""
        enabled = {step.id for step in enabled_steps(self.config)}
        return {
            "source": str(self.source) if self.source else None,
            "settings": {k: {"value": v, "origin": self.origins.get(k, DEFAULT_ORIGIN)} for k, v in self.values().items()},
            "rules": {
                step_id: {"enabled": step_id in enabled, "origin": self.rule_origins.get(step_id, DEFAULT_ORIGIN)}
                for step_id in BY_ID
            },
        }

    def render(self) -> str:
        """The form ``ocrfix config`` prints: one setting a line with its origin, then the rules."""
        data = self.to_dict()
        lines = [f"# config file: {data['source'] or '(none found)'}"]
        width = max(len(k) for k in data["settings"])
        for key, entry in data["settings"].items():
            lines.append(f"{key:<{width}} = {_toml_value(entry['value']):<24} # {entry['origin']}")
        lines.append("")
        lines.append("[rules]")
        width = max(len(k) for k in data["rules"])
        for step_id, entry in data["rules"].items():
            lines.append(f"{step_id:<{width}} = {_toml_value(entry['enabled']):<5} # {entry['origin']}")
        return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if value is None:
        return '"none"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


# -- finding and reading the file ---------------------------------------------------------


def find_config(cwd: Path | None = None) -> Path | None:
    """The nearest ``ocrfix.toml``, or ``pyproject.toml`` with ``[tool.ocrfix]``, from ``cwd`` up."""
    folder = Path(cwd if cwd is not None else os.getcwd()).resolve()
    for directory in (folder, *folder.parents):
        candidate = directory / CONFIG_NAME
        if candidate.is_file():
            return candidate
        candidate = directory / PYPROJECT_NAME
        if candidate.is_file() and _has_tool_table(candidate):
            return candidate
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        raw = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "ocrfix" not in raw:
        return False  # cheap: no need to parse someone else's pyproject
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError:
        return "tool.ocrfix" in raw  # it means to configure us: report the syntax error then
    return isinstance(data.get("tool"), dict) and "ocrfix" in data["tool"]


def read_config(path: Path) -> dict[str, Any]:
    """The raw ocrfix table of ``path`` (top level of ``ocrfix.toml``, ``[tool.ocrfix]`` of
    ``pyproject.toml``), checked: unknown keys, types and values raise :class:`SettingsError`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SettingsError(f"{path}: config file not found") from None
    except OSError as error:
        raise SettingsError(f"{path}: cannot read the config file: {error.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: the config file is not UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: TOML syntax error: {error}") from None
    table = "the top level"
    if path.name == PYPROJECT_NAME:
        table = "[tool.ocrfix]"
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "ocrfix" not in tool:
            raise SettingsError(f"{path}: no [tool.ocrfix] table (put ocrfix settings there, or in an {CONFIG_NAME})")
        data = tool["ocrfix"]
        if not isinstance(data, dict):
            raise SettingsError(f"{path}: tool.ocrfix must be a table, not {_describe(data)}")
    return _check_file(data, path, table)


def _check_file(data: Mapping[str, Any], path: Path, table: str) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    rules_table = "[tool.ocrfix.rules]" if table == "[tool.ocrfix]" else "[rules]"
    for raw_key, value in data.items():
        key = raw_key.replace("-", "_")
        where = f"{path}: key {raw_key!r}"
        if key not in _FILE_KEYS:
            raise SettingsError(f"{path}: unknown key {raw_key!r} in {table}; allowed keys: {', '.join(_FILE_KEYS)}")
        if key in checked:
            raise SettingsError(f"{where} is given twice (as {key.replace('_', '-')!r} and {key!r})")
        if key == "rules":
            if not isinstance(value, dict):
                raise SettingsError(f"{where} must be a table {rules_table} of rule-id = true/false, not {_describe(value)}")
            for step_id, on in value.items():
                if step_id not in BY_ID:
                    raise SettingsError(_unknown_rule(f"{path}: {rules_table}", step_id))
                if not isinstance(on, bool):
                    raise SettingsError(f"{path}: key {step_id!r} in {rules_table} must be true or false, not {_describe(on)}")
            checked[key] = dict(value)
        else:
            checked[key] = _check_value(key, value, where, from_file=True)
    return checked


# -- checking values (shared by the file and the command line) -----------------------------


def _check_value(key: str, value: Any, where: str, *, from_file: bool) -> Any:
    return _CHECKS[key](value, where, from_file)


def _check_ids(value: Any, where: str, from_file: bool) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value] if not from_file else value
    if from_file and not isinstance(value, list):
        raise SettingsError(f'{where} must be a list of rule ids, like ["space-cjk"], not {_describe(value)}')
    ids: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise SettingsError(f"{where} must be a list of rule ids (strings), not one holding {_describe(item)}")
        for step_id in (part.strip() for part in item.split(",")):
            if not step_id:
                continue
            if step_id not in BY_ID:
                raise SettingsError(_unknown_rule(where, step_id))
            ids.append(step_id)
    return tuple(dict.fromkeys(ids))


def _choice(choices: tuple[str, ...]) -> Callable[[Any, str, bool], str]:
    def check(value: Any, where: str, from_file: bool) -> str:
        if not isinstance(value, str) or value not in choices:
            raise SettingsError(f"{where} must be one of {', '.join(choices)}, not {_describe(value)}")
        return value

    return check


def _check_convert(value: Any, where: str, from_file: bool) -> str | None:
    if value is None or value is False:
        return None
    if not isinstance(value, str):
        raise SettingsError(f'{where} must be an OpenCC conversion name like "t2s", or "none", not {_describe(value)}')
    if value.lower() in ("", "none", "off"):
        return None
    if value not in _convert.valid_conversions():
        raise SettingsError(f"{where} must be an OpenCC conversion or none, not {value!r}; "
                            f"valid conversions: {', '.join(_convert.valid_conversions())}")
    return value


def _check_jobs(value: Any, where: str, from_file: bool) -> int:
    if isinstance(value, str) and not from_file and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SettingsError(f"{where} must be a whole number of worker processes, 0 for one per CPU, not {_describe(value)}")
    return value


_CHECKS: dict[str, Callable[[Any, str, bool], Any]] = {
    "enable": _check_ids,
    "disable": _check_ids,
    "latin_spacing": _choice(LATIN_SPACING_CHOICES),
    "convert": _check_convert,
    "headlines": _choice(HEADLINE_CHOICES),
    "format": _choice(FORMAT_CHOICES),
    "jobs": _check_jobs,
}


def _unknown_rule(where: str, step_id: str) -> str:
    return f"{where}: unknown rule id {step_id!r}; known rule ids: {', '.join(BY_ID)} (see `ocrfix rules`)"


def _describe(value: Any) -> str:
    kind = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)
    return f"{value!r} ({kind})"


# -- resolving ----------------------------------------------------------------------------


def _given(value: Any) -> bool:
    return value is not None and value != () and value != []


def resolve(cli: Mapping[str, object], *, config_path: Path | None = None, cwd: Path | None = None) -> Settings:
    """The effective settings: ``cli`` (only the options the user gave; None or absent means
    not given) over the config file (``config_path``, or the nearest one from ``cwd`` up)
    over the defaults. Raises :class:`SettingsError` for a bad file or value."""
    unknown = sorted(set(cli) - set(KEYS))
    if unknown:
        raise SettingsError(f"unknown setting {', '.join(unknown)}; settings: {', '.join(KEYS)}")
    if config_path is not None:
        source: Path | None = Path(config_path)
        if not source.is_file():
            raise SettingsError(f"--config {config_path}: config file not found")
    else:
        source = find_config(cwd)
    from_file = read_config(source) if source is not None else {}
    file_origin = str(source)

    values = dict(DEFAULTS)
    origins = {key: DEFAULT_ORIGIN for key in KEYS}
    for key in ("latin_spacing", "convert", "headlines", "format", "jobs"):
        if key in from_file:
            values[key], origins[key] = from_file[key], file_origin
        if _given(cli.get(key)):
            where = f"--{key.replace('_', '-')}"
            values[key] = _check_value(key, cli[key], where, from_file=False)
            origins[key] = CLI_ORIGIN

    # Rules merge rule by rule: the file's enable/disable/[rules], then the command line.
    rule_state: dict[str, bool] = {}
    rule_origins: dict[str, str] = {}

    def set_rules(ids: Iterable[str], on: bool, origin: str, where: str) -> None:
        for step_id in ids:
            if rule_origins.get(step_id) == origin and rule_state[step_id] != on:
                raise SettingsError(f"{where}: rule {step_id!r} is both enabled and disabled")
            rule_state[step_id], rule_origins[step_id] = on, origin

    set_rules(from_file.get("enable", ()), True, file_origin, f"{source}: key 'enable'")
    set_rules(from_file.get("disable", ()), False, file_origin, f"{source}: key 'disable'")
    for step_id, on in from_file.get("rules", {}).items():
        set_rules((step_id,), on, file_origin, f"{source}: key 'rules'")
    cli_enable = _check_ids(cli["enable"], "--enable", False) if _given(cli.get("enable")) else ()
    cli_disable = _check_ids(cli["disable"], "--disable", False) if _given(cli.get("disable")) else ()
    set_rules(cli_enable, True, CLI_ORIGIN, "--enable/--disable")
    set_rules(cli_disable, False, CLI_ORIGIN, "--enable/--disable")
    for key, on in (("enable", True), ("disable", False)):
        sources = {rule_origins[i] for i, state in rule_state.items() if state is on}
        origins[key] = ", ".join(sorted(sources, key=lambda s: s != CLI_ORIGIN)) or DEFAULT_ORIGIN

    config = Config(
        enable=frozenset(i for i, on in rule_state.items() if on),
        disable=frozenset(i for i, on in rule_state.items() if not on),
        latin_spacing=values["latin_spacing"],
        convert=values["convert"],
        headlines=values["headlines"],
    )
    return Settings(config, values["format"], values["jobs"], source, origins, rule_origins)
