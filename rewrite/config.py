"""Configuration: `[tool.rewrite]` in pyproject.toml or a `.rewrite.toml`. Pure:
callers pass the file's text; unknown keys and bad values raise ConfigError."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from typing import Any

from rewrite.errors import ConfigError
from rewrite.files import globs_match
from rewrite.glossary import SEVERITIES
from rewrite.settings import Settings

CONFIG_NAMES = (".rewrite.toml", "pyproject.toml")

_LISTS = ("glossaries", "select", "ignore", "include", "exclude", "allow")
_NUMBERS = ("max-grade", "min-ease", "max-spin")
_FLAGS = ("grammar", "discover")
_STRINGS = ("severity", "languagetool-url")
_OVERRIDE_KEYS = frozenset({"paths", "select", "ignore", "severity"})
KNOWN_KEYS = frozenset({*_LISTS, *_NUMBERS, *_FLAGS, *_STRINGS, "overrides"})


@dataclass(frozen=True)
class Override:
    paths: tuple[str, ...]
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    severity: str | None = None


@dataclass(frozen=True)
class Config:
    source: str = ""  # the file it came from; "" for defaults
    root: str = "."  # paths in the file are relative to this folder
    glossaries: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: str = "warning"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    max_grade: float | None = None
    min_ease: float | None = None
    max_spin: float | None = None
    grammar: bool = False
    languagetool_url: str | None = None
    discover: bool = False
    overrides: tuple[Override, ...] = field(default_factory=tuple)

    def settings(self) -> Settings:
        return Settings(select=self.select, ignore=self.ignore, severity=self.severity,
                        allowed=self.allow, discover=self.discover)

    def settings_for(self, path: str) -> Settings:
        """Settings for one file, after the overrides whose globs match it."""
        settings = self.settings()
        if not self.overrides:
            return settings
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
        for override in self.overrides:
            if globs_match(override.paths, relative):
                settings = replace(
                    settings,
                    select=settings.select if override.select is None else override.select,
                    ignore=settings.ignore if override.ignore is None else override.ignore,
                    severity=override.severity or settings.severity,
                )
        return settings


def parse_config(text: str, name: str) -> Config | None:
    """The rewrite settings in one file, or None when a pyproject.toml has none."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{name}: invalid TOML: {error}") from None
    if os.path.basename(name) == "pyproject.toml":
        table = data.get("tool", {}).get("rewrite")
        if table is None:
            return None
        prefix = "tool.rewrite."
    else:
        table, prefix = data, ""
    if not isinstance(table, dict):
        raise ConfigError(f"{name}: {prefix or 'the file'} must be a table")
    return _config_from(table, name, prefix)


def _config_from(table: dict[str, Any], name: str, prefix: str) -> Config:
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{name}: unknown key '{prefix}{unknown[0]}' "
                          f"(known: {', '.join(sorted(KNOWN_KEYS))})")
    values: dict[str, Any] = {"source": name, "root": os.path.dirname(os.path.abspath(name))}
    for key, value in table.items():
        where = f"{name}: '{prefix}{key}'"
        attribute = key.replace("-", "_")
        if key in _LISTS:
            values[attribute] = _string_list(value, where)
        elif key in _NUMBERS:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(f"{where} must be a number, not {value!r}")
            values[attribute] = float(value)
        elif key in _FLAGS:
            if not isinstance(value, bool):
                raise ConfigError(f"{where} must be true or false, not {value!r}")
            values[attribute] = value
        elif key == "severity":
            values[attribute] = _severity(value, where)
        elif key == "languagetool-url":
            if not isinstance(value, str):
                raise ConfigError(f"{where} must be a string")
            values[attribute] = value
        elif key == "overrides":
            values[attribute] = _overrides(value, name, prefix)
    root = values["root"]
    values["glossaries"] = tuple(os.path.join(root, g) for g in values.get("glossaries", ()))
    return Config(**values)


def _string_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings, not {value!r}")
    return tuple(value)


def _severity(value: Any, where: str) -> str:
    if value not in SEVERITIES:
        raise ConfigError(f"{where} must be one of {', '.join(SEVERITIES)}, not {value!r}")
    return str(value)


def _overrides(value: Any, name: str, prefix: str) -> tuple[Override, ...]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(f"{name}: '{prefix}overrides' must be an array of tables")
    result = []
    for index, table in enumerate(value):
        where = f"{name}: '{prefix}overrides[{index}]"
        unknown = sorted(set(table) - _OVERRIDE_KEYS)
        if unknown:
            raise ConfigError(f"{where}.{unknown[0]}' is not a known key "
                              f"(known: {', '.join(sorted(_OVERRIDE_KEYS))})")
        if "paths" not in table:
            raise ConfigError(f"{where}' needs 'paths'")
        result.append(Override(
            paths=_string_list(table["paths"], f"{where}.paths'"),
            select=_string_list(table["select"], f"{where}.select'") if "select" in table else None,
            ignore=_string_list(table["ignore"], f"{where}.ignore'") if "ignore" in table else None,
            severity=_severity(table["severity"], f"{where}.severity'") if "severity" in table else None,
        ))
    return tuple(result)


def with_cli(config: Config, **options: Any) -> Config:
    """Command-line options (those given, not None or empty) override the file."""
    given = {k: v for k, v in options.items() if v not in (None, ())}
    if "glossaries" in given:
        given["glossaries"] = config.glossaries + tuple(given["glossaries"])
    if "allow" in given:
        given["allow"] = config.allow + tuple(given["allow"])
    return replace(config, **given)
