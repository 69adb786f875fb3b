# Sourced by ./crema and ./build: finds a JDK >= 25 and Maven, or says what is missing.
crema_find_jdk() {
  local cand v
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]* /usr/lib/jvm/*; do
    [ -n "$cand" ] && [ -x "$cand/bin/javac" ] || continue
    # the JDK's release file says its version without starting a JVM (~60 ms on every ./crema and ./build)
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$cand/release" 2>/dev/null)
    [ -n "$v" ] || v=$("$cand/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$cand"
      return 0
    fi
  done
  echo "crema: no JDK >= 25 found. Set JAVA_HOME to a JDK 25 (or put one under /usr/lib/jvm)," >&2
  echo "       e.g. 'apt-get install temurin-25-jdk' or any OpenJDK 25 build. Found: $(ls /usr/lib/jvm 2>/dev/null | tr '\n' ' ')" >&2
  return 1
}
crema_find_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "crema: Maven (mvn) not found on PATH. Install it, e.g. 'apt-get install maven'." >&2
    return 1
  fi
}
