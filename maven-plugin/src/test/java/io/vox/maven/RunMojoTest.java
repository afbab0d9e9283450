package io.vox.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class RunMojoTest {
  @Test
  void aRunNeedsEitherALocalStackOrAMasterAndAPlanThatIsThere() {
    RunMojo both = new RunMojo();
    both.local = true;
    both.master = "http://vox.example/master/";
    assertTrue(
        assertThrows(MojoExecutionException.class, both::execute).getMessage().contains("set one"));

    RunMojo neither = new RunMojo();
    assertTrue(
        assertThrows(MojoExecutionException.class, neither::execute)
            .getMessage()
            .contains("<local>true</local>"));

    RunMojo noPlan = new RunMojo();
    noPlan.local = true;
    noPlan.plan = new File("no-such-plan.json");
    assertTrue(
        assertThrows(MojoExecutionException.class, noPlan::execute)
            .getMessage()
            .contains("no-such-plan.json is not a file"));
  }

  /** docs/CI.md's POM snippet: the plugin's coordinates, its goal and only its parameters. */
  @Test
  void theSnippetInTheCiDocsConfiguresThisGoal() throws Exception {
    String doc = Files.readString(Path.of("../docs/CI.md"));
    Matcher m = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertTrue(m.find(), "docs/CI.md has a POM snippet");
    Element plugin =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(m.group(1).getBytes(StandardCharsets.UTF_8)))
            .getDocumentElement();
    assertEquals("vox-maven-plugin", text(plugin, "artifactId"));
    assertEquals("io.vox", text(plugin, "groupId"));
    assertEquals("run", text(plugin, "goal"));
    // the goal's parameters as Maven sees them: the descriptor the build generated
    Element descriptor =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new File("target/classes/META-INF/maven/plugin.xml"))
            .getDocumentElement();
    java.util.Set<String> parameters = new java.util.HashSet<>();
    var names = descriptor.getElementsByTagName("parameter");
    for (int i = 0; i < names.getLength(); i++) {
      Element p = (Element) names.item(i);
      if ("true".equals(text(p, "editable"))) {
        parameters.add(text(p, "name"));
      }
    }
    assertTrue(parameters.contains("plan"), parameters.toString());
    Node config = plugin.getElementsByTagName("configuration").item(0);
    int n = 0;
    for (Node c = config.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element e) {
        assertTrue(parameters.contains(e.getTagName()), e.getTagName() + " is no parameter");
        n++;
      }
    }
    // every parameter of the table is one too
    for (String row : doc.substring(doc.indexOf("| parameter |")).split("\n")) {
      if (row.startsWith("| `")) {
        for (String name : row.split("\\|")[1].replace("`", "").split(",")) {
          assertTrue(parameters.contains(name.trim()), name + " in the table is no parameter");
        }
      }
    }
    assertTrue(n >= 3, "the snippet sets the plan, the stack and a parameter");
  }

  private static String text(Element e, String tag) {
    return e.getElementsByTagName(tag).item(0).getTextContent().trim();
  }
}
