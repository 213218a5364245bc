# shellcheck shell=bash
# Provisioning of the real servers the tests use (sourced, not executed):
#   ensure_redis        redis-server on PATH (or REDIS_SERVER_BIN); else apt-get install when root,
#                       else the testkit falls back to the redis-server embedded in its jar.
#   ensure_postgres     initdb + pg_ctl (PATH or /usr/lib/postgresql/*/bin); OS user postgres as root.
#   ensure_mlflow_venv  a virtualenv with the pinned mlflow; exports AGENT_OUTBOX_MLFLOW_VENV.
# Idempotent and quiet when everything is present; loud (to stderr) on failure, returning non-zero.

AGENT_OUTBOX_MLFLOW_PIN="mlflow==3.17.2"
_provision_apt_updated=0

_provision_say() { printf 'provision: %s\n' "$*" >&2; }

_provision_fail() {
  printf '\nprovision: ERROR: %s\n\n' "$*" >&2
  return 1
}

# Runs a command with its output captured; prints the output only if the command fails.
_provision_quietly() {
  local log status=0
  log="$(mktemp "${TMPDIR:-/tmp}/agent-outbox-provision.XXXXXX")"
  "$@" >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    printf 'provision: command failed (exit %s): %s\n' "$status" "$*" >&2
    tail -n 40 "$log" | sed 's/^/  | /' >&2
  fi
  rm -f "$log"
  return "$status"
}

_provision_can_apt() {
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1
}

# apt-get install, running apt-get update once per shell and only when something is installed.
_provision_apt_install() {
  _provision_can_apt || return 1
  _provision_say "installing $* with apt-get"
  if [ "$_provision_apt_updated" -eq 0 ]; then
    _provision_quietly apt-get update || return 1
    _provision_apt_updated=1
  fi
  _provision_quietly env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "$@"
}

ensure_redis() {
  if [ -n "${REDIS_SERVER_BIN:-}" ]; then
    [ -x "$REDIS_SERVER_BIN" ] && return 0
    _provision_fail "REDIS_SERVER_BIN=$REDIS_SERVER_BIN is not an executable file"
    return 1
  fi
  command -v redis-server >/dev/null 2>&1 && return 0
  if _provision_can_apt && _provision_apt_install redis-server \
    && command -v redis-server >/dev/null 2>&1; then
    return 0
  fi
  _provision_say "no redis-server installed: tests use the one embedded in the testkit (Redis 6.2)"
  return 0
}

# Prints the directory holding initdb and pg_ctl, or fails.
_provision_pg_bindir() {
  local dir
  if [ -n "${AGENT_OUTBOX_PG_BINDIR:-}" ]; then
    dir="$AGENT_OUTBOX_PG_BINDIR"
  elif command -v pg_ctl >/dev/null 2>&1; then
    dir="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
  else
    dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null \
      | sort -V | tail -n 1 || true)"
  fi
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] || return 1
  printf '%s\n' "$dir"
}

ensure_postgres() {
  if [ -n "${AGENT_OUTBOX_TEST_POSTGRES_URL:-}" ]; then
    return 0
  fi
  if ! _provision_pg_bindir >/dev/null; then
    _provision_apt_install postgresql || true
    _provision_pg_bindir >/dev/null || {
      _provision_fail "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in" \
        "/usr/lib/postgresql/*/bin, and they could not be installed (need root and apt-get)." \
        "Install PostgreSQL, set AGENT_OUTBOX_PG_BINDIR, or set AGENT_OUTBOX_TEST_POSTGRES_URL."
      return 1
    }
  fi
  if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root: the testkit runs it as user postgres through runuser.
    if ! id -u postgres >/dev/null 2>&1; then
      _provision_say "creating OS user postgres"
      _provision_quietly useradd --system --user-group --home-dir /var/lib/postgresql \
        --shell /usr/sbin/nologin postgres || {
        _provision_fail "cannot create OS user postgres, which PostgreSQL needs when run as root"
        return 1
      }
    fi
    command -v runuser >/dev/null 2>&1 || [ -x /usr/sbin/runuser ] || [ -x /sbin/runuser ] || {
      _provision_fail "runuser (util-linux) is missing: needed to run PostgreSQL as user postgres"
      return 1
    }
  fi
  return 0
}

_provision_venv_has_mlflow() {
  local venv="$1" version="${AGENT_OUTBOX_MLFLOW_PIN#mlflow==}"
  [ -x "$venv/bin/mlflow" ] && [ -x "$venv/bin/python" ] || return 1
  "$venv/bin/python" - "$version" >/dev/null 2>&1 <<'PY'
import sys
from importlib.metadata import version
sys.exit(0 if version("mlflow") == sys.argv[1] else 1)
PY
}

ensure_mlflow_venv() {
  local venv="${AGENT_OUTBOX_MLFLOW_VENV:-$HOME/.cache/agent-outbox/mlflow-venv}"
  export AGENT_OUTBOX_MLFLOW_VENV="$venv"
  _provision_venv_has_mlflow "$venv" && return 0

  if ! command -v python3 >/dev/null 2>&1; then
    _provision_fail "python3 is not installed: cannot create the MLflow virtualenv at $venv." \
      "Install python3 (with venv), point AGENT_OUTBOX_MLFLOW_VENV at a virtualenv with" \
      "$AGENT_OUTBOX_MLFLOW_PIN, or set AGENT_OUTBOX_TEST_MLFLOW_URI to a running server."
    return 1
  fi
  if [ ! -x "$venv/bin/python" ]; then
    _provision_say "creating the MLflow virtualenv at $venv"
    mkdir -p "$(dirname "$venv")"
    if ! _provision_quietly python3 -m venv "$venv"; then
      rm -rf "$venv"
      # Debian ships venv support separately.
      _provision_apt_install python3-venv && _provision_quietly python3 -m venv "$venv" || {
        rm -rf "$venv"
        _provision_fail "python3 -m venv $venv failed (on Debian/Ubuntu: apt-get install python3-venv)"
        return 1
      }
    fi
  fi
  _provision_say "installing $AGENT_OUTBOX_MLFLOW_PIN into $venv (takes a few minutes once)"
  _provision_quietly "$venv/bin/python" -m pip install --disable-pip-version-check \
    "$AGENT_OUTBOX_MLFLOW_PIN" || {
    _provision_fail "pip install $AGENT_OUTBOX_MLFLOW_PIN into $venv failed (see output above)"
    return 1
  }
  _provision_venv_has_mlflow "$venv" || {
    _provision_fail "$venv still lacks $AGENT_OUTBOX_MLFLOW_PIN after pip install"
    return 1
  }
}
