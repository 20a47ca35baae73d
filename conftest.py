"""Doctest set-up for nps_toolkit: headless matplotlib and ``pd``/``np`` in every example."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    doctest_namespace["pd"] = pd
    doctest_namespace["np"] = np
    pd.set_option("display.width", 200)
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
