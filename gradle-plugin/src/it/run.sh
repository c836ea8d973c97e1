#!/usr/bin/env bash
# Builds the fixture projects beside this script with a real Gradle (Debian's 4.4.1 in CI:
# apt-get install -y gradle), offline and without a daemon, with the shaded plugin jar on the
# buildscript class path: single (main and test classes), multi (a library's @Suspendable
# interface implemented in another project) and strict (must fail, naming the method it cannot
# rewrite). It runs the woven programs with weft-runtime and no agent, and builds again to check
# that the compile tasks are UP-TO-DATE. It also compiles the plugin's sources against the Gradle
# jars of that installation, to catch any use of API newer than it. Last, plugins-dsl applies the
# plugin as the README's plugins {} form does, through the plugin marker (gradle-plugin-marker/)
# found with mavenLocal(): the marker that `mvn install` installed if there is one in
# $WEFT_M2_REPO (default ~/.m2/repository), else the module's pom, which install copies as it
# is. Gradle 4.4 refuses a snapshot version in plugins {}, so that check copies the marker, the
# parent pom and the plugin into a scratch local repository under the release version.
#
# Run from anywhere after `mvn package` (or verify) has built runtime/ and gradle-plugin/.
# Leaves its work in gradle-plugin/target/gradle-it/.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
module="$(cd "$here/../.." && pwd)"
root="$(cd "$module/.." && pwd)"
work="$module/target/gradle-it"

if ! command -v gradle >/dev/null; then
  echo "gradle-plugin/src/it/run.sh: no gradle on PATH (apt-get install -y gradle)" >&2
  exit 2
fi
plugin_jar="$(ls "$module"/target/weft-gradle-plugin-*.jar 2>/dev/null | grep -v -e '-sources' -e '/original-' | head -1 || true)"
runtime_jar="$(ls "$root"/runtime/target/weft-runtime-*.jar 2>/dev/null | grep -v -e '-sources' -e '-tests' | head -1 || true)"
if [ -z "$plugin_jar" ] || [ -z "$runtime_jar" ]; then
  echo "run.sh: build the jars first (mvn -B package -pl gradle-plugin,runtime -am)" >&2
  exit 2
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

passed=0
failed=0
pass() { echo "  ok: $1"; passed=$((passed + 1)); }
fail() { echo "  FAILED: $1" >&2; failed=$((failed + 1)); }

rm -rf "$work"
mkdir -p "$work/jars"
# copies, so that a concurrent rebuild of target/ cannot change them under Gradle
cp "$plugin_jar" "$runtime_jar" "$work/jars/"
plugin_jar="$work/jars/$(basename "$plugin_jar")"
runtime_jar="$work/jars/$(basename "$runtime_jar")"

# The Gradle of this machine, with a throwaway user home so that no earlier state counts.
gradle_build() { # <project dir> <log> <tasks...>
  local dir="$1" log="$2"
  shift 2
  (cd "$dir" && timeout 300 gradle --offline --no-daemon --console=plain \
      -g "$work/gradle-home" -PweftPluginJar="$plugin_jar" -PweftRuntimeJar="$runtime_jar" "$@") >"$log" 2>&1
}

# Runs a woven program with -Dweft.strict=true (a pinned park throws) and no agent; checks stdout.
run_woven() { # <name> <classpath> <main class> <expected stdout>
  local name="$1" cp="$2" main="$3" expected="$4" out err
  out="$(timeout 60 "$java" -Dweft.strict=true -cp "$cp" "$main" 2>"$work/$name.stderr")" || {
    fail "$name: $main exited with $? (stderr: $(head -c 2000 "$work/$name.stderr"))"
    return
  }
  if [ "$out" != "$expected" ]; then
    fail "$name: $main printed '$out', expected '$expected'"
  elif grep -qi pinned "$work/$name.stderr"; then
    fail "$name: $main pinned a carrier: $(head -c 2000 "$work/$name.stderr")"
  else
    pass "$name: $main runs woven without the agent: $out"
  fi
}

expect_in_log() { # <description> <log> <extended regexp>
  if grep -Eq "$3" "$2"; then pass "$1"; else fail "$1: no line matching '$3' in $2"; tail -40 "$2" >&2; fi
}

woven_marker() { # <class file>
  if grep -q "dev/weft/internal/cont/Woven" "$1"; then pass "$(basename "$1") carries @Woven"; else fail "$1 is not woven"; fi
}

gradle_lib="$(dirname "$(dirname "$(readlink -f "$(command -v gradle)")")")/lib"
[ -d "$gradle_lib" ] || gradle_lib=/usr/share/gradle/lib
echo "== the plugin's sources against $(basename "$(ls "$gradle_lib"/gradle-core-api-*.jar)")"
# Debian's Gradle keeps Groovy and SLF4J (which Gradle's Logger extends) in /usr/share/java
groovy_jar="$(ls /usr/share/java/groovy-all.jar "$gradle_lib"/groovy-all-*.jar 2>/dev/null | head -1 || true)"
slf4j_jar="$(ls /usr/share/java/slf4j-api.jar "$gradle_lib"/slf4j-api-*.jar 2>/dev/null | head -1 || true)"
mkdir -p "$work/api-check"
if "${JAVA_HOME:+$JAVA_HOME/bin/}javac" --release 17 -nowarn -d "$work/api-check" \
    -cp "$gradle_lib/*:$gradle_lib/plugins/*:$groovy_jar:$slf4j_jar:$root/instrumenter/target/classes" \
    "$module"/src/main/java/dev/weft/gradle/*.java >"$work/api-check.log" 2>&1; then
  pass "the plugin compiles against the installed Gradle's API"
else
  fail "the plugin does not compile against the installed Gradle's API: $(cat "$work/api-check.log")"
fi

echo "== single project: main and test classes"
cp -r "$here/single" "$work/single"
if gradle_build "$work/single" "$work/single-1.log" classes testClasses; then
  expect_in_log "compileJava wove its classes" "$work/single-1.log" 'weft: :compileJava: [0-9]+ class(es)? scanned, [1-9][0-9]* woven'
  expect_in_log "compileTestJava wove its classes" "$work/single-1.log" 'weft: :compileTestJava: [0-9]+ class(es)? scanned, [1-9][0-9]* woven'
  woven_marker "$work/single/build/classes/java/main/demo/Main.class"
  woven_marker "$work/single/build/classes/java/test/demo/MainCheck.class"
  main_classes="$work/single/build/classes/java/main"
  run_woven single "$runtime_jar:$main_classes" demo.Main "ring: token 900"
  run_woven single-test "$runtime_jar:$main_classes:$work/single/build/classes/java/test" demo.MainCheck "check: 5060"
  if gradle_build "$work/single" "$work/single-2.log" classes testClasses; then
    expect_in_log "second build: compileJava UP-TO-DATE" "$work/single-2.log" ':compileJava UP-TO-DATE'
    expect_in_log "second build: compileTestJava UP-TO-DATE" "$work/single-2.log" ':compileTestJava UP-TO-DATE'
  else
    fail "single: second build failed: $(tail -40 "$work/single-2.log")"
  fi
else
  fail "single: build failed: $(tail -60 "$work/single-1.log")"
fi

echo "== multi-project: a library's @Suspendable interface implemented in the application"
cp -r "$here/multi" "$work/multi"
if gradle_build "$work/multi" "$work/multi-1.log" classes; then
  expect_in_log "lib:compileJava wove its classes" "$work/multi-1.log" 'weft: :lib:compileJava: [0-9]+ class(es)? scanned, [1-9][0-9]* woven'
  expect_in_log "app:compileJava wove its classes" "$work/multi-1.log" 'weft: :app:compileJava: [0-9]+ class(es)? scanned, [1-9][0-9]* woven'
  woven_marker "$work/multi/app/build/classes/java/main/demo/app/Main\$Square.class"
  run_woven multi "$runtime_jar:$work/multi/lib/build/classes/java/main:$work/multi/app/build/classes/java/main" \
      demo.app.Main "sum of odd squares: 166650"
  if gradle_build "$work/multi" "$work/multi-2.log" classes; then
    expect_in_log "second build: lib:compileJava UP-TO-DATE" "$work/multi-2.log" ':lib:compileJava UP-TO-DATE'
    expect_in_log "second build: app:compileJava UP-TO-DATE" "$work/multi-2.log" ':app:compileJava UP-TO-DATE'
  else
    fail "multi: second build failed: $(tail -40 "$work/multi-2.log")"
  fi
else
  fail "multi: build failed: $(tail -60 "$work/multi-1.log")"
fi

echo "== strict mode: a method the weaver cannot rewrite fails the build"
cp -r "$here/strict" "$work/strict"
if gradle_build "$work/strict" "$work/strict.log" classes; then
  fail "strict: the build should have failed"
else
  expect_in_log "strict: the failure names the task and says strict" "$work/strict.log" 'weft: :compileJava: could not weave 1 class as strict mode requires'
  expect_in_log "strict: the failure names the method" "$work/strict.log" 'cannot rewrite demo\.Refused\.build\('
  expect_in_log "strict: the failure says what to do" "$work/strict.log" 'weft \{ strict = false \}'
  if grep -q "dev/weft/internal/cont/Woven" "$work/strict/build/classes/java/main/demo/Wovable.class"; then
    fail "strict: the failed build wrote a woven class (it must write nothing)"
  else
    pass "strict: the failed build left Wovable.class as compiled"
  fi
fi

echo "== plugins { id 'dev.weft' version ... }: the plugin marker, found with mavenLocal()"
version="$(basename "$plugin_jar" .jar)"
version="${version#weft-gradle-plugin-}"
release="${version%-SNAPSHOT}"
installed_marker="${WEFT_M2_REPO:-$HOME/.m2/repository}/dev/weft/dev.weft.gradle.plugin/$version/dev.weft.gradle.plugin-$version.pom"
if [ -f "$installed_marker" ]; then
  marker_pom="$installed_marker"
else
  marker_pom="$root/gradle-plugin-marker/pom.xml"
  echo "  (no installed marker at $installed_marker; checking $marker_pom, which mvn install copies as it is)"
fi
plugin_pom="$module/target/dependency-reduced-pom.xml"
# the marker's own coordinates, then its one dependency: the plugin's jar
if tr -d ' \n' <"$marker_pom" | grep -q '</parent><artifactId>dev.weft.gradle.plugin</artifactId><packaging>pom</packaging>' \
    && tr -d ' \n' <"$marker_pom" | grep -q '<dependency><groupId>dev.weft</groupId><artifactId>weft-gradle-plugin</artifactId><version>${project.version}</version></dependency>'; then
  pass "the marker dev.weft:dev.weft.gradle.plugin names dev.weft:weft-gradle-plugin ($marker_pom)"
else
  fail "the marker $marker_pom is not a pom-only dev.weft:dev.weft.gradle.plugin depending on dev.weft:weft-gradle-plugin"
fi
m2="$work/m2"
put() { # <file> <artifactId> <extension>: into the scratch repository, under the release version
  local dir="$m2/dev/weft/$2/$release"
  mkdir -p "$dir"
  if [ "$3" = pom ]; then sed "s/$version/$release/g" "$1" >"$dir/$2-$release.pom"; else cp "$1" "$dir/$2-$release.$3"; fi
}
put "$marker_pom" dev.weft.gradle.plugin pom
put "$root/pom.xml" weft-parent pom
put "$plugin_pom" weft-gradle-plugin pom
put "$plugin_jar" weft-gradle-plugin jar
cp -r "$here/plugins-dsl" "$work/plugins-dsl"
cp -r "$here/single/src" "$work/plugins-dsl/src" # the single project's program, built the other way
sed -i "s/@WEFT_VERSION@/$release/" "$work/plugins-dsl/build.gradle"
if gradle_build "$work/plugins-dsl" "$work/plugins-dsl.log" -Dmaven.repo.local="$m2" classes; then
  expect_in_log "plugins {}: compileJava wove its classes, verbosely" "$work/plugins-dsl.log" '^weft: woven demo\.Main '
  woven_marker "$work/plugins-dsl/build/classes/java/main/demo/Main.class"
  run_woven plugins-dsl "$runtime_jar:$work/plugins-dsl/build/classes/java/main" demo.Main "ring: token 900"
else
  fail "plugins-dsl: build failed: $(tail -60 "$work/plugins-dsl.log")"
fi

echo "gradle-plugin: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
