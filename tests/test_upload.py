"""A user's own data read in memory: what an upload may be, what is refused and why, nothing written,
and the child process that reads it under a time and a memory limit."""

from __future__ import annotations

import functools
import io
import logging
import os
import random
import stat
import sys
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import helpers
from tests.helpers import BULK_EVENT
from timeline.data import isolated
from timeline.data.isolated import UNEXPECTED, open_upload
from timeline.data.upload import MB, MemoryFolder, Refused, read_upload

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dashboard"
TOTAL = 9  # events in the fixture
TAXONOMY = (FIXTURE / "events" / "taxonomy.yaml").read_bytes()


def fixture_files(prefix: str = "", taxonomy: bool = True) -> dict[str, bytes]:
    """The dashboard fixture's files by their path under `prefix`: events/... and seeds/..."""
    return {
        f"{prefix}{path.relative_to(FIXTURE).as_posix()}": path.read_bytes()
        for path in sorted(FIXTURE.rglob("*"))
        if path.is_file() and (taxonomy or path.name != "taxonomy.yaml")
    }


def zipped(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def loose(taxonomy: bool = True) -> list[tuple[str, bytes]]:
    """The fixture as loose files, as a browser sends several chosen files: names only."""
    return [
        (name.rpartition("/")[2], content)
        for name, content in fixture_files(taxonomy=taxonomy).items()
    ]


# Every open() for writing while an upload is read; the hook stays for the process (hooks cannot
# be removed) but records only inside `nothing_written`.
_WRITES: list[str] | None = None
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND


def _audit(event: str, args: tuple) -> None:
    # open() of a descriptor wraps one made already (the pipe to the reading process); a file on
    # disk would have been seen by its path when it was made
    if _WRITES is None or event != "open" or isinstance(args[0], int):
        return
    path, mode, flags = args
    if (isinstance(mode, str) and set(mode) & set("wax+")) or (flags or 0) & _WRITE_FLAGS:
        _WRITES.append(str(path))


sys.addaudithook(_audit)


@contextmanager
def nothing_written() -> Iterator[None]:
    """Fail if anything inside opens a file for writing."""
    global _WRITES
    _WRITES = []
    try:
        yield
    finally:
        written, _WRITES = _WRITES, None
    assert written == [], f"files written: {written}"


def test_the_audit_hook_sees_a_write(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="files written"), nothing_written():
        (tmp_path / "x").write_text("x")


@pytest.mark.parametrize(
    ("name", "files", "events_path"),
    [
        ("events and seeds at the top", lambda: [("d.zip", zipped(fixture_files()))], "events"),
        (
            "inside one folder",
            lambda: [("d.zip", zipped(fixture_files("mine/")))],
            "mine/events",
        ),
        (
            "stored, not compressed",
            lambda: [("d.zip", zipped(fixture_files(), zipfile.ZIP_STORED))],
            "events",
        ),
        (
            "without a taxonomy",
            lambda: [("d.zip", zipped(fixture_files(taxonomy=False)))],
            "events",
        ),
        ("loose files", loose, ""),
        ("loose files without a taxonomy", lambda: loose(taxonomy=False), ""),
    ],
)
def test_an_upload_loads_like_the_shipped_data(
    name: str, files: Callable[[], list[tuple[str, bytes]]], events_path: str
) -> None:
    with nothing_written():
        data = read_upload(files(), default_taxonomy=TAXONOMY)
        dataset = data.load()
    assert dataset.problems == []
    assert len(dataset.events) == TOTAL
    assert data.events.path == events_path
    assert dataset.taxonomy is not None and "allied" in dataset.taxonomy.alignments
    # the rows name their file inside the upload, never a path on the server
    assert all(not path.startswith("/") for path in dataset.events["file"])


def test_problems_name_the_file_inside_the_upload_and_valid_events_stay() -> None:
    files = fixture_files("mine/")
    files["mine/events/december.yaml"] = files["mine/events/december.yaml"].replace(
        b"status: confirmed", b"status: rumoured", 1
    )
    files["mine/events/broken.yaml"] = b"- id: [unclosed\n"
    dataset = read_upload([("d.zip", zipped(files))]).load()
    lines = [str(problem) for problem in dataset.problems]
    assert lines[0].startswith("mine/events/broken.yaml:1: YAML error")
    assert any(
        line.startswith("mine/events/december.yaml:") and "unknown status 'rumoured'" in line
        for line in lines
    ), lines
    assert len(dataset.events) == TOTAL - 1
    assert set(dataset.events["file"]) == {
        "mine/events/october.yaml",
        "mine/events/december.yaml",
    }


def test_files_that_are_not_data_are_skipped_unread_and_named() -> None:
    files = {
        **fixture_files(),
        "README.md": b"notes",
        "__MACOSX/events/._october.yaml": b"\x00\x05\x16\x07",
        "events/.DS_Store": b"\x00\x00\x00\x01Bud1",
        "seeds/photo.jpg": b"\xff\xd8\xff",
    }
    data = read_upload([("d.zip", zipped(files))])
    assert set(data.skipped) == {
        "README.md",
        "__MACOSX/events/._october.yaml",
        "events/.DS_Store",
        "seeds/photo.jpg",
    }
    assert len(data.load().events) == TOTAL


def test_a_source_naming_a_path_reads_nothing_outside_the_upload() -> None:
    files = fixture_files()
    files["seeds/sources.yaml"] = files["seeds/sources.yaml"].replace(
        b"file: alpha.txt", b"file: ../events/taxonomy.yaml"
    )
    dataset = read_upload([("d.zip", zipped(files))]).load()
    assert any(
        "'../events/taxonomy.yaml' is not a plain file name" in str(p) for p in dataset.problems
    )
    assert "alpha" not in dataset.texts


def test_a_memory_folder_answers_like_a_path() -> None:
    root = MemoryFolder({"d/events/a.yaml": b"- x", "d/events/sub/b.txt": b"y", "d/seeds/c": b""})
    events = root / "d" / "events"
    assert [(p.name, p.suffix, p.is_file(), p.is_dir()) for p in events.iterdir()] == [
        ("a.yaml", ".yaml", True, False),
        ("sub", "", False, True),
    ]
    assert str(events / "a.yaml") == "d/events/a.yaml"
    assert (events / "a.yaml").read_bytes() == b"- x"
    assert root.is_dir() and events.is_dir() and not (root / "nowhere").is_dir()
    # no way out of the upload: '..' is just a name it does not hold
    assert not (events / ".." / "seeds" / "c").is_file()
    with pytest.raises(FileNotFoundError):
        (events / "missing.yaml").read_bytes()


def _entry(name: str, content: bytes = b"- id: x\n", **attributes: int) -> bytes:
    """The fixture zipped with one more entry, given ZipInfo `attributes`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for fixture_name, fixture_content in fixture_files().items():
            archive.writestr(fixture_name, fixture_content)
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        for key, value in attributes.items():
            setattr(info, key, value)
        archive.writestr(info, content)
    return buffer.getvalue()


def _many_entries(count: int) -> bytes:
    return zipped({**fixture_files(), **{f"events/e{i}.yaml": b"[]\n" for i in range(count)}})


def _patched(archive: bytes, entry: str, *, flags: int = 0, size: int | None = None) -> bytes:
    """`archive` with `entry`'s headers (its local one and the directory's) saying otherwise:
    general-purpose `flags` set, or `size` as its decompressed size."""
    data = bytearray(archive)
    # signature, then the offsets of the flags, the decompressed size, the name length, the name
    for signature, flag_at, size_at, length_at, name_at in (
        (b"PK\x03\x04", 6, 22, 26, 30),
        (b"PK\x01\x02", 8, 24, 28, 46),
    ):
        start = -1
        while (start := data.find(signature, start + 1)) != -1:
            length = int.from_bytes(data[start + length_at : start + length_at + 2], "little")
            if data[start + name_at : start + name_at + length] != entry.encode():
                continue
            old = int.from_bytes(data[start + flag_at : start + flag_at + 2], "little")
            data[start + flag_at : start + flag_at + 2] = (old | flags).to_bytes(2, "little")
            if size is not None:
                data[start + size_at : start + size_at + 4] = size.to_bytes(4, "little")
    return bytes(data)


def _understated() -> bytes:
    """A zip whose directory says its 20 MB entry holds 1,000 bytes (a bomb lying about itself)."""
    return _patched(
        zipped({**fixture_files(), "events/zz.yaml": b" " * (20 * MB)}), "events/zz.yaml", size=1000
    )


def _overstated_total() -> bytes:
    """Nine entries of 100 kB declared as 6 MB each: each 60-fold, 54 MB in all."""
    noise = random.Random(0).randbytes(100_000)
    names = [f"events/z{i}.txt" for i in range(9)]
    archive = zipped({**fixture_files(), **dict.fromkeys(names, noise)})
    for name in names:
        archive = _patched(archive, name, size=6 * MB)
    return archive


def _duplicate_entry() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate it is asked to write
        for name, content in fixture_files().items():
            archive.writestr(name, content)
        archive.writestr("events/october.yaml", b"[]\n")
    return buffer.getvalue()


REFUSED = [
    # (case, the upload as (name, bytes) pairs, words the message must contain)
    ("archive over 20 MB", lambda: [("d.zip", b"\0" * (20 * MB + 1))], ["20.0 MB", "limit is 20 MB"]),
    (
        "loose files over 20 MB together",
        lambda: [*loose(), *((f"big{i}.txt", b"a" * (5 * MB)) for i in range(4))],
        ["limit is 20 MB"],
    ),
    ("more than 200 entries", lambda: [("d.zip", _many_entries(200))], ["entries", "limit is 200"]),
    (
        "more than 200 loose files",
        lambda: [*loose(), *((f"e{i}.yaml", b"[]") for i in range(200))],
        ["files", "limit is 200"],
    ),
    (
        "decompressed total over 50 MB",
        lambda: [("d.zip", _overstated_total())],
        ["expand to more than 50 MB"],
    ),
    (
        "ratio over 100 (a zip bomb)",
        lambda: [("d.zip", zipped({**fixture_files(), "events/bomb.yaml": b" " * (10 * MB)}))],
        ["events/bomb.yaml", "fold", "limit is 100-fold"],
    ),
    (
        "sizes understated in the zip's directory",
        lambda: [("d.zip", _understated())],
        ["d.zip", "zip"],
    ),
    ("absolute path", lambda: [("d.zip", _entry("/etc/cron.d/x.yaml"))], ["'/etc/cron.d/x.yaml'", "absolute path"]),
    ("'..' in a path", lambda: [("d.zip", _entry("events/../../x.yaml"))], ["'..'"]),
    ("backslash", lambda: [("d.zip", _entry("events\\..\\x.yaml"))], ["backslash"]),
    ("drive letter", lambda: [("d.zip", _entry("C:/x.yaml"))], ["absolute path"]),
    (
        "symbolic link",
        lambda: [("d.zip", _entry("events/link.yaml", b"/etc/passwd", external_attr=(stat.S_IFLNK | 0o777) << 16))],
        ["events/link.yaml", "is a link"],
    ),
    (
        "device file",
        lambda: [("d.zip", _entry("events/dev.yaml", b"", external_attr=(stat.S_IFCHR | 0o666) << 16))],
        ["events/dev.yaml", "not a plain file"],
    ),
    ("encrypted entry", lambda: [("d.zip", _patched(_entry("events/x.yaml"), "events/x.yaml", flags=0x1))], ["events/x.yaml", "encrypted"]),
    ("not UTF-8 in a zip", lambda: [("d.zip", _entry("events/x.yaml", b"- id: x\n  title: caf\xe9\n"))], ["events/x.yaml:2", "not UTF-8", "0xe9"]),
    ("a NUL byte", lambda: [("d.zip", _entry("seeds/x.txt", b"text\n\x00"))], ["seeds/x.txt:2", "NUL"]),
    ("not UTF-8 loose", lambda: [*loose(), ("x.txt", b"\xff\xfe")], ["x.txt:1", "not UTF-8"]),
    ("not a zip", lambda: [("d.zip", b"PK\x03\x04 this is not a zip")], ["d.zip", "not a readable zip"]),
    ("the same name twice in a zip", lambda: [("d.zip", _duplicate_entry())], ["events/october.yaml", "twice"]),
    ("the same name twice loose", lambda: [*loose(), ("alpha.txt", b"again")], ["alpha.txt", "twice"]),
    ("no events/ and seeds/", lambda: [("d.zip", zipped({"a/b.yaml": b"[]"}))], ["expected an events/ and a seeds/ folder", "found: a"]),
    ("a zip with other files", lambda: [("d.zip", zipped(fixture_files())), ("x.yaml", b"[]")], ["either one zip"]),
    ("loose without sources.yaml", lambda: [f for f in loose() if f[0] != "sources.yaml"], ["No sources.yaml"]),
    ("loose without events", lambda: [f for f in loose() if f[0].endswith((".txt", "sources.yaml"))], ["No events YAML"]),
    ("a loose name with a folder", lambda: [*loose(), ("../x.yaml", b"[]")], ["'../x.yaml'"]),
    ("a folder in the first name", lambda: [("a/b.yaml", b"[]"), *loose()], ["'a/b.yaml' has a folder"]),
    ("a climb in the first name", lambda: [("../../x.yaml", b"[]"), *loose()], ["'../../x.yaml' has a folder"]),
    ("nothing", lambda: [], ["Nothing was uploaded"]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "files", "words"), REFUSED, ids=[row[0] for row in REFUSED])
def test_a_hostile_upload_is_refused_with_a_clear_message_and_nothing_written(
    case: str, files: Callable[[], list[tuple[str, bytes]]], words: list[str]
) -> None:
    upload_files = files()
    with nothing_written(), pytest.raises(Refused) as refused:
        read_upload(upload_files, default_taxonomy=TAXONOMY)
    message = str(refused.value)
    for word in words:
        assert word in message, message
    assert "Traceback" not in message and "/tmp" not in message and os.getcwd() not in message


# The control in the dashboard, through AppTest: one AppTest is one browser session.


def session() -> AppTest:
    return helpers.session().run()


def counter(at: AppTest) -> str:
    [text] = [m.value for m in at.sidebar.markdown if m.value.startswith("Showing")]
    return text


def upload_in(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    uploader = at.get("file_uploader")[0]
    assert uploader.label == "A zip, or YAML and text files"
    return uploader.set_value(
        [(name, content, "application/octet-stream") for name, content in files]
    ).run()


def back_button(at: AppTest) -> object:
    [button] = [b for b in at.sidebar.button if b.label == "Back to the shipped data"]
    return button


def test_an_upload_replaces_the_view_for_its_session_only(fixture_data: Path) -> None:
    files = fixture_files("mine/")
    files["mine/events/december.yaml"] = files["mine/events/december.yaml"].replace(
        b"status: confirmed", b"status: rumoured", 1
    )
    mine, other = session(), session()
    mine.multiselect(key="filter_alignment").set_value(["allied"]).run()
    assert counter(mine) == "Showing **3** of 9 events"

    with nothing_written():
        upload_in(mine, ("mine.zip", zipped(files)))
    assert not mine.exception
    # the filters chosen on the shipped data start afresh on the upload
    assert counter(mine) == "Showing **8** of 8 events"
    assert "mine\\.zip" in mine.sidebar.info[0].value
    # The main area says so too, and that a reload returns to the shipped data.
    [notice] = [info.value for info in mine.main.info]
    assert notice.startswith("Showing your own data, mine\\.zip, not the shipped data.")
    assert "a reload or an opened link returns to the shipped data" in notice
    [listed] = [code.value for code in mine.code]
    assert listed.startswith("mine/events/december.yaml:") and "unknown status 'rumoured'" in listed
    assert "8 valid event(s) are shown" in mine.main.expander[0].label

    other.run()  # another browser session, rerun after the upload: still the shipped data
    assert counter(other) == "Showing **9** of 9 events"
    assert not other.sidebar.info and not other.code and not other.main.info

    back_button(mine).click().run()
    assert counter(mine) == "Showing **9** of 9 events"
    assert not mine.sidebar.info and not mine.code and not mine.main.info


def test_loose_files_open_with_the_shipped_taxonomy(fixture_data: Path) -> None:
    at = upload_in(session(), *loose(taxonomy=False))
    assert not at.exception
    assert counter(at) == "Showing **9** of 9 events"
    assert "your own data, 5 files," in at.sidebar.info[0].value


def test_files_left_out_of_a_zip_are_named(fixture_data: Path) -> None:
    at = upload_in(session(), ("d.zip", zipped({**fixture_files(), "notes.md": b"# mine"})))
    assert not at.exception
    assert counter(at) == "Showing **9** of 9 events"
    assert any("Left out, not data: notes\\.md" in c.value for c in at.sidebar.caption)


def test_a_refused_upload_says_why_and_keeps_the_shipped_data(fixture_data: Path) -> None:
    at = upload_in(session(), ("d.zip", _entry("events/../../x.yaml")))
    assert not at.exception
    [error] = at.sidebar.error
    assert "Not opened" in error.value and "has '..' in its path" in error.value.replace("\\", "")
    assert counter(at) == "Showing **9** of 9 events"


def _starting_fails(files: object, default: object) -> None:
    raise RuntimeError(f"no reader could start in {REPO}")


def _loader_bug(files: object, default: object) -> object:
    return open_upload([(None, b"")])  # type: ignore[list-item]  # the reader fails in the child


@pytest.mark.parametrize("failure", [_starting_fails, _loader_bug])
def test_an_upload_the_reader_chokes_on_is_explained_not_raised(
    fixture_data: Path, monkeypatch: pytest.MonkeyPatch, failure: Callable[..., object]
) -> None:
    monkeypatch.setattr("ui.upload.open_upload", failure)
    at = upload_in(session(), ("d.zip", zipped(fixture_files())))
    assert not at.exception
    [error] = at.sidebar.error
    assert "could not be read" in error.value and str(REPO) not in error.value
    assert counter(at) == "Showing **9** of 9 events"


# The read in a child process, under its limits.


def many_events(count: int) -> list[tuple[str, bytes]]:
    """The fixture as a zip, with `count` more events in a file of their own."""
    files = fixture_files()
    files["events/bulk.yaml"] = "".join(BULK_EVENT.format(i=i) for i in range(count)).encode()
    return [("many.zip", zipped(files))]


def test_an_ordinary_upload_opens_in_the_child() -> None:
    opened = open_upload([("mine.zip", zipped(fixture_files()))], TAXONOMY)
    assert opened.name == "mine.zip" and opened.skipped == ()
    assert len(opened.dataset.events) == TOTAL and not opened.dataset.problems
    assert 0 < opened.peak_mb < isolated.MEMORY_LIMIT / MB


def test_a_refusal_in_the_child_comes_back_as_its_sentence() -> None:
    with pytest.raises(Refused, match=r"No sources\.yaml among the files"):
        open_upload([("x.yaml", b"[]")], TAXONOMY)


def test_a_read_past_its_time_is_stopped_with_one_sentence() -> None:
    with pytest.raises(Refused) as refused:
        open_upload(many_events(20_000), TAXONOMY, seconds=0.2)
    assert str(refused.value) == "it took longer than 0.2 s to read, the limit for one upload."


def test_a_read_past_its_memory_is_stopped_with_one_sentence() -> None:
    small = open_upload([("mine.zip", zipped(fixture_files()))], TAXONOMY)
    # what the fixture's read peaked at, and 60 MB more: 30,000 events need about three times that
    limit = int(small.peak_mb * MB) + 60 * MB
    with pytest.raises(Refused) as refused:
        open_upload(many_events(30_000), TAXONOMY, memory=limit)
    assert str(refused.value) == (
        f"it needed more than {limit // MB:,} MB to read, the limit for one upload."
    )
    # the same limit lets the fixture through: it is the big read that was stopped
    assert len(open_upload([("mine.zip", zipped(fixture_files()))], memory=limit).dataset.events)


def test_a_reader_that_fails_is_logged_and_told_in_one_sentence(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with (
        caplog.at_level(logging.ERROR, "timeline.data.isolated"),
        pytest.raises(Refused) as refused,
    ):
        open_upload([(None, b"")])  # type: ignore[list-item]  # a name that is no text
    assert str(refused.value) == UNEXPECTED
    assert "AttributeError" in caplog.text


def test_the_page_says_why_a_slow_read_was_stopped_and_keeps_working(
    fixture_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ui.upload.open_upload", functools.partial(open_upload, seconds=0.2))
    at = upload_in(session(), *many_events(20_000))
    assert not at.exception
    [error] = at.sidebar.error
    assert "Not opened: it took longer than 0\\.2 s to read" in error.value
    assert counter(at) == f"Showing **{TOTAL}** of {TOTAL} events"
    # and the next upload, under the usual limits, opens
    monkeypatch.undo()
    at = upload_in(at, ("mine.zip", zipped(fixture_files())))
    assert not at.exception and not at.sidebar.error
    assert "mine\\.zip" in at.sidebar.info[0].value
