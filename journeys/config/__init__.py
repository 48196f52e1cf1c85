"""The run's configuration: what this run was told, read once and validated before any scenario.
Imports only the ground (``journeys.errors``, ``journeys.secrets``); the wire and everything
above it read it.

- ``settings``: which settings exist, target selection and validation (environment >
  ``config/<target>.env`` > default).
- ``setting_values``: how one setting's value is read and checked.
- ``local_options``: the embedded platform's switches (``E2E_LOCAL_*``).
- ``policy``: the run's rules as one frozen value (deadlines, carrier, retries, production,
  the declared dialect), the only way they reach a client.
- ``known_defects``: the known defects a target declares, read and checked with the settings.
- ``dialect``: the contract differences a target declares (CONTRACT section 8).
- ``target_names``: the known targets and the nearest name to a wrong one.
- ``urls``: the chat's default URL, loopback or not.
- ``paths``: the project root, ``config/`` and this run's reports folder (standard library only).
"""
