"""Copy media from a local folder (MEDIA_ROOT) into the configured storage, under the same names.

The database names files by their path under MEDIA_ROOT, so each file keeps exactly that name
in the bucket. A file whose name is already there with the same size counts as copied (an
upload to a bucket appears whole or not at all, so a stopped run leaves no half object and the
next run resumes); the same name with another size is a conflict, reported and left alone.
Local files are deleted only when asked, and only once the copy's size has been read back.
Symbolic links are never followed: they may point anywhere on the machine.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage


@dataclass
class MoveReport:
    copied: list[str] = field(default_factory=list)
    already_there: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    skipped_links: list[str] = field(default_factory=list)
    deleted_local: list[str] = field(default_factory=list)
    copied_bytes: int = 0

    def summary(self, *, dry_run: bool) -> str:
        verb = "would copy" if dry_run else "copied"
        parts = [
            f"{verb} {len(self.copied)} files ({self.copied_bytes:,} bytes)",
            f"{len(self.already_there)} already in storage",
            f"{len(self.conflicts)} conflicts",
        ]
        if self.skipped_links:
            parts.append(f"{len(self.skipped_links)} symbolic links skipped")
        if self.deleted_local or not dry_run:
            parts.append(f"{len(self.deleted_local)} local files deleted")
        return ", ".join(parts)


@dataclass(frozen=True)
class LocalFile:
    name: str  # relative to the source folder, with "/" separators: the stored name
    path: Path
    size: int


def local_files(source: Path) -> tuple[list[LocalFile], list[str]]:
    """The regular files under `source` in name order, and the names of symbolic links found."""
    files: list[LocalFile] = []
    links: list[str] = []
    for directory, folders, names in os.walk(source, followlinks=False):
        folders.sort()
        base = Path(directory)
        for folder in list(folders):
            if (base / folder).is_symlink():
                links.append((base / folder).relative_to(source).as_posix())
        for name in sorted(names):
            path = base / name
            relative = path.relative_to(source).as_posix()
            if path.is_symlink():
                links.append(relative)
            elif path.is_file():
                files.append(LocalFile(name=relative, path=path, size=path.stat().st_size))
    return sorted(files, key=lambda file: file.name), sorted(links)


def _stored_size(storage: Storage, name: str) -> int | None:
    """The size of `name` in storage, or None when it is not there."""
    if not storage.exists(name):
        return None
    try:
        return storage.size(name)
    except FileNotFoundError:
        return None


def move_media(
    source: Path,
    storage: Storage,
    *,
    dry_run: bool = False,
    delete_local: bool = False,
    progress: Callable[[int], object] = lambda _bytes: None,
    files: list[LocalFile] | None = None,
) -> MoveReport:
    """Copy every file under `source` into `storage`; `progress` is called with the bytes of each file done."""
    report = MoveReport()
    if files is None:
        files, report.skipped_links = local_files(source)
    for local in files:
        stored_size = _stored_size(storage, local.name)
        if stored_size is None:
            if not dry_run:
                _copy(storage, local, report)
            else:
                report.copied.append(local.name)
                report.copied_bytes += local.size
        elif stored_size == local.size:
            report.already_there.append(local.name)
        else:
            report.conflicts.append(local.name)
        if delete_local and not dry_run and local.name not in report.conflicts:
            _delete_if_verified(storage, local, report, source)
        progress(local.size)
    return report


def _copy(storage: Storage, local: LocalFile, report: MoveReport) -> None:
    with local.path.open("rb") as handle:
        saved = storage.save(local.name, File(handle, name=local.name))
    if saved != local.name:
        # Someone stored the name between our check and the upload: keep theirs, drop ours.
        storage.delete(saved)
        report.conflicts.append(local.name)
        return
    report.copied.append(local.name)
    report.copied_bytes += local.size


def _delete_if_verified(storage: Storage, local: LocalFile, report: MoveReport, source: Path) -> None:
    """Delete the local file only if storage holds the name with the same size, read back now."""
    if _stored_size(storage, local.name) != local.size:
        return
    local.path.unlink()
    report.deleted_local.append(local.name)
    _remove_empty_folders(local.path.parent, source)


def _remove_empty_folders(folder: Path, source: Path) -> None:
    """Folders that deleting left empty go too, up to but never including the source folder."""
    while folder != source and source in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
