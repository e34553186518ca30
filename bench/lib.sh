# lib.sh: what the HTTP benchmarks share (sourced by bench/api.sh and
# bench/web.sh after they set $py, $work and $pids): a scratch folder
# cleaned up with the servers started, free ports, waiting for a server,
# wrk's figures, medians and ratios.
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() {
    $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_up() { # PORT
    for _ in $(seq 100); do
        if $py -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$1/healthz', timeout=1)" 2>/dev/null; then return 0; fi
        sleep 0.05
    done
    echo "$(basename "$0"): nothing answers on port $1"; exit 1
}
# "RPS P50_MS P99_MS NON2XX" from wrk --latency output.
wrk_figures() { # FILE
    awk 'function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
         /^Requests\/sec:/ {rps=$2} $1 == "50%" {p50=ms($2)} $1 == "99%" {p99=ms($2)} /Non-2xx/ {bad=$NF}
         END {printf "%s %.3f %.3f %s\n", rps, p50, p99, bad == "" ? 0 : bad}' "$1"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f\n", a / b}'; }
