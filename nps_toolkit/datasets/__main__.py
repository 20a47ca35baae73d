"""``python -m nps_toolkit.datasets --out data/demo`` writes the demo data files."""

from nps_toolkit.datasets.demo import main

# Guarded: a tool that imports every module (pkgutil walkers, doc builders) must not
# write the demo files.
if __name__ == "__main__":
    main()
