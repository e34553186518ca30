# help.sh: asking the binary for help is an answer (stdout, exit 0) for the
# binary and every command; an unknown command is an error (stderr, 64);
# `check-config` says a configuration is good (0) or names its first fault
# with the file and the JSON path (78).
. "${FLEXHOURS_SRCDIR:?}/tests/cli/lib.sh"

run 0 --help
out_has "^usage: flexhours COMMAND"
for command in serve slots calendar outbox roster erase keys user audit check check-config demo-config version; do
    run 0 "$command" --help
    out_has "^usage: flexhours $command"
    [ -s "$scratch/err" ] && fail "$command --help wrote to stderr: $(cat "$scratch/err")"
done
run 0 slots --office taichung-south -h
out_has "^usage: flexhours slots --office ID"

run 64 bogus
err_has "unknown command 'bogus'"
err_has "^usage: flexhours COMMAND"

run 0 check-config
out_has "(embedded demo): good: 1 office"
"$bin" demo-config >"$scratch/site.json"
run 0 check-config "$scratch/site.json"
out_has "site.json: good: 1 office, listen 127.0.0.1:8080"
printf '{"listen": "127.0.0.1:8080", "offices": [{"id": "x"}]}' >"$scratch/bad.json"
run 78 check-config "$scratch/bad.json"
err_has "bad.json: offices\[0\]"
printf '{"lisen": "127.0.0.1:8080"}' >"$scratch/typo.json"
run 78 check-config --config "$scratch/typo.json"
err_has "typo.json: lisen: unknown key"
# A file without offices runs the demo office (only the mail server set).
printf '{"smtp": {"host": "127.0.0.1", "from": "office@example.gov.tw"}}' >"$scratch/smtp.json"
run 0 check-config "$scratch/smtp.json"
out_has "smtp.json: good: 1 office"
printf '{"offices": []}' >"$scratch/none.json"
run 78 check-config "$scratch/none.json"
err_has "none.json: offices: must be a non-empty array"
# "comment" carries words for whoever edits the file (JSON has none), only
# as a string.
printf '{"comment": "see flexhours.conf(5)", "listen": "127.0.0.1:8181"}' >"$scratch/comment.json"
run 0 check-config "$scratch/comment.json"
out_has "comment.json: good: 1 office, listen 127.0.0.1:8181"
printf '{"comment": ["see flexhours.conf(5)"]}' >"$scratch/comments.json"
run 78 check-config "$scratch/comments.json"
err_has "comments.json: comment: must be a string"
run 64 check-config a b
err_has "usage: flexhours check-config"
finish
