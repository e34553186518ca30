# user.sh: `flexhours user add|passwd|disable` and `flexhours audit` as an
# administrator runs them: what they print, the audit each change leaves,
# bad input refused with a message and a non-zero status, the password
# never taken from the arguments, and --help on each.
. "${FLEXHOURS_SRCDIR:?}/tests/cli/lib.sh"

export FLEXHOURS_NOW=2026-12-02T10:00:00+08:00
db="$scratch/site.db"

for command in user audit; do
    run 0 "$command" --help
    out_has "^usage: flexhours $command"
done

# The first manager, the password from standard input.
printf 'a-long-password\n' | "$bin" user add chen --name '陳 經理' --role manager \
    --offices taichung-south --db "$db" >"$scratch/out" 2>"$scratch/err" ||
    fail "user add chen: $(cat "$scratch/err")"
out_has "user chen added: manager of taichung-south"
printf 'another-password\n' | "$bin" user add lin --name 林 --role counter --offices '*' \
    --db "$db" >"$scratch/out" 2>"$scratch/err" || fail "user add lin: $(cat "$scratch/err")"
out_has "user lin added: counter of \*"

# Refused: a taken id, a bad id, role or office, a short or missing password,
# a password in the arguments.
printf 'a-long-password\n' >"$scratch/pw"
run 65 user add chen --name x --role manager --offices taichung-south --db "$db" <"$scratch/pw"
err_has "user chen exists"
run 64 user add 'Chen!' --name x --role manager --offices taichung-south --db "$db" <"$scratch/pw"
err_has "ID: may hold a-z"
run 64 user add wu --name x --role boss --offices taichung-south --db "$db" <"$scratch/pw"
err_has "role is manager or counter"
run 65 user add wu --name x --role manager --offices nowhere --db "$db" <"$scratch/pw"
err_has "no office 'nowhere'"
printf 'short\n' >"$scratch/short"
run 65 user add wu --name x --role manager --offices taichung-south --db "$db" <"$scratch/short"
err_has "the password must be 10 to"
run 65 user add wu --name x --role manager --offices taichung-south --db "$db" </dev/null
err_has "no password on standard input"
run 64 user add wu --name x --role manager --offices taichung-south --password secret --db "$db"
err_has "^usage: flexhours user add"
run 64 user add wu --db "$db"
err_has "^usage: flexhours user"
run 64 user
err_has "^usage: flexhours user"
run 64 user rename chen --db "$db"
err_has "^usage: flexhours user"

# A new password, a disabled account; unknown ids refused.
printf 'a-newer-password\n' >"$scratch/pw2"
run 0 user passwd chen --db "$db" <"$scratch/pw2"
out_has "user chen: password set; their sessions ended"
run 65 user passwd nobody --db "$db" <"$scratch/pw2"
err_has "no such user"
run 0 user disable lin --db "$db"
out_has "user lin disabled"
run 65 user disable nobody --db "$db"
err_has "no user nobody"

# The audit: every change above, newest first, never a password or its hash.
run 0 audit --db "$db"
out_has "^WHEN  *WHO  *ACTION"
out_has "cli  *user-disable  *\*  *lin"
out_has "cli  *user-password  *taichung-south  *chen"
out_has "cli  *user-add  *taichung-south  *chen"
out_has '"disabled":true'
out_has "^4 records"
grep -q "password\"\|scrypt\|a-long-password\|a-newer-password" "$scratch/out" &&
    fail "the audit shows a password or its hash"
head -2 "$scratch/out" | grep -q "user-disable" || fail "the newest record comes first"
run 0 audit --office taichung-south --db "$db"
out_has "^2 records"
run 0 audit --user cli --since 2026-12-02 --until 2026-12-02 --action user-add --db "$db"
out_has "^2 records"
run 0 audit --since 2026-12-03 --db "$db"
out_has "^0 records"
run 0 audit --limit 1 --db "$db"
out_has "^1 record$"
run 64 audit --since yesterday --db "$db"
err_has "since is a date"
run 65 audit --office nowhere --db "$db"
err_has "no office 'nowhere'"
run 64 audit --limit 0 --db "$db"
err_has "limit is a number"
run 64 audit --bogus --db "$db"
err_has "^usage: flexhours audit"
finish
