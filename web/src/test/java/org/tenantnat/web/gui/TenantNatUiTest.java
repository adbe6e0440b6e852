package org.tenantnat.web.gui;

import com.google.common.io.ByteStreams;
import org.junit.jupiter.api.Test;
import org.onosproject.ui.UiExtension;
import org.onosproject.ui.UiExtensionService;
import org.onosproject.ui.UiView;
import org.onosproject.ui.lion.LionBundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The view registered in ONOS's GUI: in the navigation as "Tenant NAT", with every file ONOS's classic GUI loads
 * for it on the bundle's class path, and framing the page served beside the REST API.
 */
class TenantNatUiTest {

    private static final String VIEW_PREFIX = "app/view/" + TenantNatUi.VIEW_ID + "/";

    private static String text(InputStream in) throws IOException {
        assertNotNull(in, "resource missing");
        try (in) {
            return new String(ByteStreams.toByteArray(in), StandardCharsets.UTF_8);
        }
    }

    private static List<String> references(String html) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void activatingPutsTenantNatInTheNetworkNavigationAndDeactivatingRemovesIt() {
        RecordingUiExtensions gui = new RecordingUiExtensions();
        TenantNatUi ui = new TenantNatUi();
        ui.uiExtensionService = gui;

        ui.activate();
        assertEquals(1, gui.extensions.size());
        UiView view = gui.extensions.get(0).views().get(0);
        assertEquals("tenantnat", view.id());
        assertEquals("Tenant NAT", view.label());
        assertEquals(UiView.Category.NETWORK, view.category());
        assertEquals(gui.extensions.get(0), gui.getViewExtension("tenantnat"));

        ui.deactivate();
        assertTrue(gui.extensions.isEmpty());
    }

    @Test
    void everyFileTheClassicGuiLoadsForTheViewIsOnTheClassPath() throws IOException {
        UiExtension extension = TenantNatUi.extension();

        // ONOS injects js.html and css.html into its index page; they name files it serves from app/view/<id>/.
        List<String> injected = new ArrayList<>(references(text(extension.js())));
        injected.addAll(references(text(extension.css())));
        assertEquals(List.of(VIEW_PREFIX + "tenantnat.js", VIEW_PREFIX + "tenantnat.css"), injected);
        for (String file : injected) {
            assertFalse(text(extension.resource(TenantNatUi.VIEW_ID, file.substring(VIEW_PREFIX.length())))
                                .isBlank(), file);
        }
        // The router's template for #/tenantnat.
        assertFalse(text(extension.resource(TenantNatUi.VIEW_ID, "tenantnat.html")).isBlank());
        // A missing resource would have made the extension invalid and hidden its views.
        assertEquals(1, extension.views().size());
    }

    @Test
    void viewModuleHasTheNamesOnosRouterDerivesFromTheViewId() throws IOException {
        String script = text(TenantNatUi.extension().resource(TenantNatUi.VIEW_ID, "tenantnat.js"));

        // ONOS's classic GUI depends on module 'ov' + Id and routes #/id to controller 'Ov' + Id + 'Ctrl'.
        assertTrue(script.contains("angular.module('ovTenantnat', [])"), script);
        assertTrue(script.contains(".controller('OvTenantnatCtrl'"), script);
    }

    @Test
    void viewFramesThePageServedBesideTheRestApi() throws IOException {
        String html = text(TenantNatUi.extension().resource(TenantNatUi.VIEW_ID, "tenantnat.html"));

        assertEquals(List.of("/onos/tenantnat/" + GuiFilesWebResource.PAGE_PATH), references(html));
        assertTrue(html.contains("<iframe"), html);
    }

    /** ONOS's GUI as far as the view needs it: the extensions registered. */
    private static final class RecordingUiExtensions implements UiExtensionService {

        private final List<UiExtension> extensions = new ArrayList<>();

        @Override
        public void register(UiExtension extension) {
            extensions.add(extension);
        }

        @Override
        public void unregister(UiExtension extension) {
            extensions.remove(extension);
        }

        @Override
        public List<UiExtension> getExtensions() {
            return List.copyOf(extensions);
        }

        @Override
        public UiExtension getViewExtension(String viewId) {
            return extensions.stream().filter(e -> e.views().stream().anyMatch(v -> v.id().equals(viewId)))
                    .findFirst().orElse(null);
        }

        @Override
        public LionBundle getNavLionBundle() {
            return null;
        }

        @Override
        public void refreshModel() {
            // Nothing is modelled.
        }
    }
}
