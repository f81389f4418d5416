package com.offerhub.orchestrator.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.airtm.AirtmPaymentProvider;
import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.micrometer.OrchestratorMeters;
import com.offerhub.orchestrator.spring.OrchestratorAutoConfiguration;
import com.offerhub.orchestrator.stellar.StellarChainAdapter;
import com.offerhub.orchestrator.testkit.TestEngine;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library modules' published surface: no type from an {@code internal} package appears in a
 * public or protected signature of a class outside one (a user could not call it without reaching
 * into code we promise nothing about), and every jar names its module for the module path.
 */
class PublicApiTest {
  /** A class of each library module, and the module name its jar declares. */
  private static final Map<Class<?>, String> MODULES = new LinkedHashMap<>();

  static {
    MODULES.put(OrchestratorEngine.class, "com.offerhub.orchestrator");
    MODULES.put(TestEngine.class, "com.offerhub.orchestrator.testkit");
    MODULES.put(JdbcStorage.class, "com.offerhub.orchestrator.jdbc");
    MODULES.put(StellarChainAdapter.class, "com.offerhub.orchestrator.stellar");
    MODULES.put(AirtmPaymentProvider.class, "com.offerhub.orchestrator.airtm");
    MODULES.put(OrchestratorMeters.class, "com.offerhub.orchestrator.micrometer");
    MODULES.put(OrchestratorAutoConfiguration.class, "com.offerhub.orchestrator.spring");
  }

  @Test
  void noInternalTypeLeaksIntoAPublicSignature() throws Exception {
    List<String> leaks = new ArrayList<>();
    int checked = 0;
    for (Class<?> anchor : MODULES.keySet()) {
      for (String name : classNames(location(anchor))) {
        Class<?> type = Class.forName(name, false, anchor.getClassLoader());
        if (isInternal(type) || !isPublished(type)) {
          continue;
        }
        checked++;
        leaks.addAll(leaksOf(type));
      }
    }
    assertTrue(checked > 100, "the scan found the library classes: " + checked);
    assertEquals(List.of(), leaks, "internal types in public signatures");
  }

  @Test
  void theScanSeesALeak() {
    assertEquals(List.of(Leaky.class.getName() + ".hook parameter: " + Hidden.class.getName()),
        leaksOf(Leaky.class, "Hidden"));
  }

  @Test
  void everyJarNamesItsModule() throws IOException, URISyntaxException {
    for (Map.Entry<Class<?>, String> module : MODULES.entrySet()) {
      Path location = location(module.getKey());
      if (Files.isDirectory(location)) {
        // run from classes (an IDE, or mvn test without package): the pom's property stands in
        Path pom = location.getParent().getParent().resolve("pom.xml");
        assertTrue(Files.readString(pom).contains("<automatic.module.name>" + module.getValue() + "<"),
            pom + " names " + module.getValue());
        continue;
      }
      try (JarFile jar = new JarFile(location.toFile())) {
        Manifest manifest = jar.getManifest();
        assertEquals(module.getValue(), manifest.getMainAttributes().getValue("Automatic-Module-Name"), location.toString());
      }
    }
  }

  private static Path location(Class<?> anchor) throws URISyntaxException {
    return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static List<String> classNames(Path location) throws IOException {
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.walk(location)) {
        files.filter(f -> f.toString().endsWith(".class"))
            .forEach(f -> names.add(className(location.relativize(f).toString().replace('\\', '/'))));
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        jar.stream().filter(e -> e.getName().endsWith(".class")).forEach(e -> names.add(className(e.getName())));
      }
    }
    names.removeIf(n -> n.endsWith("package-info") || n.endsWith("module-info"));
    return names;
  }

  private static String className(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.');
  }

  private static boolean isInternal(Class<?> type) {
    return type.getPackageName().contains(".internal");
  }

  /** Public, and reachable: every enclosing class public too. */
  private static boolean isPublished(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static List<String> leaksOf(Class<?> type) {
    return leaksOf(type, null);
  }

  /** {@code extraHidden}: a simple class name treated as internal too (to prove the scan finds leaks). */
  private static List<String> leaksOf(Class<?> type, String extraHidden) {
    List<Map.Entry<String, Type>> signature = new ArrayList<>();
    if (type.getGenericSuperclass() != null) {
      signature.add(Map.entry("extends", type.getGenericSuperclass()));
    }
    for (Type implemented : type.getGenericInterfaces()) {
      signature.add(Map.entry("implements", implemented));
    }
    for (Field field : type.getDeclaredFields()) {
      if (visible(field.getModifiers()) && !field.isSynthetic()) {
        signature.add(Map.entry(field.getName() + " field", field.getGenericType()));
      }
    }
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (visible(constructor.getModifiers()) && !constructor.isSynthetic()) {
        add(signature, "<init>", constructor.getGenericParameterTypes(), constructor.getGenericExceptionTypes());
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      if (visible(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
        signature.add(Map.entry(method.getName() + " return", method.getGenericReturnType()));
        add(signature, method.getName(), method.getGenericParameterTypes(), method.getGenericExceptionTypes());
      }
    }
    TreeSet<String> leaks = new TreeSet<>();
    for (Map.Entry<String, Type> part : signature) {
      TreeSet<String> hidden = new TreeSet<>();
      collect(part.getValue(), hidden, extraHidden, new ArrayList<>());
      hidden.forEach(h -> leaks.add(type.getName() + "." + part.getKey() + ": " + h));
    }
    return List.copyOf(leaks);
  }

  private static void add(List<Map.Entry<String, Type>> signature, String member, Type[] parameters,
      Type[] exceptions) {
    for (Type parameter : parameters) {
      signature.add(Map.entry(member + " parameter", parameter));
    }
    for (Type exception : exceptions) {
      signature.add(Map.entry(member + " throws", exception));
    }
  }

  private static void collect(Type t, TreeSet<String> hidden, String extraHidden, List<Type> seen) {
    if (t == null || seen.contains(t)) {
      return;
    }
    seen.add(t);
    if (t instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      if (isInternal(c) || c.getSimpleName().equals(extraHidden)) {
        hidden.add(c.getName());
      }
    } else if (t instanceof ParameterizedType p) {
      collect(p.getRawType(), hidden, extraHidden, seen);
      collect(p.getOwnerType(), hidden, extraHidden, seen);
      for (Type argument : p.getActualTypeArguments()) {
        collect(argument, hidden, extraHidden, seen);
      }
    } else if (t instanceof GenericArrayType a) {
      collect(a.getGenericComponentType(), hidden, extraHidden, seen);
    } else if (t instanceof WildcardType w) {
      for (Type bound : w.getUpperBounds()) {
        collect(bound, hidden, extraHidden, seen);
      }
      for (Type bound : w.getLowerBounds()) {
        collect(bound, hidden, extraHidden, seen);
      }
    } else if (t instanceof TypeVariable<?> v) {
      for (Type bound : v.getBounds()) {
        collect(bound, hidden, extraHidden, seen);
      }
    }
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  /** A class with a leak, for {@link #theScanSeesALeak}. */
  public static final class Leaky {
    public void hook(Hidden hidden) {
      hidden.toString();
    }

    void notPublished(Hidden hidden) {
      hidden.toString();
    }
  }

  /** Stands in for an internal type. */
  static final class Hidden {}
}
