/*
 * Tenant NAT view: tenants, access intents, traffic, pool usage, the pool blocks and bindings of dynamic and pat
 * tenants, the audit trail of a window, and address lookup (now, or at a time from the audit trail), read from the
 * REST API.
 *
 * The page only speaks to /onos/tenantnat on its own origin, so the same file serves the standalone host and
 * ONOS (whose GUI embeds this page). It polls every REFRESH_MS and keeps the previous /stats sample of each
 * tenant to compute rates. Nothing is logged to the console: problems show in the status line.
 */
(function () {
    'use strict';

    var API = '/onos/tenantnat';
    // Polled more often than every 2 s so that a change made through REST shows within 2 s.
    var REFRESH_MS = 1500;
    // The newest changes shown of the history of changes.
    var CHANGES_SHOWN = 20;
    // The bindings read at each refresh: a host may hold many thousands, the view lists the first ones.
    var BINDINGS_SHOWN = 100;
    // The records of the audit trail read for a window: a busy day holds many thousands, the view lists the oldest.
    var TRAIL_SHOWN = 100;
    // The window of the audit trail when From is left empty.
    var TRAIL_DEFAULT_MS = 24 * 3600 * 1000;
    // Modes whose hosts are bound into a pool block on their first packet.
    var BINDING_MODES = {dynamic: true, pat: true};
    // Worst first: a tenant's access column shows the worst state of its intents.
    var STATE_RANK = {FAILED: 3, INSTALLING: 2, WITHDRAWN: 1, INSTALLED: 0};
    var PALETTE = ['#3a7bd5', '#e08a1e', '#3c9a5f', '#9b59b6', '#c0392b', '#16a5a5', '#8d6e63', '#d4458f'];
    var NUMBER = new Intl.NumberFormat('en-US');

    var view = {
        tenants: [],
        intents: [],
        translations: [],
        changes: [],
        bindings: [],
        bindingTotal: 0,
        bindingsTenant: '',    // the bindings card's tenant filter, '' for all
        pool: null,
        topology: null,        // GET /topology, null when the host does not report it
        samples: {},           // tenant name -> {t, from, to, packets, bytes, rate}
        selected: null,        // name of the tenant shown in the details panel
        sort: {
            tenants: {col: 'name', dir: 1},
            intents: {col: 'tenant', dir: 1}
        },
        paused: false,
        fresh: false,          // whether the last refresh succeeded
        updated: null,         // time of the last complete refresh, as shown
        timer: null,
        inFlight: null,
        loaded: false
    };

    // ---------------------------------------------------------------- addresses and numbers

    /** Parses dotted-quad IPv4 text into an unsigned 32-bit number; null when it is not one. */
    function parseIpv4(text) {
        var m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
        if (!m) {
            return null;
        }
        var value = 0;
        for (var i = 1; i <= 4; i++) {
            var octet = Number(m[i]);
            if (octet > 255) {
                return null;
            }
            value = value * 256 + octet;
        }
        return value;
    }

    /** Parses a.b.c.d/n into {base, size}; null when malformed. */
    function parsePrefix(text) {
        var parts = String(text).split('/');
        var base = parseIpv4(parts[0]);
        var length = Number(parts[1]);
        if (parts.length !== 2 || base === null || !(length >= 0 && length <= 32)) {
            return null;
        }
        return {base: base, size: Math.pow(2, 32 - length)};
    }

    function prefixContains(text, ip) {
        var p = parsePrefix(text);
        return p !== null && ip >= p.base && ip < p.base + p.size;
    }

    function ipText(value) {
        return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
    }

    function count(n) {
        return NUMBER.format(n);
    }

    function scaled(n, units) {
        var i = 0;
        while (n >= 1000 && i < units.length - 1) {
            n /= 1000;
            i++;
        }
        return (i === 0 ? NUMBER.format(Math.round(n)) : n.toFixed(n < 10 ? 2 : 1)) + ' ' + units[i];
    }

    function bytes(n) {
        return scaled(n, ['B', 'kB', 'MB', 'GB', 'TB']);
    }

    function percent(part, whole) {
        if (!whole) {
            return '0 %';
        }
        var p = 100 * part / whole;
        return (p === 0 || p >= 10 ? p.toFixed(0) : p >= 1 ? p.toFixed(1) : p.toPrecision(2)) + ' %';
    }

    function ppsText(pps) {
        return (pps < 10 ? pps.toFixed(1) : count(Math.round(pps))) + ' pkt/s';
    }

    function bpsText(bps) {
        return scaled(bps, ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s']);
    }

    function rateText(rate) {
        return rate ? ppsText(rate.pps) + ', ' + bpsText(rate.bps) : '\u2014';
    }

    function vlanText(tenant) {
        return tenant.vlan === undefined || tenant.vlan === null ? 'untagged' : 'VLAN ' + tenant.vlan;
    }

    function colour(tenant) {
        return PALETTE[((tenant && tenant.id) || 0) % PALETTE.length];
    }

    // ---------------------------------------------------------------- REST

    // The origin is spelled out because a page opened with user:password in its address would otherwise resolve
    // relative URLs with those credentials in them, which fetch() refuses.
    function getJson(path) {
        return fetch(window.location.origin + API + path, {
            headers: {Accept: 'application/json'},
            credentials: 'same-origin',
            cache: 'no-store'
        }).then(function (reply) {
            return reply.json().catch(function () {
                return {};
            }).then(function (body) {
                return {status: reply.status, ok: reply.ok, body: body};
            });
        });
    }

    function problem(reply, path) {
        var text = 'HTTP ' + reply.status + ' from ' + API + path;
        if (reply.status === 401) {
            return text + ': not signed in (reload the page to sign in)';
        }
        return reply.body && reply.body.error ? text + ': ' + reply.body.error : text;
    }

    /** Reads everything the view shows; resolves once the view is redrawn (or the problem shown). */
    function refresh() {
        if (view.inFlight) {
            return view.inFlight;
        }
        var filter = view.bindingsTenant;
        var paths = ['/tenants', '/intents', '/translations', '/pool', '/stats', '/changes?limit=' + CHANGES_SHOWN,
                     '/bindings?limit=' + BINDINGS_SHOWN + (filter ? '&tenant=' + encodeURIComponent(filter) : '')];
        view.inFlight = Promise.all(paths.map(getJson)).then(function (replies) {
            // The tenant the bindings were filtered by may have been deleted meanwhile: all of them next time.
            var bindingsGone = filter && replies[6].status === 404;
            for (var i = 0; i < replies.length; i++) {
                if (!replies[i].ok && !(i === 6 && bindingsGone)) {
                    throw new Error(problem(replies[i], paths[i]));
                }
            }
            view.tenants = replies[0].body.tenants || [];
            view.intents = replies[1].body.intents || [];
            view.translations = replies[2].body.translations || [];
            view.pool = replies[3].body;
            takeSample(replies[4].body.stats || [], performance.now());
            view.changes = replies[5].body.changes || [];
            // Bindings read for a filter changed meanwhile are not shown; the refresh asked for the new one is.
            if (filter === view.bindingsTenant) {
                if (bindingsGone) {
                    view.bindingsTenant = '';
                }
                view.bindings = bindingsGone ? [] : replies[6].body.bindings || [];
                view.bindingTotal = bindingsGone ? 0 : replies[6].body.total || view.bindings.length;
            }
            return getJson('/topology');
        }).then(function (topology) {
            // A host that does not report its links still shows everything else.
            view.topology = topology.ok ? topology.body : null;
            view.loaded = true;
            view.fresh = true;
            view.updated = new Date().toLocaleTimeString('en-GB');
            render();
            showUpdated();
        }).catch(function (error) {
            view.fresh = false;
            setStatus('REST API not reachable: ' + (error && error.message ? error.message : error), true);
        }).then(function () {
            view.inFlight = null;
        });
        return view.inFlight;
    }

    /** Keeps each tenant's latest counters; the rate is the change since the previous sample. */
    function takeSample(stats, now) {
        var next = {};
        stats.forEach(function (s) {
            var from = s.fromTenant || {packets: 0, bytes: 0};
            var to = s.toTenant || {packets: 0, bytes: 0};
            var sample = {t: now, from: from, to: to, packets: from.packets + to.packets,
                          bytes: from.bytes + to.bytes, rate: null};
            var previous = view.samples[s.tenant];
            // Counters that went down were reset (rules reinstalled): no rate until the next sample.
            if (previous && now > previous.t && sample.packets >= previous.packets
                    && sample.bytes >= previous.bytes) {
                var seconds = (now - previous.t) / 1000;
                sample.rate = {pps: (sample.packets - previous.packets) / seconds,
                               bps: 8 * (sample.bytes - previous.bytes) / seconds};
            }
            next[s.tenant] = sample;
        });
        view.samples = next;
    }

    function tick() {
        view.timer = null;
        if (view.paused) {
            return;
        }
        // Fixed rate: the next refresh is due REFRESH_MS after this one started, however long it takes.
        view.timer = window.setTimeout(tick, REFRESH_MS);
        refresh();
    }

    // ---------------------------------------------------------------- model of the tables

    function intentsOf(name) {
        return view.intents.filter(function (i) {
            return i.tenant === name;
        });
    }

    function blocksOf(name) {
        return view.translations.filter(function (b) {
            return b.tenant === name;
        });
    }

    function worstState(intents) {
        return intents.reduce(function (worst, i) {
            return worst === null || STATE_RANK[i.state] > STATE_RANK[worst] ? i.state : worst;
        }, null);
    }

    /** What the view knows of the tenant's router: a configured MAC, or what its intents tell of ARP. */
    function routerState(tenant, intents) {
        if (tenant.routerMac) {
            return {text: 'MAC ' + tenant.routerMac, cls: 'ok'};
        }
        if (intents.some(function (i) { return i.state === 'INSTALLED'; })) {
            return {text: 'resolved by ARP', cls: 'ok'};
        }
        if (intents.some(function (i) { return i.state === 'INSTALLING' && /\bARP\b/i.test(i.reason || ''); })) {
            return {text: 'waiting for ARP', cls: 'warn'};
        }
        return {text: 'not resolved', cls: 'muted'};
    }

    /** The pool blocks of dynamic and pat tenants, as GET /pool lists them. */
    function poolBlocks() {
        return view.pool && view.pool.bindings ? view.pool.bindings : [];
    }

    function poolBlockOf(name) {
        return poolBlocks().filter(function (u) {
            return u.tenant === name;
        })[0] || null;
    }

    function modeOf(tenant) {
        return (tenant.translation && tenant.translation.mode) || 'static';
    }

    function perTenantPool(name) {
        return view.pool && view.pool.perTenant ? view.pool.perTenant[name] || 0 : 0;
    }

    function tenantRows() {
        return view.tenants.map(function (t) {
            var intents = intentsOf(t.name);
            var blocks = blocksOf(t.name);
            var sample = view.samples[t.name];
            var worst = worstState(intents);
            var poolBlock = poolBlockOf(t.name);
            var firstBlock = blocks.length ? parsePrefix(blocks[0].translated)
                : poolBlock ? parsePrefix(poolBlock.poolBlock) : null;
            return {
                key: t.name,
                tenant: t,
                intents: intents,
                blocks: blocks,
                worst: worst,
                router: routerState(t, intents),
                sample: sample,
                pool: perTenantPool(t.name),
                sortKeys: {
                    name: t.name,
                    id: t.id,
                    attachment: t.connectPoint + ' ' + vlanText(t),
                    blocks: firstBlock ? firstBlock.base : -1,
                    router: parseIpv4(t.routerIp || '') || 0,
                    state: worst === null ? -1 : STATE_RANK[worst],
                    packets: sample ? sample.packets : -1,
                    rate: sample && sample.rate ? sample.rate.pps : -1
                }
            };
        });
    }

    function intentRows() {
        return view.intents.map(function (i) {
            return {
                key: i.tenant + '/' + i.service + '/' + i.state,
                intent: i,
                sortKeys: {
                    tenant: i.tenant,
                    service: i.service,
                    vip: parseIpv4(i.vip) || 0,
                    state: STATE_RANK[i.state],
                    reason: i.reason || ''
                }
            };
        });
    }

    function compareKeys(a, b) {
        if (typeof a === 'number' && typeof b === 'number') {
            return a - b;
        }
        return String(a).localeCompare(String(b), 'en', {numeric: true});
    }

    /** Sorts by the chosen column, then by the row key so equal values keep a stable order. */
    function sortRows(rows, sort) {
        return rows.slice().sort(function (a, b) {
            return sort.dir * compareKeys(a.sortKeys[sort.col], b.sortKeys[sort.col])
                || compareKeys(a.key, b.key);
        });
    }

    // ---------------------------------------------------------------- DOM helpers

    function $(id) {
        return document.getElementById(id);
    }

    /** Creates an element; children are nodes or text (never parsed as HTML). */
    function el(tag, attrs, children) {
        var node = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (name) {
            if (name === 'className') {
                node.className = attrs[name];
            } else if (name === 'style') {
                Object.assign(node.style, attrs[name]);
            } else if (attrs[name] !== null && attrs[name] !== undefined) {
                node.setAttribute(name, attrs[name]);
            }
        });
        (children || []).forEach(function (child) {
            if (child !== null && child !== undefined) {
                node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
            }
        });
        return node;
    }

    function badge(state) {
        return el('span', {className: 'badge badge-' + state.toLowerCase()}, [state]);
    }

    function swatch(tenant) {
        return el('span', {className: 'swatch', 'aria-hidden': 'true', style: {background: colour(tenant)}});
    }

    function showUpdated() {
        if (view.paused) {
            setStatus('Paused' + (view.updated ? ' \u00b7 last updated ' + view.updated : ''), false);
        } else {
            setStatus('Updated ' + view.updated + ' \u00b7 refreshing every ' + REFRESH_MS / 1000 + ' s', false);
        }
    }

    function setStatus(text, isError) {
        var status = $('status');
        status.textContent = text;
        status.classList.toggle('error', isError);
        // Announced once when it starts or changes, not at every refresh.
        var alert = $('alert');
        var announce = isError ? text : '';
        if (alert.textContent !== announce) {
            alert.textContent = announce;
        }
    }

    /**
     * Replaces a table body's rows when they changed (rows left alone keep hover, focus and the reader's place),
     * keeping keyboard focus on the row (by key) that had it.
     */
    function replaceRows(tbody, rows) {
        var html = rows.map(function (row) {
            return row.outerHTML;
        }).join('');
        if (html === tbody.innerHTML) {
            return;
        }
        var focused = document.activeElement;
        var focusKey = focused && focused.parentNode === tbody ? focused.getAttribute('data-key') : null;
        tbody.textContent = '';
        rows.forEach(function (row) {
            tbody.appendChild(row);
        });
        if (focusKey !== null) {
            var again = tbody.querySelector('tr[data-key="' + CSS.escape(focusKey) + '"]');
            if (again) {
                again.focus();
            }
        }
    }

    function updateSortHeaders(table, sort) {
        table.querySelectorAll('th[data-col]').forEach(function (th) {
            var col = th.getAttribute('data-col');
            if (col === sort.col) {
                th.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
            } else {
                th.removeAttribute('aria-sort');
            }
        });
    }

    // ---------------------------------------------------------------- rendering

    function render() {
        renderTenants();
        renderIntents();
        renderChanges();
        renderPool();
        renderPoolBlocks();
        renderBindings();
        renderTrailFilter();
        renderFabric();
        renderDetails();
    }

    function refusalCount(usage) {
        var refusals = usage.refusals || {};
        return Object.keys(refusals).reduce(function (sum, kind) {
            return sum + refusals[kind];
        }, 0);
    }

    /** Refusals by kind, those that happened: "22 maxPortBlocks". */
    function refusalKinds(usage) {
        var refusals = usage.refusals || {};
        return Object.keys(refusals).filter(function (kind) {
            return refusals[kind] > 0;
        }).map(function (kind) {
            return count(refusals[kind]) + ' ' + kind;
        }).join(', ');
    }

    function usageText(usage) {
        return count(usage.inUse) + ' of ' + count(usage.capacity) + ' (' + percent(usage.inUse, usage.capacity)
            + ')';
    }

    /** A bar of the slots in use, coloured by state; its text says the same for those who do not see colour. */
    function usageBar(usage) {
        var share = usage.capacity ? Math.min(1, usage.inUse / usage.capacity) : 0;
        return el('div', {
            className: 'usage-bar usage-' + String(usage.state).toLowerCase(),
            role: 'meter',
            'aria-label': 'slots in use of ' + usage.tenant + '\u2019s pool block',
            'aria-valuemin': '0',
            'aria-valuemax': String(usage.capacity),
            'aria-valuenow': String(usage.inUse),
            'aria-valuetext': usageText(usage)
        }, [el('span', {className: 'usage-fill', style: {width: (100 * share) + '%',
                                                          // One slot of a thousand still shows.
                                                          minWidth: usage.inUse > 0 ? '3px' : '0'}})]);
    }

    function usageSub(usage) {
        return count(usage.hosts) + (usage.hosts === 1 ? ' host' : ' hosts') + ' \u00b7 '
            + count(usage.heldDown) + ' held down';
    }

    function renderPoolBlocks() {
        var blocks = poolBlocks().slice().sort(function (a, b) {
            return compareKeys(a.tenant, b.tenant);
        });
        var rows = blocks.map(function (u, index) {
            var state = String(u.state);
            return el('tr', {
                'data-tenant': u.tenant,
                'data-state': state,
                'data-in-use': String(u.inUse),
                'data-capacity': String(u.capacity),
                'data-peak': String(u.peak),
                'data-refusals': String(refusalCount(u)),
                className: (index % 2 ? 'even' : 'odd') + (state === 'FAILED' ? ' row-failed'
                    : state === 'ALARM' ? ' row-alarm' : '')
            }, [
                el('td', {className: 'name'}, [u.tenant, el('span', {className: 'sub'}, [u.mode])]),
                el('td', {className: 'state'}, [badge(state)]),
                el('td', {className: 'usage'}, [usageBar(u), el('span', {className: 'usage-text'}, [usageText(u)]),
                                                 el('span', {className: 'sub'}, [usageSub(u)])]),
                el('td', {className: 'mono block'}, [u.poolBlock]),
                el('td', {className: 'num'}, [count(u.peak)]),
                el('td', {className: 'num refusals'}, [count(refusalCount(u)),
                                                       el('span', {className: 'sub'}, [refusalKinds(u)])]),
                el('td', {className: 'reason'}, [u.reason || ''])
            ]);
        });
        if (!rows.length) {
            rows = [el('tr', {className: 'no-data'}, [el('td', {colspan: '7'}, ['Loading\u2026'])])];
        }
        // A host with static tenants only: one line instead of an empty table above the tenants.
        var none = view.loaded && !blocks.length;
        $('blocks-none').hidden = !none;
        $('blocks-scroll').hidden = none;
        replaceRows($('blocks-body'), rows);
        $('block-count').textContent = String(blocks.length);
    }

    /** The tenant filter lists the dynamic and pat tenants; rebuilt only when they change, to leave it usable. */
    function renderBindingsFilter() {
        var select = $('bindings-tenant');
        var names = view.tenants.filter(function (t) {
            return BINDING_MODES[modeOf(t)];
        }).map(function (t) {
            return t.name;
        }).sort(compareKeys);
        if (view.bindingsTenant && names.indexOf(view.bindingsTenant) < 0) {
            names.push(view.bindingsTenant);
        }
        var wanted = [''].concat(names);
        var have = Array.from(select.options).map(function (o) {
            return o.value;
        });
        if (wanted.join('\n') !== have.join('\n')) {
            select.textContent = '';
            wanted.forEach(function (name) {
                select.appendChild(el('option', {value: name}, [name || 'All tenants']));
            });
        }
        select.value = view.bindingsTenant;
    }

    function renderTrailFilter() {
        var select = $('trail-tenant');
        var chosen = select.value;
        var wanted = [''].concat(view.tenants.map(function (t) {
            return t.name;
        }).sort(compareKeys));
        var have = Array.from(select.options).map(function (o) {
            return o.value;
        });
        if (wanted.join('\n') !== have.join('\n')) {
            select.textContent = '';
            wanted.forEach(function (name) {
                select.appendChild(el('option', {value: name}, [name || 'All tenants']));
            });
            select.value = wanted.indexOf(chosen) < 0 ? '' : chosen;
        }
    }

    /**
     * One row of a binding in force, or (withEnd) of an audit record, which also says when it ended: tenant,
     * original host, translated address, ports and start.
     */
    function bindingRow(b, index, withEnd) {
        var data = {
            'data-tenant': b.tenant,
            'data-original': b.original,
            'data-translated': b.translated,
            'data-ports': b.ports || '',
            'data-from': b.from || '',
            className: index % 2 ? 'even' : 'odd'
        };
        var cells = [
            el('td', {className: 'name'}, [b.tenant]),
            el('td', {className: 'mono'}, [b.original]),
            el('td', {className: 'mono'}, [b.translated]),
            el('td', {className: 'mono'}, [b.ports || '\u2014']),
            el('td', {className: 'time mono', title: b.from || ''}, [b.from ? timeText(b.from) : '\u2014'])
        ];
        if (withEnd) {
            data['data-to'] = b.to || '';
            cells.push(el('td', {className: 'time mono', title: b.to || ''},
                          [b.to ? timeText(b.to) : 'still in force']));
        }
        return el('tr', data, cells);
    }

    function renderBindings() {
        renderBindingsFilter();
        var rows = view.bindings.map(function (b, index) {
            return bindingRow(b, index, false);
        });
        if (!rows.length) {
            rows = [el('tr', {className: 'no-data'}, [el('td', {colspan: '5'},
                        [!view.loaded ? 'Loading\u2026' : view.bindingsTenant
                            ? 'No binding of ' + view.bindingsTenant + ' in force' : 'No binding in force'])])];
        }
        replaceRows($('bindings-body'), rows);
        $('binding-count').textContent = count(view.bindingTotal);
        $('bindings-shown').textContent = view.bindingTotal > view.bindings.length
            ? 'Showing the first ' + count(view.bindings.length) + ' of ' + count(view.bindingTotal)
              + ' (by tenant, host and start): choose a tenant, or look an address up.'
            : 'By tenant, host and start.';
    }

    function setBindingsTenant(name) {
        if (view.bindingsTenant === name) {
            return;
        }
        view.bindingsTenant = name;
        view.bindings = [];
        view.bindingTotal = 0;
        renderBindings();
        // Asked for, so read also while paused (as a lookup is); after a refresh under way, which read the
        // bindings of the filter before.
        (view.inFlight || Promise.resolve()).then(refresh);
    }

    function renderFabric() {
        var topology = view.topology;
        var links = topology ? topology.links || [] : [];
        var rows = links.map(function (l, index) {
            var learned = [l.discovered ? 'discovered' : null, l.declared ? 'declared' : null]
                .filter(Boolean).join(', ');
            return el('tr', {
                'data-state': l.state,
                className: (index % 2 ? 'even' : 'odd') + (l.state === 'UP' ? '' : ' row-failed')
            }, [
                el('td', {className: 'mono'}, [l.src + ' \u2194 ' + l.dst]),
                el('td', {}, [badge(l.state)]),
                el('td', {}, [learned]),
                el('td', {className: 'reason'}, [l.reason || ''])
            ]);
        });
        if (!rows.length) {
            rows = [el('tr', {className: 'no-data'}, [el('td', {colspan: '4'},
                        [topology ? 'No links between switches: each switch stands alone'
                                  : 'This host does not report the links between switches'])])];
        }
        replaceRows($('fabric-body'), rows);
        $('link-count').textContent = String(links.length);
        $('fabric-switches').textContent = topology ? 'Switches: ' + (topology.switches || []).map(function (s) {
            return s.id + (s.connected ? '' : ' (not connected)');
        }).join(', ') : '';
    }

    function blocksCell(blocks, tenant) {
        var usage = poolBlockOf(tenant.name);
        if (usage) {
            return el('td', {className: 'blocks'}, [el('div', {className: 'block', 'data-pool-block': usage.poolBlock},
                [el('span', {className: 'mono original'}, [(tenant.prefixes || []).join(', ') + ' \u2192']),
                 el('span', {className: 'mono translated'}, [usage.poolBlock]),
                 el('span', {className: 'sub'}, [usage.mode + ' pool block'])])]);
        }
        if (!blocks.length) {
            return el('td', {}, [el('span', {className: 'muted'}, ['none allocated'])]);
        }
        return el('td', {className: 'blocks'}, blocks.map(function (b) {
            return el('div', {className: 'block', 'data-original': b.original, 'data-translated': b.translated},
                      [el('span', {className: 'mono original'}, [b.original + ' \u2192']),
                       el('span', {className: 'mono translated'}, [b.translated])]);
        }));
    }

    function accessCell(row) {
        if (!row.intents.length) {
            return el('td', {}, [el('span', {className: 'muted'}, ['none'])]);
        }
        var failed = row.intents.filter(function (i) { return i.state === 'FAILED'; }).length;
        var title = row.intents.map(function (i) {
            return i.service + ': ' + i.state + (i.reason ? ' (' + i.reason + ')' : '');
        }).join('\n');
        return el('td', {title: title}, [badge(row.worst),
            row.intents.length > 1 ? el('span', {className: 'muted'},
                [' ' + (failed ? failed + ' of ' : '') + row.intents.length + ' intents']) : null]);
    }

    function trafficCell(sample) {
        if (!sample) {
            return el('td', {className: 'num muted'}, ['\u2014']);
        }
        return el('td', {className: 'num traffic', 'data-packets': String(sample.packets),
                         'data-bytes': String(sample.bytes)},
                  [count(sample.from.packets) + ' / ' + count(sample.to.packets) + ' pkts',
                   el('span', {className: 'sub'}, [bytes(sample.from.bytes) + ' / ' + bytes(sample.to.bytes)])]);
    }

    function rateCell(sample) {
        var rate = sample && sample.rate;
        if (!rate) {
            return el('td', {className: 'num rate muted', 'data-pps': '0'}, ['\u2014']);
        }
        return el('td', {className: 'num rate', 'data-pps': String(rate.pps)},
                  [ppsText(rate.pps), el('span', {className: 'sub'}, [bpsText(rate.bps)])]);
    }

    function renderTenants() {
        var sort = view.sort.tenants;
        var rows = sortRows(tenantRows(), sort).map(function (row, index) {
            var t = row.tenant;
            var selected = row.key === view.selected;
            return el('tr', {
                'data-key': row.key,
                tabindex: '0',
                className: (index % 2 ? 'even' : 'odd') + (selected ? ' selected' : '')
                    + (row.worst === 'FAILED' ? ' has-failed' : ''),
                'aria-selected': selected ? 'true' : 'false'
            }, [
                el('td', {className: 'name'}, [swatch(t), t.name]),
                el('td', {className: 'num'}, [String(t.id)]),
                el('td', {}, [el('span', {className: 'mono'}, [t.connectPoint]),
                              el('span', {className: 'sub'}, [vlanText(t)])]),
                blocksCell(row.blocks, t),
                el('td', {}, [el('span', {className: 'mono'}, [t.routerIp]),
                              el('span', {className: 'sub router-' + row.router.cls}, [row.router.text])]),
                accessCell(row),
                trafficCell(row.sample),
                rateCell(row.sample)
            ]);
        });
        if (!rows.length) {
            rows = [el('tr', {className: 'no-data'}, [el('td', {colspan: '8'},
                        [view.loaded ? 'No tenants configured' : 'Loading\u2026'])])];
        }
        replaceRows($('tenants-body'), rows);
        $('tenant-count').textContent = String(view.tenants.length);
        updateSortHeaders($('tenants-table'), sort);
    }

    function renderIntents() {
        var sort = view.sort.intents;
        var rows = sortRows(intentRows(), sort).map(function (row, index) {
            var i = row.intent;
            return el('tr', {
                'data-key': row.key,
                'data-state': i.state,
                className: (index % 2 ? 'even' : 'odd') + (i.state === 'FAILED' ? ' row-failed' : '')
            }, [
                el('td', {}, [i.tenant]),
                el('td', {}, [i.service]),
                el('td', {className: 'mono'}, [i.vip]),
                el('td', {}, [badge(i.state)]),
                el('td', {className: 'reason'}, [i.reason || ''])
            ]);
        });
        if (!rows.length) {
            rows = [el('tr', {className: 'no-data'}, [el('td', {colspan: '5'},
                        [view.loaded ? 'No access intents' : 'Loading\u2026'])])];
        }
        replaceRows($('intents-body'), rows);
        $('intent-count').textContent = String(view.intents.length);
        updateSortHeaders($('intents-table'), sort);
    }

    function pad(n) {
        return (n < 10 ? '0' : '') + n;
    }

    /** A change's time in the browser's time zone, to the second: 2026-11-25 11:15:30. */
    function timeText(iso) {
        var t = new Date(iso);
        if (isNaN(t.getTime())) {
            return String(iso);
        }
        return t.getFullYear() + '-' + pad(t.getMonth() + 1) + '-' + pad(t.getDate()) + ' '
            + pad(t.getHours()) + ':' + pad(t.getMinutes()) + ':' + pad(t.getSeconds());
    }

    function renderChanges() {
        var rows = view.changes.map(function (c, index) {
            return el('tr', {'data-revision': String(c.revision), className: index % 2 ? 'even' : 'odd'}, [
                el('td', {className: 'time mono', title: c.time + ' (revision ' + c.revision + ')'},
                   [timeText(c.time)]),
                el('td', {className: 'user'}, [c.user]),
                el('td', {className: 'source'}, [c.source]),
                el('td', {className: 'summary'}, (c.summary || []).map(function (line) {
                    return el('div', {className: 'summary-line'}, [line]);
                }))
            ]);
        });
        if (!rows.length) {
            rows = [el('tr', {className: 'no-data'}, [el('td', {colspan: '4'},
                        [view.loaded ? 'No changes recorded' : 'Loading\u2026'])])];
        }
        replaceRows($('changes-body'), rows);
    }

    function renderPool() {
        var pool = view.pool;
        if (!pool) {
            return;
        }
        var tenantsById = {};
        view.tenants.forEach(function (t) {
            tenantsById[t.name] = t;
        });
        var names = Object.keys(pool.perTenant || {}).sort(function (a, b) {
            return compareKeys(a, b);
        });
        $('pool-text').textContent = count(pool.allocated) + ' of ' + count(pool.size) + ' addresses allocated ('
            + percent(pool.allocated, pool.size) + '), ' + count(pool.free) + ' free \u00b7 '
            + (pool.prefixes || []).join(', ');

        var bar = $('pool-bar');
        bar.textContent = '';
        bar.setAttribute('aria-label', 'pool usage: ' + count(pool.allocated) + ' allocated, '
                         + count(pool.free) + ' free');
        names.forEach(function (name) {
            var n = pool.perTenant[name];
            bar.appendChild(el('span', {
                className: 'pool-used',
                title: name + ': ' + count(n) + ' addresses',
                style: {width: (100 * n / pool.size) + '%', background: colour(tenantsById[name])}
            }));
        });
        bar.appendChild(el('span', {className: 'pool-free', title: count(pool.free) + ' free'}));

        var legend = $('pool-legend');
        legend.textContent = '';
        names.forEach(function (name) {
            var n = pool.perTenant[name];
            legend.appendChild(el('li', {'data-tenant': name}, [swatch(tenantsById[name]), name + ' ',
                el('span', {className: 'muted'}, [count(n) + ' (' + percent(n, pool.size) + ')'])]));
        });
        legend.appendChild(el('li', {}, [el('span', {className: 'swatch swatch-free', 'aria-hidden': 'true'}),
            'free ', el('span', {className: 'muted'}, [count(pool.free)])]));
    }

    function property(label, value) {
        return [el('dt', {}, [label]), el('dd', {}, [value])];
    }

    function renderDetails() {
        var panel = $('details');
        var row = view.selected === null ? null : tenantRows().filter(function (r) {
            return r.key === view.selected;
        })[0];
        if (!row) {
            view.selected = null;
            panel.hidden = true;
            return;
        }
        var t = row.tenant;
        var sample = row.sample;
        panel.hidden = false;
        $('details-title').textContent = t.name;
        var body = $('details-body');
        body.textContent = '';

        body.appendChild(el('dl', {className: 'props'}, [].concat(
            property('Tenant id', String(t.id)),
            property('Attachment', t.connectPoint),
            property('VLAN', vlanText(t)),
            property('Gateway', t.gatewayIp),
            property('Router', t.routerIp + (t.routerMac ? ' (' + t.routerMac + ')' : '')),
            property('Router state', row.router.text),
            property('Translation', (t.translation && t.translation.mode) || 'static'),
            property('Pool share', count(row.pool) + (row.pool === 1 ? ' address (' : ' addresses (') + percent(row.pool, view.pool ? view.pool.size : 0)
                     + ' of the pool)'))));

        var usage = poolBlockOf(t.name);
        if (usage) {
            body.appendChild(el('h3', {}, ['Pool block']));
            body.appendChild(el('div', {className: 'details-block', 'data-state': String(usage.state)}, [
                el('p', {}, [el('span', {className: 'mono'}, [usage.poolBlock]), ' ', badge(String(usage.state))]),
                usageBar(usage),
                el('dl', {className: 'props'}, [].concat(
                    property('Slots in use', usageText(usage)),
                    property('Hosts', count(usage.hosts)),
                    property('Held down', count(usage.heldDown)),
                    property('Peak', count(usage.peak)),
                    property('Refusals', count(refusalCount(usage))
                             + (refusalCount(usage) ? ' (' + refusalKinds(usage) + ')' : '')))),
                usage.reason ? el('p', {className: 'reason' + (usage.state === 'FAILED' ? ' reason-failed' : '')},
                                  [usage.reason]) : null]));
        }

        body.appendChild(el('h3', {}, ['Translated blocks']));
        body.appendChild(row.blocks.length ? el('ul', {className: 'plain'}, row.blocks.map(function (b) {
            return el('li', {className: 'mono'}, [b.original + ' \u2192 ' + b.translated]);
        })) : el('p', {className: 'muted'}, ['none allocated']));

        body.appendChild(el('h3', {}, ['Access intents']));
        body.appendChild(row.intents.length ? el('ul', {className: 'plain intents'}, row.intents.map(function (i) {
            return el('li', {'data-state': i.state}, [badge(i.state), ' ', i.service, ' at ',
                el('span', {className: 'mono'}, [i.vip]),
                i.reason ? el('div', {className: 'reason' + (i.state === 'FAILED' ? ' reason-failed' : '')},
                              [i.reason]) : null]);
        })) : el('p', {className: 'muted'}, ['none']));

        body.appendChild(el('h3', {}, ['Traffic']));
        body.appendChild(sample ? el('dl', {className: 'props'}, [].concat(
            property('From tenant', count(sample.from.packets) + ' packets, ' + bytes(sample.from.bytes)),
            property('To tenant', count(sample.to.packets) + ' packets, ' + bytes(sample.to.bytes)),
            property('Rate', rateText(sample.rate)))) : el('p', {className: 'muted'}, ['no counters yet']));
    }

    // ---------------------------------------------------------------- interaction

    function select(name, focusRow) {
        view.selected = view.selected === name ? null : name;
        // The bindings card follows the tenant chosen, when it has bindings.
        var tenant = view.tenants.filter(function (t) {
            return t.name === view.selected;
        })[0];
        if (tenant && BINDING_MODES[modeOf(tenant)]) {
            setBindingsTenant(tenant.name);
        }
        renderTenants();
        renderDetails();
        if (focusRow) {
            var row = $('tenants-body').querySelector('tr[data-key="' + CSS.escape(name) + '"]');
            if (row) {
                row.focus();
            }
        }
    }

    function closeDetails() {
        var name = view.selected;
        if (name === null) {
            return false;
        }
        view.selected = null;
        renderTenants();
        renderDetails();
        var row = $('tenants-body').querySelector('tr[data-key="' + CSS.escape(name) + '"]');
        if (row) {
            row.focus();
        }
        return true;
    }

    function bindSorting(tableId, sortName, renderTable) {
        $(tableId).querySelectorAll('th[data-col] button').forEach(function (button) {
            button.addEventListener('click', function () {
                var col = button.parentNode.getAttribute('data-col');
                var sort = view.sort[sortName];
                sort.dir = sort.col === col ? -sort.dir : 1;
                sort.col = col;
                renderTable();
            });
        });
    }

    function bindTenantRows() {
        var body = $('tenants-body');
        body.addEventListener('click', function (event) {
            var tr = event.target.closest('tr[data-key]');
            if (tr) {
                select(tr.getAttribute('data-key'), true);
            }
        });
        body.addEventListener('keydown', function (event) {
            var tr = event.target.closest('tr[data-key]');
            if (!tr || event.target !== tr) {
                return;
            }
            var next = null;
            switch (event.key) {
                case 'Enter':
                case ' ':
                    select(tr.getAttribute('data-key'), true);
                    break;
                case 'ArrowDown':
                    next = tr.nextElementSibling;
                    break;
                case 'ArrowUp':
                    next = tr.previousElementSibling;
                    break;
                case 'Home':
                    next = body.firstElementChild;
                    break;
                case 'End':
                    next = body.lastElementChild;
                    break;
                default:
                    return;
            }
            event.preventDefault();
            if (next && next.hasAttribute('data-key')) {
                next.focus();
            }
        });
    }

    function showLookup(nodes, cls) {
        var result = $('lookup-result');
        result.className = 'lookup-result' + (cls ? ' ' + cls : '');
        result.textContent = '';
        nodes.forEach(function (n) {
            result.appendChild(typeof n === 'string' ? document.createTextNode(n) : n);
        });
    }

    function showFree(ip) {
        var inPool = view.pool && (view.pool.prefixes || []).some(function (p) {
            return prefixContains(p, ip);
        });
        showLookup([el('strong', {className: 'mono'}, [ipText(ip)]),
                    inPool ? ' is free: no tenant holds it.' : ' is outside the translation pool: free.'],
                   'lookup-free');
    }

    function showTenantButton(tenant) {
        var show = el('button', {type: 'button', className: 'btn btn-link', 'data-tenant': tenant},
                      ['show ' + tenant]);
        show.addEventListener('click', function () {
            if (view.selected !== tenant) {
                select(tenant, true);
            }
        });
        return show;
    }

    function showBinding(binding) {
        showLookup([el('strong', {className: 'mono'}, [binding.translated]), ' is tenant ',
                    el('strong', {className: 'lookup-tenant'}, [binding.tenant]), '\u2019s host ',
                    el('strong', {className: 'mono lookup-original'}, [binding.original]), '. ',
                    showTenantButton(binding.tenant)],
                   'lookup-found');
    }

    /** What was asked, in words: "100.64.2.2 port 1100 at 2026-12-02 10:31:05". */
    function questionText(ip, port, at) {
        return ipText(ip) + (port === null ? '' : ' port ' + port) + (at === null ? ' now' : ' at ' + timeText(at));
    }

    /** Every record of the audit trail that held the address (and port) at the time asked. */
    function showHolders(bindings, ip, port, at) {
        var list = el('ul', {className: 'plain lookup-list'}, bindings.map(function (b) {
            return el('li', {
                className: 'lookup-holder',
                'data-tenant': b.tenant,
                'data-original': b.original,
                'data-ports': b.ports || '',
                'data-from': b.from || '',
                'data-to': b.to || ''
            }, [
                el('strong', {className: 'lookup-tenant'}, [b.tenant]), '\u2019s host ',
                el('strong', {className: 'mono lookup-original'}, [b.original]),
                b.ports ? el('span', {className: 'lookup-ports'}, [' ports ',
                    el('span', {className: 'mono'}, [b.ports])]) : null,
                ' as ', el('span', {className: 'mono'}, [b.translated]), ' ',
                showTenantButton(b.tenant),
                el('span', {className: 'sub lookup-from', title: b.from || ''},
                   ['from ' + (b.from ? timeText(b.from) : 'the start of the trail')]),
                el('span', {className: 'sub lookup-to', title: b.to || ''},
                   [b.to ? 'to ' + timeText(b.to) : 'still in force'])
            ]);
        }));
        showLookup([el('span', {className: 'lookup-question'}, [questionText(ip, port, at) + ': ']),
                    bindings.length === 1 ? 'held by' : bindings.length + ' holders', list], 'lookup-found');
    }

    /** The time as ISO-8601 with the browser's offset, e.g. 2026-12-02T10:31:05+05:30. */
    function isoWithOffset(t) {
        var offset = -t.getTimezoneOffset();
        var sign = offset < 0 ? '-' : '+';
        offset = Math.abs(offset);
        return t.getFullYear() + '-' + pad(t.getMonth() + 1) + '-' + pad(t.getDate()) + 'T' + pad(t.getHours())
            + ':' + pad(t.getMinutes()) + ':' + pad(t.getSeconds()) + sign + pad(Math.floor(offset / 60)) + ':'
            + pad(offset % 60);
    }

    /** The block holding an address now: a translated (static) block or a dynamic or pat tenant's pool block. */
    function blockHolding(ip) {
        var translated = view.translations.some(function (b) {
            return prefixContains(b.translated, ip);
        });
        if (translated) {
            return 'translated';
        }
        return poolBlocks().some(function (u) {
            return prefixContains(u.poolBlock, ip);
        }) ? 'pool' : null;
    }

    /** Asks the audit trail who held the address (and port) at the time, now when none is given. */
    function lookupInTrail(ip, port, at) {
        var query = [];
        if (port !== null) {
            query.push('port=' + port);
        }
        query.push('at=' + encodeURIComponent(isoWithOffset(at === null ? new Date() : at)));
        // "Nobody held it" is an answer here: asked for as an empty list, it is no 404 in the browser console.
        query.push('nobody=empty');
        return getJson('/lookup/' + ipText(ip) + '?' + query.join('&')).then(function (reply) {
            if (reply.status === 200 && (reply.body.bindings || []).length) {
                showHolders(reply.body.bindings, ip, port, at);
            } else if (reply.status === 200) {
                showLookup([el('strong', {className: 'mono'}, [questionText(ip, port, at)]),
                            ': nobody held it.'], 'lookup-free');
            } else {
                showLookup([reply.status === 400 && reply.body.error ? reply.body.error : problem(reply, '/lookup')],
                           'lookup-error');
            }
        });
    }

    /** Reads the optional port: null when empty, undefined when it is not a port. */
    function parsePort(text) {
        if (text === '') {
            return null;
        }
        return /^\d{1,5}$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined;
    }

    /**
     * Looks an address up, now or at a time, for any port or one. The view refreshes first. Now and outside every
     * block (translated or pool block), the address is free without asking (no binding can be there, and a 404
     * would show as an error in the browser console). A translated block answers from the translations in force;
     * a pool block, a port or a time asks the audit trail, which lists every binding that held it then, or an empty
     * list (nobody=empty) rather than 404 when nobody did.
     */
    function lookup(text, portText, atText) {
        var ip = parseIpv4(text.trim());
        if (ip === null) {
            showLookup([text.trim() ? 'not an IPv4 address' : 'Enter an IPv4 address, e.g. 100.64.0.10'],
                       'lookup-error');
            return Promise.resolve();
        }
        var port = parsePort(portText.trim());
        if (port === undefined) {
            showLookup(['port: not a port 0..65535'], 'lookup-error');
            return Promise.resolve();
        }
        var at = atText ? new Date(atText) : null;
        if (at !== null && isNaN(at.getTime())) {
            showLookup(['at: not a date and time'], 'lookup-error');
            return Promise.resolve();
        }
        showLookup(['Looking up ' + questionText(ip, port, at) + '\u2026'], 'lookup-pending');
        return refresh().then(function () {
            var block = blockHolding(ip);
            if (at === null && block === null && view.fresh) {
                showFree(ip);
                return null;
            }
            if (at !== null || port !== null || block === 'pool') {
                return lookupInTrail(ip, port, at);
            }
            return getJson('/lookup/' + ipText(ip)).then(function (reply) {
                if (reply.status === 200) {
                    showBinding(reply.body);
                } else if (reply.status === 404) {
                    showFree(ip);
                } else if (reply.status === 400) {
                    showLookup(['not an IPv4 address'], 'lookup-error');
                } else {
                    showLookup([problem(reply, '/lookup')], 'lookup-error');
                }
            });
        }).catch(function (error) {
            showLookup(['lookup failed: ' + (error && error.message ? error.message : error)], 'lookup-error');
        });
    }

    function showTrailNote(text, isError) {
        var note = $('trail-shown');
        note.className = 'hint trail-shown' + (isError ? ' trail-error' : '');
        note.textContent = text;
    }

    function renderTrail(records, total, tenant) {
        var rows = records.map(function (r, index) {
            return bindingRow(r, index, true);
        });
        if (!rows.length) {
            rows = [el('tr', {className: 'no-data'}, [el('td', {colspan: '6'},
                        ['Nothing ' + (tenant ? 'of ' + tenant + ' ' : '') + 'held during the window'])])];
        }
        replaceRows($('trail-body'), rows);
        $('trail-count').textContent = count(total);
    }

    /**
     * Lists the audit trail of the window chosen (in the browser's time zone, sent with its offset), for one tenant
     * or all. The window is checked here, and the tenant against the tenants just read, so that a slip is told in
     * the card rather than answered 400 or 404, which the browser would log as errors.
     */
    function listTrail(tenant, fromText, toText) {
        var to = toText ? new Date(toText) : new Date();
        var from = fromText ? new Date(fromText) : new Date(to.getTime() - TRAIL_DEFAULT_MS);
        if (isNaN(to.getTime()) || isNaN(from.getTime())) {
            showTrailNote((isNaN(from.getTime()) ? 'From' : 'To') + ': not a date and time', true);
            return Promise.resolve();
        }
        if (to < from) {
            showTrailNote('To (' + timeText(to) + ') is before From (' + timeText(from) + ')', true);
            return Promise.resolve();
        }
        var span = timeText(from) + ' to ' + timeText(to);
        showTrailNote('Listing ' + span + '\u2026', false);
        return refresh().then(function () {
            var exists = view.tenants.some(function (t) {
                return t.name === tenant;
            });
            if (tenant && !exists) {
                showTrailNote('No tenant named ' + tenant + ' now: All tenants lists the records it left.', true);
                return null;
            }
            var path = '/bindings/history?limit=' + TRAIL_SHOWN
                + (tenant ? '&tenant=' + encodeURIComponent(tenant) : '')
                + '&from=' + encodeURIComponent(isoWithOffset(from)) + '&to=' + encodeURIComponent(isoWithOffset(to));
            return getJson(path).then(function (reply) {
                if (!reply.ok) {
                    showTrailNote(problem(reply, '/bindings/history'), true);
                    return;
                }
                var records = reply.body.records || [];
                var total = reply.body.total || records.length;
                renderTrail(records, total, tenant);
                showTrailNote((total > records.length
                    ? 'Showing the first ' + count(records.length) + ' of ' + count(total)
                      + ' (oldest first): narrow the window or choose a tenant. '
                    : count(total) + (total === 1 ? ' record' : ' records') + ', oldest first. ')
                    + 'Window: ' + span + '.', false);
            });
        }).catch(function (error) {
            showTrailNote('listing failed: ' + (error && error.message ? error.message : error), true);
        });
    }

    function setPaused(paused) {
        view.paused = paused;
        var button = $('pause');
        button.setAttribute('aria-pressed', paused ? 'true' : 'false');
        button.textContent = paused ? 'Resume updates' : 'Pause updates';
        if (view.timer !== null) {
            window.clearTimeout(view.timer);
            view.timer = null;
        }
        if (paused) {
            showUpdated();
        } else {
            tick();
        }
    }

    function start() {
        // Inside ONOS's GUI the page sits in the view's frame, under ONOS's own masthead.
        if (window.self !== window.top) {
            document.documentElement.classList.add('embedded');
        }
        bindSorting('tenants-table', 'tenants', renderTenants);
        bindSorting('intents-table', 'intents', renderIntents);
        bindTenantRows();
        $('details-close').addEventListener('click', closeDetails);
        document.addEventListener('keydown', function (event) {
            if (event.key === 'Escape' && closeDetails()) {
                event.preventDefault();
            }
        });
        $('lookup-form').addEventListener('submit', function (event) {
            event.preventDefault();
            lookup($('lookup-ip').value, $('lookup-port').value, $('lookup-at').value);
        });
        $('trail-form').addEventListener('submit', function (event) {
            event.preventDefault();
            listTrail($('trail-tenant').value, $('trail-from').value, $('trail-to').value);
        });
        $('bindings-tenant').addEventListener('change', function (event) {
            setBindingsTenant(event.target.value);
        });
        $('pause').addEventListener('click', function () {
            setPaused(!view.paused);
        });
        render();
        tick();
    }

    document.addEventListener('DOMContentLoaded', start);
}());
