"""``python -m journeys.load``: the load mode's command line (``journeys.load.run``)."""
import sys

from .run import main

if __name__ == "__main__":
    sys.exit(main())
