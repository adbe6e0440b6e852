package org.tenantnat.api.model;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A customer prefix and the same-size block of the pool it is translated into, host bits kept.
 */
public final class TranslatedBlock {

    private final String tenant;
    private final Ip4Prefix original;
    private final Ip4Prefix translated;

    /**
     * Creates a translated block.
     *
     * @param tenant     owning tenant's name
     * @param original   customer prefix
     * @param translated pool block of the same length
     */
    public TranslatedBlock(String tenant, Ip4Prefix original, Ip4Prefix translated) {
        this.tenant = checkNotNull(tenant, "tenant");
        this.original = checkNotNull(original, "original");
        this.translated = checkNotNull(translated, "translated");
        checkArgument(original.prefixLength() == translated.prefixLength(),
                      "translated block %s must have the length of %s", translated, original);
    }

    /**
     * Returns the owning tenant's name.
     *
     * @return tenant name
     */
    public String tenant() {
        return tenant;
    }

    /**
     * Returns the customer prefix.
     *
     * @return prefix
     */
    public Ip4Prefix original() {
        return original;
    }

    /**
     * Returns the pool block.
     *
     * @return prefix
     */
    public Ip4Prefix translated() {
        return translated;
    }

    /**
     * Translates a customer host into the block.
     *
     * @param host address inside {@link #original()}
     * @return translated address
     */
    public Ip4Address translate(Ip4Address host) {
        checkArgument(original.contains(host), "%s is not in %s", host, original);
        return rebase(host, translated);
    }

    /**
     * Translates an address of the block back to the customer host.
     *
     * @param address address inside {@link #translated()}
     * @return customer host
     */
    public Ip4Address untranslate(Ip4Address address) {
        checkArgument(translated.contains(address), "%s is not in %s", address, translated);
        return rebase(address, original);
    }

    private static Ip4Address rebase(Ip4Address address, Ip4Prefix onto) {
        int hostMask = onto.prefixLength() == 32 ? 0 : -1 >>> onto.prefixLength();
        return Ip4Address.valueOf(onto.address().toInt() | (address.toInt() & hostMask));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TranslatedBlock)) {
            return false;
        }
        TranslatedBlock that = (TranslatedBlock) o;
        return tenant.equals(that.tenant) && original.equals(that.original) && translated.equals(that.translated);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, original, translated);
    }

    @Override
    public String toString() {
        return tenant + ":" + original + "->" + translated;
    }
}
