#!/usr/bin/env bash
# The test command: installs what the tests need, then runs every test (unit, the web client's under node, Tyrus, Arquillian/Jetty,
# java -jar end-to-end, Jetty and Tomcat distributions, browser tests, nginx and caddy in front of java -jar, a Redis cluster of
# three java -jar nodes). Nothing is skipped silently: a missing
# browser fails the browser tests loudly.
set -euo pipefail
cd "$(dirname "$0")"

need_packages=()
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_packages+=(chromium-driver)
# The reverse-proxy tests run the real nginx (and caddy, where it runs) in front of java -jar.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_packages+=(nginx)
command -v caddy >/dev/null 2>&1 || need_packages+=(caddy)
# The cluster tests start Debian's redis-server on a free loopback port (and three java -jar nodes against it).
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need_packages+=(redis-server)
# The web client's unit tests (src/test/js) run on node's own test runner, inside mvn's test phase.
command -v node >/dev/null 2>&1 || need_packages+=(nodejs)
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: the browser and reverse-proxy tests need Debian's ${need_packages[*]}; run as root or install them first" >&2
    exit 1
  fi
  echo "test.sh: installing ${need_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_packages[@]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
  echo "test.sh: the web client's tests need node 18 or later (node --test); found $(node --version)" >&2
  exit 1
fi

exec mvn -B verify "$@"
