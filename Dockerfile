# The journeys in a container, so that a CI needs only Docker: Python, the requirements, Node and
# the report tool (Allure 3, no Java) are baked in. The set-up is ci/image-setup.sh, which the
# project's tests run without Docker (tests/ci/test_image.py).
#
#   docker build -t journeys .
#   docker run --rm --env-file config/staging.env -v "$PWD/reports:/suite/reports" journeys
#
# The settings (and secrets) come only from the environment at run time: config/*.env is never
# copied in (.dockerignore). Extra arguments go to behave, e.g. journeys --tags=@golden-path.
FROM python:3.12-slim-trixie

RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /suite
COPY . .
RUN bash ci/image-setup.sh

ENV E2E_TARGET=staging \
    PYTHONUNBUFFERED=1
VOLUME ["/suite/reports"]
ENTRYPOINT ["bash", "ci/image-run.sh"]
