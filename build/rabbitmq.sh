#!/usr/bin/env bash
# Starts the machine's RabbitMQ (Debian's rabbitmq-server) and makes sure the test user exists.
# Safe to run repeatedly. Prints the line to export for the feed tests, e.g.
#   eval "export $(bash build/rabbitmq.sh | tail -n 1)"
set -euo pipefail

readonly user=rasa
readonly password=rasa
readonly port=5672

if ! command -v rabbitmq-server >/dev/null || ! command -v rabbitmqctl >/dev/null; then
    echo "rabbitmq.sh: RabbitMQ is not installed (apt-get install rabbitmq-server)" >&2
    exit 1
fi

# rabbitmqctl answers only once the node runs; the package's service is not started under a container's policy-rc.d.
if ! rabbitmqctl -q status >/dev/null 2>&1; then
    rabbitmq-server -detached >&2
fi

# A detached node takes a few seconds to register with epmd; await_startup fails at once on a node it cannot reach.
for _ in $(seq 1 90); do
    if rabbitmqctl -q ping >/dev/null 2>&1; then
        break
    fi
    sleep 1
done

if ! rabbitmqctl -q await_startup --timeout 90 >&2; then
    echo "rabbitmq.sh: RabbitMQ did not start" >&2
    exit 1
fi

# guest may only connect from localhost; a user of our own works from anywhere and in the service's settings.
if ! rabbitmqctl -q list_users | awk '{ print $1 }' | grep -qx "$user"; then
    rabbitmqctl -q add_user "$user" "$password" >&2
fi
rabbitmqctl -q change_password "$user" "$password" >&2
rabbitmqctl -q set_permissions -p / "$user" '.*' '.*' '.*' >&2

for _ in $(seq 1 60); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        break
    fi
    sleep 0.5
done

echo "RASA_TEST_RABBITMQ=amqp://$user:$password@127.0.0.1:$port/"
