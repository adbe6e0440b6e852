/**
 * Data-plane tests: the standalone host (a separate JVM) programs a real Open vSwitch (userspace datapath, built by
 * {@code tools/lab/lab.sh} from {@code tools/examples/demo-lab.json}) and real packets from the lab's namespaces
 * prove what the product promises: every tenant reaches its VIP with ICMP, TCP and UDP and is seen as its own
 * translated address (with prefix and per-host rewrites); a tenant reaches nothing else and cannot spoof; removing a
 * tenant takes exactly its rules; a controller killed with SIGKILL and a restarted switch both end in the same
 * table with the same translations; a minute without the controller loses no packet; path-MTU discovery and
 * traceroute work across the translation ({@code tools/examples/mtu-lab.json}).
 *
 * <p>They run in {@code mvn -B verify} (surefire, {@code *Test}) and need root plus {@code openvswitch-switch},
 * {@code iproute2}, {@code iputils-ping}, {@code ethtool}, {@code python3}, {@code traceroute} and
 * {@code util-linux} ({@code tools/install-deps.sh}). Without them the tests are skipped, unless {@code CI} is set: CI fails them.
 * Focused run: {@code mvn -B verify -pl tools/standalone -am -Dtest='org.tenantnat.standalone.dataplane.*Test'
 * -Dsurefire.failIfNoSpecifiedTests=false}.</p>
 *
 * <p>Each test class builds one lab and one host with their own run directory and free loopback ports, under
 * {@code tools/standalone/target/dataplane/<Class>-<n>/}: {@code config.json}, {@code state/state.json},
 * {@code host.log} (its tail is appended to every failure), {@code lab/} (OVS logs, echo server log). Labs of
 * other users on the machine are never touched.</p>
 */
package org.tenantnat.standalone.dataplane;
