# The Vox node: Payara Micro (the official image) with the Artemis RA and node.war.
# Build from the repository root: docker build -f docker/node.Dockerfile .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl launcher -am

FROM payara/micro:6.2025.10-jdk17
COPY --from=build /src/launcher/target/dist/artemis-rar.rar /src/launcher/target/dist/node.war /opt/vox/
COPY docker/payara-entrypoint.sh /opt/vox/entrypoint.sh
# The launcher's JVM options for the node (LocalStack.nodeJvm); DockerFilesTest keeps them equal.
ENV VOX_WAR=node.war \
    JAVA_OPTS="-Xms32m -Xmx1g -XX:+UseSerialGC -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=2000 -Dio.netty.leakDetection.level=disabled"
EXPOSE 8080
ENTRYPOINT ["/bin/sh", "/opt/vox/entrypoint.sh"]
