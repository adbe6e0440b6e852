package org.tenantnat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.karaf.shell.support.ShellUtil;
import org.onosproject.cli.AbstractShellCommand;
import org.tenantnat.api.Origin;
import org.tenantnat.api.RefusedRequestException;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.config.InvalidConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * What every tenantnat command shares: the service it speaks for, who the shell's user is, JSON written by the
 * same codecs as the REST API's, and refusals printed as the REST API words them ({@code field: message}, one
 * line per error).
 */
public abstract class TenantNatCommand extends AbstractShellCommand {

    /** The user named in the history of changes when the shell has no authenticated user. */
    static final String NO_USER = "unauthenticated";

    @Override
    protected final void doExecute() {
        try {
            run();
        } catch (InvalidConfigException e) {
            e.errors().forEach(error -> error("%s", error));
        } catch (RefusedRequestException e) {
            error("%s", e.getMessage());
        }
    }

    /**
     * Does the command's work.
     *
     * @throws InvalidConfigException  naming every offending field; printed, nothing changed
     * @throws RefusedRequestException for an unknown item or a conflict; printed, nothing changed
     */
    protected abstract void run();

    /**
     * Returns the tenantnat service.
     *
     * @return service
     */
    protected TenantNatService nat() {
        return get(TenantNatService.class);
    }

    /**
     * Returns who is making a change: the shell's authenticated user.
     *
     * @return origin of a change made by this command
     */
    protected Origin origin() {
        String user = ShellUtil.getCurrentUserName();
        return Origin.cli(user == null ? NO_USER : user);
    }

    /**
     * Wraps a list of items in an object as the REST API does, e.g. {@code {"tenants": [...]}}, each item written
     * by the codec of its type.
     *
     * @param key   list name
     * @param type  item type
     * @param items items
     * @param <T>   item type
     * @return object holding the list
     */
    protected <T> ObjectNode list(String key, Class<T> type, Iterable<T> items) {
        ObjectNode json = mapper().createObjectNode();
        json.set(key, codec(type).encode(items, this));
        return json;
    }

    /**
     * Prints JSON as the REST API sends it.
     *
     * @param json JSON
     */
    protected void printJson(JsonNode json) {
        print("%s", json);
    }

    /**
     * Reads a JSON file and decodes it with the codec of its type.
     *
     * @param file path of the file
     * @param type what the file holds
     * @param <T>  value type
     * @return the value
     * @throws InvalidConfigException naming every offending field, or the file when it cannot be read
     */
    protected <T> T decodeFile(String file, Class<T> type) {
        String text;
        try {
            text = Files.readString(Paths.get(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigException(file, "cannot read the file: " + e);
        }
        return decode(JsonDocument.parseObject(text), type);
    }
}
