"""The only module that reads and writes files."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rewrite.errors import ConfigError, InputError, RewriteError

TEXT_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".txt", ".text"})
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                       ".tox", ".mypy_cache", ".pytest_cache", "site-packages"})
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_SNIFF = 8192
STDIN = "-"


@dataclass(frozen=True)
class Source:
    """A decoded text file, with what is needed to write it back byte for byte."""

    path: str
    text: str
    raw: bytes
    encoding: str
    bom: bytes

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def decode(raw: bytes, path: str) -> Source:
    """Decode bytes as UTF-8 (or BOM-marked UTF-16); binary or invalid input raises InputError."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            break
    else:
        bom, encoding, body = b"", "utf-8", raw
        if b"\x00" in raw[:_SNIFF]:
            raise InputError(f"{path}: binary file, skipped")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: not valid {encoding.upper()} (byte {error.object[error.start]:#04x} "
            f"at offset {error.start + len(bom)}), skipped"
        ) from None
    if "\x00" in text[:_SNIFF]:  # bytes that happen to start like a BOM
        raise InputError(f"{path}: binary file, skipped")
    return Source(path, text, raw, encoding, bom)


def read_source(path: str) -> Source:
    if path == STDIN:
        return decode(sys.stdin.buffer.read(), "<stdin>")
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    return decode(raw, path)


def write_atomic(source: Source, data: bytes) -> bool:
    """Replace the file with `data` via a temporary file and rename.

    Writes nothing when the bytes are unchanged; refuses when the file changed on
    disk since it was read. Returns whether the file was written.
    """
    if data == source.raw:
        return False
    path = Path(source.path)
    try:
        current = path.read_bytes()
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        raise InputError(f"{path}: disappeared before it could be written; nothing written") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}; nothing written") from None
    if current != source.raw:
        raise InputError(f"{path}: changed on disk since it was read; not overwritten")
    if not os.access(path, os.W_OK):
        raise InputError(f"{path}: file is read-only; not written")
    try:
        _replace(path, data, mode)
    except OSError as error:
        raise InputError(f"{path}: cannot write: {error.strerror}; original left unchanged") from None
    return True


def write_output(path: str, text: str) -> None:
    """Write a report or baseline file atomically (UTF-8), with the usual permissions."""
    umask = os.umask(0)
    os.umask(umask)
    try:
        _replace(Path(path), text.encode("utf-8"), 0o666 & ~umask)
    except OSError as error:
        raise InputError(f"{path}: cannot write: {error.strerror}") from None


def _replace(path: Path, data: bytes, mode: int) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`; on
    failure the temporary file is removed and `path` is left as it was."""
    temp_name = ""
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".rewrite",
                                             dir=path.parent)
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except OSError:
        if temp_name and os.path.exists(temp_name):
            os.unlink(temp_name)
        raise


# --- glossaries --------------------------------------------------------------


def builtin_glossary_dir() -> Path:
    installed = Path(__file__).parent / "glossary"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "glossary"


def builtin_glossary_files() -> list[Path]:
    return sorted(builtin_glossary_dir().glob("*.tsv"))


def _read_text(path: str | Path, what: str, error: type[RewriteError]) -> str:
    """A UTF-8 file the user named (glossary, config, baseline), or one clear error."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path}: {what} not found") from None
    except (OSError, UnicodeDecodeError) as problem:
        raise error(f"{path}: cannot read {what}: {problem}") from None


def read_glossary_text(path: str | Path) -> str:
    return _read_text(path, "glossary", InputError)


def file_signature(path: str | Path) -> tuple[str, int, int]:
    """(path, size, mtime) of a file, or a marker that it is missing."""
    try:
        info = os.stat(path)
    except OSError:
        return (str(path), -1, -1)
    return (str(path), info.st_size, info.st_mtime_ns)


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "rewrite"


def cache_key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def load_cached(key: str) -> object | None:
    """A pickled object cached under `key`, or None. A broken cache is ignored."""
    if os.environ.get("REWRITE_NO_CACHE"):
        return None
    try:
        with open(_cache_dir() / f"{key}.pickle", "rb") as handle:
            cached: object = pickle.load(handle)
            return cached
    except Exception:
        return None


def store_cached(key: str, value: object) -> None:
    """Cache `value`; a cache that cannot be written is silently skipped."""
    if os.environ.get("REWRITE_NO_CACHE"):
        return
    folder = _cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as temp:
            pickle.dump(value, temp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp_name, folder / f"{key}.pickle")
    except OSError:
        pass


# --- configuration and whole-tree walks ---------------------------------------


def find_config(start: str) -> tuple[str, str] | None:
    """(path, text) of the nearest .rewrite.toml, or pyproject.toml with [tool.rewrite],
    from `start` upward."""
    folder = Path(start).resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate_dir in (folder, *folder.parents):
        for name in (".rewrite.toml", "pyproject.toml"):
            candidate = candidate_dir / name
            if candidate.is_file():
                text = read_config_text(str(candidate))
                if name == ".rewrite.toml" or "[tool.rewrite" in text:
                    return str(candidate), text
    return None


def read_config_text(path: str) -> str:
    return _read_text(path, "config file", ConfigError)


def read_baseline_text(path: str) -> str:
    return _read_text(path, "baseline", ConfigError)


@dataclass(frozen=True)
class Walked:
    """One entry of a walk: a file to check, or a notice about one skipped."""

    path: str
    notice: str = ""


MAX_BYTES = 5 * 1024 * 1024


def walk_tree(paths: tuple[str, ...], include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
              root: str = ".", max_bytes: int = MAX_BYTES) -> Iterator[Walked]:
    """Files to check. Named files are taken as given (unless excluded); directories are
    walked in sorted order, honouring .gitignore files, include/exclude globs
    (relative to `root`) and a size limit."""

    def wanted(path: str) -> bool:
        if not include and not exclude:
            return True
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
        if exclude and globs_match(exclude, relative):
            return False
        return not include or globs_match(include, relative)

    for path in paths:
        if path == STDIN or not os.path.isdir(path):
            if path == STDIN or wanted(path):
                yield Walked(path)
            continue
        for found in _walk_ignoring(path):
            if not wanted(found):
                continue
            try:
                size = os.path.getsize(found)
            except OSError:  # gone since it was listed: reading it reports that (exit 3)
                size = 0
            if size > max_bytes:
                yield Walked(found, f"{found}: larger than {max_bytes // (1024 * 1024)} MB, skipped")
                continue
            yield Walked(found)


@lru_cache(maxsize=64)
def _spec(globs: tuple[str, ...]) -> Any:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(globs)


def globs_match(globs: tuple[str, ...], relative: str) -> bool:
    """Whether a relative path matches any of the gitignore-style globs."""
    return bool(_spec(globs).match_file(relative))


def _walk_ignoring(top: str) -> Iterator[str]:
    """Text files under `top`, sorted, skipping hidden and tool folders and whatever
    the .gitignore files from the repository root down say."""
    start = Path(top).resolve()
    specs = _ancestor_ignores(start)
    for root, dirs, names in os.walk(top):
        here = start if root == top else start / os.path.relpath(root, top)  # no resolve()
        if here != start:
            specs += _gitignore(here)

        def ignored(name: str, is_dir: bool, here: Path = here,
                    specs: list[tuple[Path, Any]] = specs) -> bool:
            return any(_ignores(base, spec, here / name, is_dir) for base, spec in specs)

        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
                         and not ignored(d, True))
        for name in sorted(names):
            if os.path.splitext(name)[1].lower() in TEXT_SUFFIXES and not ignored(name, False):
                yield os.path.join(root, name)


def _ignores(base: Path, spec: Any, path: Path, is_dir: bool) -> bool:
    try:
        relative = path.relative_to(base).as_posix()
    except ValueError:
        return False
    return bool(spec.match_file(relative + ("/" if is_dir else "")))


def _ancestor_ignores(top: Path) -> list[tuple[Path, Any]]:
    """.gitignore specs from the enclosing repository's root down to `top`."""
    chain = [top, *top.parents]
    repo = next((folder for folder in chain if (folder / ".git").exists()), top)
    folders = chain[: chain.index(repo) + 1]
    return [spec for folder in reversed(folders) for spec in _gitignore(folder)]


def _gitignore(folder: Path) -> list[tuple[Path, Any]]:
    import pathspec

    path = folder / ".gitignore"
    if not path.is_file():
        return []
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return [(folder, pathspec.GitIgnoreSpec.from_lines(lines))]
