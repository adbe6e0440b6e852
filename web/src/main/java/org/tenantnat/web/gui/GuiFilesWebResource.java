package org.tenantnat.web.gui;

import com.google.common.collect.ImmutableMap;
import com.google.common.io.ByteStreams;
import org.tenantnat.api.UnknownItemException;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the Tenant NAT view's files at {@code /onos/tenantnat/gui/}, beside the REST API and behind the same
 * authentication. ONOS's GUI embeds the page from here (a web bundle maps its whole context to Jersey, so its
 * files come through a resource); the standalone host serves the same files here too, and at {@code /}.
 */
@Path("gui")
public class GuiFilesWebResource {

    /** Class-path directory holding the view's files; the standalone host serves it at {@code /} as well. */
    public static final String DIRECTORY = "tenantnat-gui";

    /** Where the view's page is served below the REST API's root. */
    public static final String PAGE_PATH = "gui/";

    private static final String INDEX = "index.html";
    // Plain file names only: nothing can climb out of the directory.
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}\\.[a-z]{1,5}");
    private static final Map<String, String> TYPES = ImmutableMap.of(
            "html", "text/html; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    @Context
    private UriInfo uriInfo;

    /**
     * Answers the view's page. Without the trailing slash the answer is a redirect to it, so that the page's
     * relative links to its stylesheet and script resolve below {@code gui/}.
     *
     * @return 200 with the page, or 301 to {@code gui/}
     */
    @GET
    public Response page() {
        if (!uriInfo.getPath().endsWith("/")) {
            return Response.status(Response.Status.MOVED_PERMANENTLY)
                    .location(uriInfo.getBaseUriBuilder().path(PAGE_PATH).build()).build();
        }
        return file(INDEX);
    }

    /**
     * Answers one file of the view.
     *
     * @param name file name, e.g. tenantnat.js
     * @return 200 with the file; 404 when the view has no such file
     */
    @GET
    @Path("{file}")
    public Response file(@PathParam("file") String name) {
        String type = FILE_NAME.matcher(name).matches() ? TYPES.get(name.substring(name.lastIndexOf('.') + 1)) : null;
        byte[] content = type == null ? null : read(DIRECTORY + "/" + name);
        if (content == null) {
            throw new UnknownItemException("file", "the Tenant NAT view has no file %s", name);
        }
        CacheControl revalidate = new CacheControl();
        revalidate.setNoCache(true);
        return Response.ok(content, type).cacheControl(revalidate).build();
    }

    private static byte[] read(String resource) {
        try (InputStream in = GuiFilesWebResource.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : ByteStreams.toByteArray(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
