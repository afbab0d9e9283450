package io.vox.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoxFilesTest {
  @TempDir Path repo;

  private Artifact artifact(String id, String type, String classifier) throws Exception {
    Path file = repo.resolve(id + (classifier == null ? "" : "-" + classifier) + "." + type);
    Files.writeString(file, id);
    DefaultArtifact a =
        new DefaultArtifact(
            "g", id, "1", "runtime", type, classifier, new DefaultArtifactHandler(type));
    a.setFile(file.toFile());
    return a;
  }

  private List<Artifact> plugin() throws Exception {
    List<Artifact> all = new ArrayList<>();
    all.add(artifact("vox-launcher", "jar", null));
    all.add(artifact("master-war", "jar", "classes"));
    all.add(artifact("master-war", "war", null));
    all.add(artifact("node-war", "war", null));
    all.add(artifact("artemis-rar", "rar", null));
    all.add(artifact("payara-micro", "jar", null));
    all.add(artifact("vox-maven-plugin", "jar", null));
    return all;
  }

  @Test
  void theCliGetsTheJarsAndTheStackItsDeployedFilesUnderTheirDistNames() throws Exception {
    VoxFiles files = VoxFiles.of(plugin());
    List<String> cp = List.of(files.classPath().split(File.pathSeparator));
    assertEquals(
        List.of(
            repo.resolve("vox-launcher.jar").toString(),
            repo.resolve("master-war-classes.jar").toString()),
        cp,
        "no WAR, RAR, Payara Micro or the plugin itself on the CLI's class path");

    Path dist = files.dist(repo.resolve("dist"));
    for (String name : VoxFiles.DEPLOYED.values()) {
      assertTrue(Files.isRegularFile(dist.resolve(name)), name);
    }
    assertEquals("master-war", Files.readString(dist.resolve("master.war")));
    assertEquals("payara-micro", Files.readString(dist.resolve("payara-micro.jar")));
    files.dist(repo.resolve("dist")); // a second build lays it out again
    assertEquals("node-war", Files.readString(dist.resolve("node.war")));
  }

  @Test
  void aMissingDeployedArtifactIsNamed() throws Exception {
    List<Artifact> all = plugin();
    all.removeIf(a -> a.getArtifactId().equals("node-war"));
    MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> VoxFiles.of(all));
    assertTrue(e.getMessage().contains("node.war"), e.getMessage());
  }
}
