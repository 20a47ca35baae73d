"""Simulated repeat-purchase data with a known logistic model, shared by the model tests."""

import numpy as np
import pandas as pd


def expit(x):
    return 1 / (1 + np.exp(-x))


def simulate(rng, n, *, beta=(-1.0, 0.5, 1.0), channel_effect=-0.3, censor_share=0.0):
    """Scores 0-10, a channel control and a binary outcome from a known logistic model."""
    score = rng.integers(0, 11, n)
    channel = rng.choice(["web", "store", "phone"], n, p=[0.5, 0.3, 0.2])
    logit = (
        beta[0] + beta[1] * ((score >= 7) & (score <= 8)) + beta[2] * (score >= 9)
        + channel_effect * (channel == "store")
    )  # fmt: skip
    y = rng.random(n) < expit(logit)
    return pd.DataFrame(
        {
            "score": score.astype(float),
            "channel": channel,
            "rep": y,
            "censored": rng.random(n) < censor_share,
        }
    )
