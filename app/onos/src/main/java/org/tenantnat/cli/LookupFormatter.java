package org.tenantnat.cli;

import org.onlab.packet.Ip4Address;
import org.tenantnat.api.model.Binding;

import java.util.Optional;

/**
 * Renders the answer to a translated-address lookup, for {@code tenantnat-lookup}.
 */
public final class LookupFormatter {

    private LookupFormatter() {
    }

    /**
     * Renders a lookup as text.
     *
     * @param translated the address looked up
     * @param binding    the tenant host it stands for, empty when free
     * @return one line
     */
    public static String line(Ip4Address translated, Optional<Binding> binding) {
        return binding.map(b -> String.format("%s: tenant=%s, host=%s", translated, b.tenant(), b.original()))
                .orElse(translated + ": free");
    }

    /**
     * Renders a binding or audit record as text: who, which address and ports, from when, until when.
     *
     * @param b binding
     * @return one line, e.g. {@code 100.64.0.0 ports=1024-1087: tenant=alpha, host=10.1.1.10,
     *         from=2026-11-24T14:02:00Z, to=in force}
     */
    public static String binding(Binding b) {
        return String.format("%s%s: tenant=%s, host=%s, from=%s, to=%s", b.translated(),
                             b.ports().map(p -> " ports=" + p).orElse(""), b.tenant(), b.original(),
                             b.from().map(Object::toString).orElse("-"),
                             b.to().map(Object::toString).orElse("in force"));
    }
}
