#!/bin/sh
# Starts the cluster's broker (the official apache/activemq-artemis image) with Vox's broker.xml
# and two users, as the launcher's embedded broker has them: the master's ($VOX_BROKER_USER, role
# vox: everything) and the nodes' (vox-node, role vox-node: reads vox.control, sends reports,
# events and rejects; never commands). The image's own entrypoint (docker-run.sh) makes one user
# and copies etc-override only when it creates the instance; this one writes broker.xml and both
# users at every start, so a new password or broker.xml also applies to an existing data volume.
# DockerBrokerTest runs this script with a stand-in for the artemis command.
set -eu
: "${VOX_BROKER_USER:?set VOX_BROKER_USER (the master's broker user)}"
: "${VOX_BROKER_PASSWORD:?set VOX_BROKER_PASSWORD (the master's broker password)}"
: "${VOX_NODE_BROKER_PASSWORD:?set VOX_NODE_BROKER_PASSWORD (the nodes' broker password)}"
node_user=vox-node
# a name is a key of both properties files below: letters, digits, '.', '_' and '-' need no escape
case $(printf '%s' "$VOX_BROKER_USER" | LC_ALL=C tr -d 'A-Za-z0-9._-'; echo .) in
  .) ;;
  *)
    echo "VOX_BROKER_USER may hold letters, digits, '.', '_' and '-' only" >&2
    exit 1
    ;;
esac
if [ "$VOX_BROKER_USER" = "$node_user" ]; then
  echo "VOX_BROKER_USER must not be $node_user, the nodes' user" >&2
  exit 1
fi
# where the image installs Artemis and keeps the instance (its volume); other values only in tests
home=${VOX_ARTEMIS_HOME:-/opt/activemq-artemis}
instance=${VOX_ARTEMIS_INSTANCE:-/var/lib/artemis-instance}
here=$(cd "$(dirname "$0")" && pwd)

# A password as a value of artemis-users.properties, which Artemis reads as ISO-8859-1 and takes
# for a hash when it looks like ENC(...): printable ASCII only, backslashes and spaces escaped.
property_value() {
  rest=$(printf '%s' "$2" | LC_ALL=C tr -d ' -~'; echo .)
  if [ "$rest" != . ]; then
    echo "$1 may hold printable ASCII characters only" >&2
    exit 1
  fi
  case $2 in
    ENC\(*\))
      echo "$1 must not look like ENC(...), Artemis would read it as a hash" >&2
      exit 1
      ;;
  esac
  printf '%s' "$2" | sed -e 's/\\/\\\\/g' -e 's/ /\\ /g'
}
master_password=$(property_value VOX_BROKER_PASSWORD "$VOX_BROKER_PASSWORD")
node_password=$(property_value VOX_NODE_BROKER_PASSWORD "$VOX_NODE_BROKER_PASSWORD")

cd "$instance"
if [ ! -f etc/broker.xml ]; then
  # as docker-run.sh creates it (EXTRA_ARGS is the image's: the web console on all interfaces),
  # but never anonymous, and with role vox, the one management.xml and the console let in;
  # no journal tuning: broker.xml is replaced just below
  # shellcheck disable=SC2086
  "$home/bin/artemis" create --silent --require-login --no-autotune --role vox \
    --user "$VOX_BROKER_USER" --password "$VOX_BROKER_PASSWORD" ${EXTRA_ARGS:-} .
fi
umask 077
cp "$here/broker.xml" etc/broker.xml
# written whole, replacing the one user `artemis create` made (the properties are reloaded by
# the broker, but it is not running yet)
cat > etc/artemis-users.properties.new <<USERS
$VOX_BROKER_USER = $master_password
$node_user = $node_password
USERS
cat > etc/artemis-roles.properties.new <<ROLES
vox = $VOX_BROKER_USER
vox-node = $node_user
ROLES
mv etc/artemis-users.properties.new etc/artemis-users.properties
mv etc/artemis-roles.properties.new etc/artemis-roles.properties
exec ./bin/artemis run
