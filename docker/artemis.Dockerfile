# The cluster's broker: the official Artemis image (the version the tests embed) with Vox's
# broker.xml and users (artemis/entrypoint.sh, artemis/broker.xml).
# Build from the repository root: docker build -f docker/artemis.Dockerfile .
FROM apache/activemq-artemis:2.56.0
COPY docker/artemis/broker.xml docker/artemis/entrypoint.sh /opt/vox/artemis/
# replaces the image's docker-run.sh (see entrypoint.sh for why); the base image's CMD goes with it
ENTRYPOINT ["/bin/sh", "/opt/vox/artemis/entrypoint.sh"]
