"""The cluster's load test (scripts/cluster load-test): what one node serves at most (wrk, straight
to the node), then twice that rate offered to nginx for 60 s (h2load at a fixed rate of requests,
not as fast as it can), with no 5xx; and writes that go on while a node is killed, every one
answered with success then found in the database. Loopback only; bounded in time."""

import argparse
import http.cookiejar
import os
import re
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from members.models import User  # noqa: E402
from practices.models import Comment, Practice  # noqa: E402

DEMO_PASSWORD = "demo-rete-2026"
_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
# h2load's clients: each sends its share of the rate on a connection of its own.
CLIENTS = 16
_TLS = ssl.create_default_context()
_TLS.check_hostname = False
_TLS.verify_mode = ssl.CERT_NONE


def wrk(url: str, *, connections: int, seconds: int, headers=()) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rate": float(_RATE.search(output).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1).strip() if errors else "none",
        "output": output,
    }


def h2load(url: str, *, rate: float, seconds: int) -> dict:
    """Offers `rate` requests a second for `seconds` over HTTPS/1.1, whatever the answers take."""
    command = [
        "h2load", "--h1", "-t1", f"-c{CLIENTS}", f"--rps={rate / CLIENTS:.2f}",
        f"-D{seconds}", "--warm-up-time=2", url,
    ]  # fmt: skip
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    codes = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", output)
    done = re.search(r"requests: (\d+) total.*?(\d+) failed, (\d+) errored, (\d+) timeout", output)
    latency = re.search(r"time for request:\s+(\S+)\s+(\S+)\s+(\S+)", output)
    return {
        "served": float(re.search(r"finished in [\d.]+\w*, ([\d.]+) req/s", output).group(1)),
        "answers_2xx": int(codes.group(1)),
        "answers_5xx": int(codes.group(4)),
        "failed": int(done.group(2)) + int(done.group(3)) + int(done.group(4)),
        "latency": f"min {latency.group(1)}, max {latency.group(2)}, mean {latency.group(3)}",
        "output": output,
    }


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Writer(threading.Thread):
    """One person's browser: logs in through nginx, then posts comments until told to stop."""

    def __init__(self, base, comment_url, login_url, email, stop):
        super().__init__()
        self.base = base
        self.comment_url, self.login_url = comment_url, login_url
        self.email, self.stop = email, stop
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies),
            urllib.request.HTTPSHandler(context=_TLS),
            NoRedirect,
        )
        self.succeeded: list[int] = []
        self.failed = 0
        self.logged_out = 0

    def _post(self, path, fields):
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Referer": self.base + path}
        )
        try:
            return self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as response:
            return response

    def run(self):
        self.opener.open(self.base + self.login_url, timeout=30).read()
        response = self._post(self.login_url, {"login": self.email, "password": DEMO_PASSWORD})
        assert response.status == 302, f"login answered {response.status}"
        number = 0
        while not self.stop.is_set():
            number += 1
            try:
                response = self._post(self.comment_url, {"body": f"{self.name} n. {number}"})
            except OSError:
                self.failed += 1
                continue
            location = response.headers.get("Location", "")
            match = re.search(r"#comment-(\d+)$", location)
            if response.status == 302 and match:
                self.succeeded.append(int(match.group(1)))
            elif response.status == 302 and "login" in location:
                self.logged_out += 1
            else:
                self.failed += 1


def writes_while_a_node_dies(base, stop_node_pid, *, writers=4, seconds=20, kill_after=6):
    with translation.override("it"):
        practice = Practice.objects.published().first()
        comment_url = reverse("practices:comment-add", args=[practice.slug])
        login_url = reverse("account_login")
    emails = list(
        User.objects.filter(is_active=True, emailaddress__verified=True)
        .order_by("pk")
        .values_list("email", flat=True)[:writers]
    )
    stop = threading.Event()
    started = timezone.now()
    threads = [
        Writer(base, comment_url, login_url, emails[n % len(emails)], stop) for n in range(writers)
    ]
    for thread in threads:
        thread.start()
    time.sleep(kill_after)
    os.kill(stop_node_pid, signal.SIGKILL)
    killed_at = time.monotonic()
    time.sleep(seconds - kill_after)
    stop.set()
    for thread in threads:
        thread.join()
    succeeded = [pk for thread in threads for pk in thread.succeeded]
    found = set(Comment.objects.filter(pk__in=succeeded).values_list("pk", flat=True))
    # The comments were written to measure, not to be read: the practice is left as it was,
    # with those of the writes in flight on the killed node that did reach the database.
    written = Comment.objects.filter(
        practice=practice, author__email__in=emails, created_at__gte=started
    )
    deleted, _ = written.delete()
    return {
        "answered_with_success": len(succeeded),
        "found_in_database": len(found),
        "lost": len(set(succeeded) - found),
        "failed_answers": sum(thread.failed for thread in threads),
        "sessions_lost": sum(thread.logged_out for thread in threads),
        "seconds_after_kill": round(time.monotonic() - killed_at, 1),
        "comments_deleted_afterwards": deleted,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--node", required=True)
    parser.add_argument("--stop-node-pid", type=int, required=True)
    parser.add_argument("--seconds", type=int, default=60)
    options = parser.parse_args()

    with translation.override("it"):
        page = reverse("portal:home")
    one = wrk(options.node + page, connections=8, seconds=15, headers=["X-Forwarded-Proto: https"])
    print(f"One node at its fastest (wrk, 8 connections, 15 s): {one['rate']:.0f} requests/s")
    offered = 2 * one["rate"]
    both = h2load(options.url + page, rate=offered, seconds=options.seconds)
    print(
        f"nginx, two nodes, {offered:.0f} requests/s offered (twice one node's) for "
        f"{options.seconds} s: {both['served']:.0f} served, 2xx: {both['answers_2xx']}, "
        f"5xx: {both['answers_5xx']}, failed: {both['failed']}; time per request: "
        f"{both['latency']}"
    )
    print(both["output"])
    held = both["served"] >= 0.98 * offered
    writes = writes_while_a_node_dies(options.url, options.stop_node_pid)
    print("Writes while a node was killed:", writes)
    healthy = (
        held
        and both["answers_5xx"] == 0
        and both["failed"] == 0
        and writes["lost"] == 0
        and writes["sessions_lost"] == 0
    )
    print("PASS" if healthy else "FAIL")
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
