"""The fabric example as a Mininet topology, for ONOS users (or the standalone host) with a remote controller.

    sudo mn --custom tools/mininet/fabric.py --topo tenantnat-fabric \\
        --switch ovs,protocols=OpenFlow13 --controller remote,ip=127.0.0.1,port=6653

On a machine without the openvswitch kernel module, add datapath=user to --switch (Open vSwitch's userspace
datapath). The same switches, ports, hosts and addresses as tools/examples/fabric-lab.json, so
tools/examples/fabric.json is the desired state to push (ONOS: tools/onos/tenantnat-netcfg push; standalone:
--config). Then, in the Mininet CLI:

    mininet> acme ping -c 3 10.250.0.11        # archive, behind the service switch, through the core
    mininet> link e1 core down                 # traffic moves to e1-e2-core
    mininet> globex ping -c 3 10.250.0.10

Switches e1 and e2 (tenant edges), core, and svc (services) take the dpids 1 to 4 and the OpenFlow port numbers of
the connect points in fabric.json. The provider subnet on svc port 1 (backup and archive) is a Linux bridge;
reports sits behind a provider router on svc port 2; initech1 sits behind initech's router on e2 port 2.
tools/mininet/check.sh runs this file under Mininet against the standalone host and checks the traffic.
"""

from mininet.node import Host, Node
from mininet.topo import Topo


class Endpoint(Host):
    """A host whose veths do not leave TX checksums to an offload that Open vSwitch's userspace datapath lacks
    (without this, TCP through datapath=user fails while ping works)."""

    def config(self, **params):
        result = super(Endpoint, self).config(**params)
        for intf in self.intfList():
            self.cmd("ethtool -K %s tx off >/dev/null 2>&1" % intf)
        return result


class Router(Endpoint):
    """A host that forwards IPv4: a customer's or the provider's router."""

    def config(self, **params):
        super(Router, self).config(**params)
        self.cmd("sysctl -qw net.ipv4.ip_forward=1")

    def terminate(self):
        self.cmd("sysctl -qw net.ipv4.ip_forward=0")
        super(Router, self).terminate()


class Segment(Node):
    """A provider subnet: a Linux bridge joining every interface of the node, like a switch port's LAN segment."""

    def config(self, **params):
        result = super(Segment, self).config(**params)
        self.cmd("ip link add lan type bridge && ip link set lan up")
        for intf in self.intfList():
            self.cmd("ip link set %s master lan && ip link set %s up" % (intf, intf))
        return result


class TenantNatFabric(Topo):
    """Two edge switches, a core and a service switch, with a redundant link between the edges."""

    def build(self):
        e1 = self.addSwitch("e1", dpid="0000000000000001")
        e2 = self.addSwitch("e2", dpid="0000000000000002")
        core = self.addSwitch("core", dpid="0000000000000003")
        svc = self.addSwitch("svc", dpid="0000000000000004")
        self.addLink(e1, core, port1=10, port2=1)
        self.addLink(e2, core, port1=10, port2=2)
        self.addLink(core, svc, port1=3, port2=10)
        self.addLink(e1, e2, port1=11, port2=11)

        # Customers: every host is 10.1.1.10, each reaches its VIPs through the provider gateway 10.1.1.1.
        acme = self.addHost("acme", cls=Endpoint, ip="10.1.1.10/24", mac="02:01:00:01:00:01",
                            defaultRoute="via 10.1.1.1")
        globex = self.addHost("globex", cls=Endpoint, ip="10.1.1.10/24", mac="02:01:00:02:00:01",
                              defaultRoute="via 10.1.1.1")
        self.addLink(acme, e1, port2=1)
        self.addLink(globex, e2, port2=1)
        initech = self.addNode("initech", cls=Router, ip="192.168.100.2/30", mac="02:01:00:03:00:01",
                               defaultRoute="via 192.168.100.1")
        self.addLink(initech, e2, port2=2)
        h1 = self.addHost("initech1", cls=Endpoint, ip="10.1.1.10/24", mac="02:03:00:03:00:01",
                          defaultRoute="via 10.1.1.1")
        self.addLink(h1, initech, intfName2="initech-lan", params2={"ip": "10.1.1.1/24"})

        # The provider subnet on svc port 1: a bridge with backup and archive on it.
        subnet = self.addNode("subnet", cls=Segment)
        self.addLink(subnet, svc, port2=1)
        backup = self.addHost("backup", cls=Endpoint, ip="10.9.0.10/24", mac="02:05:00:00:00:01",
                              defaultRoute="via 10.9.0.1")
        archive = self.addHost("archive", cls=Endpoint, ip="10.9.0.11/24", mac="02:05:00:00:00:02",
                               defaultRoute="via 10.9.0.1")
        self.addLink(backup, subnet)
        self.addLink(archive, subnet)

        # reports behind a provider router on svc port 2, which routes translated addresses back to 10.9.1.1.
        provider = self.addNode("provider", cls=Router, ip="10.9.1.254/24", mac="02:06:00:00:00:03",
                                defaultRoute="via 10.9.1.1")
        self.addLink(provider, svc, port2=2)
        reports = self.addHost("reports", cls=Endpoint, ip="10.20.0.5/24", mac="02:05:00:00:00:03",
                               defaultRoute="via 10.20.0.1")
        self.addLink(reports, provider, intfName2="provider-lan", params2={"ip": "10.20.0.1/24"})


topos = {"tenantnat-fabric": TenantNatFabric}
