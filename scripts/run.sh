#!/bin/sh
# run.sh: sets everything up and runs flexhours on its embedded default (the
# demo office). Until the HTTP server lands, the service's main job shown here
# is the demo office's slot calendar for the coming two weeks.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/setup.sh"
"$top/scripts/build.sh" "$top/_build/default"
bin="$top/_build/default/flexhours"
from=$(date +%Y-%m-%d)
to=$(date -d "+13 days" +%Y-%m-%d)
for service in marriage seal_registration; do
    "$bin" slots --office taichung-south --service "$service" --from "$from" --to "$to"
    echo
done
