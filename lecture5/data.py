"""Data loaders for the lecture: real files, verified, cached, usable offline.

Every loader finds its file in this order:

1. ``$LECTURE5_DATA`` -- a folder the lecturer (or CI) filled beforehand.  When the
   variable is set, the file must be there; nothing is downloaded.
2. The download cache ``data/`` at the top of the repository (or ``$LECTURE5_CACHE``).
3. A download from the public original, verified by checksum before it is used.

A missing, truncated or corrupted file raises :class:`DataError` with a message
that says what to do.  Files are never silently replaced or half-read.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA_ENV = "LECTURE5_DATA"
CACHE_ENV = "LECTURE5_CACHE"
_REPO_ROOT = Path(__file__).resolve().parents[1]


class DataError(RuntimeError):
    """A data file is missing, incomplete or not what the lecture expects."""


@dataclass(frozen=True)
class Remote:
    """Where a data file comes from and how to recognise the right bytes."""

    filename: str
    url: str
    sha256: str | None  # None when upstream is not pinned: the content is checked instead
    description: str
    local_names: tuple[str, ...] = ()  # other names accepted in the offline folder, in order

    def offline_names(self) -> tuple[str, ...]:
        return (self.filename, *self.local_names)


MNIST = Remote(
    filename="mnist.npz",
    url="https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
    sha256="731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
    description="MNIST digits (keras layout)",
)

# sha256 of ``array.tobytes()`` for each MNIST array: identical for keras' file and for
# any faithful repackaging of the original IDX files (the zip bytes may differ).
MNIST_ARRAYS = {
    "x_train": ((60000, 28, 28), "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757"),
    "y_train": ((60000,), "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13"),
    "x_test": ((10000, 28, 28), "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161"),
    "y_test": ((10000,), "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5"),
}


def data_dir() -> Path | None:
    """The offline folder named by ``$LECTURE5_DATA``, or None when unset."""
    value = os.environ.get(DATA_ENV, "").strip()
    return Path(value).expanduser() if value else None


def cache_dir() -> Path:
    """Where downloads are kept (git ignores it)."""
    value = os.environ.get(CACHE_ENV, "").strip()
    return Path(value).expanduser() if value else _REPO_ROOT / "data"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def locate(remote: Remote) -> Path:
    """Return a local path to ``remote``'s file, downloading it only if needed.

    Raises :class:`DataError` if the file cannot be had.
    """
    offline = data_dir()
    if offline is not None:
        if not offline.is_dir():
            hint = "" if offline.is_absolute() else (
                f" (a relative path is read from the current folder, {Path.cwd()}: give an absolute one)")
            raise DataError(f"{remote.description}: {DATA_ENV}={offline} is not a folder{hint}. "
                            f"Point it at the folder that holds {remote.offline_names()[0]}, "
                            f"or unset {DATA_ENV} to download from {remote.url}.")
        for name in remote.offline_names():
            if (offline / name).is_file():
                return offline / name
        raise DataError(
            f"{remote.description}: {DATA_ENV}={offline} does not contain "
            f"{' or '.join(remote.offline_names())}. Copy the file there (see README, "
            f"'Offline class'), or unset {DATA_ENV} to download it from {remote.url}."
        )

    target = cache_dir() / remote.filename
    if target.is_file() and (remote.sha256 is None or sha256_of(target) == remote.sha256):
        return target
    if target.is_file():
        raise DataError(
            f"{remote.description}: the cached file {target} does not match its checksum "
            f"(truncated or corrupted). Delete it and run again to download a fresh copy."
        )
    return _download(remote, target)


def _download(remote: Remote, target: Path) -> Path:
    import keras  # imported late: reading a local copy must not need it

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        path = keras.utils.get_file(
            fname=remote.filename,
            origin=remote.url,
            file_hash=remote.sha256,
            hash_algorithm="sha256",
            cache_dir=str(target.parent),
            cache_subdir="",
        )
    except Exception as error:  # network errors come in many types
        target.unlink(missing_ok=True)
        raise DataError(
            f"{remote.description}: could not download {remote.url} ({error}). "
            f"With no network, put {remote.filename} into a folder and set "
            f"{DATA_ENV} to that folder (see README, 'Offline class')."
        ) from None
    return Path(path)


def load_mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """MNIST as ``(x_train, y_train), (x_test, y_test)``, uint8, like ``keras.datasets.mnist``.

    The arrays are checked against known shapes and checksums, so a local copy in a
    different zip packaging is accepted while a damaged one is not.
    """
    path = locate(MNIST)
    arrays = _read_npz(path, MNIST_ARRAYS)
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def _read_npz(path: Path, expected: dict[str, tuple[tuple[int, ...], str]]) -> dict[str, np.ndarray]:
    fix = f"Delete {path} and download it again, or replace it with a good copy."
    try:
        with np.load(path, allow_pickle=False) as archive:
            missing = [name for name in expected if name not in archive.files]
            if missing:
                raise DataError(f"{path} lacks the arrays {missing}; it is not the expected file. {fix}")
            arrays = {name: archive[name] for name in expected}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise DataError(f"{path} cannot be read ({error}): truncated or corrupted. {fix}") from None
    for name, (shape, digest) in expected.items():
        array = arrays[name]
        if array.shape != shape or array.dtype != np.uint8:
            raise DataError(
                f"{path}: array {name} has shape {array.shape} and type {array.dtype}, "
                f"expected {shape} uint8. {fix}"
            )
        if hashlib.sha256(array.tobytes()).hexdigest() != digest:
            raise DataError(f"{path}: array {name} does not match its checksum. {fix}")
    return arrays


# --- Text corpora ------------------------------------------------------------------------

POL_ENG = Remote(
    filename="pol-eng.zip",
    url="https://www.manythings.org/anki/pol-eng.zip",
    sha256=None,  # upstream grows with Tatoeba: the content is checked instead
    description="Tatoeba English-Polish sentence pairs (CC-BY 2.0 FR, tatoeba.org)",
    local_names=("pol-eng.txt", "pol.txt"),
)
POL_ENG_MIN_PAIRS = 40_000

PAN_TADEUSZ = Remote(
    filename="pan-tadeusz.txt",
    url="https://wolnelektury.pl/media/book/txt/pan-tadeusz.txt",
    sha256=None,  # Wolne Lektury may re-edit the footer: the content is checked instead
    description="Adam Mickiewicz, Pan Tadeusz (public domain, Wolne Lektury)",
)
PAN_TADEUSZ_MIN_LINES = 10_000


def _read_text(path: Path, inner: str | None = None) -> str:
    """Read UTF-8 text from ``path`` (or from member ``inner`` of a zip archive)."""
    fix = f"Delete {path} and download it again, or replace it with a good copy."
    try:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if n.endswith(".txt") and "_about" not in n]
                if inner not in names:
                    raise DataError(f"{path} holds no {inner} (found {names}). {fix}")
                raw = archive.read(inner)
        else:
            raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, EOFError, zipfile.BadZipFile) as error:
        raise DataError(f"{path} cannot be read ({error}): truncated or corrupted. {fix}") from None
    except UnicodeDecodeError as error:
        raise DataError(f"{path} is not UTF-8 text ({error}). {fix}") from None
    if not text.endswith("\n"):
        raise DataError(f"{path} does not end with a line break: the file is truncated. {fix}")
    return text


def load_pol_eng() -> list[tuple[str, str]]:
    """Tatoeba sentence pairs as ``[(english, polish), ...]`` in file order.

    Accepts the two-column file and the Anki distribution's three-column ``pol.txt``
    (its third column, the attribution, is dropped).  Credit: Tatoeba, CC-BY 2.0 FR.
    """
    path = locate(POL_ENG)
    text = _read_text(path, inner="pol.txt")
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) not in (2, 3) or not fields[0].strip() or not fields[1].strip():
            raise DataError(
                f"{path}, line {number}: expected 'English<TAB>Polish[<TAB>attribution]', "
                f"got {line[:80]!r}. The file is damaged; replace it with a good copy."
            )
        pairs.append((fields[0].strip(), fields[1].strip()))
    if len(pairs) < POL_ENG_MIN_PAIRS:
        raise DataError(
            f"{path} holds only {len(pairs)} sentence pairs (at least {POL_ENG_MIN_PAIRS} "
            f"expected): truncated. Replace it with a complete copy."
        )
    return pairs


def load_pan_tadeusz() -> str:
    """The poem's text, from 'Księga pierwsza' to the end of the epilogue.

    The publisher's header (if any) and footer (after the line ``-----``) are removed.
    """
    path = locate(PAN_TADEUSZ)
    text = _read_text(path)
    fix = "Replace it with the Wolne Lektury plain-text edition."
    start = text.find("Księga pierwsza")
    end = text.rfind("\n-----")
    if start < 0 or end < 0 or start > end or "Epilog" not in text[start:end]:
        raise DataError(
            f"{path} does not look like the Wolne Lektury edition of Pan Tadeusz "
            f"(missing 'Księga pierwsza', 'Epilog' or the footer line '-----'). {fix}"
        )
    poem = text[start:end].strip() + "\n"
    if poem.count("\n") < PAN_TADEUSZ_MIN_LINES:
        raise DataError(f"{path} holds only {poem.count(chr(10))} lines of the poem: truncated. {fix}")
    return poem


def main() -> int:
    """``python -m lecture5.data``: fetch (or find) and verify every data set."""
    where = f"{DATA_ENV}={data_dir()}" if data_dir() else f"cache {cache_dir()}"
    print(f"Data sets ({where}):")
    checks = {
        "mnist.npz": lambda: f"{len(load_mnist()[0][0])} + {len(load_mnist()[1][0])} digits",
        "pol-eng": lambda: f"{len(load_pol_eng())} sentence pairs",
        "pan-tadeusz.txt": lambda: f"{load_pan_tadeusz().count(chr(10))} lines",
    }
    failed = 0
    for name, check in checks.items():
        try:
            print(f"  OK    {name}: {check()}")
        except DataError as error:
            failed += 1
            print(f"  FAIL  {name}: {error}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
