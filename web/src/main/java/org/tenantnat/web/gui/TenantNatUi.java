package org.tenantnat.web.gui;

import com.google.common.collect.ImmutableList;
import org.onosproject.ui.UiExtension;
import org.onosproject.ui.UiExtensionService;
import org.onosproject.ui.UiView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Puts the Tenant NAT view in ONOS's GUI navigation (category Network, label "Tenant NAT"). The view is a frame
 * around the page this bundle serves at {@code /onos/tenantnat/gui/}: the same page the standalone host shows, so
 * the view's logic exists once and reads only the REST API.
 * <p>
 * ONOS's classic GUI ({@code org.onosproject.gui}) loads the view's files from this bundle: {@code css.html} and
 * {@code js.html} below {@value #RESOURCE_PATH}, and {@code app/view/tenantnat/tenantnat.{html,js,css}}.
 */
@Component(immediate = true, service = TenantNatUi.class)
public class TenantNatUi {

    /** The view's id: its route ({@code #/tenantnat}) and the directory of its files. */
    public static final String VIEW_ID = "tenantnat";

    /** The view's label in the navigation menu. */
    public static final String VIEW_LABEL = "Tenant NAT";

    /** Class-path directory of the files that ONOS's GUI injects into its index page. */
    public static final String RESOURCE_PATH = "tenantnat-ui";

    private static final String ICON = "nav_intents";

    private final Logger log = LoggerFactory.getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected UiExtensionService uiExtensionService;

    private final UiExtension extension = extension();

    /**
     * Builds the extension: one view, its files on this bundle's class path.
     *
     * @return extension
     */
    static UiExtension extension() {
        List<UiView> views = ImmutableList.of(new UiView(UiView.Category.NETWORK, VIEW_ID, VIEW_LABEL, ICON));
        return new UiExtension.Builder(TenantNatUi.class.getClassLoader(), views)
                .resourcePath(RESOURCE_PATH)
                .build();
    }

    /** Registers the view. */
    @Activate
    protected void activate() {
        uiExtensionService.register(extension);
        log.info("Tenant NAT view registered in the GUI");
    }

    /** Removes the view. */
    @Deactivate
    protected void deactivate() {
        uiExtensionService.unregister(extension);
        log.info("Tenant NAT view removed from the GUI");
    }
}
