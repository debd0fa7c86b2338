"""``make stack``: Meridian's production topology on one machine, with no containers.

    python -m deploy.stack            # what `make stack` runs; Ctrl-C stops everything

    from deploy.stack import running_stack          # the stack tests and benchmark
    with running_stack(workdir, env={"MERIDIAN_API_ANON_RATE": "20/minute"}) as stack:
        stack.varnish_url, stack.node_url("a"), stack.node_url("b")
        stack.manage("shell", "-c", "...")          # against the stack's database
        stack.stop("worker"); stack.start("worker")

First PostgreSQL (``initdb`` into ``<workdir>/postgres``, run as the ``postgres``
user when started as root, as ``.ci/run`` does) and Redis, on free loopback ports;
then the database is migrated, the demo loaded with the site served at Varnish's
address, and static files collected when they are missing or stale; then the
processes of ``deploy/Procfile``: two gunicorn app nodes, one ``db_worker`` and
Varnish with ``deploy/varnish/meridian.vcl``, all under ``cms.settings.production``.
``make stack`` runs that Procfile with honcho; the tests start its lines one by one,
so that they can stop and restart a single process.

``make stack`` keeps its database in ``.stack/`` (git ignores it) from one run to
the next; ``rm -rf .stack`` starts afresh.
"""

import contextlib
import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import redis
from honcho.environ import parse_procfile

PROJECT_DIR = Path(__file__).resolve().parent.parent
PROCFILE = PROJECT_DIR / "deploy" / "Procfile"
VCL_DIR = PROJECT_DIR / "deploy" / "varnish"
DEFAULT_WORKDIR = PROJECT_DIR / ".stack"
# The manifest of collected static files that production settings serve from.
STATIC_MANIFEST = PROJECT_DIR / "static" / "staticfiles.json"
DATABASE = "meridian"
READY_TIMEOUT = 60

BACKEND_VCL = """\
backend {name} {{
    .host = "127.0.0.1";
    .port = "{port}";
    .probe = healthz;
    .connect_timeout = 0.5s;
    .first_byte_timeout = 30s;
}}
"""


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin():
    """The newest installed PostgreSQL's ``bin`` directory (Debian's layout first)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda path: int(Path(path).parent.name.split(".")[0]),
    )
    if found:
        return Path(found[-1])
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")


def as_postgres(args):
    """``initdb`` refuses to run as root: run PostgreSQL as its own user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *map(str, args)]
    return [str(arg) for arg in args]


def http_status(url, timeout=2):
    """The status of a GET to ``url``, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@dataclass
class Stack:
    """A running stack: its ports, environment and the Procfile processes it runs."""

    workdir: Path
    ports: dict
    env: dict
    processes: dict = field(default_factory=dict)
    services: list = field(default_factory=list)  # stop callbacks, last first

    @property
    def varnish_url(self):
        return f"http://127.0.0.1:{self.ports['varnish']}"

    def node_url(self, node):
        """``node_url("a")``: straight to one app node, past Varnish."""
        return f"http://127.0.0.1:{self.ports[f'node_{node}']}"

    @property
    def database_url(self):
        return f"postgres://postgres@127.0.0.1:{self.ports['postgres']}/{DATABASE}"

    @property
    def redis_url(self):
        return f"redis://127.0.0.1:{self.ports['redis']}/0"

    def urls(self):
        """What `make stack` prints: name and address of every part."""
        return {
            "Varnish (the API as partners reach it)": f"{self.varnish_url}/api/v1/",
            "node A": f"{self.node_url('a')}/",
            "node B": f"{self.node_url('b')}/",
            "admin (through Varnish, never cached)": f"{self.varnish_url}/admin/",
            "Redis": self.redis_url,
            "PostgreSQL": self.database_url,
        }

    def log_path(self, name):
        return self.workdir / "logs" / f"{name}.log"

    def manage(self, *args, check=True, env=None):
        """Run ``manage.py *args`` against the stack's database and settings."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_DIR,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
            )
        return result

    def commands(self):
        """The Procfile's processes: ``{"node_a": "exec gunicorn …", …}``."""
        return parse_procfile(PROCFILE.read_text()).processes

    def start(self, name, wait=True):
        """Start one Procfile process and (unless ``wait=False``) wait until it
        serves."""
        with open(self.log_path(name), "a") as log:
            self.processes[name] = subprocess.Popen(
                ["/bin/sh", "-c", self.commands()[name]],
                cwd=PROJECT_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if wait:
            self.wait_ready(name)

    def stop(self, name, timeout=20):
        """Stop one Procfile process as honcho would (SIGTERM), waiting for it."""
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def wait_ready(self, name):
        """Nodes and Varnish serve ``/healthz``; the worker polls the database."""
        url = {
            "node_a": self.node_url("a"),
            "node_b": self.node_url("b"),
            "varnish": self.varnish_url,
        }.get(name)
        if url is None:
            return
        process = self.processes.get(name)
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{name} exited; see {self.log_path(name)}")
            if http_status(f"{url}/healthz") == 200:
                return
            time.sleep(0.2)
        raise RuntimeError(f"{name} did not serve within {READY_TIMEOUT} s")

    def close(self):
        for name in reversed(list(self.processes)):
            self.stop(name)
        while self.services:
            self.services.pop()()


def stack_environment(workdir, ports, overrides=None):
    """Production settings for every process of the stack, from the ports chosen."""
    varnish_url = f"http://127.0.0.1:{ports['varnish']}"
    secret_file = workdir / "secret-key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(50))
    env = dict(os.environ)
    env.update(
        {
            # The venv's gunicorn and python first; Debian puts varnishd in sbin.
            "PATH": os.pathsep.join(
                [str(Path(sys.executable).parent), env.get("PATH", ""), "/usr/sbin"]
            ),
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "DJANGO_SECRET_KEY": secret_file.read_text(),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_CSRF_TRUSTED_ORIGINS": ",".join(
                f"http://127.0.0.1:{ports[name]}"
                for name in ("varnish", "node_a", "node_b")
            ),
            # Plain HTTP on loopback: no HTTPS redirect, no HSTS.
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_HSTS_SECONDS": "0",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{ports['postgres']}/"
            f"{DATABASE}",
            "REDIS_URL": f"redis://127.0.0.1:{ports['redis']}/0",
            "MERIDIAN_VARNISH_URL": varnish_url,
            # Varnish is the one proxy in front: it appends the client's address to
            # X-Forwarded-For, and throttling counts per client by it.
            "MERIDIAN_PROXY_COUNT": "1",
            "WAGTAILADMIN_BASE_URL": varnish_url,
            "MERIDIAN_MEDIA_ROOT": str(workdir / "media"),
            "MERIDIAN_NODE_A_PORT": str(ports["node_a"]),
            "MERIDIAN_NODE_B_PORT": str(ports["node_b"]),
            "MERIDIAN_VARNISH_PORT": str(ports["varnish"]),
            "MERIDIAN_NODE_WORKERS": "2",
            "MERIDIAN_STACK_DIR": str(workdir),
            "MERIDIAN_VCL_DIR": str(VCL_DIR),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(overrides or {})
    return env


def start_postgres(stack):
    """initdb (once per workdir), start on the stack's port, create the database."""
    pg_bin = postgres_bin()
    root = stack.workdir / "postgres"
    data = root / "data"
    root.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    if not (data / "PG_VERSION").exists():
        subprocess.run(
            as_postgres(
                [pg_bin / "initdb", "-D", data, "-U", "postgres", "-A", "trust"]
            ),
            check=True,
            capture_output=True,
        )
    options = (
        f"-p {stack.ports['postgres']} -k {root} -c listen_addresses=127.0.0.1 "
        "-c synchronous_commit=off -c max_connections=100"
    )
    subprocess.run(
        as_postgres(
            [pg_bin / "pg_ctl", "-D", data, "-l", root / "server.log", "-w", "-o"]
        )
        + [options, "start"],
        check=True,
        capture_output=True,
    )
    stack.services.append(
        lambda: subprocess.run(
            as_postgres([pg_bin / "pg_ctl", "-D", data, "-m", "fast", "stop"]),
            capture_output=True,
        )
    )
    created = subprocess.run(
        as_postgres(
            [
                pg_bin / "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                stack.ports["postgres"],
                "-U",
                "postgres",
                DATABASE,
            ]
        ),
        capture_output=True,
        text=True,
    )
    if created.returncode != 0 and "already exists" not in created.stderr:
        raise RuntimeError(f"createdb failed: {created.stderr}")


def start_redis(stack):
    """A private Redis, in memory only, stopped with the stack."""
    redis_server = shutil.which("redis-server", path=stack.env["PATH"])
    (stack.workdir / "redis").mkdir(exist_ok=True)
    with open(stack.log_path("redis"), "a") as log:
        process = subprocess.Popen(
            [
                redis_server,
                "--port",
                str(stack.ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(stack.workdir / "redis"),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop():
        process.terminate()
        process.wait(timeout=10)

    stack.services.append(stop)
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        with contextlib.suppress(redis.ConnectionError):
            if redis.Redis.from_url(stack.redis_url, socket_timeout=1).ping():
                return
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise RuntimeError(f"Redis did not start; see {stack.log_path('redis')}")


def write_backends(stack):
    """The two app nodes for meridian.vcl (see meridian-backends.example.vcl)."""
    nodes = ("node_a", "node_b")
    text = "# Written by deploy/stack.py for this run's ports.\n\n"
    text += "\n".join(
        BACKEND_VCL.format(name=name, port=stack.ports[name]) for name in nodes
    )
    text += "\nsub vcl_init {\n"
    text += "".join(f"    app.add_backend({name});\n" for name in nodes)
    text += "}\n"
    (stack.workdir / "meridian-backends.vcl").write_text(text)


def static_files_stale():
    """Production settings serve static files from a manifest: collecting them takes
    minutes, so only when it is missing or older than the project's own static files
    or the last install."""
    if not STATIC_MANIFEST.exists():
        return True
    collected = STATIC_MANIFEST.stat().st_mtime
    sources = list(PROJECT_DIR.glob("*/static/**/*"))
    sources.append(PROJECT_DIR / ".venv" / ".installed")
    return any(
        path.exists() and path.stat().st_mtime > collected
        for path in sources
        if not path.is_relative_to(PROJECT_DIR / "static")
    )


def check_programs(stack):
    """Stop early, saying what to install, when Redis or Varnish is missing."""
    missing = [
        package
        for program, package in (
            ("redis-server", "redis-server"),
            ("varnishd", "varnish"),
        )
        if shutil.which(program, path=stack.env["PATH"]) is None
    ]
    if missing:
        raise RuntimeError(
            f"missing: {', '.join(missing)} (apt-get install {' '.join(missing)})"
        )


def prepare(stack, say=print):
    """Services up, database migrated, demo loaded, static files collected."""
    check_programs(stack)
    start_postgres(stack)
    say(f"PostgreSQL on port {stack.ports['postgres']}")
    start_redis(stack)
    say(f"Redis on port {stack.ports['redis']}")
    stack.manage("migrate", "--noinput")
    say("migrated")
    stack.manage("load_demo", "--site-url", stack.varnish_url)
    say("demo loaded")
    if static_files_stale():
        say("collecting static files (after a change to them; a minute or two)")
        stack.manage("collectstatic", "--noinput", "-v", "0")
    write_backends(stack)


def ensure_admin(stack, username="admin"):
    """An administrator for the stack's admin; returns ``(username, password)``.

    Production settings create no demo login, so the stack makes one, with a
    password kept beside its database.
    """
    password_file = stack.workdir / "admin-password"
    if not password_file.exists():
        password_file.write_text(secrets.token_urlsafe(12))
    password = password_file.read_text()
    created = stack.manage(
        "createsuperuser",
        "--noinput",
        "--username",
        username,
        "--email",
        f"{username}@localhost",
        check=False,
        env={"DJANGO_SUPERUSER_PASSWORD": password},
    )
    if created.returncode != 0 and "already taken" not in created.stderr:
        raise RuntimeError(f"createsuperuser failed: {created.stderr}")
    return username, password


def new_stack(workdir, env=None):
    workdir = Path(workdir)
    (workdir / "logs").mkdir(parents=True, exist_ok=True)
    # Varnish compiles the VCL as its own unprivileged user: it must read these.
    workdir.chmod(0o755)
    names = ("postgres", "redis", "node_a", "node_b", "varnish")
    ports = {name: free_port() for name in names}
    return Stack(
        workdir=workdir, ports=ports, env=stack_environment(workdir, ports, env)
    )


@contextlib.contextmanager
def running_stack(workdir, env=None, say=lambda line: None, setup=None):
    """Yield a :class:`Stack` with every Procfile process started; stop it all after.

    ``setup(stack)``, if given, runs once the database is ready and before the app
    processes start (the benchmark adds its generated content there).
    """
    stack = new_stack(workdir, env)
    previous_handler = signal.signal(signal.SIGTERM, _interrupt)
    try:
        prepare(stack, say)
        if setup is not None:
            setup(stack)
        for name in stack.commands():
            stack.start(name, wait=False)
        for name in stack.commands():
            stack.wait_ready(name)
        say("serving")
        yield stack
    finally:
        stack.close()
        signal.signal(signal.SIGTERM, previous_handler)


def _interrupt(signum, frame):
    # A SIGTERM (CI stopping the job) stops the stack the way Ctrl-C does; under
    # pytest it ends the session, so the stack fixture's teardown still runs.
    raise KeyboardInterrupt(f"signal {signum}")


def main():
    signal.signal(signal.SIGTERM, _interrupt)
    stack = new_stack(DEFAULT_WORKDIR)
    honcho = None
    try:
        prepare(stack, say=lambda line: print(f"-- {line}", flush=True))
        admin = ensure_admin(stack)
        honcho = subprocess.Popen(
            [
                Path(sys.executable).parent / "honcho",
                "start",
                "-f",
                PROCFILE,
                "-d",
                PROJECT_DIR,
            ],
            env=stack.env,
        )
        for name in ("node_a", "node_b", "varnish"):
            stack.wait_ready(name)
        width = max(map(len, stack.urls()))
        print("\nMeridian stack is up (Ctrl-C stops everything):", flush=True)
        for name, url in stack.urls().items():
            print(f"  {name:<{width}}  {url}", flush=True)
        print(f"  admin sign-in: {admin[0]} / {admin[1]}", flush=True)
        print(f"  logs and data: {stack.workdir}/\n", flush=True)
        honcho.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if honcho is not None and honcho.poll() is None:
            # It stops its processes (SIGTERM; SIGKILL after a few seconds).
            honcho.terminate()
            honcho.wait()
        stack.close()
        print("-- stack stopped", flush=True)


if __name__ == "__main__":
    main()
