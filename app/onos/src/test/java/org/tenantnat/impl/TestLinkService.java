package org.tenantnat.impl;

import com.google.common.collect.ImmutableSet;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultLink;
import org.onosproject.net.Link;
import org.onosproject.net.link.LinkEvent;
import org.onosproject.net.link.LinkListener;
import org.onosproject.net.link.LinkServiceAdapter;
import org.onosproject.net.provider.ProviderId;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The links ONOS discovered, filled by the test, which posts link events to its listeners.
 */
class TestLinkService extends LinkServiceAdapter {

    private static final ProviderId LLDP = new ProviderId("of", "org.onosproject.provider.lldp");

    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final List<LinkListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Adds a link, one direction, and posts LINK_ADDED.
     *
     * @param src    where it starts
     * @param dst    where it ends
     * @param active whether ONOS considers it active
     * @return the link
     */
    Link add(ConnectPoint src, ConnectPoint dst, boolean active) {
        Link link = DefaultLink.builder().providerId(LLDP).src(src).dst(dst).type(Link.Type.DIRECT)
                .state(active ? Link.State.ACTIVE : Link.State.INACTIVE).build();
        links.add(link);
        listeners.forEach(l -> l.event(new LinkEvent(LinkEvent.Type.LINK_ADDED, link)));
        return link;
    }

    @Override
    public Iterable<Link> getActiveLinks() {
        return links.stream().filter(l -> l.state() == Link.State.ACTIVE).collect(ImmutableSet.toImmutableSet());
    }

    @Override
    public void addListener(LinkListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(LinkListener listener) {
        listeners.remove(listener);
    }

    /**
     * Returns the number of listeners.
     *
     * @return count
     */
    int listenerCount() {
        return listeners.size();
    }
}
