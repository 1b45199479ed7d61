"""Small, checked measures used in the lecture notebooks.

* :func:`psnr` -- peak signal-to-noise ratio of restored images (denoising).
* :func:`principal_angles` -- angles between two linear subspaces (autoencoder vs. PCA).

Bad input (wrong shapes, empty arrays, non-numeric or non-finite values) raises
:class:`ValueError` with a message that says what is wrong.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import subspace_angles

__all__ = ["psnr", "principal_angles"]


def _as_float_array(value, name: str) -> np.ndarray:
    """``value`` as a float64 array, or a ValueError naming the argument."""
    if isinstance(value, (str, bytes)) or value is None:
        raise ValueError(f"{name} must be a numeric array, got {type(value).__name__}")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a numeric array, got {type(value).__name__}") from None
    if array.size == 0:
        raise ValueError(f"{name} is empty")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def psnr(reference, estimate, data_range: float = 1.0, per_image: bool = False):
    """Peak signal-to-noise ratio in decibels: ``10 * log10(data_range**2 / MSE)``.

    ``reference`` and ``estimate`` are arrays of the same shape with values on a scale
    whose full range is ``data_range`` (1.0 for pixels in [0, 1], 255 for uint8).
    With ``per_image=True`` the first axis indexes images and an array with one PSNR per
    image is returned; otherwise one number over all values.  Identical inputs give
    ``inf`` (no error at all).  Higher is better.
    """
    ref = _as_float_array(reference, "reference")
    est = _as_float_array(estimate, "estimate")
    if ref.shape != est.shape:
        raise ValueError(f"reference and estimate must have the same shape, got {ref.shape} and {est.shape}")
    if isinstance(data_range, bool) or not isinstance(data_range, (int, float, np.number)):
        raise ValueError(f"data_range must be a positive number, got {data_range!r}")
    if not np.isfinite(data_range) or data_range <= 0:
        raise ValueError(f"data_range must be a positive number, got {data_range!r}")
    if per_image:
        if ref.ndim < 2:
            raise ValueError(
                f"per_image=True needs a batch of images (at least 2 axes, the first indexing "
                f"images), got shape {ref.shape}"
            )
        mse = np.mean((ref - est) ** 2, axis=tuple(range(1, ref.ndim)))
    else:
        mse = np.mean((ref - est) ** 2)
    with np.errstate(divide="ignore"):
        result = 10.0 * np.log10(float(data_range) ** 2 / mse)
    return result if per_image else float(result)


def _check_full_column_rank(matrix: np.ndarray, name: str) -> None:
    """A ValueError unless the columns of ``matrix`` are linearly independent."""
    s = np.linalg.svd(matrix, compute_uv=False)
    tolerance = s.max() * max(matrix.shape) * np.finfo(np.float64).eps
    if s.min() <= tolerance:
        raise ValueError(
            f"the columns of {name} are linearly dependent (rank {int(np.sum(s > tolerance))} "
            f"< {matrix.shape[1]} columns): they do not span a {matrix.shape[1]}-dimensional subspace"
        )


def principal_angles(a, b, degrees: bool = True) -> np.ndarray:
    """Principal angles between the subspaces spanned by the columns of ``a`` and ``b``.

    ``a`` has shape ``(n, p)`` and ``b`` shape ``(n, q)``: p and q vectors in R^n, each set
    linearly independent.  Returns ``min(p, q)`` angles in ascending order, in degrees (or
    radians with ``degrees=False``).  All angles are 0 when one subspace contains the other;
    the largest is 90 degrees when some direction of one is orthogonal to all of the other.

    A checked front end to :func:`scipy.linalg.subspace_angles` (which computes small angles
    from sines, so they stay accurate near zero): it names bad input instead of returning
    meaningless angles, and sorts the result ascending.
    """
    a = _as_float_array(a, "a")
    b = _as_float_array(b, "b")
    for name, m in (("a", a), ("b", b)):
        if m.ndim != 2:
            raise ValueError(f"{name} must be a 2-D array whose columns span a subspace, got shape {m.shape}")
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"a and b must hold vectors of the same length (rows), got {a.shape[0]} and {b.shape[0]}"
        )
    _check_full_column_rank(a, "a")
    _check_full_column_rank(b, "b")
    angles = np.sort(subspace_angles(a, b))
    return np.degrees(angles) if degrees else angles
