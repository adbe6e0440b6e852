package org.tenantnat.pipeline;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How one switch rewrites every address of a prefix into the same host of another prefix: which rules it takes,
 * each a match and the instruction that rewrites what it matched.
 */
abstract class AddressRewrite {

    /**
     * One rule's worth of rewriting.
     */
    static final class Rewrite {
        private final Ip4Prefix match;
        private final Instruction instruction;

        Rewrite(Ip4Prefix match, Instruction instruction) {
            this.match = match;
            this.instruction = instruction;
        }

        /** Addresses the rule matches. */
        Ip4Prefix match() {
            return match;
        }

        /** Instruction that rewrites them. */
        Instruction instruction() {
            return instruction;
        }
    }

    /** The rewrite a switch is capable of. */
    static AddressRewrite forSwitch(SwitchCapabilities caps, DeviceId device, PipelineSettings settings) {
        return caps.style() == RewriteStyle.PREFIX
                ? new PrefixRewrite(caps, device) : new PerHostRewrite(settings.perHostMinPrefixLength());
    }

    /**
     * Tells why this switch cannot rewrite a prefix.
     *
     * @param prefix customer prefix
     * @return reason, empty when it can
     */
    abstract Optional<String> refusal(Ip4Prefix prefix);

    /**
     * Returns the rules that rewrite every address of {@code from} into the same host of {@code to}.
     *
     * @param field field rewritten and matched
     * @param from  addresses before
     * @param to    addresses after, same length
     * @return rewrites
     */
    abstract List<Rewrite> rewrites(AddressField field, Ip4Prefix from, Ip4Prefix to);

    /**
     * One Nicira load of the network bits per prefix: the host bits pass unchanged.
     */
    private static final class PrefixRewrite extends AddressRewrite {
        private final SwitchCapabilities caps;
        private final DeviceId device;

        PrefixRewrite(SwitchCapabilities caps, DeviceId device) {
            this.caps = caps;
            this.device = device;
        }

        @Override
        Optional<String> refusal(Ip4Prefix prefix) {
            return prefix.prefixLength() == 0
                    ? Optional.of("prefix " + prefix + " has no network bits to rewrite") : Optional.empty();
        }

        @Override
        List<Rewrite> rewrites(AddressField field, Ip4Prefix from, Ip4Prefix to) {
            checkArgument(from.prefixLength() == to.prefixLength(), "%s and %s differ in length", from, to);
            NiciraLoadTreatment load = NiciraLoadTreatment.networkBits(field.nxm(), to);
            return List.of(new Rewrite(from, Instructions.extension(load.copyInto(caps.newNiciraLoad()), device)));
        }
    }

    /**
     * One exact set_field per host: any OpenFlow 1.3 switch, up to a prefix length limit.
     */
    private static final class PerHostRewrite extends AddressRewrite {
        private final int minPrefixLength;

        PerHostRewrite(int minPrefixLength) {
            this.minPrefixLength = minPrefixLength;
        }

        @Override
        Optional<String> refusal(Ip4Prefix prefix) {
            return prefix.prefixLength() < minPrefixLength
                    ? Optional.of("prefix " + prefix + " is larger than /" + minPrefixLength
                                          + ", the largest this switch rewrites host by host")
                    : Optional.empty();
        }

        @Override
        List<Rewrite> rewrites(AddressField field, Ip4Prefix from, Ip4Prefix to) {
            checkArgument(from.prefixLength() == to.prefixLength(), "%s and %s differ in length", from, to);
            long hosts = 1L << (NxmField.IPV4_BITS - from.prefixLength());
            return LongStream.range(0, hosts)
                    .mapToObj(i -> new Rewrite(Ip4Prefix.valueOf(offset(from, i), Ip4Prefix.MAX_MASK_LENGTH),
                                               field.set(offset(to, i))))
                    .collect(Collectors.toList());
        }

        private static Ip4Address offset(Ip4Prefix prefix, long host) {
            return Ip4Address.valueOf(prefix.address().toInt() + (int) host);
        }
    }
}
