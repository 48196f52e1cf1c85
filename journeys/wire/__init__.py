"""The wire: talking to the platform and recording what was said (HTTP, the chat's WebSocket,
passes and tickets). Imports the ground, ``journeys.config`` and ``journeys.rules``; never the
capabilities, the run or the report.

- ``http``: one recorded HTTP session; ``replies``: what a reply means.
- ``auth``, ``api``: thin clients over it; ``tokens``: mint and forge passes.
- ``protocol``: the chat's protocol without I/O; ``chat``: one WebSocket connection for it.
- ``handshake``: connecting, and what a refusal at the handshake means.
- ``tickets``: chat tickets; ``turns``: one turn, the question and its run's events.
- ``retries``: bounded connection retries, recorded in the evidence; ``production``: writes refused on production.
"""
