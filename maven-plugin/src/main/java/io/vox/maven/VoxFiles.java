package io.vox.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * The plugin's resolved artifacts, sorted for {@code vox run}: the CLI's class path, and the four
 * files a local stack deploys under the names the CLI's {@code --dist} folder has.
 */
final class VoxFiles {
  /** The name in the dist folder of each deployed artifact, by artifact id. */
  static final Map<String, String> DEPLOYED =
      Map.of(
          "payara-micro", "payara-micro.jar",
          "master-war", "master.war",
          "node-war", "node.war",
          "artemis-rar", "artemis-rar.rar");

  private final List<File> classPath;
  private final Map<String, File> deployed;

  private VoxFiles(List<File> classPath, Map<String, File> deployed) {
    this.classPath = classPath;
    this.deployed = deployed;
  }

  static VoxFiles of(Collection<Artifact> artifacts) throws MojoExecutionException {
    List<File> jars = new ArrayList<>();
    Map<String, File> deployed = new LinkedHashMap<>();
    for (Artifact a : artifacts) {
      String name = DEPLOYED.get(a.getArtifactId());
      boolean plain = a.getClassifier() == null || a.getClassifier().isEmpty();
      boolean jar = "jar".equals(a.getType());
      if (name != null && plain && (!jar || "payara-micro".equals(a.getArtifactId()))) {
        deployed.put(name, a.getFile());
      } else if (jar && !"vox-maven-plugin".equals(a.getArtifactId())) {
        jars.add(a.getFile());
      }
    }
    for (String name : DEPLOYED.values()) {
      if (deployed.get(name) == null) {
        throw new MojoExecutionException("The plugin's dependencies lack " + name);
      }
    }
    return new VoxFiles(jars, deployed);
  }

  String classPath() {
    return String.join(File.pathSeparator, classPath.stream().map(File::getPath).toList());
  }

  /**
   * {@code dir} holding the deployed files, linked (copied where links fail) from the repository.
   */
  Path dist(Path dir) throws MojoExecutionException {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, File> e : deployed.entrySet()) {
        Path to = dir.resolve(e.getKey());
        Path from = e.getValue().toPath().toAbsolutePath();
        Files.deleteIfExists(to);
        try {
          Files.createSymbolicLink(to, from);
        } catch (UnsupportedOperationException | IOException noLink) {
          Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new MojoExecutionException("Could not lay out " + dir, e);
    }
  }
}
