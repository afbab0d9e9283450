# The demo "Vox" API (the system under test of the demo and the tests), and the vox CLI.
# Build from the repository root: docker build -f docker/demo.Dockerfile .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl launcher -am

FROM eclipse-temurin:17-jre
COPY --from=build /src/launcher/target/dist/lib /opt/vox/lib
COPY --from=build /src/launcher/target/vox-launcher.jar /opt/vox/vox-launcher.jar
EXPOSE 18300
# every interface of the container, not only its loopback
ENTRYPOINT ["java", "-Dvox.demo.host=0.0.0.0", "-cp", "/opt/vox/lib/*", "io.vox.demo.DemoServer", "18300"]
