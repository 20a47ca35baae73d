"""``python -m nps_toolkit report ...``: same as the ``nps-toolkit`` command."""

import sys

from nps_toolkit.report.cli import main

if __name__ == "__main__":
    sys.exit(main())
