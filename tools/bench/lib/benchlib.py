"""What the benchmark scripts share: statistics, the Open vSwitch lab, the standalone host, its log and REST API.

Standard library only. Every process started here is ended here, by its PID.
"""

import atexit
import base64
import datetime
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
LAB = os.path.join(ROOT, "tools", "lab", "lab.sh")
# TENANTNAT_HOST_JAR runs the scripts against another build of the host, e.g. to compare two commits.
HOST_JAR = os.environ.get("TENANTNAT_HOST_JAR",
                          os.path.join(ROOT, "tools", "standalone", "target", "tenantnat-standalone.jar"))
BENCH_JAR = os.path.join(ROOT, "tools", "bench", "jmh", "target", "benchmarks.jar")
SWITCH = "of:0000000000000001"
CREDENTIALS = "bench:bench"
LOG_TIME = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) ")


def say(text):
    print(text, flush=True)


_failed = []


def die(text):
    _failed.append(text)
    print("bench: " + text, file=sys.stderr, flush=True)
    sys.exit(1)


def summary(values):
    """min, median, max of a list of numbers."""
    return min(values), statistics.median(values), max(values)


def fmt(values, unit="ms", scale=1000.0, digits=1):
    lo, mid, hi = summary(values)
    f = "%%.%df" % digits
    return ("min " + f + "  median " + f + "  max " + f + " %s") % (lo * scale, mid * scale, hi * scale, unit)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, check=True, env=None, timeout=600):
    """Runs a command and returns its standard output (warnings on standard error stay out of it)."""
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            timeout=timeout)
    if check and result.returncode != 0:
        die("%s failed (%d): %s" % (" ".join(cmd), result.returncode,
                                    (result.stdout + result.stderr).strip()[-2000:]))
    return result.stdout


def require_root_and_tools(*tools):
    stop_on_sigterm()
    if os.geteuid() != 0:
        die("needs root (network namespaces, Open vSwitch)")
    missing = [t for t in tools if subprocess.run(["sh", "-c", "command -v " + t], stdout=subprocess.DEVNULL)
               .returncode != 0]
    if missing:
        die("missing %s: run tools/install-deps.sh" % ", ".join(missing))
    for jar in (HOST_JAR, BENCH_JAR):
        if not os.path.exists(jar):
            die("%s is missing: build first (mvn -B -o package -DskipTests)" % jar)


def document(path, tenants, prefixes=None):
    """Writes a desired state of N tenants (tools/bench/jmh TenantDocuments) and returns it parsed."""
    cmd = ["java", "-cp", BENCH_JAR, "org.tenantnat.bench.TenantDocuments", "--tenants", str(tenants),
           "--out", path]
    if prefixes:
        cmd += ["--prefixes", ",".join(prefixes)]
    run(cmd)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class Lab:
    """An Open vSwitch lab (tools/lab/lab.sh) in its own run directory."""

    def __init__(self, workdir, scenario):
        self.run_dir = os.path.join(workdir, "lab")
        self.scenario = scenario
        self.env = None

    def lab(self, *args, check=True, timeout=600):
        return run([LAB, "--run-dir", self.run_dir] + list(args), check=check, timeout=timeout)

    def up(self, controller_port, serve=False):
        args = ["up", self.scenario, "--controller", "tcp:127.0.0.1:%d" % controller_port]
        self.lab(*(args + (["--serve"] if serve else [])))
        self.env = dict(os.environ)
        for line in self.lab("env").split("\n"):
            for part in line.replace("export ", "").split():
                key, _, value = part.partition("=")
                if key.startswith("OVS_"):
                    self.env[key] = value.strip("'\"")

    def down(self):
        self.lab("down", check=False)

    def ofctl(self, *args, check=True):
        """ovs-ofctl on the lab's switch daemons, called directly (their management sockets are files)."""
        return run(["ovs-ofctl", "-O", "OpenFlow13"] + list(args), check=check, env=self.env)

    def vsctl(self, *args):
        return self.lab("vsctl", *args)

    def flow_count(self, bridge):
        out = self.ofctl("dump-aggregate", bridge)
        return int(re.search(r"flow_count=(\d+)", out).group(1))


class Host:
    """The standalone host as a separate JVM, its log in a file."""

    def __init__(self, workdir, config, rewrite="prefix", heap="512m", state=None, jvm_args=()):
        self.workdir = workdir
        self.config = config
        self.rewrite = rewrite
        self.heap = heap
        self.state = state or os.path.join(workdir, "state")
        self.jvm_args = list(jvm_args)
        self.openflow_port = free_port()
        self.http_port = free_port()
        self.log_path = os.path.join(workdir, "host.log")
        self.proc = None

    def start(self):
        # A host that runs out of heap exits, so a benchmark reports it instead of measuring a broken host.
        cmd = ["java", "-Xmx" + self.heap, "-XX:+ExitOnOutOfMemoryError"] + self.jvm_args + [
            "-jar", HOST_JAR, "--config", self.config,
            "--openflow", "127.0.0.1:%d" % self.openflow_port, "--http", "127.0.0.1:%d" % self.http_port,
            "--credentials", CREDENTIALS, "--state", self.state, "--rewrite", self.rewrite]
        offset = self.log_size()
        log = open(self.log_path, "a", encoding="utf-8")
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        self.wait_log(r"REST API and GUI on", 120, start=offset)
        return self

    def kill(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def pid(self):
        return self.proc.pid

    def log_size(self):
        return os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0

    def wait_log(self, pattern, timeout, start):
        """Waits for a log line matching pattern written after byte offset start; returns (epoch seconds, line)."""
        regex = re.compile(pattern)
        deadline = time.time() + timeout
        while True:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                f.seek(start)
                for line in f:
                    if regex.search(line):
                        return log_time(line), line.rstrip("\n")
            if self.proc is not None and self.proc.poll() is not None:
                die("the host exited (%s); see %s" % (self.proc.returncode, self.log_path))
            if time.time() > deadline:
                die("no log line /%s/ within %d s; see %s" % (pattern, timeout, self.log_path))
            time.sleep(0.005)

    def request(self, method, path, body=None, timeout=300):
        url = "http://127.0.0.1:%d/onos/tenantnat%s" % (self.http_port, path)
        data = body.encode("utf-8") if isinstance(body, str) else body
        req = urllib.request.Request(url, data=data, method=method)
        req.add_header("Authorization", "Basic " + base64.b64encode(CREDENTIALS.encode()).decode())
        req.add_header("Content-Type", "application/json")
        req.add_header("Accept", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, resp.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8")
        except (OSError, http.client.HTTPException) as e:
            exited = self.proc is not None and self.proc.poll() is not None
            die("%s %s: %s%s; see %s" % (method, path, e, " (the host exited)" if exited else "", self.log_path))

    def intents(self):
        status, body = self.request("GET", "/intents", timeout=30)
        if status != 200:
            die("GET /intents answered %d: %s" % (status, body[:300]))
        return json.loads(body)["intents"]

    def wait_all_installed(self, expected, timeout=120):
        deadline = time.time() + timeout
        while True:
            intents = self.intents()
            states = {}
            for i in intents:
                states[i["state"]] = states.get(i["state"], 0) + 1
            if len(intents) == expected and states.get("INSTALLED", 0) == expected:
                return
            if time.time() > deadline:
                die("after %d s, %d intents: %s (expected %d INSTALLED)" % (timeout, len(intents), states, expected))
            time.sleep(0.05)


def log_time(line):
    """The epoch time of a host log line (slf4j-simple, local time to the millisecond)."""
    match = LOG_TIME.match(line)
    if not match:
        die("log line without a time stamp: " + line)
    stamp = datetime.datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S.%f")
    return stamp.timestamp()


def stop_on_sigterm():
    """SIGTERM ends a script like Ctrl-C does, through its finally blocks (lab down, host stopped)."""
    def stop(signum, frame):
        raise KeyboardInterrupt()
    signal.signal(signal.SIGTERM, stop)


def workdir(name):
    """A scratch directory (logs, state, flow dumps): removed at exit, kept when something failed."""
    path = tempfile.mkdtemp(prefix="tenantnat-bench-%s-" % name)
    atexit.register(_remove_unless_failed, path)
    return path


def _remove_unless_failed(path):
    if _failed:
        print("bench: logs kept in " + path, file=sys.stderr, flush=True)
    else:
        shutil.rmtree(path, ignore_errors=True)
