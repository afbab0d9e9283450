package io.vox.maven;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code vox:run}: runs a plan with {@code vox run}, on a master or on a local stack of its own,
 * writes the JUnit XML and the HTML report into {@code target/vox/} and fails the build when the
 * run misses a threshold or does not complete. Users bind it to {@code integration-test}.
 */
@Mojo(name = "run", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true)
public final class RunMojo extends AbstractMojo {
  /** The plan, a JSON file; a feeder's {@code csvFile} is read next to it. */
  @Parameter(property = "vox.plan", required = true)
  File plan;

  /** A running master's base URL, e.g. {@code http://vox.example:8080/master/}. */
  @Parameter(property = "vox.master")
  String master;

  /** The master's user; its password comes from {@code password} or {@code VOX_PASSWORD}. */
  @Parameter(property = "vox.user")
  String user;

  /** The master user's password: prefer {@code VOX_PASSWORD} or a property to the POM. */
  @Parameter(property = "vox.password")
  String password;

  /** Start a local stack (MariaDB, Artemis, a master and a node on 127.0.0.1) for the run. */
  @Parameter(property = "vox.local", defaultValue = "false")
  boolean local;

  /** With {@code local}: the master's HTTP port, the node's the next. */
  @Parameter(property = "vox.basePort")
  Integer basePort;

  /** With {@code local}: where the local stack keeps its database from build to build. */
  @Parameter(property = "vox.keep", defaultValue = "${project.build.directory}/vox/local")
  File keep;

  /** Values of the plan's parameters, passed as {@code VOX_PARAM_name}: off the command line. */
  @Parameter Map<String, String> params = new LinkedHashMap<>();

  @Parameter(property = "vox.junit", defaultValue = "${project.build.directory}/vox/junit.xml")
  File junit;

  @Parameter(property = "vox.report", defaultValue = "${project.build.directory}/vox/report.html")
  File report;

  /** Log a missed threshold instead of failing the build. */
  @Parameter(property = "vox.testFailureIgnore", defaultValue = "false")
  boolean testFailureIgnore;

  @Parameter(property = "vox.skip", defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  PluginDescriptor pluginDescriptor;

  @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
  File buildDirectory;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("vox:run skipped");
      return;
    }
    if (local == (master != null && !master.isBlank())) {
      throw new MojoExecutionException(
          local
              ? "<master> names a running master; <local>true</local> starts its own: set one"
              : "Set <master> to a running master's URL, or <local>true</local> for a local stack");
    }
    if (!plan.isFile()) {
      throw new MojoExecutionException("<plan> " + plan + " is not a file");
    }
    VoxFiles files = VoxFiles.of(pluginDescriptor.getArtifacts());
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-cp", files.classPath(), "io.vox.launcher.Vox", "run"));
    cmd.add(plan.getAbsolutePath());
    cmd.addAll(List.of("--junit", junit.getAbsolutePath(), "--report", report.getAbsolutePath()));
    if (local) {
      Path dist = files.dist(buildDirectory.toPath().resolve("vox").resolve("dist"));
      cmd.addAll(List.of("--local", "--dist", dist.toString(), "--keep", keep.getAbsolutePath()));
      if (basePort != null) {
        cmd.addAll(List.of("--base-port", basePort.toString()));
      }
    } else {
      cmd.addAll(List.of("--master", master));
      if (user != null) {
        cmd.addAll(List.of("--user", user));
      }
    }
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
    // secrets through the environment: a command line is visible to every user of the machine
    if (password != null) {
      builder.environment().put("VOX_PASSWORD", password);
    }
    params.forEach((name, value) -> builder.environment().put("VOX_PARAM_" + name, value));
    int code = run(builder);
    switch (code) {
      case 0 -> getLog().info("Vox: the run passed; JUnit XML " + junit + ", report " + report);
      case 1 -> {
        String why = "Vox: the run missed a threshold or did not complete; see " + report;
        if (!testFailureIgnore) {
          throw new MojoFailureException(why);
        }
        getLog().error(why);
      }
      case 3 -> throw new MojoExecutionException("Vox: busy (exit 3), see the lines above");
      default -> throw new MojoExecutionException("Vox could not run the plan (exit " + code + ")");
    }
  }

  /**
   * Stops the CLI as Ctrl-C does (SIGTERM: its hook aborts the run, then stops its stack) and waits
   * for that; what is still up a minute later is killed, its stack's processes too.
   */
  private static void stop(Process p) {
    if (!p.isAlive()) {
      return;
    }
    List<ProcessHandle> stack = p.descendants().toList();
    p.destroy();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        stack.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs the CLI, its lines into the build's log, and returns its exit code. When Maven is
   * interrupted or stopped, the CLI is stopped the same way (it aborts its run and stops its
   * stack), and Maven waits for that before it exits.
   */
  private int run(ProcessBuilder builder) throws MojoExecutionException {
    Process p;
    try {
      p = builder.start();
    } catch (IOException e) {
      throw new MojoExecutionException("Could not start " + builder.command().get(0), e);
    }
    Thread wait = new Thread(() -> stop(p), "vox-run-stop");
    Runtime.getRuntime().addShutdownHook(wait);
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        getLog().info(line);
      }
      return p.waitFor();
    } catch (IOException e) {
      stop(p);
      throw new MojoExecutionException("Lost the output of vox run", e);
    } catch (InterruptedException e) {
      stop(p);
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("Interrupted", e);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(wait);
      } catch (IllegalStateException e) {
        // Maven is exiting: the hook waits for the CLI
      }
    }
  }
}
