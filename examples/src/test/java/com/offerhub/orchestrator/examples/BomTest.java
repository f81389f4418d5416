package com.offerhub.orchestrator.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@code orchestrator-bom} has no parent (importing it must not bring the build's own management),
 * so it repeats versions: this keeps it true to the build. It must pin every library module (a
 * module that builds sources and Javadoc jars) and nothing else of ours, at the project's version,
 * and every other dependency at the version the parent pom builds and tests with.
 */
class BomTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theBomPinsEveryLibraryModuleAtTheProjectVersion() throws Exception {
    Pom parent = Pom.read(ROOT.resolve("pom.xml"));
    Pom bom = Pom.read(ROOT.resolve("orchestrator-bom/pom.xml"));
    assertEquals(parent.version, bom.version, "the BOM's version");
    assertTrue(parent.modules.contains("orchestrator-bom"), "the BOM is built and published with the rest");

    TreeSet<String> libraries = new TreeSet<>();
    for (String module : parent.modules) {
      Pom pom = Pom.read(ROOT.resolve(module).resolve("pom.xml"));
      if (!"pom".equals(pom.packaging) && !"true".equals(pom.properties.get("maven.javadoc.skip"))) {
        libraries.add(pom.artifactId);
      }
    }
    assertTrue(libraries.contains("orchestrator-core"), "found the library modules: " + libraries);
    TreeSet<String> ours = new TreeSet<>();
    bom.managed.forEach((key, version) -> {
      if (key.startsWith(bom.groupId + ":")) {
        ours.add(key.substring(key.indexOf(':') + 1));
        assertEquals(bom.version, version, key);
      }
    });
    assertEquals(libraries, ours, "library modules pinned by the BOM");
  }

  @Test
  void everyOtherVersionIsTheOneTheBuildUses() throws Exception {
    Pom parent = Pom.read(ROOT.resolve("pom.xml"));
    Pom bom = Pom.read(ROOT.resolve("orchestrator-bom/pom.xml"));
    int compared = 0;
    for (Map.Entry<String, String> pinned : bom.managed.entrySet()) {
      if (pinned.getKey().startsWith(bom.groupId + ":")) {
        continue;
      }
      String built = parent.managed.get(pinned.getKey());
      assertFalse(built == null, pinned.getKey() + " is pinned by the BOM but not managed by the parent pom");
      assertEquals(built, pinned.getValue(), pinned.getKey());
      compared++;
    }
    assertTrue(compared >= 5, "compared " + compared + " third-party versions");
  }

  /** The parts of a pom this test reads, with ${properties} resolved. */
  private record Pom(String groupId, String artifactId, String version, String packaging,
      java.util.List<String> modules, Map<String, String> properties, Map<String, String> managed) {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    static Pom read(Path file) throws Exception {
      assertTrue(Files.exists(file), file + " exists");
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
      Element project = doc.getDocumentElement();
      Element parent = child(project, "parent");
      String version = text(project, "version", parent == null ? null : text(parent, "version", null));
      String groupId = text(project, "groupId", parent == null ? null : text(parent, "groupId", null));
      Map<String, String> properties = new LinkedHashMap<>();
      Element props = child(project, "properties");
      if (props != null) {
        for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n instanceof Element e) {
            properties.put(e.getTagName(), e.getTextContent().trim());
          }
        }
      }
      properties.put("project.version", version);
      java.util.List<String> modules = new java.util.ArrayList<>();
      Element moduleList = child(project, "modules");
      if (moduleList != null) {
        NodeList list = moduleList.getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
          modules.add(list.item(i).getTextContent().trim());
        }
      }
      Map<String, String> managed = new LinkedHashMap<>();
      Element management = child(project, "dependencyManagement");
      if (management != null) {
        NodeList deps = child(management, "dependencies").getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
          Element dep = (Element) deps.item(i);
          managed.put(text(dep, "groupId", null) + ":" + text(dep, "artifactId", null),
              resolve(text(dep, "version", null), properties));
        }
      }
      return new Pom(groupId, text(project, "artifactId", null), version, text(project, "packaging", "jar"),
          modules, properties, managed);
    }

    private static String resolve(String value, Map<String, String> properties) {
      Matcher m = PROPERTY.matcher(value);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        // a module's pom may use its parent's properties: left as written, they compare unequal
        String resolved = properties.getOrDefault(m.group(1), m.group());
        m.appendReplacement(out, Matcher.quoteReplacement(resolved));
      }
      return m.appendTail(out).toString();
    }

    private static Element child(Element parent, String name) {
      for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && e.getTagName().equals(name)) {
          return e;
        }
      }
      return null;
    }

    private static String text(Element parent, String name, String fallback) {
      Element e = child(parent, name);
      return e == null ? fallback : e.getTextContent().trim();
    }
  }
}
