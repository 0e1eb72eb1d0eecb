#!/usr/bin/env bash
# Fetch Apache Kafka's broker jars (kafka_2.13 and its dependencies) from Maven
# Central into a cache outside the clone, so a test cluster needs no tarball.
#   KAFKA_VERSION  release to fetch (default 3.9.1)
#   KDECK_CACHE    cache root (default ~/.cache/kdeck)
# Prints the directory holding the jars.
set -euo pipefail

ver=${KAFKA_VERSION:-3.9.1}
cache=${KDECK_CACHE:-$HOME/.cache/kdeck}
dir=$cache/kafka/$ver
libs=$dir/libs

if [ -f "$dir/.complete" ]; then
    echo "$libs"
    exit 0
fi

mkdir -p "$dir"
# one fetch at a time per version: tests started together share the result
exec 9> "$dir/.lock"
flock 9
if [ -f "$dir/.complete" ]; then
    echo "$libs"
    exit 0
fi
# Kafka 3.x logs through reload4j, 4.x through log4j2; bring the binding that
# matches so the brokers' logs are readable when a test fails.
case $ver in
    3.*) logdeps='<dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>' ;;
    *)   logdeps='<dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>2.24.3</version></dependency>
               <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.24.3</version></dependency>' ;;
esac

cat > "$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>kdeck.tests</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$ver</version>
    </dependency>
    <!-- the Java admin tools are the tests' independent oracle -->
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-tools</artifactId>
      <version>$ver</version>
    </dependency>
    $logdeps
  </dependencies>
</project>
POM

echo "kafka-fetch: resolving kafka_2.13:$ver with mvn" >&2
mvn -B -q -Dstyle.color=never -f "$dir/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs" >&2
touch "$dir/.complete"
echo "$libs"
