# Sourced by ./pbx-auth and ./mvnw: sets JAVA_HOME to a JDK 21 or newer, or stops with one line.
# Order: $JAVA_HOME, then `java` on the PATH, then the usual install folders.

pbxauth_java_major() { # prints the major version of the java binary $1, or nothing
  # The JDK's release file answers without starting a JVM (a tenth of a second saved on every
  # start); a JDK without one is asked.
  local release
  release="$(dirname "$(readlink -f "$1" 2>/dev/null || echo "$1")")/../release"
  if [ -r "$release" ] && grep -q '^JAVA_VERSION="[0-9]' "$release"; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -n 1
    return
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

pbxauth_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null)" \
      /usr/lib/jvm/*/bin/java /opt/java/*/bin/java /usr/local/opt/openjdk*/bin/java \
      /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    [ -x "$(dirname "$candidate")/javac" ] || continue   # a JDK, not a bare runtime: Maven compiles
    major=$(pbxauth_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      candidate=$(readlink -f "$candidate" 2>/dev/null || echo "$candidate")
      JAVA_HOME=$(cd "$(dirname "$candidate")/.." && pwd)
      export JAVA_HOME
      return 0
    fi
  done
  echo "pbx-auth needs a JDK 21 or newer: install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME to it." >&2
  return 1
}

case $- in *f*) pbxauth_noglob=1; set +f ;; *) pbxauth_noglob= ;; esac
pbxauth_find_jdk || exit 1
[ -n "$pbxauth_noglob" ] && set -f
unset pbxauth_noglob
