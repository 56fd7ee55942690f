#!/usr/bin/env bash
# A local multi-process cluster on 127.0.0.1: one redis-server for the membership table and N l2l-silo processes.
# It is secured as the Kubernetes manifests secure theirs: mutual TLS between silos, from clients to gateways and
# from silos to Redis, and Redis admits one least-privilege ACL user (deploy/k8s/base/redis-acl.rules), the silos'.
#
#   cluster.sh start [--silos N] [--redis-port P] [--dir DIR] [--cpu-devices D] [--silo-port P0] [--gateway-port G0]
#                    [--dashboard PORT]
#   cluster.sh stop [--dir DIR]
#   cluster.sh status [--dir DIR]
#   cluster.sh pid SILO_INDEX [--dir DIR]
#   cluster.sh restart SILO_INDEX [--dir DIR]
#   cluster.sh env [--dir DIR]
#
# Silo i listens on P0+i (default 11111+i) with its gateway on G0+i (default 30000+i), logs to DIR/silo-i.log and
# keeps runs in DIR/runs. The silo is the one built in Silos/bin/$L2L_CONFIGURATION (default Release); it is built
# once if missing. The first start makes the cluster's authority with silo, client and store certificates in DIR/tls
# (l2l-silo certificates) and the Redis user's password in DIR/redis-password; later starts use them. Clients reach
# the cluster through its gateways with the client certificate: eval "$(cluster.sh env --dir DIR)" sets L2L_CLUSTER,
# L2L_TLS_CERT, L2L_TLS_KEY and L2L_TLS_CA for l2l.
# With --dashboard PORT it also starts the Aspire dashboard (l2l dashboard: its page on PORT, OTLP/gRPC on PORT+1,
# OTLP/HTTP on PORT+2) and the silos send it their traces, metrics and logs; a console sends its own with
# OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:PORT+1.
set -euo pipefail
# The silos run TorchSharp with unoptimized JIT code, which keeps every argument alive through its native call
# (README, "TorchSharp and the collector").
export DOTNET_JITMinOpts=1

repo=$(cd "$(dirname "$0")/../.." && pwd)
configuration=${L2L_CONFIGURATION:-Release}
silo_bin="$repo/Silos/bin/$configuration/net10.0"
client_bin="$repo/Client/bin/$configuration/net10.0"
start_timeout=120
stop_timeout=20

usage() {
  echo "usage: cluster.sh start [--silos N] [--redis-port P] [--dir DIR] [--cpu-devices D] [--silo-port P0] [--gateway-port G0] [--dashboard PORT]" >&2
  echo "       cluster.sh stop|status [--dir DIR]" >&2
  echo "       cluster.sh pid|restart SILO_INDEX [--dir DIR]" >&2
  echo "       cluster.sh env [--dir DIR]" >&2
  exit 2
}

require_number() {
  [[ $2 =~ ^[0-9]+$ ]] || { echo "cluster.sh: $1 needs a number; got '$2'" >&2; exit 2; }
}

(($# >= 1)) || usage
command=$1
shift
silos=3
redis_port=6390
dir=.local-cluster
cpu_devices=1
silo_port=11111
gateway_port=30000
dashboard_port=
silo_index=
failure=
if [ "$command" = pid ] || [ "$command" = restart ]; then
  (($# >= 1)) || usage
  silo_index=$1
  require_number SILO_INDEX "$silo_index"
  shift
fi

while (($#)); do
  (($# >= 2)) || usage
  case $1 in
    --silos) silos=$2 ;;
    --redis-port) redis_port=$2 ;;
    --dir) dir=$2 ;;
    --cpu-devices) cpu_devices=$2 ;;
    --silo-port) silo_port=$2 ;;
    --gateway-port) gateway_port=$2 ;;
    --dashboard) dashboard_port=$2 ;;
    *) usage ;;
  esac
  shift 2
done

[ -z "$dashboard_port" ] || require_number --dashboard "$dashboard_port"
for setting in silos redis_port cpu_devices silo_port gateway_port; do
  require_number "--${setting//_/-}" "${!setting}"
done
((silos >= 1)) || { echo "cluster.sh: --silos must be at least 1" >&2; exit 2; }

# Absolute, because the silos run in their own folder (where their appsettings.json is read).
dir=$(realpath -m -- "$dir")
tls=$dir/tls
password_file=$dir/redis-password

# The pid of a process we started, if it is still that process: a pid file whose process died may name a new one,
# and a killed process nobody has reaped yet (a zombie, with no command line) counts as dead.
live_pid() {
  local file=$1 program=$2 pid
  [ -f "$file" ] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  grep -qa -- "$program" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

# Whether a process just started is still there (a zombie has no command line); while a silo's subshell has not yet
# become dotnet, its command line is still the shell's.
running() {
  [ -n "$(tr -d '\0' 2>/dev/null <"/proc/$1/cmdline")" ]
}

# Every pid file in DIR with the program its process must be running.
pid_files() {
  local file
  for file in "$dir"/silo-*.pid; do
    [ -e "$file" ] && echo "$file l2l-silo"
  done
  [ -e "$dir/dashboard.pid" ] && echo "$dir/dashboard.pid l2l.dll"
  [ -e "$dir/redis.pid" ] && echo "$dir/redis.pid redis-server"
  return 0
}

# Sends SIGTERM to the processes of these pid files, waits for them up to stop_timeout, then sends SIGKILL.
terminate() {
  local file program pid deadline i
  local -a files=() programs=()
  while read -r file program; do
    if pid=$(live_pid "$file" "$program"); then
      kill -TERM "$pid" 2>/dev/null || true
      files+=("$file")
      programs+=("$program")
    fi
  done
  deadline=$((SECONDS + stop_timeout))
  for i in "${!files[@]}"; do
    while live_pid "${files[i]}" "${programs[i]}" >/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if pid=$(live_pid "${files[i]}" "${programs[i]}"); then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

stop_all() {
  [ -d "$dir" ] || return 0
  # Silos first, so that they leave the membership table while redis is still there.
  pid_files | { grep -v ' redis-server$' || true; } | terminate
  pid_files | { grep ' redis-server$' || true; } | terminate
  rm -f "$dir"/silo-*.pid "$dir/redis.pid" "$dir/dashboard.pid"
}

# Whether something accepts connections on a loopback port.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Whether our redis-server (pid $1) answers on the port, and not another one that already held it.
redis_answers() {
  if command -v redis-cli >/dev/null; then
    REDISCLI_AUTH=$(<"$password_file") redis-cli --tls --cacert "$tls/ca.pem" --cert "$tls/silo.pem" --key "$tls/silo.key" \
      --user l2l -p "$redis_port" info server 2>/dev/null | tr -d '\r' | grep -qx "process_id:$1"
  else
    port_in_use "$redis_port"
  fi
}

# The Redis connection of the silos: the ACL user over TLS (the store's certificate is checked against the authority).
redis_connection() {
  echo "127.0.0.1:$redis_port,user=l2l,password=$(<"$password_file"),ssl=true,sslHost=redis,abortConnect=false"
}

# The ACL file: the default user off, the silos' user with only the keys and commands L2LCluster uses; its password
# is kept as a SHA-256 hash.
write_acl() {
  local hash
  hash=$(printf %s "$(<"$password_file")" | sha256sum | cut -d' ' -f1)
  (umask 077 && printf 'user default off\nuser l2l on #%s %s\n' "$hash" "$(<"$repo/deploy/k8s/base/redis-acl.rules")" >"$dir/redis/users.acl")
}

# Starts silo $1 in the background, its log appended to DIR/silo-$1.log.
launch_silo() {
  local i=$1
  # In its own folder, so that the host reads the silo's appsettings.json (its content root is the working folder).
  # Health endpoints on any free port: several silos (and clusters) share this machine.
  # The Redis password goes in the environment, which other users cannot read, not on the command line.
  (cd "$silo_bin" && L2L_REDIS=$(redis_connection) exec dotnet l2l-silo.dll --clustering redis \
    --silo-port $((silo_port + i)) --gateway-port $((gateway_port + i)) --runs "$dir/runs" --cpu-devices "$cpu_devices" \
    --tls-cert "$tls/silo.pem" --tls-key "$tls/silo.key" --tls-ca "$tls/ca.pem" --health-port 0) \
    </dev/null >>"$dir/silo-$i.log" 2>&1 &
  echo $! >"$dir/silo-$i.pid"
}

# Waits until silo $1 has started or the deadline $2 (in SECONDS) passes; $3 is how many starts its log held before
# this launch (default 0). On failure, says why in $failure and returns 1.
wait_for_silo() {
  local i=$1 deadline=$2
  until (($(grep -c "Application started" "$dir/silo-$i.log" 2>/dev/null || true) > ${3:-0})); do
    running "$(<"$dir/silo-$i.pid")" || { failure="silo $i exited"; return 1; }
    ((SECONDS < deadline)) || { failure="silo $i did not start within ${start_timeout} s"; return 1; }
    sleep 0.2
  done
}

# Starts silo $1 of the running cluster again (after it was killed), with its ports and settings.
restart_silo() {
  local i=$1 before
  [ -f "$dir/cluster.settings" ] || { echo "cluster.sh: no cluster was started in $dir" >&2; exit 1; }
  # shellcheck disable=SC1091
  source "$dir/cluster.settings"
  [ -z "$dashboard_port" ] || export OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$((dashboard_port + 1))"
  ((i < silos)) || { echo "cluster.sh: the cluster in $dir has silos 0 to $((silos - 1)); got $i" >&2; exit 2; }
  if live_pid "$dir/silo-$i.pid" l2l-silo >/dev/null; then
    echo "cluster.sh: silo $i is running; stop or kill it first" >&2
    exit 1
  fi
  before=$(grep -c "Application started" "$dir/silo-$i.log" 2>/dev/null || true)
  launch_silo "$i"
  if ! wait_for_silo "$i" $((SECONDS + start_timeout)) "$before"; then
    echo "cluster.sh: $failure; the end of $dir/silo-$i.log:" >&2
    tail -n 40 "$dir/silo-$i.log" >&2 || true
    exit 1
  fi
  echo "ready: silo $i"
}

fail_start() {
  local log=$1 why=$2
  echo "cluster.sh: $why; the end of $log:" >&2
  tail -n 40 "$log" >&2 || true
  stop_all
  exit 1
}

start() {
  local file program i pid log deadline gateways=()
  while read -r file program; do
    if live_pid "$file" "$program" >/dev/null; then
      echo "cluster.sh: a cluster is already running in $dir; stop it first (cluster.sh stop --dir $dir)" >&2
      exit 1
    fi
  done < <(pid_files)
  # Silos share a port that is in use without a word (the listener reuses the address), so check them all first.
  local port
  for port in "$redis_port" ${dashboard_port:+$dashboard_port $((dashboard_port + 1)) $((dashboard_port + 2))} $(seq "$silo_port" $((silo_port + silos - 1))) $(seq "$gateway_port" $((gateway_port + silos - 1))); do
    if port_in_use "$port"; then
      echo "cluster.sh: port $port on 127.0.0.1 is in use; choose others (--redis-port, --silo-port, --gateway-port, --dashboard)" >&2
      exit 1
    fi
  done

  mkdir -p "$dir"
  rm -f "$dir"/silo-*.pid "$dir/redis.pid" "$dir/dashboard.pid" "$dir"/silo-*.log "$dir/dashboard.log" "$dir/cluster.settings"

  if [ ! -f "$silo_bin/l2l-silo.dll" ]; then
    dotnet build "$repo/Silos" -c "$configuration"
  fi

  (cd "$silo_bin" && dotnet l2l-silo.dll certificates "$tls") >"$dir/certificates.log" 2>&1 \
    || fail_start "$dir/certificates.log" "the cluster's certificates could not be made"

  mkdir -p "$dir/redis" "$dir/runs"
  [ -f "$password_file" ] || (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$password_file")
  write_acl
  redis-server --port 0 --tls-port "$redis_port" --tls-cert-file "$tls/redis.pem" --tls-key-file "$tls/redis.key" \
    --tls-ca-cert-file "$tls/ca.pem" --tls-auth-clients yes --aclfile "$dir/redis/users.acl" \
    --bind 127.0.0.1 --dir "$dir/redis" --save '' --appendonly no --daemonize no \
    </dev/null >"$dir/redis.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/redis.pid"
  deadline=$((SECONDS + start_timeout))
  until redis_answers "$pid"; do
    running "$pid" || fail_start "$dir/redis.log" "redis-server exited"
    ((SECONDS < deadline)) || fail_start "$dir/redis.log" "redis-server did not answer on port $redis_port within ${start_timeout} s"
    sleep 0.2
  done

  if [ -n "$dashboard_port" ]; then
    [ -f "$client_bin/l2l.dll" ] || dotnet build "$repo/Client" -c "$configuration"
    dotnet "$client_bin/l2l.dll" dashboard --port "$dashboard_port" --otlp-port $((dashboard_port + 1)) \
      --otlp-http-port $((dashboard_port + 2)) </dev/null >"$dir/dashboard.log" 2>&1 &
    echo $! >"$dir/dashboard.pid"
    until grep -q "Ctrl-C stops it" "$dir/dashboard.log"; do
      running "$(<"$dir/dashboard.pid")" || fail_start "$dir/dashboard.log" "the dashboard exited"
      ((SECONDS < deadline)) || fail_start "$dir/dashboard.log" "the dashboard did not start within ${start_timeout} s"
      sleep 0.2
    done
    export OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$((dashboard_port + 1))"
  fi

  printf 'silos=%s\nredis_port=%s\nsilo_port=%s\ngateway_port=%s\ncpu_devices=%s\ndashboard_port=%s\n' \
    "$silos" "$redis_port" "$silo_port" "$gateway_port" "$cpu_devices" "$dashboard_port" >"$dir/cluster.settings"

  for ((i = 0; i < silos; i++)); do
    launch_silo "$i"
    gateways+=("127.0.0.1:$((gateway_port + i))")
  done

  for ((i = 0; i < silos; i++)); do
    wait_for_silo "$i" "$deadline" || fail_start "$dir/silo-$i.log" "$failure"
  done

  redis_answers "$(<"$dir/redis.pid")" || fail_start "$dir/redis.log" "redis-server stopped answering on port $redis_port"
  local joined
  joined=$(IFS=,; echo "${gateways[*]}")
  echo "$joined" >"$dir/gateways"
  echo "ready: $silos silos; gateways $joined; client certificate $tls/client.pem"
  if [ -n "$dashboard_port" ]; then
    echo "dashboard: http://127.0.0.1:$dashboard_port; a console's telemetry: OTEL_EXPORTER_OTLP_ENDPOINT=$OTEL_EXPORTER_OTLP_ENDPOINT"
  fi
}

# What l2l needs to reach the cluster (its gateways, the client certificate), as shell assignments.
client_env() {
  [ -f "$dir/gateways" ] || { echo "cluster.sh: no cluster was started in $dir; start it first" >&2; exit 1; }
  printf 'export L2L_CLUSTER=%q L2L_TLS_CERT=%q L2L_TLS_KEY=%q L2L_TLS_CA=%q\n' \
    "$(<"$dir/gateways")" "$tls/client.pem" "$tls/client.key" "$tls/ca.pem"
}

status() {
  local file program name pid
  [ -n "$(pid_files)" ] || { echo "no cluster in $dir"; return 0; }
  while read -r file program; do
    name=$(basename "$file" .pid)
    if pid=$(live_pid "$file" "$program"); then
      echo "$name: running (pid $pid)"
    else
      echo "$name: dead"
    fi
  done < <(pid_files)
}

case $command in
  start) start ;;
  stop) stop_all ;;
  status) status ;;
  env) client_env ;;
  restart) restart_silo "$silo_index" ;;
  pid)
    pid=$(live_pid "$dir/silo-$silo_index.pid" l2l-silo) || { echo "cluster.sh: silo $silo_index is not running in $dir" >&2; exit 1; }
    echo "$pid"
    ;;
  *) usage ;;
esac
