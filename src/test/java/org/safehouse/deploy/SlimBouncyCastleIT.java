package org.safehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The WAR carries BouncyCastle's bcprov slimmed by the build (pom.xml, unpack-bcprov-slim): without the post-quantum
 * algorithms and the JCA provider, unsigned, with a plain manifest that keeps Multi-Release. That it still does what
 * Safehouse needs (Argon2, PEM, self-signed certificates) is shown by the java -jar and distribution tests, which run
 * this WAR; this test pins the packaging itself.
 */
class SlimBouncyCastleIT {
    /**
     * The WAR must stay below this, with room for the dependencies other work adds. Cluster mode's Redis client
     * (Lettuce 2.8 MB, with Netty 2.8 MB and Reactor 1.9 MB: 7.5 MB in all) took it from 12.2 MB to 19.6 MB.
     */
    private static final long WAR_SIZE_BUDGET = 21_000_000;

    @Test
    void theWarCarriesOnlyTheSlimBcprov() throws IOException {
        List<String> bcprovJars = libJars().stream().filter(name -> name.contains("/bcprov-")).toList();
        assertEquals(1, bcprovJars.size(), "one bcprov jar: " + bcprovJars);
        assertTrue(bcprovJars.get(0).matches("WEB-INF/lib/bcprov-jdk18on-[0-9.]+-slim\\.jar"), bcprovJars.get(0));
    }

    @Test
    void theSlimBcprovHasNoPostQuantumCodeNoProviderAndNoSignature() throws IOException {
        List<String> names = slimBcprovEntries(null);
        assertTrue(names.contains("org/bouncycastle/crypto/generators/Argon2BytesGenerator.class"), "Argon2 is kept");
        assertTrue(names.contains("org/bouncycastle/asn1/x509/Certificate.class"), "ASN.1 is kept");
        assertTrue(names.contains("org/bouncycastle/jcajce/provider/util/SecurityExceptions.class"),
                "jcajce/provider/util is kept: bcpkix's OperatorHelper uses it");
        assertTrue(names.contains("META-INF/LICENSE.md"), "the licence is kept");
        assertTrue(names.stream().anyMatch(name -> name.startsWith("META-INF/versions/17/") && name.endsWith(".class")),
                "the multi-release classes are kept");
        for (String name : names) {
            assertTrue(!name.endsWith(".class") || !(name.contains("org/bouncycastle/pqc/")
                    || name.contains("org/bouncycastle/jce/provider/")
                    || name.contains("org/bouncycastle/jcajce/provider/symmetric/")
                    || name.contains("org/bouncycastle/jcajce/provider/asymmetric/")), "left in: " + name);
            assertTrue(!name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"), "signature file left in: " + name);
            assertTrue(!name.endsWith("module-info.class"), "module descriptor naming removed packages: " + name);
            assertTrue(!name.equals("META-INF/services/java.security.Provider"), "service file naming removed providers");
        }
    }

    @Test
    void theSlimBcprovManifestComesFirstIsPlainAndKeepsMultiRelease() throws IOException {
        Manifest[] manifest = new Manifest[1];
        slimBcprovEntries(manifest);
        assertNotNull(manifest[0], "JarInputStream finds the manifest (it must be the first entry)");
        assertEquals("true", manifest[0].getMainAttributes().getValue("Multi-Release"));
        assertTrue(manifest[0].getEntries().isEmpty(),
                "no per-entry digests, found " + manifest[0].getEntries().size());
    }

    @Test
    void theWarStaysWithinItsSizeBudget() throws IOException {
        long size = Files.size(Distributions.war());
        assertTrue(size < WAR_SIZE_BUDGET, "the WAR has " + size + " bytes, the budget is " + WAR_SIZE_BUDGET);
    }

    private static List<String> libJars() throws IOException {
        try (ZipFile war = new ZipFile(Distributions.war().toFile())) {
            return war.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("WEB-INF/lib/") && name.endsWith(".jar")).toList();
        }
    }

    /** The entry names of the WAR's bcprov jar, read as a class loader reading the stream would; its manifest too. */
    private static List<String> slimBcprovEntries(Manifest[] manifest) throws IOException {
        String jar = libJars().stream().filter(name -> name.contains("/bcprov-")).findFirst().orElseThrow();
        List<String> names = new ArrayList<>();
        try (ZipFile war = new ZipFile(Distributions.war().toFile());
                InputStream in = war.getInputStream(war.getEntry(jar));
                JarInputStream entries = new JarInputStream(in, false)) {
            if (manifest != null) {
                manifest[0] = entries.getManifest();
            }
            for (JarEntry entry = entries.getNextJarEntry(); entry != null; entry = entries.getNextJarEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
