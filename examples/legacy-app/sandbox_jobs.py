"""Sandbox and admin helpers of the legacy app, written against Modal 1.2 to 1.4.

Each block uses an API that later releases deprecated or removed (rules MDL247 to MDL268).
"""
import warnings

import grpclib
import modal
import modal.extensions.ipython
from modal.exception import PendingDeprecationError
from modal.object import live_method

warnings.simplefilter("ignore", PendingDeprecationError)

app = modal.App("legacy-sandbox-jobs")
cache = modal.NetworkFileSystem.from_name("cache", create_if_missing=True)


@app.function(_experimental_custom_scaling_factor=0.5)
def square(x):
    return x * x


def run_batch(items):
    results = list(square.map(items, return_exceptions=True, wrap_returned_exceptions=False))
    stats = square.get_current_stats()
    print(stats.num_active_runners)
    return results


async def poll(call_id):
    call = await modal.FunctionCall.from_id.aio(call_id)
    return call.get()


def sandbox_work():
    sb = modal.Sandbox.create(app=app, cidr_allowlist=["10.0.0.0/8"])
    sb.mkdir("/work/out")
    with sb.open("/work/out/report.txt", "w") as f:
        f.write("done")
    with sb.open("/work/data.bin", "r+b") as f:
        f.replace_bytes(b"new", start=0, end=3)
    for event in sb.watch("/work/out"):
        print(event)
    snapshot = sb._experimental_snapshot_directory("/work")
    p = sb.exec("bash")
    p.attach(pty=True)
    for other in modal.Sandbox.list():
        print(other.object_id)
    return snapshot


def admin(start):
    env = modal.Environment.from_name("prod")
    env.members.update(users={"alice": "viewer"})
    image = modal.experimental.raw_registry_image("python:3.12-slim")
    rows = modal.billing.workspace_billing_report(start=start)
    with modal.forward(5432, unencrypted=True) as tunnel:
        print(tunnel.url)
    with modal.enable_output() as output:
        app.deploy()
    try:
        modal.Dict.from_name("cache").hydrate()
    except grpclib.GRPCError:
        pass
    return image, rows, live_method
