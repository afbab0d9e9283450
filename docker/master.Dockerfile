# The Vox master: Payara Micro (the official image) with the Artemis RA and master.war.
# Build from the repository root: docker build -f docker/master.Dockerfile .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl launcher -am

FROM payara/micro:6.2025.10-jdk17
COPY --from=build /src/launcher/target/dist/artemis-rar.rar /src/launcher/target/dist/master.war /opt/vox/
COPY docker/payara-entrypoint.sh /opt/vox/entrypoint.sh
# The launcher's JVM options for the master (LocalStack.masterJvm); DockerFilesTest keeps them equal.
ENV VOX_WAR=master.war \
    JAVA_OPTS="-Xms256m -Xmx768m -XX:TieredStopAtLevel=1"
EXPOSE 8080
ENTRYPOINT ["/bin/sh", "/opt/vox/entrypoint.sh"]
