"""Standard-deviation weights of objective.py against a further published example
(issue 17 asked to check the existing CV/SD weights; objective.py itself is not edited here)."""

from __future__ import annotations

import numpy as np

from qualindex.weighting.objective import std_weights

TWO_DP = 5e-3 + 1e-12


def test_std_weights_jahan_edwards_2013() -> None:
    """Jahan A., Edwards K.L. (2013). Weighting of dependent and target-based criteria for
    optimal decision-making in materials selection process: Biomedical applications.
    Materials & Design 49, 1000-1008 (also pymcdm's reference test): seven materials on three
    criteria already normalised to [0, 1]; published SD weights 0.35, 0.31, 0.34 (2 decimals).
    The data hold 0 and 1 in the first two columns, so min-max renormalisation changes only
    the third column, which spans [0, 1] as well: both normalisations agree."""
    X = np.array(
        [
            [0, 0, 0],
            [0.39, 0.3, 0.77],
            [0.17, 0.36, 0.8],
            [0.35, 0.29, 0.93],
            [0.3, 0.4, 0.94],
            [0.84, 0.71, 1],
            [1, 1, 0.99],
        ]
    )
    for normalisation in ("none", "minmax"):
        w = std_weights(X, normalisation=normalisation).weights  # type: ignore[arg-type]
        np.testing.assert_allclose(w, [0.35, 0.31, 0.34], atol=TWO_DP)
