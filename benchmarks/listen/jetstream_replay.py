"""Can one `fireside listen` process keep up with the Bluesky firehose?

Replays a Jetstream-shaped event stream over a local websocket at a fixed rate (default
2,000 events/s) to one `fireside listen` process with a Bluesky source that streams with a
keyword filter, and measures:

- the rate the replay actually achieved (a consumer that falls behind pushes back through TCP,
  so the sender slows down: achieved == offered means it kept up);
- the lag from the last event sent to the last matching post stored in the inbox;
- the listener's CPU time (user + system) over the run, as a share of one core;
- with ``--unpaced``, the most events/s the listener takes when the replay does not wait.

The event mix follows the network's shape: most commits are likes, then follows, reposts and
posts, plus identity/account events. Post texts are real tweets from
``shared/datasets/sentiment140-100k`` (read at run time, never copied into the project).

    python benchmarks/listen/jetstream_replay.py                 # 2,000 events/s for 30 s
    python benchmarks/listen/jetstream_replay.py --rate 4000 --seconds 20
    python benchmarks/listen/jetstream_replay.py --unpaced --events 100000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT.parent / "shared" / "datasets" / "sentiment140-100k" / "train.tsv"
sys.path.insert(0, str(ROOT / "src"))

MIX = [  # (share, kind): roughly the firehose's composition of commits
    (0.55, "like"),
    (0.12, "follow"),
    (0.10, "repost"),
    (0.19, "post"),
    (0.02, "block"),
    (0.02, "identity"),
]
ALPHA = string.ascii_lowercase + "234567"


def _tid(rng: random.Random) -> str:
    return "3l" + "".join(rng.choice(ALPHA) for _ in range(11))


def _did(rng: random.Random) -> str:
    return "did:plc:" + "".join(rng.choice(ALPHA) for _ in range(24))


def _cid(rng: random.Random) -> str:
    return "bafyrei" + "".join(rng.choice(ALPHA) for _ in range(52))


def load_texts() -> list[str]:
    texts = []
    with DATASET.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            _, _, text = line.rstrip("\n").partition("\t")
            if text:
                texts.append(text)
    return texts


def make_events(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = load_texts()
    dids = [_did(rng) for _ in range(5000)]
    posts: list[tuple[str, str]] = []
    kinds = [k for _, k in MIX]
    weights = [w for w, _ in MIX]
    t = 1_763_632_800_000_000
    frames = []
    for _ in range(count):
        t += rng.randint(100, 900)
        did = rng.choice(dids)
        kind = rng.choices(kinds, weights)[0]
        created = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(t / 1e6))
        if kind == "identity":
            event = {
                "did": did,
                "time_us": t,
                "kind": "identity",
                "identity": {"did": did, "handle": "user.bsky.social", "seq": t, "time": created},
            }
        else:
            rkey = _tid(rng)
            if kind == "post":
                record = {
                    "$type": "app.bsky.feed.post",
                    "createdAt": created,
                    "langs": ["en"],
                    "text": rng.choice(texts),
                }
                if posts and rng.random() < 0.35:
                    root = rng.choice(posts)
                    ref = {"uri": root[0], "cid": root[1]}
                    record["reply"] = {"root": ref, "parent": ref}
                collection = "app.bsky.feed.post"
            elif kind in ("like", "repost"):
                target = (
                    rng.choice(posts) if posts else (f"at://{did}/app.bsky.feed.post/x", _cid(rng))
                )
                record = {
                    "$type": f"app.bsky.feed.{kind}",
                    "createdAt": created,
                    "subject": {"cid": target[1], "uri": target[0]},
                }
                collection = f"app.bsky.feed.{kind}"
            else:
                record = {
                    "$type": f"app.bsky.graph.{kind}",
                    "createdAt": created,
                    "subject": rng.choice(dids),
                }
                collection = f"app.bsky.graph.{kind}"
            cid = _cid(rng)
            event = {
                "did": did,
                "time_us": t,
                "kind": "commit",
                "commit": {
                    "rev": _tid(rng),
                    "operation": "create",
                    "collection": collection,
                    "rkey": rkey,
                    "record": record,
                    "cid": cid,
                },
            }
            if kind == "post":
                posts.append((f"at://{did}/app.bsky.feed.post/{rkey}", cid))
                posts = posts[-2000:]
        frames.append(json.dumps(event, separators=(",", ":")))
    return frames


def serve(frames: list[str], rate: float, port_file: Path, stats_file: Path) -> None:
    """Run in a child process: send every frame to the first client at ``rate`` per second."""
    from websockets.sync.server import serve as ws_serve

    done = threading.Event()

    def handler(connection) -> None:  # type: ignore[no-untyped-def]
        if done.is_set():
            connection.wait_closed() if hasattr(connection, "wait_closed") else None
            return
        started = time.monotonic()
        sent = 0
        total = len(frames)
        while sent < total:
            if rate > 0:
                due = min(total, int((time.monotonic() - started) * rate) + 1)
                if due <= sent:
                    time.sleep(0.002)
                    continue
            else:
                due = min(total, sent + 500)
            for frame in frames[sent:due]:
                connection.send(frame)
            sent = due
        finished = time.monotonic()
        stats_file.write_text(
            json.dumps(
                {
                    "sent": sent,
                    "seconds": finished - started,
                    "finished_wall": time.time(),
                }
            )
        )
        done.set()
        try:
            for _ in connection:
                pass
        except Exception:  # noqa: BLE001 - the listener went away at the end
            pass

    with ws_serve(handler, "127.0.0.1", 0, compression=None) as server:
        port_file.write_text(str(server.socket.getsockname()[1]))
        server.serve_forever()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=2000.0, help="events per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--events", type=int, default=0, help="overrides rate × seconds")
    parser.add_argument("--unpaced", action="store_true", help="send as fast as it is taken")
    parser.add_argument("--keywords", default="coffee,starbucks,iphone")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()

    from fireside.listen.bluesky import JetstreamFilter
    from fireside.listen.items import Item

    count = args.events or int(args.rate * args.seconds)
    print(f"generating {count:,} Jetstream events…", file=sys.stderr)
    frames = make_events(count)
    keep = JetstreamFilter(args.keywords.split(","))
    t0 = time.perf_counter()
    expected = sum(1 for f in frames if isinstance(keep(f), Item))
    filter_rate = count / (time.perf_counter() - t0)
    posts = sum(1 for f in frames if '"app.bsky.feed.post","rkey"' in f)

    work = Path(tempfile.mkdtemp(prefix="fireside-bench-"))
    env = dict(
        os.environ,
        FIRESIDE_DATA_DIR=str(work),
        FIRESIDE_ALLOW_PRIVATE_URLS="1",
        FIRESIDE_SECRET_KEY="bench-" + "x" * 40,
    )
    fireside = [sys.executable, "-m", "fireside.cli"]

    def run(*command: str) -> None:
        subprocess.run([*fireside, *command], env=env, check=True, stdout=subprocess.DEVNULL)

    run("init", "--workspace", "Bench", "--password", "bench-password-123")

    import multiprocessing as mp

    port_file, stats_file = work / "port", work / "stats.json"
    rate = 0.0 if args.unpaced else args.rate
    server = mp.get_context("fork").Process(
        target=serve, args=(frames, rate, port_file, stats_file), daemon=True
    )
    server.start()
    while not port_file.exists() or not port_file.read_text():
        time.sleep(0.05)
    port = int(port_file.read_text())
    run(
        "sources",
        "add",
        "bluesky",
        "--name",
        "Firehose",
        "--option",
        f"jetstream_url=ws://127.0.0.1:{port}/subscribe",
        "--option",
        f"keywords={args.keywords}",
        "--option",
        "stream=true",
        "--option",
        "notifications=false",
        "--interval",
        "86400",
    )

    listener = subprocess.Popen(
        [*fireside, "listen", "--tick", "0.5"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    db = sqlite3.connect(f"file:{work / 'fireside.sqlite3'}?mode=ro", uri=True, timeout=30)
    started = time.monotonic()
    stored = 0
    stats = None
    caught_up_at = None
    try:
        while time.monotonic() - started < args.timeout:
            time.sleep(0.1)
            if listener.poll() is not None:
                raise SystemExit("fireside listen died:\n" + listener.stderr.read().decode())
            stored = db.execute(
                "select count(*) from inbox_message where channel='bluesky'"
            ).fetchone()[0]
            if stats is None and stats_file.exists():
                stats = json.loads(stats_file.read_text())
            if stats is not None and stored >= expected:
                caught_up_at = time.time()
                break
        cpu = cpu_seconds(listener.pid)
    finally:
        listener.terminate()
        try:
            listener.wait(15)
        except subprocess.TimeoutExpired:
            listener.kill()
        server.terminate()
    if stats is None:
        raise SystemExit("the replay did not finish within the timeout")
    achieved = stats["sent"] / stats["seconds"]
    lag = (caught_up_at - stats["finished_wall"]) if caught_up_at else float("nan")
    wall = stats["seconds"] + max(lag, 0)
    result = {
        "events": count,
        "offered_rate": "unpaced" if args.unpaced else args.rate,
        "achieved_rate": round(achieved),
        "posts": posts,
        "kept_posts": expected,
        "stored_posts": stored,
        "lag_after_last_event_s": round(lag, 2),
        "listener_cpu_share_of_one_core": round(cpu / wall, 2),
        "filter_only_rate": round(filter_rate),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    return 0 if stored >= expected else 1


if __name__ == "__main__":
    raise SystemExit(main())
