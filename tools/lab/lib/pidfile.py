"""The pidfile of a lab daemon: written once the daemon is ready, removed when it is told to stop."""
import os
import signal


def claim(pidfile):
    """Stops the process on SIGTERM/SIGINT (removing the pidfile), then writes the pidfile atomically.

    lab.sh takes the pidfile's appearance as "ready", so call this only once the sockets are bound.
    """
    def stop(*_):
        try:
            os.unlink(pidfile)
        except OSError:
            pass
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with open(pidfile + ".tmp", "w") as f:
        f.write("%d\n" % os.getpid())
    os.rename(pidfile + ".tmp", pidfile)
