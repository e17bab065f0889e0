package org.safehouse.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS for {@code java -jar}: Ragnarok's {@code SSL}, {@code SSL_Cert}, {@code SSL_Key}.
 *
 * @param enabled     serve https/wss
 * @param certificate PEM certificate (chain) file; empty means generate one on first start
 * @param privateKey  PEM private key file; empty means generate one on first start
 */
public record TlsConfig(boolean enabled, Optional<Path> certificate, Optional<Path> privateKey) {
    public static final TlsConfig OFF = new TlsConfig(false, Optional.empty(), Optional.empty());
}
