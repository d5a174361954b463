"""Local response and local contrast normalization in NumPy (notebook 17)."""

import numpy as np
import pytest
from scipy import ndimage

from deepstep import normalization as nz


def loop_lrn(x, r, bias, alpha, beta):
    out = np.empty_like(x)
    c = x.shape[-1]
    for k in range(c):
        s = (x[..., max(k - r, 0) : min(k + r + 1, c)] ** 2).sum(axis=-1)
        out[..., k] = x[..., k] / (bias + alpha * s) ** beta
    return out


def test_lrn_matches_a_channel_by_channel_loop_with_the_window_clipped_at_the_ends():
    x = np.random.default_rng(0).normal(size=(2, 3, 3, 11))
    for r in (0, 1, 4, 20):
        np.testing.assert_allclose(
            nz.lrn(x, r, 1.5, 0.2, 0.75), loop_lrn(x, r, 1.5, 0.2, 0.75)
        )
    assert not np.allclose(nz.lrn(x, 2, 1.0, 0.2, 0.75), loop_lrn(x, 3, 1.0, 0.2, 0.75))


def test_lrn_matches_tensorflow():
    tf = pytest.importorskip("tensorflow")
    x = np.random.default_rng(1).normal(size=(2, 5, 5, 64)).astype(np.float32) * 5
    want = tf.nn.local_response_normalization(x, 4, 1.0, 0.001 / 9, 0.75).numpy()
    np.testing.assert_allclose(nz.lrn(x, 4, 1.0, 0.001 / 9, 0.75), want, rtol=1e-5)


def test_lrn_backward_matches_central_differences():
    rng = np.random.default_rng(2)
    x, g = rng.normal(size=(2, 2, 6)), rng.normal(size=(2, 2, 6))
    args = (2, 1.0, 0.7, 0.75)
    num = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = 1e-6
        num[i] = (
            (g * nz.lrn(x + e, *args)).sum() - (g * nz.lrn(x - e, *args)).sum()
        ) / 2e-6
    np.testing.assert_allclose(nz.lrn_backward(x, g, *args), num, rtol=1e-6, atol=1e-9)
    assert not np.allclose(nz.lrn_backward(x, g, 1, 1.0, 0.7, 0.75), num, atol=1e-3)


def test_lrn_rejects_bad_input_by_name():
    with pytest.raises(ValueError, match="lrn: depth_radius"):
        nz.lrn(np.ones((2, 3)), -1)
    with pytest.raises(ValueError, match="lrn_backward: grad_out must have x's shape"):
        nz.lrn_backward(np.ones((2, 3)), np.ones((2, 4)))
    # Both take their arguments through one check, so the backward pass names itself
    # too.
    with pytest.raises(ValueError, match="lrn: x must have a channel axis"):
        nz.lrn(1.0)
    with pytest.raises(ValueError, match="lrn_backward: x must have a channel axis"):
        nz.lrn_backward(1.0, 1.0)
    with pytest.raises(ValueError, match="lrn: beta"):
        nz.lrn(np.ones((2, 3)), beta=np.nan)
    with pytest.raises(ValueError, match="lrn_backward: beta"):
        nz.lrn_backward(np.ones((2, 3)), np.ones((2, 3)), beta=np.nan)


def test_gaussian_window_sums_to_one_and_is_symmetric():
    w = nz.gaussian_window(7, 1.5)
    assert w.shape == (7, 7) and np.isclose(w.sum(), 1)
    np.testing.assert_allclose(w, w.T)
    np.testing.assert_allclose(w, w[::-1, ::-1])
    assert w[3, 3] == w.max()


def test_local_contrast_normalize_removes_local_mean_and_matches_scipy_gaussian_steps():
    rng = np.random.default_rng(3)
    image = rng.uniform(size=(24, 24)) * 50 + 100  # far from zero mean, large scale
    y = nz.local_contrast_normalize(image, 9, 2.0)
    w = nz.gaussian_window(9, 2.0)
    v = image - ndimage.correlate(image, w, mode="reflect")
    s = np.sqrt(ndimage.correlate(v**2, w, mode="reflect"))
    np.testing.assert_allclose(y, v / np.maximum(s, s.mean()))
    assert abs(y.mean()) < 0.1 and 0.5 < y.std() < 2
    # the result does not depend on the image's brightness or contrast
    np.testing.assert_allclose(
        nz.local_contrast_normalize(3 * image + 7, 9, 2.0), y, atol=1e-9
    )
    with pytest.raises(ValueError, match="local_contrast_normalize: image must be 2-D"):
        nz.local_contrast_normalize(np.ones((2, 3, 3)))
