package org.tenantnat.web;

import org.tenantnat.api.UnknownItemException;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.config.InvalidConfigException;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.util.List;

/**
 * Translated blocks: which block of the pool stands for which customer prefix of which tenant.
 */
@Path("translations")
public class TranslationsWebResource extends TenantNatWebResource {

    private static final String TENANT = "tenant";

    /**
     * Lists the translated blocks. Answers 200 with every tenant's blocks, or one tenant's with ?tenant=;
     * 400 for an empty tenant parameter; 404 for an unknown tenant.
     *
     * @param tenant optional tenant name
     * @return 200 OK with {"translations": [...]}
     * @onos.rsModel Translations
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTranslations(@QueryParam(TENANT) String tenant) {
        List<TranslatedBlock> blocks;
        if (tenant == null) {
            blocks = nat().allocation().allBlocks();
        } else if (tenant.isEmpty()) {
            throw new InvalidConfigException(TENANT, "empty; give a tenant name or leave the parameter out");
        } else {
            if (nat().desiredState().tenant(tenant).isEmpty()) {
                throw new UnknownItemException(TENANT, "no tenant named %s", tenant);
            }
            blocks = nat().allocation().blocks(tenant);
        }
        return ok(encodeArray(TranslatedBlock.class, "translations", blocks)).build();
    }
}
