# Sourced by ./mvnw and ./newswatch, so the build and the run use the same JDK. newswatch needs
# Java 21 or newer, for Maven itself too (the Quarkus build step loads the application's
# @ConfigMapping classes inside Maven's JVM). When JAVA_HOME is unset or points at an older JDK,
# pick the newest JDK >= 21 from the usual install folders and say so on stderr. The caller may set
# newswatch_tool to the name shown in the messages (default mvnw).
newswatch_tool="${newswatch_tool:-mvnw}"
newswatch_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
newswatch_current_java="java"
[ -n "${JAVA_HOME-}" ] && newswatch_current_java="$JAVA_HOME/bin/java"
newswatch_major="$(newswatch_java_major "$newswatch_current_java" 2>/dev/null || true)"
if [ -z "$newswatch_major" ] || [ "$newswatch_major" -lt 21 ]; then
  newswatch_best="" newswatch_best_major=0
  set +f
  for newswatch_jdk in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$newswatch_jdk/bin/javac" ] || continue
    newswatch_m="$(newswatch_java_major "$newswatch_jdk/bin/java" 2>/dev/null || true)"
    [ -n "$newswatch_m" ] || continue
    if [ "$newswatch_m" -ge 21 ] && [ "$newswatch_m" -gt "$newswatch_best_major" ]; then
      newswatch_best="$newswatch_jdk" newswatch_best_major="$newswatch_m"
    fi
  done
  set -f
  if [ -n "$newswatch_best" ]; then
    JAVA_HOME="$newswatch_best"
    export JAVA_HOME
    echo "$newswatch_tool: using JDK $newswatch_best_major at $JAVA_HOME (the default java is ${newswatch_major:-missing}; newswatch needs 21+)" >&2
  else
    echo "$newswatch_tool: newswatch needs a JDK 21 or newer; install one or set JAVA_HOME to it" >&2
    exit 1
  fi
fi
