"""The README's figures (scenario counts, the two commands' timings): see journeys/run/readme_figures.py."""

import sys

from journeys.run.readme_figures import main

if __name__ == "__main__":
    sys.exit(main())
