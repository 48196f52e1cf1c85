"""The embedded reference platform: a real implementation of ../shared/CONTRACT.md.

It is the suite's default target and its proof: each known real-world defect can
be switched on (``--defect NAME``) so the tests show the suite catches it, and
each contract-allowed variant (``--variant NAME``, ``--shape``) so they show it
accepts it. Start it with ``python -m reference_platform``; the modules:

    switches.py     defect and variant names, the Switches a process runs with
    __main__.py     the CLI; server.py runs both apps on one loop
    context.py      what both apps share, put on each app's ``app.state``
    auth_app.py     auth service (section 3); tokens.py the JWT rules (section 2)
    backend_app.py  backend HTTP API (section 4); conversations_api.py its threads and execute
    chat_socket.py  the /ws endpoint (section 5); chat_admission.py who may open it
    netra.py        the real platform's dialect (--dialect netra)
    connections.py  one open chat socket (the context holds them; chat_socket serves them)
    runs.py         one agent run on the wire; shapes.py the three event shapes
    store.py        SQLite; passwords.py scrypt; faults.py run-time faults; clock.py timestamps
    agent.py, tools.py, pricing.py  the deterministic cost-optimisation agent
"""
