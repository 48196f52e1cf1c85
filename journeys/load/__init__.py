"""The load wing: the golden path for many people at once (``python -m journeys.load``, or
``python3 tasks.py load``). It reuses the core's turn reader (``journeys.wire.protocol``), replies
(``journeys.wire.replies``), settings and service-level objectives; nothing below it imports it.

- ``run``: load mode itself: the plan, the run, its verdict, the command line (``__main__`` calls it).
- ``journey``: one person's golden path inside a load run, stage by stage, on one event loop.
- ``chat``: the asyncio chat client for hundreds of people at once.
- ``http``: HTTP for a crowd: one short connection per call, parsed by h11.
- ``progress``: the line that shows while a load run goes.
- ``report``: a load run's figures, its summary table and its verdict.
- ``locust_run``: run ``locustfile.py`` against a target (``--engine locust``).
- ``locust_gate``: the threshold gate of a Locust run, and the watch that ends it.
"""
