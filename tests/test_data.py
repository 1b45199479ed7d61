"""The loaders: local copies, downloads, and every way a file can be wrong."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import numpy as np
import pytest

from lecture5 import data

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def offline(tmp_path, monkeypatch):
    """An empty offline folder named by LECTURE5_DATA, and an empty cache."""
    folder = tmp_path / "offline"
    folder.mkdir()
    monkeypatch.setenv(data.DATA_ENV, str(folder))
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    return folder


def fake_mnist(path: Path, n_train: int = 60000, n_test: int = 10000) -> None:
    rng = np.random.default_rng(0)
    np.savez(
        path,
        x_train=rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        y_train=rng.integers(0, 10, n_train, dtype=np.uint8),
        x_test=rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        y_test=rng.integers(0, 10, n_test, dtype=np.uint8),
    )


# --- MNIST -----------------------------------------------------------------------------


@pytest.mark.skipif(not (SHARED / "mnist.npz").is_file(), reason="no local MNIST copy")
def test_mnist_from_local_copy(monkeypatch):
    monkeypatch.setenv(data.DATA_ENV, str(SHARED))
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert round(float(x_train.mean()), 4) == 33.3184


def test_missing_offline_file_says_what_to_do(offline):
    with pytest.raises(data.DataError, match="does not contain mnist.npz.*unset LECTURE5_DATA"):
        data.load_mnist()


def test_offline_folder_that_does_not_exist(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LECTURE5_DATA", "no/such/folder")
    with pytest.raises(data.DataError, match="is not a folder .*relative path.*give an absolute one"):
        data.load_mnist()


def test_truncated_file_is_rejected(offline):
    fake_mnist(offline / "mnist.npz", n_train=100, n_test=10)
    raw = (offline / "mnist.npz").read_bytes()
    (offline / "mnist.npz").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(data.DataError, match="truncated or corrupted"):
        data.load_mnist()


def test_not_a_zip_is_rejected(offline):
    (offline / "mnist.npz").write_text("<html>404 Not Found</html>")
    with pytest.raises(data.DataError, match="cannot be read"):
        data.load_mnist()


def test_wrong_shape_is_rejected(offline):
    fake_mnist(offline / "mnist.npz", n_train=100, n_test=10)
    with pytest.raises(data.DataError, match=r"x_train has shape \(100, 28, 28\)"):
        data.load_mnist()


def test_missing_array_is_rejected(offline):
    np.savez(offline / "mnist.npz", x_train=np.zeros((60000, 28, 28), np.uint8))
    with pytest.raises(data.DataError, match=r"lacks the arrays \['y_train'"):
        data.load_mnist()


def test_right_shape_wrong_content_is_rejected(offline):
    fake_mnist(offline / "mnist.npz")
    with pytest.raises(data.DataError, match="does not match its checksum"):
        data.load_mnist()


# --- Downloads and the cache -----------------------------------------------------------


def remote_for(source: Path, sha256: str | None) -> data.Remote:
    return data.Remote("file.bin", source.as_uri(), sha256, "test file")


def test_download_verifies_and_caches(tmp_path, monkeypatch):
    monkeypatch.delenv(data.DATA_ENV, raising=False)
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    source = tmp_path / "source.bin"
    source.write_bytes(b"lecture five")
    remote = remote_for(source, hashlib.sha256(b"lecture five").hexdigest())
    path = data.locate(remote)
    assert path == tmp_path / "cache" / "file.bin"
    assert path.read_bytes() == b"lecture five"
    source.unlink()  # the second call must not need the network
    assert data.locate(remote) == path


def test_download_with_wrong_checksum_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv(data.DATA_ENV, raising=False)
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    source = tmp_path / "source.bin"
    source.write_bytes(b"tampered")
    with pytest.raises(data.DataError, match="could not download"):
        data.locate(remote_for(source, "0" * 64))
    assert not (tmp_path / "cache" / "file.bin").exists()


def test_no_network_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.delenv(data.DATA_ENV, raising=False)
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    remote = data.Remote("file.bin", "http://127.0.0.1:9/file.bin", "0" * 64, "test file")
    with pytest.raises(data.DataError, match="set LECTURE5_DATA"):
        data.locate(remote)


def test_corrupted_cache_is_not_silently_replaced(tmp_path, monkeypatch):
    monkeypatch.delenv(data.DATA_ENV, raising=False)
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "file.bin").write_bytes(b"half a fi")
    remote = remote_for(tmp_path / "source.bin", hashlib.sha256(b"half a file").hexdigest())
    with pytest.raises(data.DataError, match="does not match its checksum.*Delete it"):
        data.locate(remote)
    assert (tmp_path / "cache" / "file.bin").read_bytes() == b"half a fi"


# --- Text corpora ----------------------------------------------------------------------


def pairs_text(n: int, columns: int = 2) -> str:
    extra = "\tCC-BY 2.0 (France) Attribution: tatoeba.org" if columns == 3 else ""
    return "".join(f"Sentence {i}.\tZdanie {i}.{extra}\n" for i in range(n))


@pytest.mark.skipif(not (SHARED / "pol-eng.txt").is_file(), reason="no local Tatoeba copy")
def test_pol_eng_from_local_copy(monkeypatch):
    monkeypatch.setenv(data.DATA_ENV, str(SHARED))
    pairs = data.load_pol_eng()
    assert len(pairs) == 43050
    assert pairs[0] == ("Come quickly!", "Przyjdź szybko!")


def test_pol_eng_accepts_anki_zip(offline):
    with zipfile.ZipFile(offline / "pol-eng.zip", "w") as archive:
        archive.writestr("pol.txt", pairs_text(data.POL_ENG_MIN_PAIRS, columns=3))
        archive.writestr("_about.txt", "about")
    pairs = data.load_pol_eng()
    assert len(pairs) == data.POL_ENG_MIN_PAIRS
    assert pairs[1] == ("Sentence 1.", "Zdanie 1.")


def test_pol_eng_rejects_malformed_line(offline):
    text = pairs_text(10) + "no tab here\n" + pairs_text(data.POL_ENG_MIN_PAIRS)
    (offline / "pol-eng.txt").write_text(text, encoding="utf-8")
    with pytest.raises(data.DataError, match="line 11: expected"):
        data.load_pol_eng()


def test_pol_eng_rejects_truncated_file(offline):
    (offline / "pol-eng.txt").write_text(pairs_text(data.POL_ENG_MIN_PAIRS)[:-5], encoding="utf-8")
    with pytest.raises(data.DataError, match="truncated"):
        data.load_pol_eng()


def test_pol_eng_rejects_too_few_pairs(offline):
    (offline / "pol-eng.txt").write_text(pairs_text(100), encoding="utf-8")
    with pytest.raises(data.DataError, match="only 100 sentence pairs"):
        data.load_pol_eng()


def test_pol_eng_rejects_other_encoding(offline):
    (offline / "pol-eng.txt").write_bytes("Hi.\tCześć.\n".encode("cp1250") * 50000)
    with pytest.raises(data.DataError, match="not UTF-8"):
        data.load_pol_eng()


@pytest.mark.skipif(not (SHARED / "pan-tadeusz.txt").is_file(), reason="no local copy")
def test_pan_tadeusz_from_local_copy(monkeypatch):
    monkeypatch.setenv(data.DATA_ENV, str(SHARED))
    poem = data.load_pan_tadeusz()
    assert poem.startswith("Księga pierwsza")
    assert "Litwo! Ojczyzno moja!" in poem
    assert "Wolne Lektury" not in poem  # the footer is gone
    assert poem.endswith("Z modrych bławatków i zielonej ruty…\n")


def test_pan_tadeusz_rejects_truncated_file(offline):
    (offline / "pan-tadeusz.txt").write_text("Księga pierwsza\nLitwo!\n" * 6000, encoding="utf-8")
    with pytest.raises(data.DataError, match="does not look like"):
        data.load_pan_tadeusz()
