"""score.difference: the multiple-comparison adjustment, against statsmodels."""

import numpy as np
from statsmodels.stats.multitest import multipletests

from nps_toolkit.score.difference import adjust_p, holm


def test_holm_and_adjust_p_match_statsmodels_with_ties_and_untested_rows():
    rng = np.random.default_rng(2)
    p = np.concatenate([rng.uniform(0, 0.1, 12), [0.02, 0.02, 1.0]])  # ties and a 1
    np.testing.assert_allclose(holm(p), multipletests(p, method="holm")[1])
    with_nan = np.insert(p, [0, 5], np.nan)  # untested rows stay NaN, the rest as without them
    out = adjust_p(with_nan, "holm")
    assert np.isnan(out[[0, 6]]).all()
    np.testing.assert_allclose(out[~np.isnan(with_nan)], multipletests(p, method="holm")[1])
    np.testing.assert_allclose(
        adjust_p(with_nan, "fdr_bh")[~np.isnan(with_nan)], multipletests(p, method="fdr_bh")[1]
    )
    assert np.isnan(adjust_p([np.nan, np.nan], "holm")).all()
