#!/bin/sh
# Starts Payara Micro with the Artemis resource adapter and one Vox WAR ($VOX_WAR), the way the
# launcher and the integration tests start them (launcher PayaraProcess): connector class loading
# "derived" (the WAR's Netty must not be shadowed by the RAR's), the RA pointed at the broker, no
# Hazelcast, the WAR deployed after the RAR. DockerFilesTest keeps these lines equal to the
# launcher's. The broker's credentials come from the environment, never from the image.
set -eu
: "${VOX_WAR:?set VOX_WAR to master.war or node.war}"
: "${VOX_BROKER_USER:?set VOX_BROKER_USER (the Artemis user)}"
: "${VOX_BROKER_PASSWORD:?set VOX_BROKER_PASSWORD (the Artemis password)}"
cat > /tmp/post-boot-commands.txt <<COMMANDS
set configs.config.server-config.connector-service.class-loading-policy=derived
create-resource-adapter-config --property ConnectionParameters=host\\=${VOX_BROKER_HOST:-artemis};port\\=${VOX_BROKER_PORT:-61616}:UserName=${VOX_BROKER_USER}:Password=${VOX_BROKER_PASSWORD} artemis-rar
COMMANDS
# JAVA_OPTS is split on spaces on purpose: it holds several JVM options
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar /opt/payara/payara-micro.jar \
  --nohazelcast --disablephonehome --port 8080 \
  --postbootcommandfile /tmp/post-boot-commands.txt \
  --deploy /opt/vox/artemis-rar.rar --deploy "/opt/vox/${VOX_WAR}"
