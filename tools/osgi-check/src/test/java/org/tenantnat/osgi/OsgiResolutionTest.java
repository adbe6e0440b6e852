package org.tenantnat.osgi;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resolves tenantnat's bundles, as shipped in the .oar, in an Apache Felix framework holding the ONOS 2.7.0 bundles
 * and their dependencies, and checks what the .oar tells ONOS about the application.
 */
class OsgiResolutionTest {

    /**
     * Packages that Karaf itself provides inside ONOS, exported here by the system bundle. Karaf's shell API: the
     * bundle providing it at runtime (Karaf's shell with its console, ssh and gogo dependencies) is more than a
     * resolution check needs, so its classes come from org.apache.karaf.shell.core 4.2.9 (the version ONOS 2.7.0
     * runs) on the test class path. StAX: Karaf's jre.properties exports the JDK's javax.xml.stream with a version,
     * which dom4j (an onos-api dependency) requires; a plain framework exports it without one.
     */
    static final String KARAF_STAND_INS = String.join(",",
            "javax.xml.stream;version=1.0.1",
            "javax.xml.stream.events;version=1.0.1",
            "javax.xml.stream.util;version=1.0.1",
            "org.apache.karaf.shell.api.action;version=4.2.9",
            "org.apache.karaf.shell.api.action.lifecycle;version=4.2.9",
            "org.apache.karaf.shell.api.console;version=4.2.9",
            "org.apache.karaf.shell.support;version=4.2.9",
            "org.apache.karaf.shell.support.completers;version=4.2.9",
            "org.apache.karaf.shell.support.table;version=4.2.9");

    private static final List<String> OUR_BUNDLES = List.of("tenantnat-engine", "tenantnat-onos", "tenantnat-drivers",
                                                             "tenantnat-web");

    private static final String VERSION = System.getProperty("tenantnat.version");
    private static Framework framework;
    private static final Map<String, Bundle> ours = new LinkedHashMap<>();
    private static final List<Bundle> installed = new ArrayList<>();
    private static final List<String> skipped = new ArrayList<>();

    private static Path oar() {
        return Path.of(System.getProperty("tenantnat.oar"));
    }

    @BeforeAll
    static void startFrameworkAndInstallEverything() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, System.getProperty("tenantnat.felix.cache"));
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, KARAF_STAND_INS);
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
        BundleContext context = framework.getBundleContext();

        File[] jars = new File(System.getProperty("tenantnat.bundles")).listFiles((d, n) -> n.endsWith(".jar"));
        assertNotNull(jars, "bundles were not copied");
        Arrays.sort(jars);
        for (File jar : jars) {
            if (isBundle(jar)) {
                installed.add(context.installBundle(jar.toURI().toString()));
            } else {
                skipped.add(jar.getName());
            }
        }
        try (ZipFile zip = new ZipFile(oar().toFile())) {
            for (String name : OUR_BUNDLES) {
                String entry = "m2/org/tenantnat/" + name + "/" + VERSION + "/" + name + "-" + VERSION + ".jar";
                ZipEntry e = zip.getEntry(entry);
                assertNotNull(e, "missing from the .oar: " + entry);
                try (InputStream in = zip.getInputStream(e)) {
                    Bundle b = context.installBundle("oar:" + entry, in);
                    ours.put(name, b);
                    installed.add(b);
                }
            }
        }
        framework.adapt(FrameworkWiring.class).resolveBundles(null);
    }

    @AfterAll
    static void stopFramework() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    private static boolean isBundle(File jar) throws IOException {
        try (JarFile j = new JarFile(jar)) {
            Manifest m = j.getManifest();
            return m != null && m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) != null;
        }
    }

    private static boolean isResolved(Bundle b) {
        return (b.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE)) != 0;
    }

    // Felix names the first missing requirement when asked to start an unresolved bundle.
    private static String whyUnresolved(Bundle b) {
        if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return b.getSymbolicName() + " (fragment)";
        }
        try {
            b.start(Bundle.START_TRANSIENT);
            b.stop();
            return b.getSymbolicName() + ": resolved on start";
        } catch (BundleException e) {
            return b.getSymbolicName() + ": " + e.getMessage();
        }
    }

    @Test
    void tenantnatBundlesFromTheOarResolveAgainstOnos() {
        String unresolved = ours.values().stream().filter(b -> !isResolved(b))
                .map(OsgiResolutionTest::whyUnresolved).collect(Collectors.joining("\n"));
        assertEquals("", unresolved);
        assertEquals(OUR_BUNDLES.size(), ours.size());
    }

    @Test
    void everyInstalledBundleResolves() {
        String unresolved = installed.stream().filter(b -> !isResolved(b))
                .filter(b -> b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                .map(OsgiResolutionTest::whyUnresolved).collect(Collectors.joining("\n"));
        assertEquals("", unresolved, "skipped non-bundle jars: " + skipped);
        assertTrue(installed.stream().anyMatch(b -> b.getSymbolicName().equals("org.onosproject.onos-api")));
        assertTrue(installed.stream().anyMatch(b -> b.getSymbolicName().equals("org.onosproject.onos-cli")));
    }

    @Test
    void aBundleWithAnImportNobodyExportsDoesNotResolve() throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, "org.tenantnat.bad-import");
        main.putValue(Constants.IMPORT_PACKAGE, "org.onosproject.net.flow;version=\"[2.7,3)\","
                + "org.onosproject.net.nosuchpackage;version=\"[2.7,3)\"");
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        new JarOutputStream(jar, manifest).close();

        Bundle bad = framework.getBundleContext().installBundle("test:bad-import",
                                                                new ByteArrayInputStream(jar.toByteArray()));
        try {
            assertFalse(framework.adapt(FrameworkWiring.class).resolveBundles(List.of(bad)));
            assertFalse(isResolved(bad));
            assertTrue(whyUnresolved(bad).contains("org.onosproject.net.nosuchpackage"), whyUnresolved(bad));
        } finally {
            bad.uninstall();
        }
    }

    @Test
    void declarativeServicesAndCommandClassesLoadInsideTheFramework() throws Exception {
        Bundle app = ours.get("tenantnat-onos");
        for (String component : List.of("org.tenantnat.impl.TenantNatManager",
                                        "org.tenantnat.impl.TenantNatConfigManager",
                                        "org.tenantnat.impl.DistributedTenantNatStore",
                                        "org.tenantnat.impl.DistributedProgressStore",
                                        "org.tenantnat.impl.DistributedChangeHistory",
                                        "org.tenantnat.impl.DistributedBindingHistory",
                                        "org.tenantnat.cli.ChangesCommand", "org.tenantnat.cli.BindingsCommand",
                                        "org.tenantnat.cli.TenantsCommand", "org.tenantnat.cli.TranslationsCommand",
                                        "org.tenantnat.cli.LookupCommand", "org.tenantnat.cli.PoolCommand",
                                        "org.tenantnat.cli.TenantNameCompleter")) {
            assertNotNull(app.loadClass(component), component);
        }
        assertNotNull(app.getEntry("org/tenantnat/impl/TenantNatManager.cfgdef"));
        assertNotNull(app.getEntry("org/tenantnat/impl/DistributedChangeHistory.cfgdef"));
        assertNotNull(app.getEntry("org/tenantnat/impl/DistributedBindingHistory.cfgdef"));
        assertEquals("org.tenantnat.cli", app.getHeaders().get("Karaf-Commands"));

        Bundle drivers = ours.get("tenantnat-drivers");
        Document xml = parse(drivers.getEntry("tenantnat-drivers.xml").openStream());
        NodeList behaviours = xml.getElementsByTagName("behaviour");
        assertTrue(behaviours.getLength() > 0);
        for (int i = 0; i < behaviours.getLength(); i++) {
            Element b = (Element) behaviours.item(i);
            Class<?> api = drivers.loadClass(b.getAttribute("api"));
            assertTrue(api.isAssignableFrom(drivers.loadClass(b.getAttribute("impl"))), b.getAttribute("impl"));
        }
        assertNotNull(drivers.loadClass("org.tenantnat.drivers.TenantNatDriversLoader"));
    }

    @Test
    void theWebBundleCarriesThePrometheusClientAndWritesMetricsInsideTheFramework() throws Exception {
        Bundle web = ours.get("tenantnat-web");
        assertNotNull(web.loadClass("org.tenantnat.web.MetricsWebResource"));
        assertNotNull(web.loadClass("org.tenantnat.web.metrics.TenantNatCollector"));

        // The embedded client, reached only through the bundle's class path (WEB-INF/lib).
        Class<?> registryClass = web.loadClass("io.prometheus.metrics.model.registry.PrometheusRegistry");
        Object registry = registryClass.getConstructor().newInstance();
        Class<?> counterClass = web.loadClass("io.prometheus.metrics.core.metrics.Counter");
        Object builder = counterClass.getMethod("builder").invoke(null);
        builder = builder.getClass().getMethod("name", String.class).invoke(builder, "osgi_check_events");
        builder = builder.getClass().getMethod("help", String.class).invoke(builder, "events in the OSGi check");
        Object counter = builder.getClass().getMethod("register", registryClass).invoke(builder, registry);
        counterClass.getMethod("inc").invoke(counter);
        Object snapshots = registryClass.getMethod("scrape").invoke(registry);
        Class<?> formats = web.loadClass("io.prometheus.metrics.expositionformats.ExpositionFormats");
        Object writer = formats.getMethod("getPrometheusTextFormatWriter")
                .invoke(formats.getMethod("init").invoke(null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        web.loadClass("io.prometheus.metrics.expositionformats.ExpositionFormatWriter")
                .getMethod("write", java.io.OutputStream.class, snapshots.getClass()).invoke(writer, out, snapshots);

        assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("osgi_check_events_total 1.0"),
                   out::toString);
        assertEquals(web, org.osgi.framework.FrameworkUtil.getBundle(registryClass), "loaded from the web bundle");
    }

    private static Document parse(InputStream in) throws Exception {
        try (in) {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    private static Document oarEntry(String name) throws Exception {
        try (ZipFile zip = new ZipFile(oar().toFile())) {
            ZipEntry e = zip.getEntry(name);
            assertNotNull(e, "missing from the .oar: " + name);
            return parse(zip.getInputStream(e));
        }
    }

    @Test
    void appXmlDescribesTheApplication() throws Exception {
        Element app = oarEntry("app.xml").getDocumentElement();

        assertEquals("org.tenantnat", app.getAttribute("name"));
        assertEquals(VERSION, app.getAttribute("version"));
        assertEquals("tenantnat", app.getAttribute("origin"));
        assertEquals("Tenant NAT", app.getAttribute("title"));
        assertEquals("Traffic Engineering", app.getAttribute("category"));
        assertTrue(app.getAttribute("url").startsWith("https://"), app.getAttribute("url"));
        assertEquals("tenantnat", app.getAttribute("features"));
        assertEquals("mvn:org.tenantnat/tenantnat-oar/" + VERSION + "/xml/features",
                     app.getAttribute("featuresRepo"));
        assertEquals(List.of("org.onosproject.openflow", "org.onosproject.drivers"),
                     Arrays.asList(app.getAttribute("apps").split(",")));
        assertFalse(text(app, "description").isBlank());
        assertTrue(text(app, "readme").contains("apps/org.tenantnat/tenantnat"));
        NodeList artifacts = app.getElementsByTagName("artifact");
        List<String> listed = new ArrayList<>();
        for (int i = 0; i < artifacts.getLength(); i++) {
            listed.add(artifacts.item(i).getTextContent().trim());
        }
        assertEquals(OUR_BUNDLES.stream().map(b -> "mvn:org.tenantnat/" + b + "/" + VERSION)
                             .collect(Collectors.toList()), listed);
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent();
    }

    @Test
    void featuresXmlInstallsOurBundlesWhichTheOarCarries() throws Exception {
        String featuresPath = "m2/org/tenantnat/tenantnat-oar/" + VERSION + "/tenantnat-oar-" + VERSION
                + "-features.xml";
        Element features = oarEntry(featuresPath).getDocumentElement();
        Element feature = (Element) features.getElementsByTagName("feature").item(0);

        assertEquals("tenantnat", feature.getAttribute("name"));
        assertEquals(VERSION, feature.getAttribute("version"));
        NodeList bundles = feature.getElementsByTagName("bundle");
        List<String> listed = new ArrayList<>();
        for (int i = 0; i < bundles.getLength(); i++) {
            listed.add(bundles.item(i).getTextContent().trim());
        }
        assertEquals(OUR_BUNDLES.stream().map(b -> "mvn:org.tenantnat/" + b + "/" + VERSION)
                             .collect(Collectors.toList()), listed);
        try (ZipFile zip = new ZipFile(oar().toFile())) {
            for (String b : OUR_BUNDLES) {
                assertNotNull(zip.getEntry("m2/org/tenantnat/" + b + "/" + VERSION + "/" + b + "-" + VERSION
                                                   + ".jar"), b);
            }
        }
        assertTrue(Files.size(oar()) > 0);
    }
}
