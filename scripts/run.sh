#!/bin/sh
# run.sh: sets everything up and runs flexhours on its embedded default: the
# demo office (taichung-south) served on http://127.0.0.1:8080 from the
# SQLite file var/flexhours.db, with messages going to var/outbox.log until
# an SMTP server and an SMS gateway are configured. Ctrl-C stops it cleanly.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/setup.sh"
"$top/scripts/build.sh" "$top/_build/default"
mkdir -p "$top/var"
cd "$top/var"
echo "flexhours: serving the demo office on http://127.0.0.1:8080/ (Ctrl-C stops)"
echo "  open http://127.0.0.1:8080/ in a browser; the JSON API is under http://127.0.0.1:8080/api/v1/"
exec "$top/_build/default/flexhours" serve "$@"
