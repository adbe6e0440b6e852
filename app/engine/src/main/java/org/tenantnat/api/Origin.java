package org.tenantnat.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Who made a change of the desired state, and through which front end: every domain verb of
 * {@link TenantNatService} takes one, so the history of changes can say who changed what.
 */
public final class Origin {

    /** The front end a change came through. */
    public enum Channel {
        /** The REST API (and the GUI, which uses it). */
        REST,
        /** A Karaf command. */
        CLI,
        /** ONOS network config. */
        NETCFG,
        /** The standalone host's config file (seeding an empty state directory). */
        CONFIG_FILE,
        /** tenantnat itself, e.g. a neighbour learned by ARP. */
        SYSTEM;

        /**
         * Returns how the channel is written for operators (JSON, logs): its name in lower case, words joined
         * by a hyphen, e.g. {@code config-file}.
         *
         * @return text
         */
        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * Reads a channel written by {@link #text()}.
         *
         * @param text text
         * @return channel, empty when no channel is written so
         */
        public static Optional<Channel> fromText(String text) {
            return Arrays.stream(values()).filter(c -> c.text().equals(text)).findFirst();
        }
    }

    /** Changes tenantnat makes on its own. */
    public static final Origin SYSTEM = new Origin(Channel.SYSTEM, "tenantnat");

    private final Channel channel;
    private final String user;

    /**
     * Creates an origin.
     *
     * @param channel front end
     * @param user    the authenticated user, or a fixed name where the front end has none
     */
    public Origin(Channel channel, String user) {
        this.channel = checkNotNull(channel, "channel");
        this.user = checkNotNull(user, "user");
    }

    /**
     * Returns a change made through the REST API.
     *
     * @param user authenticated user
     * @return origin
     */
    public static Origin rest(String user) {
        return new Origin(Channel.REST, user);
    }

    /**
     * Returns a change made by a Karaf command.
     *
     * @param user the shell's user
     * @return origin
     */
    public static Origin cli(String user) {
        return new Origin(Channel.CLI, user);
    }

    /**
     * Returns the front end.
     *
     * @return channel
     */
    public Channel channel() {
        return channel;
    }

    /**
     * Returns the user.
     *
     * @return user name
     */
    public String user() {
        return user;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Origin && channel == ((Origin) o).channel && user.equals(((Origin) o).user));
    }

    @Override
    public int hashCode() {
        return Objects.hash(channel, user);
    }

    @Override
    public String toString() {
        return user + " via " + channel.text();
    }
}
