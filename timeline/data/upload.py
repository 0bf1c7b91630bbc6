"""A user's own data from the browser, read in memory: a zip of events/ and seeds/, or loose files.

Nothing here touches the disk. An upload that is too big, holds too many files, would expand too
far (a zip bomb), names a path outside itself, holds a link, or holds a file that is not UTF-8 text
is refused as a whole with `Refused`, whose message names the file inside the upload. What passes
is handed to the same loader as the shipped data, so its problems are listed like any other.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from timeline.data.load import SOURCES_FILE, TAXONOMY_FILE, Dataset, load_dataset

MB = 1024 * 1024
MAX_UPLOAD_BYTES = 20 * MB  # what the browser sends: the zip, or all loose files together
MAX_FILES = 200  # files kept from the upload
MAX_EXPANDED_BYTES = 50 * MB  # every kept file of a zip, decompressed
MAX_RATIO = 100  # decompressed / compressed size of one zip entry...
RATIO_FLOOR = 64 * 1024  # ...once it is big enough for its ratio to say anything
TEXT_SUFFIXES = (".yaml", ".yml", ".txt")
ZIP_SUFFIX = ".zip"
# Folders an archiver adds beside the data; never read.
_ARCHIVER_LITTER = ("__MACOSX/",)
_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 64 * 1024


class Refused(ValueError):
    """The upload as a whole is refused; the message says why and names the file inside it."""


@dataclass(frozen=True)
class MemoryFolder:
    """A read-only folder tree held in memory, with the few methods the loader asks of a `Path`.

    `files` maps each file's path inside the upload ("data/events/a.yaml") to its bytes; the
    folder or file is `path` in it, and `str()` of it is that path, which problems name.
    """

    files: Mapping[str, bytes] = field(repr=False)
    path: str = ""

    @property
    def name(self) -> str:
        return self.path.rpartition("/")[2]

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix

    def __truediv__(self, name: str) -> MemoryFolder:
        return MemoryFolder(self.files, f"{self.path}/{name}" if self.path else name)

    def __str__(self) -> str:
        return self.path

    def _prefix(self) -> str:
        return f"{self.path}/" if self.path else ""

    def is_file(self) -> bool:
        return self.path in self.files

    def is_dir(self) -> bool:
        prefix = self._prefix()
        return not self.path or any(name.startswith(prefix) for name in self.files)

    def iterdir(self) -> Iterator[MemoryFolder]:
        """The files and folders directly inside, once each."""
        prefix = self._prefix()
        children = {
            name[len(prefix) :].split("/", 1)[0] for name in self.files if name.startswith(prefix)
        }
        return (self / child for child in sorted(children))

    def read_bytes(self) -> bytes:
        if self.path not in self.files:
            raise FileNotFoundError(self.path)
        return self.files[self.path]


@dataclass(frozen=True)
class Upload:
    """An accepted upload: its events and seeds folders in memory, and what was left out."""

    name: str
    events: MemoryFolder
    seeds: MemoryFolder
    # Files of the upload that are not data (a README, a picture), named so nothing goes unseen.
    skipped: tuple[str, ...] = ()

    def load(self) -> Dataset:
        """The upload read by the same loader as the shipped data: valid events and problems."""
        return load_dataset(self.events, self.seeds)


def read_upload(
    files: Sequence[tuple[str, bytes]], default_taxonomy: bytes | None = None
) -> Upload:
    """The upload of `files` ((name, bytes) as the browser sent them) as in-memory data.

    One `.zip` holding `events/` and `seeds/` (at its top or inside one folder), or loose files:
    events YAML files, `sources.yaml`, seed documents (`.txt`), and optionally `taxonomy.yaml`.
    Without a taxonomy of its own the upload is read with `default_taxonomy`. Raises `Refused`.

    read_upload([("data.zip", zip_bytes)]).events.iterdir()  # the events files in the zip
    """
    if not files:
        raise Refused("Nothing was uploaded.")
    total = sum(len(content) for _name, content in files)
    if total > MAX_UPLOAD_BYTES:
        raise Refused(
            f"The upload is {total / MB:.1f} MB; the limit is {MAX_UPLOAD_BYTES // MB} MB."
        )
    zips = [name for name, _content in files if name.lower().endswith(ZIP_SUFFIX)]
    if zips and len(files) > 1:
        raise Refused(
            "Upload either one zip, or loose YAML and text files, not both "
            f"({zips[0]} came with {len(files) - 1} other file(s))."
        )
    if zips:
        name, content = files[0]
        kept, skipped = _unzip(name, content)
        events, seeds = _zip_folders(name, kept)
        upload = Upload(name, MemoryFolder(kept, events), MemoryFolder(kept, seeds), skipped)
    else:
        upload = _loose(files)
    taxonomy = upload.events / TAXONOMY_FILE
    if default_taxonomy is not None and not taxonomy.is_file():
        with_taxonomy = {**upload.events.files, str(taxonomy): default_taxonomy}
        upload = replace(upload, events=MemoryFolder(with_taxonomy, upload.events.path))
    return upload


def _unsafe_name(name: str) -> str | None:
    """Why a path inside an upload cannot be used, or None when it is a plain relative path."""
    if "\\" in name:
        return "has a backslash in its path"
    if name.startswith("/") or _DRIVE.match(name):
        return "has an absolute path"
    if ".." in name.split("/"):
        return "has '..' in its path"
    if any(ord(char) < 32 for char in name):
        return "has a control character in its name"
    return None


def _is_data(name: str) -> bool:
    """Whether an upload's file is read as data: YAML or text, not hidden, not archiver litter."""
    base = name.rpartition("/")[2]
    return (
        name.lower().endswith(TEXT_SUFFIXES)
        and not base.startswith(".")
        and not name.startswith(_ARCHIVER_LITTER)
    )


def _text(name: str, content: bytes) -> bytes:
    """`content` when it is UTF-8 text; raises `Refused` naming the file and line otherwise."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise Refused(
            f"{name}:{line}: not UTF-8 text (byte 0x{content[error.start]:02x}); "
            "save it as UTF-8 and upload again."
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise Refused(f"{name}:{line}: contains a NUL byte; expected a text file.")
    return content


def _loose(files: Sequence[tuple[str, bytes]]) -> Upload:
    """Loose files sorted into an events and a seeds folder by name."""
    if len(files) > MAX_FILES:
        raise Refused(f"The upload holds {len(files)} files; the limit is {MAX_FILES}.")
    events: dict[str, bytes] = {}
    seeds: dict[str, bytes] = {}
    skipped = []
    for name, content in files:
        reason = "has a folder in its name" if "/" in name else _unsafe_name(name)
        if reason:
            raise Refused(f"{name!r} {reason}; expected a file name.")
        if not _is_data(name):
            skipped.append(name)
            continue
        folder = seeds if name == SOURCES_FILE or name.lower().endswith(".txt") else events
        if name in folder:
            raise Refused(f"{name} was uploaded twice; upload each file once.")
        folder[name] = _text(name, content)
    if SOURCES_FILE not in seeds:
        raise Refused(
            f"No {SOURCES_FILE} among the files: upload it with the events YAML and its seed "
            "documents (.txt), or upload one zip of an events/ and a seeds/ folder."
        )
    if not events:
        raise Refused("No events YAML file among the files; expected one or more .yaml files.")
    count = len(files) - len(skipped)
    return Upload(f"{count} files", MemoryFolder(events), MemoryFolder(seeds), tuple(skipped))


def _entries(name: str, archive: zipfile.ZipFile) -> tuple[list[zipfile.ZipInfo], list[str]]:
    """The zip's data files, checked from its directory alone, and the names of the others."""
    infos = archive.infolist()
    if len(infos) > MAX_FILES:
        raise Refused(
            f"{name}: the zip holds {len(infos)} entries (files and folders); "
            f"the limit is {MAX_FILES}."
        )
    kept, skipped, seen = [], [], set()
    declared = 0
    for info in infos:
        entry = info.filename
        if reason := _unsafe_name(entry):
            raise Refused(f"{name}: {entry!r} {reason}; the zip must hold relative paths only.")
        if entry in seen:
            raise Refused(f"{name}: {entry} appears twice in the zip.")
        seen.add(entry)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise Refused(f"{name}: {entry} is a link; the zip must hold plain files only.")
        if info.is_dir():
            continue
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            raise Refused(
                f"{name}: {entry} is not a plain file; the zip must hold plain files only."
            )
        if not _is_data(entry):
            skipped.append(entry)
            continue
        if info.flag_bits & 0x1:
            raise Refused(f"{name}: {entry} is encrypted; upload a zip without a password.")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Refused(
                f"{name}: {entry} would expand {info.file_size // max(info.compress_size, 1)}-fold; "
                f"the limit is {MAX_RATIO}-fold (a zip bomb?)."
            )
        declared += info.file_size
        if declared > MAX_EXPANDED_BYTES:
            raise Refused(
                f"{name}: its files would expand to more than {MAX_EXPANDED_BYTES // MB} MB; "
                "that is the limit."
            )
        kept.append(info)
    return kept, skipped


def _expand(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """One entry's bytes, counted as they come: a directory that lies about sizes gains nothing."""
    limit = min(budget, max(RATIO_FLOOR, MAX_RATIO * max(info.compress_size, 1)))
    chunks, size = [], 0
    with archive.open(info) as entry:
        while chunk := entry.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise Refused(
                    f"{name}: {info.filename} expands beyond what its zip entry declares or "
                    "beyond the limits (a zip bomb?)."
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _unzip(name: str, content: bytes) -> tuple[dict[str, bytes], tuple[str, ...]]:
    """The data files of a zip by their path inside it, and the names of the files left out."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            kept, skipped = _entries(name, archive)
            files: dict[str, bytes] = {}
            budget = MAX_EXPANDED_BYTES
            for info in kept:
                data = _expand(name, archive, info, budget)
                budget -= len(data)
                files[info.filename] = _text(info.filename, data)
    except Refused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, struct.error) as error:
        raise Refused(f"{name}: not a readable zip archive ({error}).") from None
    except (NotImplementedError, RuntimeError, ValueError, OSError) as error:
        # Unsupported compression, a password, a corrupt header: zipfile's own words say which.
        raise Refused(f"{name}: the zip could not be read ({error}).") from None
    return files, tuple(skipped)


def _zip_folders(name: str, files: Mapping[str, bytes]) -> tuple[str, str]:
    """The paths of the events and seeds folders inside a zip: at its top, or in its one folder."""
    tops = {path.split("/", 1)[0] for path in files}
    for root in ("", *sorted(tops)):
        events, seeds = (f"{root}/{what}" if root else what for what in ("events", "seeds"))
        if any(p.startswith(f"{events}/") for p in files) and any(
            p.startswith(f"{seeds}/") for p in files
        ):
            return events, seeds
    raise Refused(
        f"{name}: expected an events/ and a seeds/ folder at the top of the zip, or inside one "
        "folder at its top (found: " + (", ".join(sorted(tops))[:200] or "no data files") + ")."
    )
