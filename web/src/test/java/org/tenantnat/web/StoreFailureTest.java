package org.tenantnat.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tenantnat.store.StateStoreException;
import org.tenantnat.store.StorageFullException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A change the store cannot keep is refused with 507 (disk full) or 503 (any other storage failure), the store's
 * words in the JSON error, and changes nothing; once the store keeps changes again the same change goes through.
 */
class StoreFailureTest {

    private static final String FULL = "no space left on the disk of state directory /var/lib/tenantnat (No space left"
            + " on device): the change was not kept";
    private static final String DOWN = "tenantnat is stopping on this node: the change was not made";

    private static RestHost host;

    @BeforeAll
    static void start() throws Exception {
        host = new RestHost();
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    @AfterEach
    void keepChangesAgain() {
        host.store().refuseCommits(null);
    }

    static List<Arguments> changes() {
        return List.of(arguments("PUT", "config", Documents.CONFIG.replace("100.64.0.0/16", "100.65.0.0/16"), 200),
                       arguments("POST", "tenants", Documents.newTenant(), 201),
                       arguments("PUT", "tenants/globex", Documents.tenant("globex", 2, 6, ""), 200),
                       arguments("POST", "services", Documents.service("archive", "10.1.1.30", 7), 201),
                       arguments("POST", "intents", "{\"tenant\": \"acme\", \"service\": \"portal\","
                               + " \"vip\": \"10.250.0.20\"}", 201),
                       arguments("DELETE", "intents/acme/backup", null, 204),
                       arguments("DELETE", "tenants/globex", null, 204));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("changes")
    void aChangeTheDiskHasNoRoomForIsRefusedWith507AndChangesNothingUntilThereIsRoom(String method, String path,
                                                                                   String body, int success) {
        String before = host.http().get("config").body();
        int savesBefore = host.store().saves();
        host.store().refuseCommits(new StorageFullException(FULL, null));

        Reply refused = send(method, path, body);

        assertEquals(507, refused.status(), refused::toString);
        assertEquals(FULL, refused.json().path("error").asText(), refused::toString);
        assertEquals(before, host.http().get("config").body(), "the desired state changed");
        assertEquals(savesBefore, host.store().saves(), "something was saved");

        host.store().refuseCommits(null);
        Reply accepted = send(method, path, body);
        assertEquals(success, accepted.status(), accepted::toString);
        assertEquals(savesBefore + 1, host.store().saves(), "the change is kept once there is room");
        undo(before);
    }

    @Test
    void anyOtherStorageFailureIsRefusedWith503AndChangesNothing() {
        String before = host.http().get("config").body();
        host.store().refuseCommits(new StateStoreException(DOWN, null));

        Reply refused = host.http().post("tenants", Documents.newTenant());

        assertEquals(503, refused.status(), refused::toString);
        assertEquals(DOWN, refused.json().path("error").asText(), refused::toString);
        assertEquals(before, host.http().get("config").body(), "the desired state changed");
        assertEquals(404, host.http().get("tenants/initech").status());
    }

    private static Reply send(String method, String path, String body) {
        return method.equals("DELETE") ? host.http().delete(path) : host.http().send(method, path, HttpCalls.JSON,
                                                                                       body);
    }

    // Puts the starting state back for the next change.
    private static void undo(String before) {
        Reply reset = host.http().put("config", before);
        assertEquals(200, reset.status(), reset::toString);
        assertEquals(before, host.http().get("config").body(), "starting state restored");
    }
}
