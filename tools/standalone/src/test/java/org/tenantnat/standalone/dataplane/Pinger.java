package org.tenantnat.standalone.dataplane;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ping running in the background from a lab host, every reply's arrival kept (ping's {@code -D} time stamps), so
 * a test can tell how long traffic stopped around an event: the longest time between two replies.
 */
final class Pinger implements AutoCloseable {

    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+\\.\\d+)] \\d+ bytes from .*icmp_seq=\\d+");

    private final String host;
    private final Duration interval;
    private final Process process;
    private final List<Long> replies = new ArrayList<>();
    private final Thread reader;

    /**
     * Starts pinging.
     *
     * @param lab         the lab
     * @param host        lab host that sends
     * @param destination address pinged
     * @param interval    time between echo requests (below 0.2 s needs root)
     */
    Pinger(Lab lab, String host, String destination, Duration interval) {
        this.host = host;
        this.interval = interval;
        String seconds = String.format("%.3f", interval.toMillis() / 1000.0);
        try {
            process = new ProcessBuilder("ip", "netns", "exec", lab.host(host).namespace(), "ping", "-n", "-D",
                                         "-i", seconds, "-W", "1", destination)
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ping from " + host, e);
        }
        reader = new Thread(this::read, "pinger-" + host);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts pinging from every customer host of a lab to its VIP, once each reaches it.
     *
     * @param lab      the lab
     * @param interval time between echo requests
     * @return one pinger per host
     */
    static List<Pinger> fromEveryCustomerHost(DataplaneLab lab, Duration interval) {
        List<Pinger> pingers = new ArrayList<>();
        for (LabHost host : lab.lab().customerHosts()) {
            if (!lab.awaitVip(host).allReplied()) {
                pingers.forEach(Pinger::close);
                throw new AssertionError(host + " does not reach its VIP");
            }
            pingers.add(new Pinger(lab.lab(), host.name(), lab.vipOf(host), interval));
        }
        return pingers;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                                                                          StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Matcher m = REPLY.matcher(line);
                if (m.find()) {
                    long millis = Math.round(Double.parseDouble(m.group(1)) * 1000);
                    synchronized (this) {
                        replies.add(millis);
                        notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // The process was stopped.
        }
    }

    /** The lab host that pings. */
    String host() {
        return host;
    }

    /** Replies received so far. */
    synchronized int replies() {
        return replies.size();
    }

    /**
     * Waits for a reply that arrives after a moment.
     *
     * @param epochMillis the moment
     * @param timeout     how long to wait
     * @return whether one came
     */
    synchronized boolean awaitReplyAfter(long epochMillis, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (replies.isEmpty() || replies.get(replies.size() - 1) <= epochMillis) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /**
     * The longest time without a reply that overlaps a period: between two replies, the later one after its start;
     * and from the last reply to the period's end when none came after it. One interval when nothing was lost.
     *
     * @param fromEpochMillis start of the period
     * @param toEpochMillis   end of the period
     * @return milliseconds
     */
    synchronized long longestGap(long fromEpochMillis, long toEpochMillis) {
        long longest = 0;
        long previous = -1;
        for (long reply : replies) {
            if (reply > toEpochMillis) {
                if (previous >= 0) {
                    longest = Math.max(longest, reply - previous);
                }
                return longest;
            }
            if (previous >= 0 && reply >= fromEpochMillis) {
                longest = Math.max(longest, reply - previous);
            }
            previous = reply;
        }
        return previous < 0 ? toEpochMillis - fromEpochMillis : Math.max(longest, toEpochMillis - previous);
    }

    /** Time between two echo requests. */
    Duration interval() {
        return interval;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
