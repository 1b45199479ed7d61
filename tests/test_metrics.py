"""Unit tests of lecture5.metrics (psnr, principal_angles)."""

import numpy as np
import pytest
from scipy.linalg import subspace_angles

from lecture5.metrics import principal_angles, psnr

# --- psnr -------------------------------------------------------------------------------

def test_psnr_known_value():
    clean = np.zeros((4, 4))
    noisy = clean + 0.1  # MSE = 0.01 -> 10 * log10(1 / 0.01) = 20 dB
    assert psnr(clean, noisy) == pytest.approx(20.0)


def test_psnr_data_range_scales():
    clean = np.zeros((2, 3))
    noisy = clean + 25.5  # MSE = 650.25 on a 0..255 scale: the same 20 dB
    assert psnr(clean, noisy, data_range=255) == pytest.approx(20.0)


def test_psnr_per_image():
    clean = np.zeros((3, 2, 2))
    noisy = clean + np.array([0.1, 0.01, 0.001])[:, None, None]
    values = psnr(clean, noisy, per_image=True)
    assert values.shape == (3,)
    np.testing.assert_allclose(values, [20.0, 40.0, 60.0])


def test_psnr_identical_is_infinite():
    image = np.full((5, 5), 0.5)
    assert psnr(image, image) == np.inf
    assert np.all(np.isinf(psnr(image[None], image[None], per_image=True)))


def test_psnr_better_estimate_scores_higher():
    rng = np.random.default_rng(0)
    clean = rng.random((10, 28, 28))
    assert psnr(clean, clean + 0.01) > psnr(clean, clean + 0.1)


def test_psnr_accepts_lists_and_ints():
    assert psnr([[0, 0], [0, 0]], [[1, 1], [1, 1]], data_range=10) == pytest.approx(20.0)


@pytest.mark.parametrize(
    "reference, estimate, kwargs, message",
    [
        (np.zeros((2, 3)), np.zeros((3, 2)), {}, "same shape"),
        (np.zeros(0), np.zeros(0), {}, "empty"),
        ("abc", np.zeros(3), {}, "numeric array"),
        (None, np.zeros(3), {}, "numeric array"),
        (np.zeros(3), [1, "x", 2], {}, "numeric array"),
        (np.array([0.0, np.nan]), np.zeros(2), {}, "NaN"),
        (np.zeros(3), np.zeros(3), {"data_range": 0}, "positive"),
        (np.zeros(3), np.zeros(3), {"data_range": "1"}, "positive"),
        (np.zeros(3), np.zeros(3), {"data_range": True}, "positive"),
        (np.zeros(3), np.zeros(3), {"per_image": True}, "batch of images"),
    ],
)
def test_psnr_bad_input(reference, estimate, kwargs, message):
    with pytest.raises(ValueError, match=message):
        psnr(reference, estimate, **kwargs)


# --- principal_angles --------------------------------------------------------------------

def test_angles_identical_subspaces_are_zero():
    rng = np.random.default_rng(1)
    basis = rng.normal(size=(20, 4))
    mixed = basis @ rng.normal(size=(4, 4))  # another basis of the same subspace
    np.testing.assert_allclose(principal_angles(basis, mixed), 0.0, atol=1e-6)


def test_angles_orthogonal_subspaces_are_ninety():
    eye = np.eye(6)
    np.testing.assert_allclose(principal_angles(eye[:, :2], eye[:, 2:5]), [90.0, 90.0])


def test_angles_known_rotation():
    # span{e1, e2} vs span{e1, cos(t) e2 + sin(t) e3}: angles 0 and t
    t = np.radians(30.0)
    a = np.eye(3)[:, :2]
    b = np.array([[1.0, 0.0], [0.0, np.cos(t)], [0.0, np.sin(t)]])
    np.testing.assert_allclose(principal_angles(a, b), [0.0, 30.0], atol=1e-10)
    np.testing.assert_allclose(principal_angles(a, b, degrees=False), [0.0, t], atol=1e-12)


def test_angles_small_angle_is_accurate():
    t = 1e-7  # radians: arccos alone would round this to 0 or to ~1e-8 noise
    a = np.array([[1.0], [0.0]])
    b = np.array([[np.cos(t)], [np.sin(t)]])
    assert principal_angles(a, b, degrees=False)[0] == pytest.approx(t, rel=1e-6)


def test_angles_match_scipy_and_are_ascending():
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(30, 5)), rng.normal(size=(30, 3))
    ours = principal_angles(a, b, degrees=False)
    assert ours.shape == (3,)
    assert np.all(np.diff(ours) >= 0)
    np.testing.assert_allclose(ours, np.sort(subspace_angles(a, b)), atol=1e-10)
    np.testing.assert_allclose(principal_angles(b, a, degrees=False), ours, atol=1e-10)


@pytest.mark.parametrize(
    "a, b, message",
    [
        (np.zeros((5, 2)) + np.arange(2), np.eye(5)[:, :2], "linearly dependent"),
        (np.eye(5)[:, :2], np.ones((5, 2)), "linearly dependent"),
        (np.ones(5), np.eye(5)[:, :2], "2-D"),
        (np.eye(5)[:, :2], np.eye(4)[:, :2], "same length"),
        (np.zeros((0, 2)), np.eye(5)[:, :2], "empty"),
        ("abc", np.eye(5)[:, :2], "numeric array"),
        (np.eye(5)[:, :2], np.full((5, 2), np.inf), "infinite"),
    ],
)
def test_angles_bad_input(a, b, message):
    with pytest.raises(ValueError, match=message):
        principal_angles(a, b)


def test_angles_contained_subspace_of_lower_dimension():
    # a 3-D subspace inside a 5-D one: three zero angles, whichever argument comes first
    rng = np.random.default_rng(3)
    big = rng.normal(size=(40, 5))
    small = big @ rng.normal(size=(5, 3))
    for first, second in ((big, small), (small, big)):
        angles = principal_angles(first, second)
        assert angles.shape == (3,)
        np.testing.assert_allclose(angles, 0.0, atol=1e-6)
