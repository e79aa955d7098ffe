"""Training data, shared settings and the evaluation sandboxes.

Started on Modal 0.63 and patched as far as 1.2 whenever something broke, so it mixes the styles
of several releases.
"""
import modal
import modal.runner
from modal.functions import gather
from modal.sandbox import LogsReader
from modal_proto import api_pb2

app = modal.App("legacy-storage")
image = modal.Image.debian_slim(python_version="3.11").pip_install("pyarrow")

data = modal.Volume.from_name("training-data", namespace=api_pb2.DEPLOYMENT_NAMESPACE_WORKSPACE)
settings = modal.Dict.from_name("settings", {"shard_size": 1000}, create_if_missing=True)
jobs = modal.Queue.from_name("eval-jobs", None, "prod", True)
Generator = modal.Cls.from_name("legacy-models", "Generator", workspace="acme")


@app.function(image=image, volumes={"/data": data}, gpu=True, allow_cross_region_volumes=True)
def preprocess(shard: str) -> int:
    with open(f"/data/shards/{shard}", "rb") as f:
        return len(f.read())


@app.function(image=image, volumes={"/data": data}, retries=3)
def shard_names():
    for entry in data.listdir("/shards/**"):
        yield entry.path


@app.function(
    image=image,
    max_inputs=1,
    _experimental_scheduler_placement=modal.SchedulerPlacement(region="us-east"),
)
def grade(answer: str) -> float:
    return float(len(answer) > 0)


@app.cls(image=image)
class Exporter:
    @modal.enter()
    def open(self):
        self.rows = []

    @modal.method()
    def add(self, row: dict):
        self.rows.append(row)

    @modal.exit()
    def flush(self, exc_type, exc, tb):
        print(f"exporting {len(self.rows)} rows")


def read_logs(reader: LogsReader) -> str:
    return reader.read()


def evaluate(code: str) -> str:
    """Runs a candidate's code in a sandbox of its own."""
    sb = app.spawn_sandbox("python", "-c", code, image=image, timeout=120)
    sb.wait()
    return read_logs(sb.stdout)


def debug_shell():
    sb = modal.Sandbox.create(
        "bash",
        image=image,
        environment_name="prod",
        pty_info=api_pb2.PTYInfo(enabled=True),
    )
    sb.set_tags({"owner": "data-team"}, client=modal.Client.from_env())
    return sb


def reprocess_all() -> list:
    names = list(shard_names.remote_gen())
    calls = [preprocess.spawn(name) for name in names]
    sizes = gather(*calls)
    for chunk in data.read_file(b"/stats/last_run.json"):
        print(chunk)
    return sizes


def reset():
    """Start over: new settings and a fresh API token for the exporters."""
    modal.Dict.delete("settings")
    backup = jobs.clone()
    modal.Secret.create_deployed("exporter-token", {"TOKEN": "rotate-me"})
    return backup


if __name__ == "__main__":
    modal.runner.deploy_stub(app, name="legacy-storage")
