"""``python -m nps_toolkit.datasets --out data/demo`` writes the demo data files."""

from nps_toolkit.datasets.demo import main

main()
