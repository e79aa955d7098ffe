"""A small Modal app written against the pre-1.0 SDK.

Run `modal-lint examples/` to see what breaks on Modal 1.x, and `modal-lint --fix examples/` to
migrate what can be migrated mechanically.
"""
import modal
from modal import web_endpoint

image = (
    modal.Image.debian_slim(python_version="3.11")
    .pip_install("fastapi[standard]", "torch")
    .copy_local_file("config.yaml", "/root/config.yaml")
    .copy_local_dir("assets", "/root/assets")
)

app = modal.App("legacy-app", image=image)


@app.function(
    gpu=modal.gpu.A100(size="80GB", count=2),
    keep_warm=1,
    container_idle_timeout=300,
    allow_concurrent_inputs=10,
)
def train(epochs: int) -> str:
    return f"trained for {epochs} epochs"


@app.function(concurrency_limit=4)
@web_endpoint(method="POST")
def predict(item: dict) -> dict:
    return {"ok": True, **item}


@app.cls(gpu=modal.gpu.T4(), container_idle_timeout=120)
class Embedder:
    @modal.method()
    def embed(self, text: str) -> list:
        return [float(len(text))]


@app.local_entrypoint()
def main():
    trainer = modal.Function.lookup("legacy-app", "train")
    print(trainer.remote(3))
