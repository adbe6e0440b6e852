package org.tenantnat.impl;

import com.fasterxml.jackson.databind.JsonNode;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.config.Config;
import org.onosproject.net.config.InvalidFieldException;
import org.slf4j.Logger;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.codec.LocalCodecContext;
import org.tenantnat.config.ConfigValidator;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.config.ValidationError;

import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.slf4j.LoggerFactory.getLogger;

/**
 * The desired-state document in ONOS network config, under {@code apps/org.tenantnat/tenantnat}: the same JSON
 * shape as the REST {@code /config} resource.
 */
public class TenantNatConfig extends Config<ApplicationId> {

    /** Key of the document under the application subject. */
    public static final String CONFIG_KEY = "tenantnat";

    private static final Logger log = getLogger(TenantNatConfig.class);

    private static final LocalCodecContext CODECS = LocalCodecContext.withTenantNatCodecs();
    private final ConfigValidator validator = new ConfigValidator();
    private final Predicate<JsonNode> writtenBack;

    /**
     * Creates a document that is always checked.
     */
    public TenantNatConfig() {
        this(document -> false);
    }

    /**
     * Creates a document.
     *
     * @param writtenBack tells whether a document is the desired state in force that this node is writing back to
     *                    network config: it was validated when it was accepted, so it is not checked again
     */
    public TenantNatConfig(Predicate<JsonNode> writtenBack) {
        this.writtenBack = writtenBack;
    }

    /**
     * Checks the document with the engine's decoder and validator. ONOS refuses an invalid document before storing
     * it, so it never reaches the running pipeline. The desired state in force, written back by this node, is not
     * decoded again.
     *
     * @return true when valid
     * @throws InvalidFieldException naming the first offending field and listing every error, which ONOS reports
     *                               to whoever pushed the document
     */
    @Override
    public boolean isValid() {
        if (writtenBack.test(node())) {
            return true;
        }
        try {
            validator.check(desiredState());
            return true;
        } catch (InvalidConfigException e) {
            e.errors().forEach(error -> log.warn("netcfg {} rejected: {}", CONFIG_KEY, error));
            throw new InvalidFieldException(e.errors().get(0).field(), e.errors().stream()
                    .map(ValidationError::toString).collect(Collectors.joining("; ")));
        }
    }

    /**
     * Decodes the document.
     *
     * @return desired state
     * @throws InvalidConfigException listing every malformed field
     */
    public DesiredState desiredState() {
        return CODECS.decode(JsonDocument.object(node()), DesiredState.class);
    }
}
