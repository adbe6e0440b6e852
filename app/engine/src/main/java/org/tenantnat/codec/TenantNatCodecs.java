package org.tenantnat.codec;

import com.google.common.collect.ImmutableList;
import org.onosproject.codec.CodecService;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.AccessRequest;
import org.tenantnat.api.BindingUsage;
import org.tenantnat.api.ChangeRecord;
import org.tenantnat.api.FabricView;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.TenantStats;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Binding;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.arp.LearnedMac;
import org.tenantnat.api.model.BindingRecord;

import java.util.List;

/**
 * The tenantnat codecs, one per type: what a host registers with its {@link CodecService} (ONOS's, or
 * {@link TenantNatCodecService} elsewhere) so REST, CLI and the stores share one JSON per type.
 */
public final class TenantNatCodecs {

    /** Every type that has a tenantnat codec. */
    public static final List<Class<?>> TYPES = ImmutableList.of(
            DesiredState.class, Tenant.class, Service.class, Access.class, TranslationPolicy.class,
            TranslatedBlock.class, Binding.class, AccessIntent.class, AccessRequest.class, PoolUsage.class,
            TenantStats.class, LearnedMac.class, BindingRecord.class, BindingUsage.class, ChangeRecord.class,
            FabricLink.class, FabricView.class);

    private TenantNatCodecs() {
    }

    /**
     * Registers every tenantnat codec.
     *
     * @param codecs codec service
     */
    public static void register(CodecService codecs) {
        codecs.registerCodec(DesiredState.class, new DesiredStateCodec());
        codecs.registerCodec(Tenant.class, new TenantCodec());
        codecs.registerCodec(Service.class, new ServiceCodec());
        codecs.registerCodec(Access.class, new AccessCodec());
        codecs.registerCodec(TranslationPolicy.class, new TranslationPolicyCodec());
        codecs.registerCodec(TranslatedBlock.class, new TranslatedBlockCodec());
        codecs.registerCodec(Binding.class, new BindingCodec());
        codecs.registerCodec(AccessIntent.class, new AccessIntentCodec());
        codecs.registerCodec(AccessRequest.class, new AccessRequestCodec());
        codecs.registerCodec(PoolUsage.class, new PoolUsageCodec());
        codecs.registerCodec(TenantStats.class, new TenantStatsCodec());
        codecs.registerCodec(LearnedMac.class, new LearnedMacCodec());
        codecs.registerCodec(BindingRecord.class, new BindingRecordCodec());
        codecs.registerCodec(BindingUsage.class, new BindingUsageCodec());
        codecs.registerCodec(ChangeRecord.class, new ChangeRecordCodec());
        codecs.registerCodec(FabricLink.class, new FabricLinkCodec());
        codecs.registerCodec(FabricView.class, new FabricViewCodec());
    }

    /**
     * Unregisters every tenantnat codec.
     *
     * @param codecs codec service
     */
    public static void unregister(CodecService codecs) {
        TYPES.forEach(codecs::unregisterCodec);
    }
}
