#!/usr/bin/env python3
"""Reads a lab scenario, checks it, and turns it into the resolved lab and a build plan.

The lab scenario names tenants and services of a tenantnat desired-state document and adds
only what the desired state does not say (how each attachment is built: a host or a customer
router with hosts behind it, prefix lengths, names). Every attachment field it repeats must
agree with the desired state, so one example file drives both the controller and the lab.

Commands (used by lab.sh):
  check SCENARIO                         exit 2 with one line per problem if invalid
  resolve SCENARIO --prefix P --controller C|none|- --out LAB.json --plan PLAN.tsv
  get LAB.json WHAT [NAME]               small queries for lab.sh (see query())
"""

import ipaddress
import json
import os
import re
import sys

NAME_RE = re.compile(r"^[a-z][a-z0-9-]{0,23}$")
BRIDGE_RE = re.compile(r"^[a-z][a-z0-9]{0,7}$")
DEVICE_RE = re.compile(r"^of:([0-9a-fA-F]{16})$")
CONNECT_POINT_RE = re.compile(r"^of:([0-9a-fA-F]{16})/([0-9]+)$")
MAC_RE = re.compile(r"^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$")
CONTROLLER_RE = re.compile(r"^(?:tcp|ssl):([0-9.]+):([0-9]{1,5})$")
RESERVED_NAMES = {"sw", "switch"}
MAX_IFNAME = 15
MAX_OFPORT = 0xFF00 - 1
TENANT_ATTACHMENT_FIELDS = ("id", "connectPoint", "vlan", "routerIp", "routerMac", "gatewayIp")
SERVICE_FIELDS = ("ip", "connectPoint", "gatewayIp", "mac", "routerIp", "routerMac")


class Problems:
    """Collects every problem so the user sees all of them at once."""

    def __init__(self):
        self.items = []

    def add(self, field, message):
        self.items.append("%s: %s" % (field, message))

    def __bool__(self):
        return bool(self.items)


def load_json(path, problems, field):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        problems.add(field, "cannot read %s (%s)" % (path, e.strerror))
    except ValueError as e:
        problems.add(field, "%s is not valid JSON (%s)" % (path, e))
    return None


def as_list(doc, key, field, problems):
    value = doc.get(key, [])
    if not isinstance(value, list):
        problems.add(field, "must be a list")
        return []
    return value


def by_name(entries, field, problems):
    """Indexes desired-state services or tenants by name."""
    out = {}
    for i, e in enumerate(entries):
        if isinstance(e, dict) and isinstance(e.get("name"), str):
            out[e["name"]] = e
        else:
            problems.add("%s[%d]" % (field, i), "needs a string name")
    return out


def merge(lab_entry, desired_entry, fields, where, problems, desired_path):
    """Takes each field from the lab entry or the desired state; both given must agree."""
    out = {}
    for key in fields:
        in_lab = key in lab_entry
        in_desired = desired_entry is not None and key in desired_entry
        if in_lab and in_desired and lab_entry[key] != desired_entry[key]:
            problems.add("%s.%s" % (where, key), "lab says %r but %s says %r"
                         % (lab_entry[key], desired_path, desired_entry[key]))
        if in_lab:
            out[key] = lab_entry[key]
        elif in_desired:
            out[key] = desired_entry[key]
    return out


def parse_ip(value, field, problems):
    if not isinstance(value, str):
        problems.add(field, "must be an IPv4 address string")
        return None
    try:
        return ipaddress.IPv4Address(value)
    except ValueError:
        problems.add(field, "%r is not an IPv4 address" % value)
        return None


def parse_prefix_length(entry, key, field, problems, default=24):
    value = entry.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 30:
        problems.add(field, "must be an integer 1..30")
        return None
    return value


def parse_mac(value, field, problems):
    if value is None:
        return None
    if not isinstance(value, str) or not MAC_RE.match(value):
        problems.add(field, "%r is not a MAC address like 02:00:00:00:00:01" % (value,))
        return None
    if int(value[0:2], 16) & 1:
        problems.add(field, "%s is a multicast MAC address" % value)
        return None
    return value.lower()


def parse_connect_point(value, field, problems):
    if not isinstance(value, str):
        problems.add(field, "missing (give it here or in the desired state)")
        return None
    m = CONNECT_POINT_RE.match(value)
    if not m:
        problems.add(field, "%r is not a connect point like of:0000000000000001/3" % value)
        return None
    port = int(m.group(2))
    if not 1 <= port <= MAX_OFPORT:
        problems.add(field, "port %d is outside 1..%d" % (port, MAX_OFPORT))
        return None
    return m.group(1).lower(), port


def parse_vlan(value, field, problems):
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 4094:
        problems.add(field, "must be an integer 1..4094")
        return None
    return value


def check_name(name, field, problems, names):
    if not isinstance(name, str) or not NAME_RE.match(name):
        problems.add(field, "%r is not a lab name (lower case letter, then letters, digits, '-'; "
                            "at most 24 characters)" % (name,))
        return False
    if name in RESERVED_NAMES:
        problems.add(field, "%r is reserved for the switch namespace" % name)
        return False
    if name in names:
        problems.add(field, "%r is already used by another lab host" % name)
        return False
    names.add(name)
    return True


def interface(ip, prefix_length):
    return ipaddress.IPv4Interface("%s/%d" % (ip, prefix_length))


def mac(role, tenant_id, index):
    """Deterministic MAC: 02:<role>:<tenant id, 2 bytes>:00:<index>."""
    return "02:%02x:%02x:%02x:00:%02x" % (role, (tenant_id >> 8) & 0xFF, tenant_id & 0xFF, index)


ROLE_ATTACHMENT, ROLE_ROUTER_LAN, ROLE_LAN_HOST, ROLE_SERVICE = 0x01, 0x02, 0x03, 0x05
ROLE_PROVIDER_ROUTER, ROLE_PROVIDER_ROUTER_SVC, ROLE_SEGMENT = 0x06, 0x07, 0x08
MIN_MTU, MAX_MTU = 576, 9000


def parse_mtu(value, field, problems):
    if not isinstance(value, int) or isinstance(value, bool) or not MIN_MTU <= value <= MAX_MTU:
        problems.add(field, "must be an integer %d..%d" % (MIN_MTU, MAX_MTU))
        return None
    return value


def resolve(path, prefix="tn0-", controller_override=None):
    """Returns (lab, problems). lab is the fully resolved lab description."""
    problems = Problems()
    doc = load_json(path, problems, "scenario")
    if doc is None:
        return None, problems
    if not isinstance(doc, dict):
        problems.add("scenario", "must be a JSON object")
        return None, problems
    known = {"desiredState", "controller", "switches", "services", "tenants", "links", "comment"}
    for key in doc:
        if key not in known:
            problems.add(key, "unknown field (allowed: %s)" % ", ".join(sorted(known)))

    desired_services, desired_tenants, desired_links, desired_path = {}, {}, [], None
    if "desiredState" in doc:
        if not isinstance(doc["desiredState"], str):
            problems.add("desiredState", "must be a path (relative to the scenario file)")
        else:
            desired_path = os.path.join(os.path.dirname(os.path.abspath(path)), doc["desiredState"])
            desired = load_json(desired_path, problems, "desiredState")
            if isinstance(desired, dict):
                desired_services = by_name(as_list(desired, "services", "desiredState.services", problems),
                                           "desiredState.services", problems)
                desired_tenants = by_name(as_list(desired, "tenants", "desiredState.tenants", problems),
                                          "desiredState.tenants", problems)
                desired_links = as_list(desired, "links", "desiredState.links", problems)
            elif desired is not None:
                problems.add("desiredState", "%s must hold a JSON object" % desired_path)
    shown_path = doc.get("desiredState", "the desired state")

    controller = doc.get("controller", "none") if controller_override in (None, "-") else controller_override
    if controller != "none":
        m = CONTROLLER_RE.match(controller) if isinstance(controller, str) else None
        if not m:
            problems.add("controller", "%r must be tcp:IPV4:PORT, ssl:IPV4:PORT or none" % (controller,))
        else:
            parse_ip(m.group(1), "controller", problems)
            if not 1 <= int(m.group(2)) <= 65535:
                problems.add("controller", "port must be 1..65535")

    names = set()
    hosts = []
    ports = {}  # (dpid, port) -> list of (vlan or None, host name, field)

    def claim(cp, vlan, host, field):
        ports.setdefault(cp, []).append((vlan, host, field))

    for i, s in enumerate(as_list(doc, "services", "services", problems)):
        field = "services[%d]" % i
        if not isinstance(s, dict):
            problems.add(field, "must be an object")
            continue
        name = s.get("name")
        if not check_name(name, field + ".name", problems, names):
            continue
        field = "services[%s]" % name
        for key in s:
            if key not in ("name", "prefixLength", "router", "routerName", "lan") + SERVICE_FIELDS:
                problems.add("%s.%s" % (field, key), "unknown field")
        m = merge(s, desired_services.get(name), SERVICE_FIELDS, field, problems, shown_path)
        ip = parse_ip(m.get("ip"), field + ".ip", problems)
        gw = parse_ip(m.get("gatewayIp"), field + ".gatewayIp", problems)
        cp = parse_connect_point(m.get("connectPoint"), field + ".connectPoint", problems)
        plen = parse_prefix_length(s, "prefixLength", field + ".prefixLength", problems)
        smac = parse_mac(m.get("mac"), field + ".mac", problems) or mac(ROLE_SERVICE, 0, i + 1)
        if None in (ip, gw, cp, plen):
            continue
        attachment = {"device": "of:" + cp[0], "port": cp[1], "vlan": None}
        if m.get("routerIp") is not None:
            router = routed_service(s, m, name, i, ip, gw, plen, smac, attachment, field, problems, names, hosts)
            if router is not None:
                claim(cp, None, router, field + ".connectPoint")
            continue
        for key in ("routerName", "lan"):
            if key in s:
                problems.add("%s.%s" % (field, key), "only for a service behind a router (routerIp in %s)"
                             % shown_path)
        ifc = interface(ip, plen)
        if gw not in ifc.network or gw == ip:
            problems.add(field + ".gatewayIp", "%s must be another address on %s" % (gw, ifc.network))
            continue
        service = {"name": name, "role": "service", "service": name,
                   "interfaces": [{"name": "eth0", "mac": smac, "address": str(ifc)}],
                   "gateway": str(gw), "forwarding": False, "attachment": attachment}
        router = provider_router(s, name, i, ifc, gw, problems, field, names)
        if "router" in s and router is None:
            continue
        hosts.append(service)
        if router is None:
            claim(cp, None, name, field + ".connectPoint")
            continue
        # The router stands between the switch and the service: it takes the attachment and answers ARP for the
        # service (proxy ARP), so the switch and the service see each other's addresses as on one subnet.
        router["attachment"] = service.pop("attachment")
        service["behind"] = router["name"]
        service["routerPort"] = "svc1"
        claim(cp, None, router["name"], field + ".connectPoint")
        hosts.append(router)

    for i, t in enumerate(as_list(doc, "tenants", "tenants", problems)):
        field = "tenants[%d]" % i
        if not isinstance(t, dict):
            problems.add(field, "must be an object")
            continue
        name = t.get("name")
        if not check_name(name, field + ".name", problems, names):
            continue
        field = "tenants[%s]" % name
        kind = t.get("kind")
        allowed = ("name", "kind", "prefixLength") + TENANT_ATTACHMENT_FIELDS
        if kind == "router":
            allowed += ("lan", "hosts", "lanMtu")
        elif kind != "host":
            problems.add(field + ".kind", "must be \"host\" (a directly attached host) or \"router\" "
                                          "(a customer router with hosts behind it)")
            continue
        for key in t:
            if key not in allowed:
                problems.add("%s.%s" % (field, key), "unknown field for kind %s" % kind)
        desired = desired_tenants.get(name)
        if desired is None and desired_path is not None and "connectPoint" not in t:
            problems.add(field, "not a tenant of %s (and no connectPoint given here)" % shown_path)
            continue
        m = merge(t, desired, TENANT_ATTACHMENT_FIELDS, field, problems, shown_path)
        tid = m.get("id")
        if not isinstance(tid, int) or isinstance(tid, bool) or not 1 <= tid <= 0xFFFF:
            problems.add(field + ".id", "needed for deterministic MACs: an integer 1..65535")
            continue
        cp = parse_connect_point(m.get("connectPoint"), field + ".connectPoint", problems)
        vlan = parse_vlan(m.get("vlan"), field + ".vlan", problems)
        rip = parse_ip(m.get("routerIp"), field + ".routerIp", problems)
        gw = parse_ip(m.get("gatewayIp"), field + ".gatewayIp", problems)
        plen = parse_prefix_length(t, "prefixLength", field + ".prefixLength", problems)
        rmac = parse_mac(m.get("routerMac"), field + ".routerMac", problems) or mac(ROLE_ATTACHMENT, tid, 1)
        if None in (cp, rip, gw, plen) or (m.get("vlan") is not None and vlan is None):
            continue
        wan = interface(rip, plen)
        if gw not in wan.network or gw == rip:
            problems.add(field + ".gatewayIp", "%s must be another address on %s (routerIp/prefixLength)"
                         % (gw, wan.network))
            continue
        attachment = {"device": "of:" + cp[0], "port": cp[1], "vlan": vlan}
        if kind == "host":
            claim(cp, vlan, name, field + ".connectPoint")
            hosts.append({"name": name, "role": "tenant-host", "tenant": name,
                          "interfaces": [{"name": "eth0", "mac": rmac, "address": str(wan)}],
                          "gateway": str(gw), "forwarding": False, "attachment": attachment})
            continue
        lan = t.get("lan")
        try:
            lan_ifc = ipaddress.IPv4Interface(lan) if isinstance(lan, str) and "/" in lan else None
        except ValueError:
            lan_ifc = None
        if lan_ifc is None or lan_ifc.ip in (lan_ifc.network.network_address,
                                              lan_ifc.network.broadcast_address):
            problems.add(field + ".lan", "must be the router's LAN address with prefix length, "
                                         "e.g. 10.1.1.1/24")
            continue
        if lan_ifc.network.overlaps(wan.network):
            problems.add(field + ".lan", "%s overlaps the WAN subnet %s" % (lan_ifc.network, wan.network))
            continue
        lan_hosts = t.get("hosts")
        if not isinstance(lan_hosts, list) or not lan_hosts:
            problems.add(field + ".hosts", "a router needs at least one host behind it")
            continue
        lan_mtu = parse_mtu(t["lanMtu"], field + ".lanMtu", problems) if "lanMtu" in t else None
        if "lanMtu" in t and lan_mtu is None:
            continue
        router = {"name": name, "role": "router", "tenant": name,
                  "interfaces": [{"name": "eth0", "mac": rmac, "address": str(wan)},
                                 {"name": "lan", "mac": mac(ROLE_ROUTER_LAN, tid, 1),
                                  "address": str(lan_ifc), "bridge": True}],
                  "gateway": str(gw), "forwarding": True, "attachment": attachment, "lanHosts": []}
        if lan_mtu is not None:
            router["interfaces"][1]["mtu"] = lan_mtu
        claim(cp, vlan, name, field + ".connectPoint")
        hosts.append(router)
        seen_ips = {lan_ifc.ip}
        for k, h in enumerate(lan_hosts):
            hfield = "%s.hosts[%d]" % (field, k)
            if not isinstance(h, dict):
                problems.add(hfield, "must be an object with name and ip")
                continue
            for key in h:
                if key not in ("name", "ip", "mac"):
                    problems.add("%s.%s" % (hfield, key), "unknown field (allowed: name, ip, mac)")
            if not check_name(h.get("name"), hfield + ".name", problems, names):
                continue
            hip = parse_ip(h.get("ip"), hfield + ".ip", problems)
            hmac = parse_mac(h.get("mac"), hfield + ".mac", problems) or mac(ROLE_LAN_HOST, tid, k + 1)
            if hip is None:
                continue
            if hip not in lan_ifc.network or hip in (lan_ifc.network.network_address,
                                                     lan_ifc.network.broadcast_address):
                problems.add(hfield + ".ip", "%s is not a host address of the LAN %s" % (hip, lan_ifc.network))
                continue
            if hip in seen_ips:
                problems.add(hfield + ".ip", "%s is already used on this LAN" % hip)
                continue
            seen_ips.add(hip)
            port = "lan%d" % (k + 1)
            router["lanHosts"].append(h["name"])
            hosts.append({"name": h["name"], "role": "lan-host", "tenant": name, "router": name,
                          "routerPort": port,
                          "interfaces": [{"name": "eth0", "mac": hmac,
                                          "address": "%s/%d" % (hip, lan_ifc.network.prefixlen)}],
                          "gateway": str(lan_ifc.ip), "forwarding": False})

    switch_entries = {}
    for i, s in enumerate(as_list(doc, "switches", "switches", problems)):
        field = "switches[%d]" % i
        if not isinstance(s, dict):
            problems.add(field, "must be an object")
            continue
        for key in s:
            if key not in ("device", "bridge"):
                problems.add("%s.%s" % (field, key), "unknown field (allowed: device, bridge)")
        m = DEVICE_RE.match(s.get("device", "")) if isinstance(s.get("device"), str) else None
        if not m:
            problems.add(field + ".device", "must be a device id like of:0000000000000001")
            continue
        if "bridge" in s and (not isinstance(s["bridge"], str) or not BRIDGE_RE.match(s["bridge"])):
            problems.add(field + ".bridge", "must be a lower case letter then letters/digits, at most 8")
            continue
        switch_entries[m.group(1).lower()] = s.get("bridge")

    link_entries = []
    scenario_links = as_list(doc, "links", "links", problems)
    for i, l in enumerate(scenario_links + desired_links):
        field = ("links[%d]" % i if i < len(scenario_links)
                 else "desiredState.links[%d]" % (i - len(scenario_links)))
        if not isinstance(l, dict):
            problems.add(field, "must be an object with src and dst")
            continue
        for key in l:
            if key not in ("src", "dst"):
                problems.add("%s.%s" % (field, key), "unknown field (allowed: src, dst)")
        a = parse_connect_point(l.get("src"), field + ".src", problems)
        b = parse_connect_point(l.get("dst"), field + ".dst", problems)
        if a is None or b is None:
            continue
        if a[0] == b[0]:
            problems.add(field, "joins of:%s to itself" % a[0])
            continue
        if any({a, b} == {x[0], x[1]} for x in link_entries):
            continue
        link_entries.append((a, b, field))
        claim(a, None, "link " + field, field + ".src")
        claim(b, None, "link " + field, field + ".dst")

    dpids = sorted({cp[0] for cp in ports} | set(switch_entries))
    if not dpids:
        problems.add("scenario", "describes no attachment, so there is no switch to build")
    switches, bridges = [], set()
    for k, dpid in enumerate(dpids):
        number = int(dpid, 16)
        bridge = switch_entries.get(dpid) or ("s%d" % number if 0 < number < 100000 else "s%d" % (k + 1))
        if bridge in bridges:
            problems.add("switches", "bridge name %s is used twice" % bridge)
        bridges.add(bridge)
        switches.append({"device": "of:" + dpid, "dpid": dpid, "bridge": bridge, "ports": []})
    by_dpid = {s["dpid"]: s for s in switches}

    trunks = []
    segments = []
    host_by_name = {h["name"]: h for h in hosts}
    for (dpid, port), users in sorted(ports.items()):
        sw = by_dpid[dpid]
        untagged = [u for u in users if u[0] is None]
        tagged = [u for u in users if u[0] is not None]
        providers = [u for u in untagged if u[1] in host_by_name
                     and host_by_name[u[1]]["role"] in ("service", "service-router", "provider-router")]
        if len(users) > 1 and len(providers) == len(users):
            # A provider subnet: a bridge of its own joins the switch port and every service on it.
            segment = "%sl%d" % (sw["bridge"], port)
            uplink = "%s-p%d" % (sw["bridge"], port)
            sw["ports"].append({"ofport": port, "interface": uplink, "type": "veth", "segment": segment})
            members = []
            for k, (_, host, _) in enumerate(providers):
                host_by_name[host]["attachment"]["segment"] = segment
                host_by_name[host]["attachment"]["segmentPort"] = "h%d" % (k + 1)
                members.append(host)
            segments.append({"name": segment, "switch": sw["bridge"], "ofport": port, "uplink": uplink,
                             "mac": mac(ROLE_SEGMENT, int(dpid, 16) & 0xFFFF, port & 0xFF), "hosts": members})
            continue
        if untagged and (len(users) > 1):
            problems.add(untagged[0][2], "port %d of of:%s is used by %s; an untagged attachment needs the "
                                         "port alone" % (port, dpid, ", ".join(u[1] for u in users)))
            continue
        if untagged and untagged[0][1].startswith("link "):
            continue
        if untagged:
            ifname = "%s-p%d" % (sw["bridge"], port)
            sw["ports"].append({"ofport": port, "interface": ifname, "type": "veth", "host": untagged[0][1]})
            host_by_name[untagged[0][1]]["attachment"]["switchInterface"] = ifname
            continue
        vlans = {}
        for vlan, host, field in tagged:
            if vlan in vlans:
                problems.add(field, "VLAN %d on port %d of of:%s is already used by %s"
                             % (vlan, port, dpid, vlans[vlan]))
            vlans[vlan] = host
        trunk = "%st%d" % (sw["bridge"], port)
        uplink = trunk + "-up"
        patch = "%s-p%d" % (sw["bridge"], port)
        access = []
        for vlan in sorted(vlans):
            ifname = "%sv%d" % (trunk, vlan)
            access.append({"vlan": vlan, "interface": ifname, "host": vlans[vlan]})
            host_by_name[vlans[vlan]]["attachment"]["switchInterface"] = ifname
            host_by_name[vlans[vlan]]["attachment"]["trunk"] = trunk
        sw["ports"].append({"ofport": port, "interface": patch, "type": "patch", "peer": uplink, "trunk": trunk})
        trunks.append({"bridge": trunk, "switch": sw["bridge"], "ofport": port, "uplink": uplink,
                       "access": access})
    links = []
    for a, b, field in link_entries:
        ends = []
        for dpid, port in (a, b):
            sw = by_dpid[dpid]
            ifname = "%s-p%d" % (sw["bridge"], port)
            sw["ports"].append({"ofport": port, "interface": ifname, "type": "link"})
            ends.append(ifname)
        links.append({"src": "of:%s/%d" % a, "dst": "of:%s/%d" % b, "interfaces": ends})
    for sw in switches:
        sw["ports"].sort(key=lambda p: p["ofport"])
        for p in sw["ports"]:
            check_ifname(p["interface"], problems)
    for tr in trunks:
        check_ifname(tr["bridge"], problems)
        for a in tr["access"]:
            check_ifname(a["interface"], problems)

    for h in hosts:
        h["namespace"] = prefix + h["name"]
    for seg in segments:
        check_ifname(seg["uplink"], problems)
        seg["namespace"] = prefix + seg["name"]
    lab = {"scenario": os.path.abspath(path), "desiredState": desired_path, "prefix": prefix,
           "switchNamespace": prefix + "sw", "controller": None if controller == "none" else controller,
           "switches": switches, "trunks": trunks, "segments": segments, "links": links, "hosts": hosts}
    return lab, problems


def routed_service(entry, m, name, index, ip, gw, plen, smac, attachment, field, problems, names, hosts):
    """A service the desired state puts behind a provider router (routerIp): the router (named by routerName,
    default <service>-rtr) sits on the port with routerIp, routes the translated addresses back to gatewayIp, and
    has the service on its LAN (lan: the router's LAN address with prefix length). Adds both lab hosts and returns
    the router's name; adds nothing and returns None (with problems) when the entry is invalid."""
    if "router" in entry:
        problems.add(field + ".router", "a service behind routerIp has its router built from routerName and lan")
        return None
    rip = parse_ip(m.get("routerIp"), field + ".routerIp", problems)
    rmac = parse_mac(m.get("routerMac"), field + ".routerMac", problems) or mac(ROLE_PROVIDER_ROUTER, 0, index + 1)
    rname = entry.get("routerName", name + "-rtr")
    lan = parse_lan(entry.get("lan"), field + ".lan", problems)
    if rip is None or lan is None or not check_name(rname, field + ".routerName", problems, names):
        return None
    wan = interface(rip, plen)
    if gw not in wan.network or gw == rip:
        problems.add(field + ".gatewayIp", "%s must be another address on %s (routerIp/prefixLength)"
                     % (gw, wan.network))
        return None
    if ip not in lan.network or ip == lan.ip:
        problems.add(field + ".ip", "%s must be another address on the router's LAN %s" % (ip, lan.network))
        return None
    hosts.append({"name": rname, "role": "service-router", "service": name,
                  "interfaces": [{"name": "eth0", "mac": rmac, "address": str(wan)},
                                 {"name": "lan", "mac": mac(ROLE_PROVIDER_ROUTER_SVC, 0, index + 1),
                                  "address": str(lan), "bridge": True}],
                  "gateway": str(gw), "forwarding": True, "attachment": attachment, "lanHosts": [name]})
    hosts.append({"name": name, "role": "service", "service": name, "router": rname, "routerPort": "lan1",
                  "interfaces": [{"name": "eth0", "mac": smac, "address": "%s/%d" % (ip, lan.network.prefixlen)}],
                  "gateway": str(lan.ip), "forwarding": False})
    return rname


def parse_lan(value, field, problems):
    """A router's LAN address with its prefix length, e.g. 10.20.0.1/24."""
    try:
        lan = ipaddress.IPv4Interface(value) if isinstance(value, str) and "/" in value else None
    except ValueError:
        lan = None
    if lan is None or lan.ip in (lan.network.network_address, lan.network.broadcast_address):
        problems.add(field, "must be the router's LAN address with prefix length, e.g. 10.1.1.1/24")
        return None
    return lan


def provider_router(entry, service, index, service_ifc, gateway, problems, field, names):
    """The provider router a service may sit behind: {"ip": address on the service subnet, "mtu": of its link to
    the service}. Returns the router's lab host, or None (with problems added when the entry is invalid)."""
    if "router" not in entry:
        return None
    spec = entry["router"]
    rfield = field + ".router"
    if not isinstance(spec, dict):
        problems.add(rfield, 'must be an object like {"ip": "10.1.1.254", "mtu": 1400}')
        return None
    for key in spec:
        if key not in ("ip", "mtu"):
            problems.add("%s.%s" % (rfield, key), "unknown field (allowed: ip, mtu)")
    rip = parse_ip(spec.get("ip"), rfield + ".ip", problems)
    mtu = parse_mtu(spec.get("mtu"), rfield + ".mtu", problems)
    if rip is None or mtu is None:
        return None
    if rip not in service_ifc.network or rip in (service_ifc.ip, gateway):
        problems.add(rfield + ".ip", "%s must be another address on %s than the service's and the gateway's"
                     % (rip, service_ifc.network))
        return None
    name = service + "-gw"
    if not check_name(name, rfield, problems, names):
        return None
    return {"name": name, "role": "provider-router", "service": service,
            "interfaces": [{"name": "eth0", "mac": mac(ROLE_PROVIDER_ROUTER, 0, index + 1),
                            "address": "%s/%d" % (rip, service_ifc.network.prefixlen), "proxyArp": True},
                           {"name": "svc", "mac": mac(ROLE_PROVIDER_ROUTER_SVC, 0, index + 1), "mtu": mtu,
                            "proxyArp": True, "bridge": True}],
            "serviceIp": str(service_ifc.ip), "gateway": str(gateway), "forwarding": True}


def check_ifname(name, problems):
    if len(name) > MAX_IFNAME:
        problems.add("switches", "interface name %s is longer than %d characters: use a shorter bridge name"
                     % (name, MAX_IFNAME))


def plan(lab):
    """Yields the build steps, one tuple per line of the plan that lab.sh executes in order."""
    sw_ns = lab["switchNamespace"]
    hosts = {h["name"]: h for h in lab["hosts"]}
    controller = lab["controller"]
    for sw in lab["switches"]:
        # The switch reaches the controller through the relay on its namespace's loopback, with the same
        # transport (ssl: passes through the relay unchanged).
        yield ("ovs-switch", sw["bridge"], sw["dpid"],
               "%s:127.0.0.1:%s" % (controller.split(":", 1)[0], controller.rsplit(":", 1)[1])
               if controller else "none")
    for tr in lab["trunks"]:
        yield ("ovs-trunk", tr["bridge"])
    for seg in lab.get("segments", []):
        yield ("netns", seg["namespace"])
        yield ("lan-bridge", seg["namespace"], "lan", seg["mac"])
        yield ("veth", seg["namespace"], "trunk", seg["mac"], sw_ns, seg["uplink"])
        yield ("enslave", seg["namespace"], "trunk", "lan")
    for h in lab["hosts"]:
        yield ("netns", h["namespace"])
    # Routers and their bridges before any link, so a link can join a bridge of a router built later.
    for h in lab["hosts"]:
        ns = h["namespace"]
        if h["forwarding"]:
            yield ("forward", ns)
        for ifc in h["interfaces"]:
            if ifc.get("bridge"):
                yield ("lan-bridge", ns, ifc["name"], ifc["mac"])
    for h in lab["hosts"]:
        ns = h["namespace"]
        if h["role"] == "lan-host" or h.get("router"):
            router = hosts[h["router"]]
            yield ("veth", ns, "eth0", h["interfaces"][0]["mac"], router["namespace"], h["routerPort"])
            yield ("enslave", router["namespace"], h["routerPort"], "lan")
        elif h.get("behind"):
            router = hosts[h["behind"]]
            yield ("veth", ns, "eth0", h["interfaces"][0]["mac"], router["namespace"], h["routerPort"])
            yield ("enslave", router["namespace"], h["routerPort"], "svc")
        elif h["attachment"].get("segment"):
            seg_ns = lab["prefix"] + h["attachment"]["segment"]
            port = h["attachment"]["segmentPort"]
            yield ("veth", ns, "eth0", h["interfaces"][0]["mac"], seg_ns, port)
            yield ("enslave", seg_ns, port, "lan")
        else:
            yield ("veth", ns, "eth0", h["interfaces"][0]["mac"], sw_ns, h["attachment"]["switchInterface"])
        for ifc in h["interfaces"]:
            if "address" in ifc:
                yield ("addr", ns, ifc["name"], ifc["address"])
        yield ("route", ns, "default", h["gateway"])
    for link in lab.get("links", []):
        yield ("link", sw_ns, link["interfaces"][0], link["interfaces"][1])
    for sw in lab["switches"]:
        for p in sw["ports"]:
            if p["type"] in ("veth", "link"):
                yield ("ovs-port", sw["bridge"], p["interface"], str(p["ofport"]))
    # Last, once every link exists: a smaller MTU on a router's bridge (the router routes out of it at that MTU
    # and says so with ICMP; its ports and the hosts behind keep 1500, so they offer the larger MSS and path-MTU
    # discovery has work to do), proxy ARP and the provider router's route to its service.
    for h in lab["hosts"]:
        ns = h["namespace"]
        for ifc in h["interfaces"]:
            if "mtu" in ifc:
                yield ("mtu", ns, ifc["name"], str(ifc["mtu"]))
            if ifc.get("proxyArp"):
                yield ("proxy-arp", ns, ifc["name"])
        if h["role"] == "provider-router":
            yield ("route-dev", ns, h["serviceIp"] + "/32", "svc")
    for tr in lab["trunks"]:
        for a in tr["access"]:
            yield ("ovs-access", tr["bridge"], a["interface"], str(a["vlan"]))
        patch = "%s-p%d" % (tr["switch"], tr["ofport"])
        yield ("ovs-patch", tr["bridge"], tr["uplink"], patch, "-")
        yield ("ovs-patch", tr["switch"], patch, tr["uplink"], str(tr["ofport"]))


def query(lab, what, name=None):
    """Answers lab.sh's questions about a resolved lab, one value per line."""
    hosts = {h["name"]: h for h in lab["hosts"]}
    if what == "namespace":
        if name in ("switch", "sw"):
            return [lab["switchNamespace"]]
        if name not in hosts:
            raise LookupError("no lab host %r (hosts: %s, or 'switch')" % (name, ", ".join(sorted(hosts))))
        return [hosts[name]["namespace"]]
    if what == "namespaces":
        return ([lab["switchNamespace"]] + [seg["namespace"] for seg in lab.get("segments", [])]
                + [h["namespace"] for h in lab["hosts"]])
    if what == "port-interface":
        m = CONNECT_POINT_RE.match(name or "")
        for s in lab["switches"]:
            for p in s["ports"]:
                if m and s["dpid"] == m.group(1).lower() and p["ofport"] == int(m.group(2)):
                    return [p["interface"]]
        raise LookupError("no switch port %r (give it as of:<16 hex digits>/<port>)" % name)
    if what == "controller-target":
        for s in lab["switches"]:
            if name in (s["bridge"], s["device"], s["dpid"]):
                controller = lab["controller"]
                return ["%s:127.0.0.1:%s" % (controller.split(":", 1)[0], controller.rsplit(":", 1)[1])]
        raise LookupError("no switch %r" % name)
    if what == "bridges":
        return [s["bridge"] for s in lab["switches"]]
    if what == "all-bridges":
        return [s["bridge"] for s in lab["switches"]] + [t["bridge"] for t in lab["trunks"]]
    if what == "bridge":
        for s in lab["switches"]:
            if name in (s["bridge"], s["device"], s["dpid"]):
                return [s["bridge"]]
        raise LookupError("no switch %r (switches: %s)" % (name, ", ".join(s["bridge"] for s in lab["switches"])))
    if what == "services":
        return [h["name"] for h in lab["hosts"] if h["role"] == "service"]
    if what == "service-namespace":
        for h in lab["hosts"]:
            if h["role"] == "service" and h["name"] == name:
                return [h["namespace"]]
        raise LookupError("no service %r" % name)
    if what == "controller":
        return [lab["controller"] or "none"]
    if what == "hosts":
        return ["%s\t%s\t%s" % (h["name"], h["role"], h["namespace"]) for h in lab["hosts"]]
    raise LookupError("unknown query %r" % what)


def main(argv):
    if len(argv) >= 2 and argv[0] == "check":
        _, problems = resolve(argv[1])
        for p in problems.items:
            print("scenario %s: %s" % (argv[1], p), file=sys.stderr)
        return 2 if problems else 0
    if len(argv) >= 2 and argv[0] == "resolve":
        opts = dict(zip(argv[2::2], argv[3::2]))
        lab, problems = resolve(argv[1], opts.get("--prefix", "tn0-"), opts.get("--controller"))
        for p in problems.items:
            print("scenario %s: %s" % (argv[1], p), file=sys.stderr)
        if problems:
            return 2
        with open(opts["--out"], "w", encoding="utf-8") as f:
            json.dump(lab, f, indent=2)
            f.write("\n")
        with open(opts["--plan"], "w", encoding="utf-8") as f:
            for step in plan(lab):
                f.write("\t".join(step) + "\n")
        return 0
    if len(argv) >= 3 and argv[0] == "get":
        with open(argv[1], encoding="utf-8") as f:
            lab = json.load(f)
        try:
            for line in query(lab, argv[2], argv[3] if len(argv) > 3 else None):
                print(line)
        except LookupError as e:
            print(e, file=sys.stderr)
            return 2
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
