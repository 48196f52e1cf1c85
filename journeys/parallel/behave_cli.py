"""behave as ``tasks.py journeys`` runs it: behave's own ``main``, without its console noise.

behave 1.3 prints two lines that say nothing true about a journey run, and a
person reads them first: ``USING RUNNER: behave.runner:Runner`` before every
run, and ``ABORTED: By user.`` after the suite itself stopped a run (settings
error, environment down), which no user did: the suite's own banner already said
why. Those two lines are dropped from standard output; everything else passes as
it is. (The summary's duration is fixed in ``journeys.run.console_noise``.)

    python -m journeys.parallel.behave_cli [behave options]
"""

from __future__ import annotations

import sys

from behave.__main__ import main as behave_main

from ..run import outcome

NOISE = ("USING RUNNER: ",)
ABORTED_BY_USER = "ABORTED: By user."


class QuietStdout:
    """Standard output, minus behave's noise lines; everything else is the wrapped stream's."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self._line = ""

    def write(self, text: str) -> int:
        self._line += text
        *whole, self._line = self._line.split("\n")
        for line in whole:
            if not self._is_noise(line):
                self._stream.write(line + "\n")
        return len(text)

    def flush(self) -> None:
        if self._line and not self._is_noise(self._line):
            self._stream.write(self._line)
        self._line = ""
        self._stream.flush()

    @staticmethod
    def _is_noise(line: str) -> bool:
        if line.startswith(NOISE):
            return True
        return line.strip() == ABORTED_BY_USER and bool(outcome.read().get("exit_code"))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def main(args: list[str] | None = None) -> int:
    real = sys.stdout
    sys.stdout = QuietStdout(real)
    try:
        return behave_main(args)
    finally:
        sys.stdout.flush()
        sys.stdout = real


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
